"""Mentions: `@luc` in an internal note puts the thread in Luc's Mine, marked, until he
opens it. A name that is no colleague's (or an e-mail address) is plain text."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from tui_sms.domain.mentions import mentioned_logins
from tui_sms.store.models import Message, Staff, utcnow
from tui_sms.store.queries import inbox_habits, people
from tui_sms.store.queries import threads as threads_queries


def record_mentions(session: Session, note: Message, author: Staff) -> list[Staff]:
    """The colleagues a note names (not its author), each marked on the thread."""
    named: list[Staff] = []
    for login in mentioned_logins(note.body):
        member = people.staff_by_login(session, login)
        if member is None or not member.active or member.id == author.id:
            continue
        inbox_habits.add_mention(
            session, note.thread_id, member.id or 0, note.id or 0, note.created_at
        )
        named.append(member)
    if named:
        threads_queries.record_change(session, note.thread_id, "mention")
    return named


def mark_seen(
    session: Session, thread_id: int, staff_id: int, *, now: datetime | None = None
) -> bool:
    """The colleague opened the thread: its mark goes (and it leaves their Mine unless it is
    theirs). Call it with `inbox.mark_read` when a thread is opened."""
    seen = inbox_habits.mark_mentions_seen(session, thread_id, staff_id, now or utcnow())
    if seen:
        threads_queries.record_change(session, thread_id, "mention_seen")
    return bool(seen)


def mentioned_thread_ids(session: Session, staff_id: int) -> set[int]:
    """The threads where a note names this colleague and they have not opened it yet."""
    return inbox_habits.mentioned_thread_ids(session, staff_id)
