"""Reply drafts: the composer keeps what a staff member types to a thread, so nothing typed
is lost to a dropped connection, a closed terminal or a crash. A draft is private to its
author: saving one records no change, so no other app reloads for it."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from tui_sms.store.models import utcnow
from tui_sms.store.queries import drafts


def keep_draft(
    session: Session, staff_id: int, thread_id: int, body: str, now: datetime | None = None
) -> None:
    """What the composer holds now; an empty or blank composer has no draft."""
    if body.strip():
        drafts.keep_draft(session, staff_id, thread_id, body, now or utcnow())
    else:
        drafts.drop_draft(session, staff_id, thread_id)


def discard_draft(session: Session, staff_id: int, thread_id: int) -> None:
    """The reply went out (or the composer was cleared): nothing to bring back."""
    drafts.drop_draft(session, staff_id, thread_id)
