"""Every SQL statement of the application, by name (DESIGN.md §1: store/ owns the SQL)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from tui_sms.store.models import (
    Change,
    Consent,
    Contact,
    Cursor,
    Customer,
    Direction,
    Message,
    OptOut,
    SenderNumber,
    Shop,
    Shortcut,
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


def claim_outbound_batch(
    session: Session, owner: str, now: datetime, lease: timedelta, limit: int
) -> list[Message]:
    """Lease up to `limit` queued outbound messages to `owner`, atomically.

    Notes are never picked: the direction filter is part of the claim itself.
    """
    ids = session.exec(
        select(Message.id)
        .where(
            col(Message.status) == "queued",
            col(Message.direction) == Direction.OUTBOUND,
            sa.or_(col(Message.next_attempt_at).is_(None), col(Message.next_attempt_at) <= now),
        )
        .order_by(col(Message.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    if not ids:
        return []
    session.execute(
        sa.update(Message)
        .where(col(Message.id).in_(ids), col(Message.status) == "queued")
        .values(
            status="sending",
            lease_owner=owner,
            lease_until=now + lease,
            claimed_at=now,
            attempts=Message.attempts + 1,
            updated_at=now,
        )
    )
    return list(
        session.exec(
            select(Message).where(col(Message.id).in_(ids)).order_by(col(Message.id))
        ).all()
    )


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


# --- issue 7: message center ------------------------------------------------------------


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


def staff_by_id(session: Session, staff_id: int | None) -> Staff | None:
    return None if staff_id is None else session.get(Staff, staff_id)


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


@dataclass(frozen=True)
class ContactRow:
    """A person who can be texted: the customer, the contact's name and number."""

    customer_name: str
    contact_name: str
    number: str
    language: str


def search_contacts(session: Session, term: str, *, limit: int = 20) -> list[ContactRow]:
    """Contacts whose customer name, contact name or number contains `term`."""
    like = f"%{term.strip()}%"
    digits = "".join(ch for ch in term if ch.isdigit())
    matches = [col(Customer.name).ilike(like), col(Contact.name).ilike(like)]
    if len(digits) >= 3:
        matches.append(col(Contact.number).contains(digits))
    rows = session.exec(
        select(Customer.name, Contact.name, Contact.number, Customer.language)
        .join(Contact, col(Contact.customer_id) == col(Customer.id))
        .where(sa.or_(*matches))
        .order_by(col(Customer.name), col(Contact.is_primary).desc())
        .limit(limit)
    ).all()
    return [ContactRow(*row) for row in rows]


def all_shortcuts(session: Session) -> list[Shortcut]:
    return list(
        session.exec(select(Shortcut).order_by(col(Shortcut.language), col(Shortcut.title))).all()
    )


def number_standing(session: Session, number: str) -> str:
    """'opted_out' (a STOP stands), 'consent' (recorded and not withdrawn) or 'no_consent'."""
    if session.get(OptOut, number) is not None:
        return "opted_out"
    consent = session.exec(
        select(Consent.id)
        .where(Consent.number == number, col(Consent.withdrawn_at).is_(None))
        .limit(1)
    ).first()
    return "consent" if consent is not None else "no_consent"


def sender_queue(session: Session, sender_number: str | None) -> str | None:
    if sender_number is None:
        return None
    return session.exec(
        select(SenderNumber.queue).where(SenderNumber.number == sender_number)
    ).first()
