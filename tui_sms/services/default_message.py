"""The composer's default message (the suites' "message par défaut"): at most one shortcut per
language is prefilled when a clerk starts a new text."""

from __future__ import annotations

from sqlmodel import Session, col, select

from tui_sms.domain.errors import NotFound
from tui_sms.store.models import Shortcut


def set_default(session: Session, shortcut_id: int | None, language: str) -> Shortcut | None:
    """Make the shortcut the default message of its language (None: no default any more)."""
    chosen = session.get(Shortcut, shortcut_id) if shortcut_id is not None else None
    if shortcut_id is not None and chosen is None:
        raise NotFound(f"There is no shortcut number {shortcut_id}.")
    wanted = chosen.language if chosen else language
    for shortcut in session.exec(select(Shortcut).where(col(Shortcut.is_default))):
        if shortcut.language == wanted and shortcut is not chosen:
            shortcut.is_default = False
            session.add(shortcut)
    if chosen is not None:
        chosen.is_default = True
        session.add(chosen)
    session.flush()
    return chosen


def default_body(session: Session, language: str) -> str:
    """The text to prefill, or "" when the shop chose none for this language."""
    found = session.exec(
        select(Shortcut.body).where(col(Shortcut.is_default), Shortcut.language == language)
    ).first()
    return found or ""
