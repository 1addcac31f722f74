"""Canned replies staff keep for the texts they write every day, one per language."""

from __future__ import annotations

from sqlmodel import Session

from tui_sms.domain.errors import NotFound, UserError
from tui_sms.store.models import Shortcut
from tui_sms.store.queries import threads

LANGUAGES = ("en", "fr")


class InvalidShortcut(UserError):
    """A shortcut without a title or text, or in a language the shop does not write."""


def _checked(title: str, body: str, language: str) -> tuple[str, str, str]:
    title, language = title.strip(), language.strip().lower()
    if not title or not body.strip():
        raise InvalidShortcut("A shortcut needs a title and a text.")
    if language not in LANGUAGES:
        raise InvalidShortcut("The language of a shortcut is en (English) or fr (French).")
    return title, body, language


def add_shortcut(session: Session, title: str, body: str, language: str) -> Shortcut:
    title, body, language = _checked(title, body, language)
    shortcut = Shortcut(title=title, body=body, language=language)
    session.add(shortcut)
    session.flush()
    threads.record_change(session, None, "shortcut")
    return shortcut


def edit_shortcut(
    session: Session, shortcut_id: int, title: str, body: str, language: str
) -> Shortcut:
    shortcut = session.get(Shortcut, shortcut_id)
    if shortcut is None:
        raise NotFound("That shortcut was deleted meanwhile.")
    shortcut.title, shortcut.body, shortcut.language = _checked(title, body, language)
    session.add(shortcut)
    threads.record_change(session, None, "shortcut")
    return shortcut


def delete_shortcut(session: Session, shortcut_id: int) -> None:
    shortcut = session.get(Shortcut, shortcut_id)
    if shortcut is not None:
        session.delete(shortcut)
        threads.record_change(session, None, "shortcut")
