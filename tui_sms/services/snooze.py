"""Snooze: a thread leaves every list until a chosen time, or until the customer writes,
then comes back unread, so nobody forgets it.

The lists leave out threads whose `snoozed_until` is set (store/queries/threads.py); waking
clears it, either when a text arrives (`wake_on_reply`, in the inbound transaction) or when
the time comes (`wake_due`, run by the worker's poll round).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from tui_sms.domain.errors import NotFound, UserError
from tui_sms.store.models import Staff, Thread, utcnow
from tui_sms.store.queries import inbox_habits
from tui_sms.store.queries import threads as threads_queries

# "Until the customer writes": a snooze no clock ends (`wake_due` never reaches it), only
# the customer's next text (`wake_on_reply`) or an unsnooze.
UNTIL_THEY_WRITE = datetime(9999, 1, 1, tzinfo=UTC)


def waits_for_reply(until: datetime | None) -> bool:
    """Whether a snooze ends only when the customer writes."""
    return until is not None and until.year >= UNTIL_THEY_WRITE.year


def _thread(session: Session, thread_id: int) -> Thread:
    thread = threads_queries.fresh_thread(session, thread_id)
    if thread is None:
        raise NotFound(f"There is no conversation number {thread_id}.")
    return thread


def snooze_thread(
    session: Session, thread_id: int, staff: Staff, until: datetime, *, now: datetime | None = None
) -> Thread:
    """Hide the thread until `until` (or the customer's next text)."""
    now = now or utcnow()
    if until <= now:
        raise UserError("Pick a time in the future to snooze this conversation until.")
    thread = _thread(session, thread_id)
    thread.snoozed_until = until
    session.add(thread)
    threads_queries.record_change(session, thread_id, "snoozed")
    return thread


def unsnooze(session: Session, thread_id: int, staff: Staff) -> Thread:
    """Bring a snoozed thread back now (a no-op on one that is not snoozed). The clerk who
    brings it back is looking at it: it does not come back unread, as a timed wake does."""
    thread = _thread(session, thread_id)
    if thread.snoozed_until is not None:
        _wake(session, thread, unread=False)
    return thread


def wake_on_reply(session: Session, thread: Thread) -> None:
    """The customer wrote: the thread comes back (the text already counts as unread)."""
    if thread.snoozed_until is not None:
        thread.snoozed_until = None
        session.add(thread)


def wake_due(session: Session, now: datetime) -> int:
    """Threads whose snooze is over come back to the lists, unread. Returns how many."""
    woken = inbox_habits.due_snoozed(session, now)
    for thread in woken:
        _wake(session, thread, unread=True)
    return len(woken)


def _wake(session: Session, thread: Thread, *, unread: bool) -> None:
    thread.snoozed_until = None
    if unread:
        thread.unread_count = max(thread.unread_count, 1)
    session.add(thread)
    threads_queries.record_change(session, thread.id, "woke")


def snoozed_until(session: Session, thread_id: int) -> datetime | None:
    """When a thread comes back (None: it is not snoozed)."""
    thread = session.get(Thread, thread_id)
    return None if thread is None else thread.snoozed_until
