"""Every SQL statement of the application, by name (DESIGN.md §1: store/ owns the SQL)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from tui_sms.store.models import (
    Change,
    Contact,
    Cursor,
    Customer,
    Direction,
    Message,
    SenderNumber,
    Shop,
    Staff,
    StatusEvent,
    Thread,
    ThreadState,
    WorkerHeartbeat,
)

OUTBOUND_IN_FLIGHT = ("queued", "sending", "accepted", "sent")


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


# --- shop, staff, customers -------------------------------------------------------------


def get_shop(session: Session) -> Shop | None:
    return session.exec(select(Shop).order_by(col(Shop.id)).limit(1)).first()


def lock_shop(session: Session) -> Shop | None:
    """The shop row, locked: the claims and inbound storing of several workers take turns,
    so their thread updates never deadlock (PostgreSQL; SQLite has one writer anyway)."""
    return session.exec(select(Shop).order_by(col(Shop.id)).limit(1).with_for_update()).first()


def staff_by_login(session: Session, login: str) -> Staff | None:
    return session.exec(select(Staff).where(Staff.login == login)).first()


def active_staff(session: Session) -> Sequence[Staff]:
    return session.exec(
        select(Staff).where(col(Staff.active).is_(True)).order_by(Staff.display_name)
    ).all()


def customer_for_number(session: Session, shop_id: int, number: str) -> Customer | None:
    return session.exec(
        select(Customer)
        .join(Contact, col(Contact.customer_id) == col(Customer.id))
        .where(Contact.number == number, Customer.shop_id == shop_id)
        .order_by(col(Contact.is_primary).desc(), col(Customer.id))
        .limit(1)
    ).first()


# --- threads and messages ---------------------------------------------------------------


def thread_by_number(session: Session, shop_id: int, number: str) -> Thread | None:
    return session.exec(
        select(Thread).where(Thread.shop_id == shop_id, Thread.number == number)
    ).first()


def _view_filter(view: str, staff_id: int | None) -> list[sa.ColumnElement[bool]]:
    if view == "mine":
        return [Thread.state == ThreadState.OPEN, Thread.assignee_id == staff_id]
    if view == "unassigned":
        return [Thread.state == ThreadState.OPEN, col(Thread.assignee_id).is_(None)]
    if view == "resolved":
        return [Thread.state == ThreadState.RESOLVED]
    return [Thread.state == ThreadState.OPEN]


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
    return [
        ThreadRow(
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
        for thread, name, assignee in rows
    ]


def count_threads(session: Session, view: str, staff_id: int | None) -> int:
    return session.exec(
        select(func.count()).select_from(Thread).where(*_view_filter(view, staff_id))
    ).one()


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


def message_by_sid(session: Session, sid: str) -> Message | None:
    return session.exec(select(Message).where(Message.provider_sid == sid)).first()


def known_sids(session: Session, sids: Iterable[str]) -> set[str]:
    wanted = list(sids)
    if not wanted:
        return set()
    found = session.exec(select(Message.provider_sid).where(col(Message.provider_sid).in_(wanted)))
    return {sid for sid in found if sid}


def add_status_event(session: Session, message: Message, at: datetime, raw: str | None) -> None:
    session.add(StatusEvent(message_id=message.id or 0, status=message.status, at=at, raw_code=raw))


# --- the sender's queue -----------------------------------------------------------------


def promote_due_scheduled(session: Session, now: datetime) -> int:
    result = session.execute(
        sa.update(Message)
        .where(
            col(Message.status) == "scheduled",
            col(Message.direction) == Direction.OUTBOUND,
            col(Message.scheduled_for) <= now,
        )
        .values(status="queued", updated_at=now)
    )
    return result.rowcount or 0


def lock_sender_pool(session: Session, queue: str) -> list[SenderNumber]:
    """The active numbers of a queue, locked for this transaction (the rate reservations).

    On PostgreSQL the row locks make concurrent claims on one pool take turns; on SQLite
    the transaction already holds the database's write lock (BEGIN IMMEDIATE).
    """
    return list(
        session.exec(
            select(SenderNumber)
            .where(SenderNumber.queue == queue, col(SenderNumber.active).is_(True))
            .order_by(col(SenderNumber.id))
            .with_for_update()
        ).all()
    )


def lock_sender_number(session: Session, number: str) -> SenderNumber | None:
    return session.exec(
        select(SenderNumber).where(SenderNumber.number == number).with_for_update()
    ).first()


def claimable_messages(session: Session, queue: str, now: datetime, limit: int) -> list[Message]:
    """Queued outbound messages of one queue that are due, oldest first, locked.

    Notes are never picked: the direction filter is part of the claim itself. Rows another
    transaction holds are skipped (`FOR UPDATE SKIP LOCKED` on PostgreSQL).
    """
    return list(
        session.exec(
            select(Message)
            .where(
                col(Message.status) == "queued",
                col(Message.direction) == Direction.OUTBOUND,
                col(Message.queue) == queue,
                sa.or_(col(Message.next_attempt_at).is_(None), col(Message.next_attempt_at) <= now),
            )
            .order_by(col(Message.id))
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
    )


def lease_message(
    session: Session,
    message_id: int,
    owner: str,
    now: datetime,
    lease_until: datetime,
    from_number: str,
) -> bool:
    """Move one queued message to `sending` under a lease; False if it is no longer queued."""
    result = session.execute(
        sa.update(Message)
        .where(col(Message.id) == message_id, col(Message.status) == "queued")
        .values(
            status="sending",
            lease_owner=owner,
            lease_until=lease_until,
            claimed_at=now,
            from_number=from_number,
            attempts=Message.attempts + 1,
            updated_at=now,
        )
    )
    return (result.rowcount or 0) == 1


def threads_by_id(session: Session, ids: Iterable[int]) -> dict[int, Thread]:
    wanted = set(ids)
    if not wanted:
        return {}
    found = session.exec(select(Thread).where(col(Thread.id).in_(wanted))).all()
    return {thread.id or 0: thread for thread in found}


def expired_leases(session: Session, now: datetime, limit: int = 100) -> list[Message]:
    return list(
        session.exec(
            select(Message)
            .where(
                col(Message.status) == "sending",
                col(Message.lease_until) < now,
                col(Message.direction) == Direction.OUTBOUND,
            )
            .order_by(col(Message.id))
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
    )


def messages_awaiting_status(session: Session, since: datetime, limit: int = 200) -> list[Message]:
    return list(
        session.exec(
            select(Message)
            .where(
                col(Message.direction) == Direction.OUTBOUND,
                col(Message.status).in_(OUTBOUND_IN_FLIGHT),
                col(Message.provider_sid).is_not(None),
                col(Message.created_at) >= since,
            )
            .order_by(col(Message.updated_at))
            .limit(limit)
        ).all()
    )


def count_waiting(session: Session) -> int:
    return session.exec(
        select(func.count())
        .select_from(Message)
        .where(col(Message.status).in_(("queued", "sending")))
    ).one()


def active_sender_numbers(session: Session, queue: str) -> Sequence[SenderNumber]:
    return session.exec(
        select(SenderNumber)
        .where(SenderNumber.queue == queue, col(SenderNumber.active).is_(True))
        .order_by(col(SenderNumber.id))
    ).all()


def all_sender_numbers(session: Session) -> Sequence[SenderNumber]:
    return session.exec(select(SenderNumber).order_by(col(SenderNumber.id))).all()


# --- change marker, cursors, heartbeats -------------------------------------------------


def record_change(session: Session, thread_id: int | None, kind: str) -> None:
    session.add(Change(thread_id=thread_id, kind=kind))


def latest_change_id(session: Session) -> int:
    return session.exec(select(func.coalesce(func.max(Change.id), 0))).one()


def changed_threads_since(session: Session, change_id: int) -> set[int]:
    rows = session.exec(select(Change.thread_id).where(col(Change.id) > change_id)).all()
    return {thread_id for thread_id in rows if thread_id is not None}


def get_cursor(session: Session, name: str) -> str | None:
    row = session.get(Cursor, name)
    return None if row is None else row.value


def set_cursor(session: Session, name: str, value: str) -> None:
    row = session.get(Cursor, name)
    if row is None:
        session.add(Cursor(name=name, value=value))
    else:
        row.value = value
        session.add(row)


def beat(session: Session, owner: str, now: datetime, provider_down_since: datetime | None) -> None:
    row = session.get(WorkerHeartbeat, owner) or WorkerHeartbeat(owner=owner)
    row.beat_at = now
    row.provider_ok = provider_down_since is None
    row.provider_down_since = provider_down_since
    session.add(row)


def drop_heartbeat(session: Session, owner: str) -> None:
    row = session.get(WorkerHeartbeat, owner)
    if row is not None:
        session.delete(row)


def live_workers(session: Session, fresh_after: datetime) -> Sequence[WorkerHeartbeat]:
    return session.exec(
        select(WorkerHeartbeat).where(col(WorkerHeartbeat.beat_at) >= fresh_after)
    ).all()
