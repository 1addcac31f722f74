"""Send later: a reply scheduled for a chosen time, shown as scheduled in its thread,
cancellable until it leaves, and put through the gate again when its time comes.

The outbox's `scheduled` state holds it (the reminders use the same one). At scheduling the
whole gate applies (consent, opt-out, quiet hours at the chosen time, balance); when it
comes due, `refuse_due_without_permission` runs before the sender queues it, so a customer
who replied STOP, or whose consent was withdrawn, in the meantime is never texted.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from tui_sms.domain.errors import NotFound, UserError
from tui_sms.services import outbox
from tui_sms.services.statuses import set_status
from tui_sms.store.models import Direction, Message, Staff, Thread, utcnow
from tui_sms.store.queries import inbox_habits, jobs, people
from tui_sms.store.queries import threads as threads_queries

# Answers to the customer's own text go at once and are never scheduled; every other kind
# that waits in `scheduled` (replies, reminders, confirmations, their disclaimers) is checked.
_ANSWERS = ("keyword_reply", "after_hours")


class NotScheduled(UserError):
    """The message is not waiting any more: it left, or was cancelled."""


def schedule_reply(
    session: Session,
    thread_id: int,
    body: str,
    *,
    author: Staff,
    send_at: datetime,
    now: datetime | None = None,
    confirmed_quiet_hours: bool = False,
) -> Message:
    """Queue a staff reply to leave at `send_at` (the gate answers now, as for a reply)."""
    now = now or utcnow()
    if send_at <= now:
        raise UserError("Pick a time in the future to send this text later.")
    return outbox.queue_reply(
        session,
        thread_id,
        body,
        author_id=author.id,
        options=outbox.SendOptions(kind="reply", scheduled_for=send_at),
        now=now,
        confirmed_quiet_hours=confirmed_quiet_hours,
    )


def scheduled_messages(session: Session, thread_id: int) -> list[Message]:
    """A thread's texts waiting for their time, soonest first (the UI marks them)."""
    return inbox_habits.scheduled_messages(session, thread_id)


def cancel_scheduled(
    session: Session, message_id: int, staff: Staff, *, now: datetime | None = None
) -> Message:
    """Cancel a scheduled text (and the disclaimer that was to precede it)."""
    now = now or utcnow()
    message = session.get(Message, message_id)
    if message is None or message.direction != Direction.OUTBOUND:
        raise NotFound(f"There is no text number {message_id}.")
    if message.status != "scheduled":
        raise NotScheduled("This text is not scheduled any more: it has left or was cancelled.")
    disclaimer = jobs.disclaimer_held_for(session, message)
    if not jobs.cancel_scheduled_message(session, message_id, now):
        raise NotScheduled("This text is not scheduled any more: it has left or was cancelled.")
    if disclaimer is not None:
        jobs.cancel_scheduled_message(session, disclaimer.id or 0, now)
    threads_queries.record_change(session, message.thread_id, "canceled")
    session.refresh(message)
    return message


def refuse_due_without_permission(session: Session, now: datetime) -> int:
    """Scheduled texts coming due to a number that opted out or lost its consent since
    they were scheduled fail with the gate's sentence instead of leaving. Returns how many."""
    due = inbox_habits.due_scheduled(session, now, except_kinds=_ANSWERS)
    if not due:
        return 0
    shop = people.get_shop(session)
    if shop is None:
        return 0
    threads = threads_queries.threads_by_id(session, {m.thread_id for m in due})
    refused = 0
    for message in due:
        thread = threads.get(message.thread_id) or session.get(Thread, message.thread_id)
        if thread is None:
            continue
        try:
            outbox.check_may_text(session, shop, thread, message.to_number)
        except UserError as refusal:
            set_status(session, message, "failed", now, error_message=str(refusal))
            threads_queries.record_change(session, message.thread_id, "refused")
            refused += 1
    return refused
