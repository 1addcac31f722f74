"""What staff do to a conversation: claim, resolve, reopen, transfer, write an internal note,
retry a failed message. One action, one function, one transaction.

Notes and transfer lines are messages of direction `note`: the sender's claim query only
picks `outbound`, so no provider ever sees them.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from tui_sms.domain.delivery import failure_reason
from tui_sms.domain.errors import AlreadyClaimed, EmptyMessage, NotFound, UserError
from tui_sms.domain.segments import check_length
from tui_sms.services import outbox
from tui_sms.store.models import Direction, Message, Staff, Thread, ThreadState, utcnow
from tui_sms.store.queries import people, sending
from tui_sms.store.queries import threads as threads_queries


class CannotRetry(UserError):
    """Sending the same text again would fail for the same reason."""


def _thread(session: Session, thread_id: int) -> Thread:
    thread = threads_queries.fresh_thread(session, thread_id)
    if thread is None:
        raise NotFound(f"There is no conversation number {thread_id}.")
    return thread


def _holder_name(session: Session, thread: Thread) -> str:
    holder = people.staff_by_id(session, thread.assignee_id)
    return holder.display_name if holder else "someone else"


def claim_thread(session: Session, thread_id: int, staff: Staff) -> Thread:
    """The thread becomes `staff`'s; AlreadyClaimed names who won when somebody was first."""
    _thread(session, thread_id)
    if not threads_queries.claim_if_unassigned(session, thread_id, staff.id or 0):
        thread = _thread(session, thread_id)
        if thread.assignee_id == staff.id:
            return thread
        raise AlreadyClaimed(f"{_holder_name(session, thread)} already has this conversation.")
    threads_queries.record_change(session, thread_id, "claimed")
    return _thread(session, thread_id)


def resolve_thread(session: Session, thread_id: int, staff: Staff) -> Thread:
    """The thread leaves the open views. It keeps its assignee, so a new message from the
    customer brings it back to that person's Mine (services/inbox.py reopens it)."""
    thread = _thread(session, thread_id)
    if thread.state != ThreadState.RESOLVED:
        thread.state = ThreadState.RESOLVED
        session.add(thread)
        threads_queries.record_change(session, thread_id, "resolved")
    return thread


def reopen(session: Session, thread_id: int, staff: Staff) -> Thread:
    thread = _thread(session, thread_id)
    if thread.state != ThreadState.OPEN:
        thread.state = ThreadState.OPEN
        session.add(thread)
        threads_queries.record_change(session, thread_id, "reopened")
    return thread


def transfer_thread(session: Session, thread_id: int, from_staff: Staff, to_staff: Staff) -> Thread:
    """Hand the thread to a colleague; a line in the conversation says who gave it to whom.

    Only its holder (or anyone, while it is unassigned) can hand it on: a transfer never
    silently takes a conversation away from the person who claimed it meanwhile.
    """
    thread = _thread(session, thread_id)
    target = people.staff_by_id(session, to_staff.id)
    if target is None or not target.active:
        raise NotFound(f"{to_staff.display_name} is not an active staff member.")
    if thread.assignee_id == target.id:
        raise AlreadyClaimed(f"{target.display_name} already has this conversation.")
    if thread.assignee_id not in (None, from_staff.id):
        raise AlreadyClaimed(
            f"{_holder_name(session, thread)} has this conversation: only they can transfer it."
        )
    if not threads_queries.transfer_if_held_by(
        session, thread_id, thread.assignee_id, target.id or 0
    ):
        thread = _thread(session, thread_id)
        raise AlreadyClaimed(
            f"{_holder_name(session, thread)} took this conversation a moment ago."
        )
    now = utcnow()
    _add_line(
        session,
        thread_id,
        f"{from_staff.display_name} transferred this conversation to {target.display_name}",
        author=from_staff,
        kind="transfer",
        now=now,
    )
    threads_queries.record_change(session, thread_id, "transferred")
    return _thread(session, thread_id)


def add_note(
    session: Session, thread_id: int, staff: Staff, body: str, *, now: datetime | None = None
) -> Message:
    """An internal note: staff see it in the conversation, the customer never does."""
    _thread(session, thread_id)
    if not body.strip():
        raise EmptyMessage("The note is empty: type something to keep.")
    check_length(body)
    message = _add_line(session, thread_id, body, author=staff, kind="note", now=now or utcnow())
    threads_queries.record_change(session, thread_id, "note")
    return message


def _add_line(
    session: Session, thread_id: int, body: str, *, author: Staff, kind: str, now: datetime
) -> Message:
    message = Message(
        thread_id=thread_id,
        direction=Direction.NOTE,
        kind=kind,
        body=body,
        status="note",
        author_id=author.id,
        created_at=now,
        updated_at=now,
    )
    session.add(message)
    session.flush()
    return message


def retry_message(session: Session, message_id: int, staff: Staff) -> Message:
    """A new queued copy of a failed message, through the outbox gate; from another pool
    number when the carrier filtered ours."""
    failed = session.get(Message, message_id)
    if failed is None or failed.direction != Direction.OUTBOUND:
        raise NotFound(f"There is no sent message number {message_id}.")
    if failed.status not in threads_queries.FAILED_STATUSES:
        raise CannotRetry("This message did not fail: there is nothing to retry.")
    if threads_queries.retry_of(session, message_id) is not None:
        raise CannotRetry("This message was already sent again.")
    reason = failure_reason(failed.error_code, failed.error_message)
    if not reason.retry_helps:
        raise CannotRetry(f"Sending again would fail the same way: {reason.sentence}")
    copy = outbox.queue_reply(
        session,
        failed.thread_id,
        failed.body,
        author_id=staff.id,
        options=outbox.SendOptions(queue=failed.queue, kind=failed.kind),
    )
    copy.retry_of_id = failed.id
    if reason.change_number:
        pool = [s.number for s in sending.active_sender_numbers(session, failed.queue)]
        others = [number for number in pool if number != failed.from_number]
        if others:
            copy.from_number = others[0]
            thread = _thread(session, failed.thread_id)
            thread.sender_number = others[0]
            session.add(thread)
    session.add(copy)
    session.flush()
    threads_queries.record_change(session, failed.thread_id, "retry")
    return copy
