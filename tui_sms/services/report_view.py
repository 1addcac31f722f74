"""What the Reports screen reads: the messages report a page at a time with its totals, its
CSV export, the staff it can be narrowed to, and a month's usage for the chart."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from tui_sms.domain.text import clean
from tui_sms.services import csv_export, reports
from tui_sms.services.reports import ReportFilter, ReportRow, ReportTotals, Usage
from tui_sms.store import queries
from tui_sms.store.engine import session_scope

__all__ = [
    "CSV_HEADER",
    "ReportFilter",
    "ReportRow",
    "ReportTotals",
    "Usage",
    "csv_lines",
    "export_csv",
    "make_filter",
    "page",
    "reason",
    "staff_logins",
    "totals",
    "usage",
]

CSV_HEADER = (
    "time",
    "customer",
    "number",
    "staff",
    "queue",
    "status",
    "reason",
    "segments",
    "cost",
)


def reason(row: ReportRow) -> str:
    """The provider's reason for a failure: its code and sentence."""
    if row.error_code is None and not row.error_message:
        return ""
    return f"{row.error_code or ''} {row.error_message or ''}".strip()


def csv_lines(rows: Iterable[ReportRow], zone: ZoneInfo) -> list[tuple[object, ...]]:
    """The report's rows as the CSV (and the CLI) show them: local time, plain text."""
    return [
        (
            row.at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            clean(row.customer),
            row.number,
            row.staff,
            row.queue,
            row.status,
            clean(reason(row)),
            row.segments,
            "" if row.cost is None else f"{row.cost:f}",
        )
        for row in rows
    ]


def make_filter(
    engine: Engine,
    first: date,
    last: date | None,
    *,
    status: str = "both",
    staff: str | None = None,
    customer: str | None = None,
) -> ReportFilter:
    """The filter from what the clerk chose; a refusal (unknown login, ambiguous customer)
    is a sentence."""
    with session_scope(engine) as session:
        return reports.make_filter(
            session, first, last, status=status, staff=staff, customer=customer
        )


def page(
    engine: Engine, report: ReportFilter, after: tuple[datetime, int] | None, limit: int = 200
) -> list[ReportRow]:
    """The next `limit` rows after the (time, id) of the last row shown."""
    with session_scope(engine) as session:
        return reports.report_page(session, report, after=after, limit=limit)


def totals(engine: Engine, report: ReportFilter) -> ReportTotals:
    with session_scope(engine) as session:
        return reports.report_totals(session, report)


def export_csv(engine: Engine, report: ReportFilter, path: Path) -> int:
    """Every row of the report to a private CSV file; returns how many."""
    with session_scope(engine) as session:
        rows = reports.all_rows(session, report)
        zone = reports.shop_zone(session)
    return csv_export.write_csv(path, CSV_HEADER, csv_lines(rows, zone))


def staff_logins(engine: Engine) -> list[tuple[str, str]]:
    """(display name, login) of the active staff, for the report's staff filter."""
    with session_scope(engine) as session:
        return [(member.display_name, member.login) for member in queries.active_staff(session)]


def usage(engine: Engine, month: date | None, now: datetime) -> Usage:
    with session_scope(engine) as session:
        return reports.usage(session, month, now=now)
