"""Conversations: the inbox views, a thread and its messages, search, the failed list,
the compare-and-set claims and transfers, and the change feed the screens follow."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from tui_sms.store.models import (
    Change,
    Customer,
    Direction,
    Message,
    Staff,
    Thread,
    ThreadKind,
    ThreadState,
)
from tui_sms.store.queries import inbox_habits

# The table, not the entity: the column reads and writes below skip the ORM's per-row work.
_THREADS: sa.Table = Thread.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ThreadRow:
    """One line of the thread list."""

    id: int
    customer_name: str | None
    number: str
    preview: str
    last_activity_at: datetime
    unread_count: int
    assignee: str | None
    state: str
    flagged: str


def thread_by_number(session: Session, shop_id: int, number: str) -> Thread | None:
    return session.exec(
        select(Thread).where(Thread.shop_id == shop_id, Thread.number == number)
    ).first()


def _view_filter(view: str, staff_id: int | None) -> list[sa.ColumnElement[bool]]:
    # Customer views never show the threads with employees, nor a snoozed thread (the
    # worker or the customer's next text wakes it: services/snooze.py).
    customers = sa.and_(
        col(Thread.kind) == ThreadKind.CUSTOMER, col(Thread.snoozed_until).is_(None)
    )
    if view == "snoozed":
        return [col(Thread.kind) == ThreadKind.CUSTOMER, col(Thread.snoozed_until).is_not(None)]
    if view == "mine":
        # Mine also holds the threads where a colleague's note named me, until I open them.
        # Both halves are index lookups; an OR of them made the planner walk every thread.
        held = sa.orm.aliased(Thread)
        mine = select(held.id).where(held.state == ThreadState.OPEN, held.assignee_id == staff_id)
        named = inbox_habits.unseen_mention_threads(staff_id)
        return [customers, col(Thread.id).in_(sa.union_all(mine, named))]
    if view == "unassigned":
        return [customers, Thread.state == ThreadState.OPEN, col(Thread.assignee_id).is_(None)]
    if view == "resolved":
        return [customers, Thread.state == ThreadState.RESOLVED]
    return [customers, Thread.state == ThreadState.OPEN]


def threads_for_inbox(
    session: Session,
    view: str,
    staff_id: int | None,
    *,
    limit: int = 200,
    offset: int = 0,
) -> list[ThreadRow]:
    rows = session.exec(
        select(Thread, Customer.name, Staff.display_name)
        .join(Customer, col(Customer.id) == col(Thread.customer_id), isouter=True)
        .join(Staff, col(Staff.id) == col(Thread.assignee_id), isouter=True)
        .where(*_view_filter(view, staff_id))
        .order_by(col(Thread.last_activity_at).desc(), col(Thread.id).desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return [_thread_row(thread, name, assignee) for thread, name, assignee in rows]


def count_threads(session: Session, view: str, staff_id: int | None) -> int:
    return session.exec(
        select(func.count()).select_from(Thread).where(*_view_filter(view, staff_id))
    ).one()


def view_counts(
    session: Session, views: Iterable[str], staff_id: int | None
) -> tuple[dict[str, int], int]:
    """The count of each view and of the failed messages, in one statement: one snapshot on
    both engines, so the views line never adds up a claim in one count and not in another
    while colleagues work. Each count is its own subquery, answered by its index."""
    names = list(views)
    counts = [
        select(func.count()).select_from(Thread).where(*_view_filter(name, staff_id))
        for name in names
    ]
    failed = select(func.count()).select_from(Message).where(*_failed_filter())
    row = session.execute(
        sa.select(*(count.scalar_subquery() for count in [*counts, failed]))
    ).one()
    return dict(zip(names, row[:-1], strict=True)), row[-1]


def messages_for_thread(
    session: Session, thread_id: int, *, limit: int = 200, before_id: int | None = None
) -> list[Message]:
    """The newest `limit` messages of a thread (older than `before_id`), oldest first."""
    query = select(Message).where(Message.thread_id == thread_id)
    if before_id is not None:
        query = query.where(col(Message.id) < before_id)
    newest = session.exec(query.order_by(col(Message.id).desc()).limit(limit)).all()
    return list(reversed(newest))


def thread_detail(session: Session, thread_id: int) -> tuple[Thread, Customer | None] | None:
    row = session.exec(
        select(Thread, Customer)
        .join(Customer, col(Customer.id) == col(Thread.customer_id), isouter=True)
        .where(Thread.id == thread_id)
    ).first()
    return None if row is None else (row[0], row[1])


def threads_by_id(session: Session, ids: Iterable[int]) -> dict[int, Thread]:
    wanted = set(ids)
    if not wanted:
        return {}
    found = session.exec(select(Thread).where(col(Thread.id).in_(wanted))).all()
    return {thread.id or 0: thread for thread in found}


def shops_of_threads(session: Session, ids: Iterable[int]) -> dict[int, int]:
    """Each thread's shop, without loading the threads (the ledger needs no more)."""
    return _column_of_threads(session, ids, _THREADS.c.shop_id)


def sender_numbers_of_threads(session: Session, ids: Iterable[int]) -> dict[int, str | None]:
    """Each thread's own sender number, without loading the threads (a claim needs no more)."""
    return _column_of_threads(session, ids, _THREADS.c.sender_number)


def _column_of_threads(session: Session, ids: Iterable[int], column: sa.Column) -> dict[int, Any]:
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.execute(sa.select(_THREADS.c.id, column).where(_THREADS.c.id.in_(wanted)))
    return {thread_id: value for thread_id, value in rows}


def set_sender_numbers(session: Session, numbers: dict[int, str]) -> None:
    """Give threads their sender numbers in one statement: a claim's texts to new customers
    each take the number free soonest, and it stays theirs."""
    if numbers:
        session.execute(
            sa.update(_THREADS)
            .where(_THREADS.c.id == sa.bindparam("thread_id"))
            .values(sender_number=sa.bindparam("given_number")),
            [{"thread_id": thread_id, "given_number": n} for thread_id, n in numbers.items()],
        )


def record_change(session: Session, thread_id: int | None, kind: str) -> None:
    session.add(Change(thread_id=thread_id, kind=kind))


def latest_change_id(session: Session) -> int:
    return session.exec(select(func.coalesce(func.max(Change.id), 0))).one()


def changed_threads_since(session: Session, change_id: int) -> set[int]:
    rows = session.exec(select(Change.thread_id).where(col(Change.id) > change_id)).all()
    return {thread_id for thread_id in rows if thread_id is not None}


def changes_since(session: Session, change_id: int) -> list[tuple[int, int | None]]:
    """(change id, thread id or None) of every change after `change_id`, oldest first: the
    ids let the interface leave out the changes its own actions wrote."""
    rows = session.exec(
        select(Change.id, Change.thread_id).where(col(Change.id) > change_id).order_by(Change.id)
    ).all()
    return [(change, thread) for change, thread in rows if change is not None]


@dataclass(frozen=True)
class FailedRow:
    """One message the provider refused or could not deliver, not retried yet."""

    message_id: int
    thread_id: int
    customer_name: str | None
    number: str
    body: str
    from_number: str | None
    error_code: int | None
    error_message: str | None
    at: datetime


FAILED_STATUSES = ("failed", "undelivered")


def claim_if_unassigned(session: Session, thread_id: int, staff_id: int) -> bool:
    """Compare-and-set: the thread becomes `staff_id`'s only if nobody holds it.

    One UPDATE decides: on SQLite the write lock serialises it, on PostgreSQL the second
    writer re-checks the WHERE after the first commits, so exactly one claim wins.
    """
    result = session.execute(
        sa.update(Thread)
        .where(col(Thread.id) == thread_id, col(Thread.assignee_id).is_(None))
        .values(assignee_id=staff_id, state=ThreadState.OPEN)
        .execution_options(synchronize_session=False)
    )
    return (result.rowcount or 0) == 1


def transfer_if_held_by(
    session: Session, thread_id: int, holder_id: int | None, to_staff_id: int
) -> bool:
    """Compare-and-set on the current holder: a transfer never overrides a newer claim."""
    holder = (
        col(Thread.assignee_id).is_(None)
        if holder_id is None
        else col(Thread.assignee_id) == holder_id
    )
    result = session.execute(
        sa.update(Thread)
        .where(col(Thread.id) == thread_id, holder)
        .values(assignee_id=to_staff_id, state=ThreadState.OPEN)
        .execution_options(synchronize_session=False)
    )
    return (result.rowcount or 0) == 1


def fresh_thread(session: Session, thread_id: int) -> Thread | None:
    """The thread as the database has it now, not as this session last saw it."""
    return session.get(Thread, thread_id, populate_existing=True)


def search_threads(
    session: Session, term: str, *, limit: int = 200, offset: int = 0
) -> list[ThreadRow]:
    """Threads whose customer name, number or any message text contains `term`."""
    like = f"%{term.strip()}%"
    digits = "".join(ch for ch in term if ch.isdigit())
    matches: list[sa.ColumnElement[bool]] = [
        col(Customer.name).ilike(like),
        sa.exists().where(col(Message.thread_id) == col(Thread.id), col(Message.body).ilike(like)),
    ]
    if len(digits) >= 3:
        matches.append(col(Thread.number).contains(digits))
    rows = session.exec(
        select(Thread, Customer.name, Staff.display_name)
        .join(Customer, col(Customer.id) == col(Thread.customer_id), isouter=True)
        .join(Staff, col(Staff.id) == col(Thread.assignee_id), isouter=True)
        .where(sa.or_(*matches))
        .order_by(col(Thread.last_activity_at).desc(), col(Thread.id).desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return [_thread_row(thread, name, assignee) for thread, name, assignee in rows]


def _thread_row(thread: Thread, name: str | None, assignee: str | None) -> ThreadRow:
    return ThreadRow(
        id=thread.id or 0,
        customer_name=name,
        number=thread.number,
        preview=thread.last_preview,
        last_activity_at=thread.last_activity_at,
        unread_count=thread.unread_count,
        assignee=assignee,
        state=thread.state,
        flagged=thread.flagged,
    )


def first_unread_thread(session: Session, view: str, staff_id: int | None) -> int | None:
    """The most recently active unread thread of a view (the list's order)."""
    return session.exec(
        select(Thread.id)
        .where(*_view_filter(view, staff_id), col(Thread.unread_count) > 0)
        .order_by(col(Thread.last_activity_at).desc(), col(Thread.id).desc())
        .limit(1)
    ).first()


def _failed_filter() -> list[sa.ColumnElement[bool]]:
    retry = sa.orm.aliased(Message)
    return [
        col(Message.direction) == Direction.OUTBOUND,
        col(Message.status).in_(FAILED_STATUSES),
        ~sa.exists().where(retry.retry_of_id == Message.id),
    ]


def failed_messages(session: Session, *, limit: int = 200, offset: int = 0) -> list[FailedRow]:
    rows = session.exec(
        select(Message, Thread.number, Customer.name)
        .join(Thread, col(Thread.id) == col(Message.thread_id))
        .join(Customer, col(Customer.id) == col(Thread.customer_id), isouter=True)
        .where(*_failed_filter())
        .order_by(col(Message.updated_at).desc(), col(Message.id).desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return [
        FailedRow(
            message_id=message.id or 0,
            thread_id=message.thread_id,
            customer_name=name,
            number=number,
            body=message.body,
            from_number=message.from_number,
            error_code=message.error_code,
            error_message=message.error_message,
            at=message.final_at or message.updated_at,
        )
        for message, number, name in rows
    ]


def count_failed(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Message).where(*_failed_filter())).one()


def retry_of(session: Session, message_id: int) -> Message | None:
    return session.exec(select(Message).where(Message.retry_of_id == message_id)).first()
