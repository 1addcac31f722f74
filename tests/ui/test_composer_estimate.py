"""The composer's estimate line, read off the screen while real keys are typed."""

from __future__ import annotations

from sqlmodel import select
from textual import events
from textual.keys import _character_to_key

from tests.factories import make_customer, make_shop
from tests.ui.conftest import until
from tui_sms.services import billing, outbox
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Message
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.widgets.composer import Composer, ComposerInput
from tui_sms.ui.widgets.thread_list import ThreadList

CUSTOMER = "+15142361201"


async def _type(pilot, text: str) -> None:
    """Type as a terminal does: one key event per character, as Textual's input parser makes
    them. (Pilot.press cannot type ’ or 👍: it looks their key names up as Unicode names.)"""
    for char in text:
        pilot.app.post_message(events.Key(_character_to_key(char), char))
        await pilot.pause()


def _prepare(settings, *, leave: int | None = None):
    """A shop with one conversation whose message (1 segment) waits to go out: the number's
    first text, so the French disclaimer (2 segments) waits before it, unless `leave` sent
    an earlier text (and the disclaimer) that left `leave` segments of the 2,500."""
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Émilie Côté", CUSTOMER, language="fr")
        if leave is not None:
            used = outbox.queue_to_number(session, CUSTOMER, "x", author_id=None)
            disclaimer = session.exec(
                select(Message).where(
                    Message.thread_id == used.thread_id, Message.kind == "disclaimer"
                )
            ).one()
            disclaimer.status = "delivered"
            billing.draw_for_message(session, disclaimer)
            used.status, used.segments = "delivered", 2_500 - disclaimer.segments - leave
            billing.draw_for_message(session, used)
        outbox.queue_to_number(session, CUSTOMER, "Votre auto est réparée.", author_id=None)
        me = queries.staff_by_login(session, "marie")
        me.language = "en"  # the English lines; test_plurals_and_numbers.py reads the French
    return runtime, me


def _lines(app) -> tuple[str, str]:
    estimate = app.screen.query_one("#estimate").render()
    hint = app.screen.query_one("#estimate-hint")
    return str(estimate), str(hint.render()) if hint.display else ""


def _footer_keys(app) -> set[str]:
    return {key for key, active in app.screen.active_bindings.items() if active.enabled}


async def test_estimate_follows_every_keystroke(settings):
    runtime, me = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(140, 40)) as pilot:
        assert await until(pilot, lambda: app.screen.query_one(ThreadList).row_count == 1, 10.0)
        await pilot.press("enter")
        composer = app.screen.query_one(Composer)
        assert await until(pilot, lambda: composer.balance is not None, 10.0)

        await _type(pilot, "Ready at 5")
        # 2,500 less the 3 segments waiting (the disclaimer and the message), less this one
        assert _lines(app) == ("GSM-7 · 1 segment · 10/1600 · $0.015 · balance 2,497 → 2,496", "")
        assert "ctrl+g" not in _footer_keys(app)

        await _type(pilot, "’s")  # a curly apostrophe, as phones and word processors type it
        line, hint = _lines(app)
        assert line.startswith("UCS-2 · 1 segment · ")
        assert "smart encoding can replace ’" in hint and "Ctrl+G replaces them" in hint
        assert "ctrl+g" in _footer_keys(app)

        await pilot.press("ctrl+g")
        assert composer.text == "Ready at 5's"
        assert _lines(app)[0].startswith("GSM-7 · 1 segment · 12/1600")
        assert "ctrl+g" not in _footer_keys(app)

        await _type(pilot, " ê 👍")
        line, hint = _lines(app)
        assert line.startswith("UCS-2 · 1 segment")
        assert hint == "UCS-2 because of ê 👍 (no GSM-7 equivalent)"
        assert "ctrl+g" not in _footer_keys(app)


async def test_a_long_message_and_what_smart_encoding_saves(settings):
    runtime, me = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(140, 40)) as pilot:
        assert await until(pilot, lambda: app.screen.query_one(ThreadList).row_count == 1, 10.0)
        await pilot.press("enter")
        composer = app.screen.query_one(Composer)
        assert await until(pilot, lambda: composer.balance is not None, 10.0)
        composer.query_one(ComposerInput).insert("It’s ready — " * 10)  # 130 units: 2 UCS-2
        await pilot.pause()
        line, hint = _lines(app)
        assert line == "UCS-2 · 2 segments · 170/1600 · $0.03 · balance 2,497 → 2,495"
        assert "smart encoding replaces ’ —: saves 1 segment ($0.015)" in hint

        composer.clear()
        composer.query_one(ComposerInput).insert("a" * 1599)
        await pilot.press("b")
        assert _lines(app)[0].startswith("GSM-7 · 11 segments · 1600/1600 · $0.165")


async def test_the_composer_says_so_before_send_when_the_balance_is_short(settings):
    runtime, me = _prepare(settings, leave=2)  # 2 left, 1 held by the waiting message
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(140, 40)) as pilot:
        assert await until(pilot, lambda: app.screen.query_one(ThreadList).row_count == 1, 10.0)
        await pilot.press("enter")
        composer = app.screen.query_one(Composer)
        assert await until(pilot, lambda: composer.balance is not None, 10.0)
        await _type(pilot, "On vous attend.")
        assert _lines(app) == (
            "GSM-7 · 1 segment · 15/1600 · $0.015 · balance 1 → 0",
            "",
        )
        composer.query_one(ComposerInput).insert(" " + "a" * 150)
        await pilot.pause()
        line, hint = _lines(app)
        assert line.endswith("balance 1 → -1")
        assert hint == (
            "The prepaid balance has 1 segment left once the 1 segment waiting to go out is "
            "sent and this message needs 2: buy a bundle (tui-sms balance buy) first."
        )
