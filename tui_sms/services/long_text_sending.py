"""Long texts for old phones, sent: a reply queued as numbered one-segment texts, "(1/3)"
first, through the outbox gate, in one transaction.

The parts are queued in order in the same transaction, so their ids follow their numbers; the
sender claims by id and posts one recipient's texts one after the other (services/sender.py),
so they leave in order. The gate asks its questions once: a refusal or a quiet-hours question
for the first part rolls back the whole message, never half of it.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from tui_sms.domain.errors import MessageTooLong
from tui_sms.domain.long_texts import MAX_PARTS, split_for_old_phones
from tui_sms.domain.segments import check_length
from tui_sms.services import outbox
from tui_sms.store.models import Message


def parts_of(body: str) -> tuple[str, ...]:
    """The numbered parts, or one sentence when the message needs too many of them."""
    check_length(body)
    try:
        return split_for_old_phones(body).parts
    except ValueError:
        raise MessageTooLong(
            f"This message needs more than {MAX_PARTS} texts for old phones: shorten it, "
            "or send it as one long text."
        ) from None


def queue_reply(
    session: Session,
    thread_id: int,
    body: str,
    author_id: int | None,
    *,
    in_parts: bool = False,
    confirmed_quiet_hours: bool = False,
    now: datetime | None = None,
) -> Message:
    """A staff reply, as one text or (`in_parts`) as numbered one-segment texts; returns the
    last message queued."""
    bodies = parts_of(body) if in_parts else (body,)
    queued = [
        outbox.queue_reply(
            session,
            thread_id,
            part,
            author_id=author_id,
            now=now,
            confirmed_quiet_hours=confirmed_quiet_hours,
        )
        for part in bodies
    ]
    return queued[-1]
