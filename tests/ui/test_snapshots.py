"""Snapshots of the message center in English and French, on fixed data and a fixed clock.

Review a changed snapshot before accepting it: `pytest tests/ui/test_snapshots.py
--snapshot-update`, then look at the SVG files under tests/ui/__snapshots__/.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import make_customer, make_shop
from tui_sms.services import outbox, threads
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries, seat
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Thread, utcnow
from tui_sms.ui import i18n
from tui_sms.ui.app import TuiSmsApp, translated_classes
from tui_sms.ui.widgets.composer import ComposerInput
from tui_sms.ui.widgets.conversation import Conversation

NOW = datetime(2026, 11, 23, 19, 30, tzinfo=UTC)


def _app(settings, language: str) -> TuiSmsApp:
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        customers = [
            ("Émilie Côté", "+15142361201", "fr", "Votre auto est prête.", 5),
            ("John Smith", "+15142361214", "en", "Your brakes are done. [bold]x[/]", 90),
            ("Garage Dion", "+15142361222", "en", "Tires arrived.", 60 * 30),
        ]
        for name, number, lang, body, minutes_ago in customers:
            make_customer(session, shop, name, number, language=lang, now=NOW)
            outbox.queue_to_number(
                session, number, body, author_id=None, now=NOW - timedelta(minutes=minutes_ago)
            )
        marie = queries.staff_by_login(session, "marie")
        marie.language = language
        luc = queries.staff_by_login(session, "luc")
        first = queries.thread_by_number(session, shop.id, "+15142361201")
        threads.claim_thread(session, first.id, marie)
        threads.add_note(session, first.id, marie, "Customer prefers a call after 5.", now=NOW)
        second = queries.thread_by_number(session, shop.id, "+15142361214")
        threads.claim_thread(session, second.id, luc)
        session.get(Thread, second.id).unread_count = 1
        # The shop's worker service sends (a real one, not the fixed clock, decides).
        now = utcnow()
        seat.take_or_keep(session, "server:7", seat.WORKER, now, now + timedelta(hours=1))
    return TuiSmsApp(runtime, marie, run_worker_inside=False, clock=lambda: NOW)


async def _settled(pilot) -> None:
    app = pilot.app
    for _ in range(200):
        # Émilie's thread: the first-text disclaimer, the message and Marie's note
        if app.screen.current is not None and len(app.screen.query_one(Conversation).bubbles) == 3:
            break
        await pilot.pause(0.05)
    await pilot.pause(0.2)


async def _opened(pilot) -> None:
    """On a narrow terminal: the conversation pane, opened from the list with Enter."""
    await _settled(pilot)
    await pilot.press("enter")
    app = pilot.app
    for _ in range(200):
        if isinstance(app.focused, ComposerInput):
            break
        await pilot.pause(0.05)
    # A blinking cursor is drawn or not depending on when the picture is taken.
    app.focused.cursor_blink = False
    await pilot.pause(0.2)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    ("size", "run_before"),
    [((160, 45), _settled), ((80, 24), _settled), ((80, 24), _opened)],
    ids=["160x45", "80x24-list", "80x24-conversation"],
)
def test_message_center(settings, snap_compare, language, size, run_before):
    try:
        assert snap_compare(_app(settings, language), terminal_size=size, run_before=run_before)
    finally:
        i18n.set_language("en")
        i18n.translate_bindings(*translated_classes())
