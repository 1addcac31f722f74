"""SQL for the messages report and the usage chart.

The report pages by (created_at, id) rather than by OFFSET, so the last page of a year of a busy
shop costs what the first does; the totals are one aggregate over the same filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from tui_sms.store.column_types import MONEY_SCALE
from tui_sms.store.models import (
    BalanceEntry,
    Customer,
    Direction,
    EntryKind,
    Message,
    Staff,
    Thread,
)

SENT_STATUSES = ("accepted", "sent", "delivered", "read")
FAILED_STATUSES = ("failed", "undelivered", "canceled")


@dataclass(frozen=True)
class ReportFilter:
    start: datetime  # UTC, inclusive
    end: datetime  # UTC, exclusive
    status: str = "both"  # sent | failed | both
    staff_id: int | None = None
    customer_id: int | None = None


@dataclass(frozen=True)
class ReportRow:
    message_id: int
    at: datetime
    customer: str
    number: str
    staff: str
    queue: str
    kind: str
    status: str
    error_code: int | None
    error_message: str | None
    segments: int
    cost: Decimal | None


@dataclass(frozen=True)
class ReportTotals:
    messages: int
    sent: int
    failed: int
    segments: int
    cost: Decimal


def _where(report: ReportFilter) -> list[sa.ColumnElement[bool]]:
    clauses = [
        col(Message.direction) == Direction.OUTBOUND,
        col(Message.created_at) >= report.start,
        col(Message.created_at) < report.end,
    ]
    if report.status == "sent":
        clauses.append(col(Message.status).in_(SENT_STATUSES))
    elif report.status == "failed":
        clauses.append(col(Message.status).in_(FAILED_STATUSES))
    if report.staff_id is not None:
        clauses.append(col(Message.author_id) == report.staff_id)
    if report.customer_id is not None:
        clauses.append(col(Thread.customer_id) == report.customer_id)
    return clauses


def report_page(
    session: Session,
    report: ReportFilter,
    *,
    after: tuple[datetime, int] | None = None,
    limit: int = 200,
) -> list[ReportRow]:
    """Up to `limit` rows in time order, starting after the (created_at, id) of the last one."""
    cost = func.coalesce(col(BalanceEntry.price), col(Message.cost))
    query = (
        select(
            Message.id,
            Message.created_at,
            Customer.name,
            Message.to_number,
            Staff.login,
            Message.queue,
            Message.kind,
            Message.status,
            Message.error_code,
            Message.error_message,
            Message.segments,
            cost,
        )
        .join(Thread, col(Thread.id) == col(Message.thread_id))
        .outerjoin(Customer, col(Customer.id) == col(Thread.customer_id))
        .outerjoin(Staff, col(Staff.id) == col(Message.author_id))
        .outerjoin(BalanceEntry, col(BalanceEntry.message_id) == col(Message.id))
        .where(*_where(report))
        .order_by(col(Message.created_at), col(Message.id))
        .limit(limit)
    )
    if after is not None:
        query = query.where(sa.tuple_(col(Message.created_at), col(Message.id)) > sa.tuple_(*after))
    return [
        ReportRow(
            message_id=row[0],
            at=row[1],
            customer=row[2] or "",
            number=row[3] or "",
            staff=row[4] or "",
            queue=row[5],
            kind=row[6],
            status=row[7],
            error_code=row[8],
            error_message=row[9],
            segments=row[10] or 0,
            cost=Decimal(row[11]) if row[11] is not None else None,
        )
        for row in session.exec(query).all()
    ]


def report_totals(session: Session, report: ReportFilter) -> ReportTotals:
    # A draw's price is stored as a count of 1/100,000 (store.models.Money): sum the raw
    # integers, then convert once, so the total is exact.
    raw_price = sa.type_coerce(
        func.coalesce(col(BalanceEntry.price), col(Message.cost)), sa.BigInteger
    )
    sent = sa.case((col(Message.status).in_(SENT_STATUSES), 1), else_=0)
    failed = sa.case((col(Message.status).in_(FAILED_STATUSES), 1), else_=0)
    query = (
        select(
            func.count(col(Message.id)),
            func.coalesce(func.sum(sent), 0),
            func.coalesce(func.sum(failed), 0),
            func.coalesce(func.sum(col(Message.segments)), 0),
            func.coalesce(func.sum(raw_price), 0),
        )
        .select_from(Message)
        .join(Thread, col(Thread.id) == col(Message.thread_id))
        .outerjoin(BalanceEntry, col(BalanceEntry.message_id) == col(Message.id))
        .where(*_where(report))
    )
    count, sent_count, failed_count, segments, price = session.exec(query).one()
    return ReportTotals(
        messages=int(count),
        sent=int(sent_count),
        failed=int(failed_count),
        segments=int(segments),
        cost=Decimal(int(price)) / MONEY_SCALE,
    )


def draws_between(
    session: Session, shop_id: int, start: datetime, end: datetime
) -> Sequence[tuple[datetime, str | None, int]]:
    """Each draw of the period: when, the drawing message's direction, segments (positive).

    A month of a busy shop is a few thousand rows; the caller buckets them by the shop's local
    day, which SQL cannot do the same way on SQLite and PostgreSQL."""
    rows = session.exec(
        select(BalanceEntry.at, BalanceEntry.direction, BalanceEntry.segments).where(
            BalanceEntry.shop_id == shop_id,
            BalanceEntry.kind == EntryKind.DRAW,
            col(BalanceEntry.at) >= start,
            col(BalanceEntry.at) < end,
        )
    ).all()
    return [(at, direction, -segments) for at, direction, segments in rows]


def ledger_sum_before(session: Session, shop_id: int, moment: datetime) -> int:
    return session.exec(
        select(func.coalesce(func.sum(BalanceEntry.segments), 0)).where(
            BalanceEntry.shop_id == shop_id, col(BalanceEntry.at) < moment
        )
    ).one()


def purchased_between(session: Session, shop_id: int, start: datetime, end: datetime) -> int:
    return session.exec(
        select(func.coalesce(func.sum(BalanceEntry.segments), 0)).where(
            BalanceEntry.shop_id == shop_id,
            BalanceEntry.kind == EntryKind.PURCHASE,
            col(BalanceEntry.at) >= start,
            col(BalanceEntry.at) < end,
        )
    ).one()


def staff_id_by_login(session: Session, login: str) -> int | None:
    return session.exec(select(Staff.id).where(Staff.login == login)).first()
