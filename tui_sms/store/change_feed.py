"""The change marker read as a feed: which changes came after a given one, and to which thread.

The UI polls this to refresh what others changed; each row's id lets it leave out the changes
its own actions wrote (it reloaded for those already)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from tui_sms.store.models import Change


def changes_since(session: Session, change_id: int) -> list[tuple[int, int | None]]:
    """(change id, thread id or None) of every change after `change_id`, oldest first."""
    rows = session.exec(
        select(Change.id, Change.thread_id).where(col(Change.id) > change_id).order_by(Change.id)
    ).all()
    return [(change, thread) for change, thread in rows if change is not None]
