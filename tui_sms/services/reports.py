"""The messages report and the month's usage: what the suites print from their "printer" button.

Dates are the shop's local days; the store works in UTC. Read-only: nothing here writes.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from tui_sms.domain.errors import NotFound, UserError
from tui_sms.services import billing
from tui_sms.services.customers import find_customers
from tui_sms.store import queries
from tui_sms.store.models import Customer, Direction, Shop, utcnow
from tui_sms.store.queries import reports as report_queries
from tui_sms.store.queries.reports import ReportFilter, ReportRow, ReportTotals

__all__ = [
    "ReportFilter",
    "ReportRow",
    "ReportTotals",
    "Usage",
    "UsageDay",
    "make_filter",
    "report_page",
    "report_totals",
    "usage",
]

STATUSES = ("both", "sent", "failed")


def _zone(shop: Shop | None) -> ZoneInfo:
    try:
        return ZoneInfo(shop.time_zone if shop else "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def _shop(session: Session) -> Shop:
    shop = queries.get_shop(session)
    if shop is None:
        raise UserError("The shop is not set up yet (tui-sms shop set).")
    return shop


def shop_zone(session: Session) -> ZoneInfo:
    """The shop's zone, in which the report's times are shown."""
    return _zone(queries.get_shop(session))


def local_day_bounds(zone: ZoneInfo, first: date, last: date) -> tuple[datetime, datetime]:
    """UTC bounds of the local days first..last, both included."""
    for day in (first, last):
        # The day after the last one and the zone's offset must stay inside the calendar.
        if not date.min + timedelta(days=2) <= day <= date.max - timedelta(days=2):
            raise UserError(
                f"{day} is not a day a report can cover: give a day such as 2026-03-10."
            )
    start = datetime.combine(first, time(0), tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=zone)
    return start, end


def make_filter(
    session: Session,
    first: date,
    last: date | None = None,
    *,
    status: str = "both",
    staff: str | None = None,
    customer: str | None = None,
) -> ReportFilter:
    """The report's filter from what a clerk typed: a date or range, a status, a login, and a
    customer given by number (#12) or by a piece of their name."""
    last = last or first
    if last < first:
        raise UserError(f"The range ends ({last}) before it starts ({first}).")
    if status not in STATUSES:
        raise UserError(f"“{status}” is not a status of the report: use sent, failed or both.")
    start, end = local_day_bounds(_zone(_shop(session)), first, last)
    staff_id = None
    if staff:
        staff_id = report_queries.staff_id_by_login(session, staff.strip())
        if staff_id is None:
            raise NotFound(f"There is no staff member with the login {staff.strip()}.")
    customer_id = _customer_id(session, customer) if customer else None
    return ReportFilter(start, end, status, staff_id, customer_id)


def _customer_id(session: Session, term: str) -> int:
    term = term.strip().lstrip("#")
    if term.isdigit():
        found = session.get(Customer, int(term))
        if found is None:
            raise NotFound(f"There is no customer number {term}.")
        return found.id or 0
    matches = find_customers(session, term, limit=2)
    if not matches:
        raise NotFound(f"No customer's name contains “{term}”.")
    if len(matches) > 1:
        raise UserError(f"Several customers' names contain “{term}”: give the customer's number.")
    return matches[0].id or 0


def report_page(
    session: Session,
    report: ReportFilter,
    *,
    after: tuple[datetime, int] | None = None,
    limit: int = 200,
) -> list[ReportRow]:
    return report_queries.report_page(session, report, after=after, limit=limit)


def all_rows(session: Session, report: ReportFilter, page: int = 1000) -> list[ReportRow]:
    """Every row of the report, read page by page (for CSV export)."""
    rows: list[ReportRow] = []
    after = None
    while True:
        chunk = report_queries.report_page(session, report, after=after, limit=page)
        rows.extend(chunk)
        if len(chunk) < page:
            return rows
        after = (chunk[-1].at, chunk[-1].message_id)


def report_totals(session: Session, report: ReportFilter) -> ReportTotals:
    return report_queries.report_totals(session, report)


@dataclass(frozen=True)
class UsageDay:
    day: date
    sent: int
    received: int


@dataclass(frozen=True)
class Usage:
    month: date  # the first day
    days: list[UsageDay]
    sent: int
    received: int
    available: int  # the balance at the start of the month plus bundles bought during it
    balance: int  # now
    runs_out: date | None  # at this month's pace; None when nothing is used or the month is past

    @property
    def used(self) -> int:
        return self.sent + self.received

    @property
    def percent(self) -> float:
        """Segments used this month, as a percentage of what the bundles made available."""
        return 100.0 * self.used / self.available if self.available > 0 else 0.0


def parse_month(text: str) -> date:
    try:
        year, month = text.strip().split("-")
        first = date(int(year), int(month), 1)
        if first.year == date.max.year:
            raise ValueError("the calendar ends this year")
        return first
    except ValueError as exc:
        raise UserError(f"“{text}” is not a month: write it as 2026-03.") from exc


def usage(session: Session, month: date | None = None, *, now: datetime | None = None) -> Usage:
    """Segments sent and received per local day of a month, against what the bundles gave."""
    now = now or utcnow()
    shop = _shop(session)
    zone = _zone(shop)
    today = now.astimezone(zone).date()
    first = (month or today).replace(day=1)
    days_in = calendar.monthrange(first.year, first.month)[1]
    last = first.replace(day=days_in)
    start, end = local_day_bounds(zone, first, last)
    shop_id = shop.id or 0
    per_day = {first + timedelta(days=i): [0, 0] for i in range(days_in)}
    for at, direction, segments in report_queries.draws_between(session, shop_id, start, end):
        bucket = per_day.get(at.astimezone(zone).date())
        if bucket is not None:
            bucket[0 if direction == Direction.OUTBOUND else 1] += segments
    days = [UsageDay(day, sent, received) for day, (sent, received) in per_day.items()]
    sent = sum(day.sent for day in days)
    received = sum(day.received for day in days)
    available = report_queries.ledger_sum_before(
        session, shop_id, start
    ) + report_queries.purchased_between(session, shop_id, start, end)
    balance = billing.balance(session, shop_id=shop_id, now=now).segments
    return Usage(
        month=first,
        days=days,
        sent=sent,
        received=received,
        available=available,
        balance=balance,
        runs_out=_runs_out(first, last, today, sent + received, balance),
    )


def _runs_out(first: date, last: date, today: date, used: int, balance: int) -> date | None:
    """The day the balance reaches zero if the shop keeps this month's daily pace."""
    if not first <= today <= last or used <= 0:
        return None
    if balance <= 0:
        return today
    pace = used / ((today - first).days + 1)
    return today + timedelta(days=int(balance / pace))
