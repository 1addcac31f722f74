"""Read model for reply drafts: the text to put back in the composer, and which threads have
one (the thread list marks them)."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from tui_sms.store.engine import session_scope
from tui_sms.store.queries import drafts


def draft_for(engine: Engine, staff_id: int, thread_id: int) -> str:
    """The staff member's draft for the thread, or "" when there is none."""
    with session_scope(engine) as session:
        return drafts.draft_body(session, staff_id, thread_id) or ""


def threads_with_drafts(engine: Engine, staff_id: int) -> frozenset[int]:
    with session_scope(engine) as session:
        return frozenset(drafts.threads_with_drafts(session, staff_id))
