"""Shortcuts: add, edit, delete, refused when empty or in an unknown language."""

from __future__ import annotations

import pytest

from tui_sms.services import shortcuts
from tui_sms.store import queries
from tui_sms.store.engine import session_scope


def test_add_edit_delete(engine):
    with session_scope(engine) as session:
        ready = shortcuts.add_shortcut(session, "Ready", "Your car is ready.", "en")
        shortcuts.add_shortcut(session, "Prête", "Votre auto est prête.", "FR")
    with session_scope(engine) as session:
        shortcuts.edit_shortcut(session, ready.id, "Ready", "Your car is ready for pick-up.", "en")
    with session_scope(engine) as session:
        assert [(s.language, s.body) for s in queries.all_shortcuts(session)] == [
            ("en", "Your car is ready for pick-up."),
            ("fr", "Votre auto est prête."),
        ]
        shortcuts.delete_shortcut(session, ready.id)
    with session_scope(engine) as session:
        assert [s.title for s in queries.all_shortcuts(session)] == ["Prête"]


@pytest.mark.parametrize(
    ("title", "body", "language", "sentence"),
    [
        ("", "x", "en", "needs a title and a text"),
        ("T", "  ", "en", "needs a title and a text"),
        ("T", "x", "de", r"en \(English\) or fr \(French\)"),
    ],
)
def test_refused(sqlite_engine, title, body, language, sentence):
    with (
        pytest.raises(shortcuts.InvalidShortcut, match=sentence),
        session_scope(sqlite_engine) as session,
    ):
        shortcuts.add_shortcut(session, title, body, language)
