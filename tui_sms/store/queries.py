"""Every SQL statement of the application, by name (DESIGN.md §1: store/ owns the SQL)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from tui_sms.store.models import (
    BalanceEntry,
    Change,
    Consent,
    Contact,
    Cursor,
    Customer,
    Direction,
    MailOut,
    Message,
    OptOut,
    SenderNumber,
    Shop,
    Shortcut,
    Staff,
    StatusEvent,
    Thread,
    ThreadKind,
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


def lock_shop(session: Session, shop_id: int | None = None) -> Shop | None:
    """The shop row (the first, or `shop_id`), locked until commit on PostgreSQL: claims,
    inbound storing and balance checks of several workers take turns, so their thread
    updates never deadlock and two sessions never both spend the last segments. SQLite
    transactions already begin IMMEDIATE (one writer)."""
    query = select(Shop).order_by(col(Shop.id)).limit(1)
    if shop_id is not None:
        query = query.where(Shop.id == shop_id)
    return session.exec(query.with_for_update()).first()


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
    # Customer views never show employee threads (issue 9).
    customers = col(Thread.kind) == ThreadKind.CUSTOMER
    if view == "mine":
        return [customers, Thread.state == ThreadState.OPEN, Thread.assignee_id == staff_id]
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


# --- issue 4: prepaid balance -----------------------------------------------------------

# Outbound messages that will draw once the provider accepts them.
OUTBOUND_NOT_YET_ACCEPTED = ("scheduled", "queued", "sending")


def ledger_sum(session: Session, shop_id: int) -> int:
    return session.exec(
        select(func.coalesce(func.sum(BalanceEntry.segments), 0)).where(
            BalanceEntry.shop_id == shop_id
        )
    ).one()


def latest_purchase(session: Session, shop_id: int) -> BalanceEntry | None:
    return session.exec(
        select(BalanceEntry)
        .where(BalanceEntry.shop_id == shop_id, BalanceEntry.kind == "purchase")
        .order_by(col(BalanceEntry.at).desc(), col(BalanceEntry.id).desc())
        .limit(1)
    ).first()


def draw_for_message(session: Session, message_id: int) -> BalanceEntry | None:
    return session.exec(select(BalanceEntry).where(BalanceEntry.message_id == message_id)).first()


def segments_drawn_since(session: Session, shop_id: int, since: datetime) -> dict[str, int]:
    """Segments drawn since `since`, by direction of the messages that drew them."""
    rows = session.exec(
        select(BalanceEntry.direction, func.sum(BalanceEntry.segments))
        .where(
            BalanceEntry.shop_id == shop_id,
            BalanceEntry.kind == "draw",
            col(BalanceEntry.at) >= since,
        )
        .group_by(col(BalanceEntry.direction))
    ).all()
    return {direction or "": -int(total or 0) for direction, total in rows}


def segments_waiting(session: Session, shop_id: int) -> int:
    """Segments of this shop's outbound messages that are waiting to go out and have not drawn."""
    drawn = select(BalanceEntry.id).where(BalanceEntry.message_id == Message.id).exists()
    return session.exec(
        select(func.coalesce(func.sum(Message.segments), 0))
        .join(Thread, col(Thread.id) == col(Message.thread_id))
        .where(
            Thread.shop_id == shop_id,
            col(Message.direction) == Direction.OUTBOUND,
            col(Message.status).in_(OUTBOUND_NOT_YET_ACCEPTED),
            ~drawn,
        )
    ).one()


# --- consent and opt-out (issue 5) ------------------------------------------------------

# Outbound messages that did not reach the customer, and keyword answers, do not count as
# "the first message": the disclaimer is owed until one of the shop's own texts went out.
_NOT_REACHED = ("failed", "undelivered", "canceled")


def opt_out_for(session: Session, number: str) -> OptOut | None:
    return session.get(OptOut, number)


def active_consent(session: Session, number: str) -> Consent | None:
    return session.exec(
        select(Consent)
        .where(Consent.number == number, col(Consent.withdrawn_at).is_(None))
        .order_by(col(Consent.recorded_at).desc(), col(Consent.id).desc())
        .limit(1)
    ).first()


def latest_consent(session: Session, number: str) -> Consent | None:
    """The newest consent for the number, withdrawn or not."""
    return session.exec(
        select(Consent)
        .where(Consent.number == number)
        .order_by(col(Consent.recorded_at).desc(), col(Consent.id).desc())
        .limit(1)
    ).first()


def consents_for_number(session: Session, number: str) -> Sequence[Consent]:
    return session.exec(
        select(Consent)
        .where(Consent.number == number)
        .order_by(col(Consent.recorded_at), col(Consent.id))
    ).all()


def numbers_of_customer(session: Session, customer_id: int) -> list[str]:
    return list(
        session.exec(
            select(Contact.number)
            .where(Contact.customer_id == customer_id)
            .order_by(col(Contact.is_primary).desc(), col(Contact.id))
        ).all()
    )


def has_reached_thread(session: Session, thread_id: int) -> bool:
    """Whether one of the shop's own texts went (or is going) to this thread's number."""
    found = session.exec(
        select(Message.id)
        .where(
            Message.thread_id == thread_id,
            Message.direction == Direction.OUTBOUND,
            Message.kind != "keyword_reply",
            col(Message.status).not_in(_NOT_REACHED),
        )
        .limit(1)
    ).first()
    return found is not None


def threads_for_number(session: Session, number: str) -> Sequence[Thread]:
    """Every shop's conversation with the number: an opt-out concerns them all."""
    return session.exec(
        select(Thread).where(Thread.number == number).order_by(col(Thread.id))
    ).all()


# --- issue 9: mail outbox, employees ----------------------------------------------------


def staff_by_ids(session: Session, staff_ids: Iterable[int]) -> list[Staff]:
    wanted = list(staff_ids)
    if not wanted:
        return []
    return list(
        session.exec(
            select(Staff).where(col(Staff.id).in_(wanted)).order_by(Staff.display_name)
        ).all()
    )


def staff_by_sms_number(session: Session, number: str) -> Staff | None:
    return session.exec(
        select(Staff).where(Staff.sms_number == number).order_by(col(Staff.id)).limit(1)
    ).first()


def claim_due_mail(session: Session, now: datetime, lease: timedelta, limit: int) -> list[MailOut]:
    """Reserve up to `limit` unsent mails whose time has come, oldest first."""
    ids = session.exec(
        select(MailOut.id)
        .where(
            col(MailOut.sent_at).is_(None),
            sa.or_(col(MailOut.next_attempt_at).is_(None), col(MailOut.next_attempt_at) <= now),
            sa.or_(col(MailOut.lease_until).is_(None), col(MailOut.lease_until) < now),
        )
        .order_by(col(MailOut.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    if not ids:
        return []
    session.execute(
        sa.update(MailOut)
        .where(col(MailOut.id).in_(ids))
        .values(lease_until=now + lease, attempts=MailOut.attempts + 1)
    )
    return list(
        session.exec(select(MailOut).where(col(MailOut.id).in_(ids)).order_by(col(MailOut.id)))
    )


@dataclass(frozen=True)
class MailBacklog:
    waiting: int
    oldest: datetime | None
    last_error: str | None


def mail_backlog(session: Session) -> MailBacklog:
    """Unsent mails: how many, since when, and the newest error (cheap: sent_at is indexed)."""
    waiting, oldest = session.exec(
        select(func.count(), func.min(MailOut.created_at)).where(col(MailOut.sent_at).is_(None))
    ).one()
    last_error = None
    if waiting:
        last_error = session.exec(
            select(MailOut.last_error)
            .where(col(MailOut.sent_at).is_(None), col(MailOut.last_error).is_not(None))
            .order_by(col(MailOut.id).desc())
            .limit(1)
        ).first()
    return MailBacklog(waiting=waiting, oldest=oldest, last_error=last_error)


def all_staff(session: Session) -> Sequence[Staff]:
    return session.exec(select(Staff).order_by(Staff.login)).all()


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


def sender_queue(session: Session, sender_number: str | None) -> str | None:
    if sender_number is None:
        return None
    return session.exec(
        select(SenderNumber.queue).where(SenderNumber.number == sender_number)
    ).first()
