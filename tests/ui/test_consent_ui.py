"""Consent and opt-out in the message center, with real keys."""
# Marie works in French (the factory staff): the header and composer speak it.

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest
from sqlmodel import select
from textual import events
from textual.widgets import Input

from tests.factories import make_customer, make_shop
from tests.ui.conftest import until
from tui_sms.domain.compliance import QuietHours, in_quiet_hours, local_time
from tui_sms.services import outbox
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Consent, Message, OptOut, Shop, Thread, utcnow
from tui_sms.ui import i18n
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.screens.consent import ConfirmScreen, ConsentScreen
from tui_sms.ui.screens.new_conversation import NewConversation
from tui_sms.ui.widgets.composer import ComposerInput
from tui_sms.ui.widgets.conversation import Conversation, MessageBubble
from tui_sms.ui.widgets.thread_list import ThreadList

NUMBER = "+15142361201"


def _shown(app) -> list[MessageBubble]:
    """The messages the open conversation shows (none while a dialog is up)."""
    return [b for c in app.screen.query(Conversation) for b in c.bubbles]


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def _runtime(sandbox_settings, *, consent: bool, flagged: str = ""):
    runtime = open_runtime(sandbox_settings)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Émilie Côté", NUMBER, language="fr", consent=consent)
        if consent:
            outbox.queue_to_number(session, NUMBER, "Votre auto est prête.", author_id=None)
        else:
            session.add(Thread(shop_id=shop.id or 0, number=NUMBER, customer_id=1, flagged=flagged))
        me = queries.staff_by_login(session, "marie")
    return runtime, me


async def _new_conversation(app, pilot) -> None:
    """From the message center with its one conversation listed, `w`."""
    assert await until(pilot, lambda: app.screen.query_one(ThreadList).row_count == 1)
    await pilot.press("w")
    assert await until(pilot, lambda: isinstance(app.screen, NewConversation))


async def test_a_number_tab_and_message_typed_in_one_burst_go_to_that_customer(settings):
    """Over SSH the whole line comes in one burst: the app reads the Tab before the field
    has read the number's last digits, while its matches are still those of a shorter text
    (two of them: the customer and "Text 514 236 1"). The message goes to the customer."""
    runtime, me = _runtime(settings, consent=True)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await _new_conversation(app, pilot)
        for character in "514 236-1201\tÀ demain\r":
            key = {"\t": "tab", " ": "space", "\r": "enter", "-": "minus"}.get(character)
            app.post_message(events.Key(key or character, character))
        assert await until(pilot, lambda: not isinstance(app.screen, NewConversation))
    with session_scope(runtime.engine) as session:
        sent = session.exec(select(Message).where(Message.body == "À demain")).one()
        assert session.get(Thread, sent.thread_id).number == NUMBER


async def test_composer_is_disabled_with_the_reason_after_stop(sandbox_settings, sandbox):
    runtime, me = _runtime(sandbox_settings, consent=True)
    app = TuiSmsApp(runtime, me, run_worker_inside=True)
    async with app.run_test(size=(140, 40)) as pilot:
        assert await until(pilot, lambda: app.screen.query_one(ThreadList).row_count == 1)
        composer = app.screen.query_one(ComposerInput)
        assert await until(
            pilot, lambda: "Consentement : papier signé" in _text(app, "#thread-consent")
        )
        assert not composer.disabled

        def ledger() -> list[dict]:
            return httpx.get(
                f"{sandbox.base_url}/sandbox/ledger", headers=sandbox.control_headers
            ).json()["messages"]

        assert await until(pilot, lambda: len(ledger()) == 2)  # disclaimer and message
        await asyncio.to_thread(
            httpx.post,
            f"{sandbox.base_url}/sandbox/inbound",
            headers=sandbox.control_headers,
            data={"From": NUMBER, "To": ledger()[0]["from"], "Body": "STOP"},
        )
        assert await until(pilot, lambda: composer.disabled)
        assert "désactivés jusqu'à ce que le client écrive START" in _text(app, "#composer-blocked")
        assert "Désabonné (STOP le" in _text(app, "#thread-consent")


async def test_shift_c_records_consent_for_the_open_thread(sandbox_settings, sandbox):
    runtime, me = _runtime(sandbox_settings, consent=False)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(140, 40)) as pilot:
        assert await until(
            pilot, lambda: "Aucun consentement au dossier" in _text(app, "#thread-consent")
        )
        await pilot.press("C")  # c claims the thread
        assert await until(pilot, lambda: isinstance(app.screen, ConsentScreen))
        await pilot.press("down", "enter")  # RadioSet: move to "Electronic", select it
        await pilot.press("tab", "enter")  # the wording field: Enter records
        assert await until(
            pilot, lambda: "Consentement : électronique" in _text(app, "#thread-consent")
        )
    with session_scope(runtime.engine) as session:
        row = session.exec(select(Consent)).one()
        assert (row.number, row.recorded_by, row.method) == (NUMBER, "marie", "electronic")
        assert "Garage Test" in row.wording


async def test_shift_o_records_the_opt_out_of_a_flagged_thread(sandbox_settings, sandbox):
    runtime, me = _runtime(sandbox_settings, consent=False, flagged="may ask to stop")
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(140, 40)) as pilot:
        assert await until(pilot, lambda: "may ask to stop" in _text(app, "#thread-consent"))
        await pilot.press("O")  # o reopens a resolved thread
        composer = app.screen.query_one(ComposerInput)
        assert await until(pilot, lambda: composer.disabled)
        assert "enregistré par le personnel" in _text(app, "#thread-consent")
    with session_scope(runtime.engine) as session:
        assert session.get(OptOut, NUMBER).source == "staff: marie"
        assert session.exec(select(Thread)).one().flagged == ""


def _quiet_now(runtime) -> None:
    """Quiet hours around this moment: the screens ask the real clock, so the window is
    centred on the moment the test runs and a text falls inside it whatever the hour."""
    with session_scope(runtime.engine) as session:
        shop = session.exec(select(Shop)).one()
        here = local_time(utcnow(), "America/Toronto")
        shop.quiet_start = (here - timedelta(hours=2)).time()
        shop.quiet_end = (here + timedelta(hours=2)).time()
        quiet = QuietHours(shop.quiet_start, shop.quiet_end)
    assert in_quiet_hours(utcnow(), "America/Toronto", quiet)


async def test_a_reply_in_quiet_hours_asks_first(sandbox_settings, sandbox):
    runtime, me = _runtime(sandbox_settings, consent=True)
    _quiet_now(runtime)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(140, 40)) as pilot:
        assert await until(pilot, lambda: app.screen.query_one(ThreadList).row_count == 1)
        await pilot.press("enter", *"Tard", "enter")
        assert await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        # Marie reads French: the question is hers, with the customer's own time.
        assert "pour ce client. L'envoyer quand même?" in _text(app, "#confirm-question")
        await pilot.press("y")
        assert await until(
            pilot,
            lambda: any("Tard" in str(b.render()) for b in _shown(app)),
        )
    with session_scope(runtime.engine) as session:
        assert session.exec(select(Message).where(Message.body == "Tard")).one().status == "queued"


async def test_a_new_conversation_in_quiet_hours_asks_and_then_sends(sandbox_settings, sandbox):
    runtime, me = _runtime(sandbox_settings, consent=True)
    _quiet_now(runtime)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await _new_conversation(app, pilot)
        await pilot.press(*"514 236-1201", "tab")
        assert await until(pilot, lambda: app.focused is app.screen.query_one("#new-body"))
        await pilot.press(*"La nuit", "enter")
        assert await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "L'envoyer quand même?" in _text(app, "#confirm-question")
        await pilot.press("y")
        assert await until(
            pilot, lambda: not isinstance(app.screen, (ConfirmScreen, NewConversation))
        )
    with session_scope(runtime.engine) as session:
        sent = session.exec(select(Message).where(Message.body == "La nuit")).one()
        assert sent.status == "queued"


@pytest.mark.parametrize(
    ("customer_language", "wording"),
    [
        ("en", "I agree to receive text messages from Garage Test."),
        ("fr", "J'accepte de recevoir des textos de Garage Test."),
    ],
)
async def test_the_wording_offered_is_in_the_customers_language(
    settings, customer_language, wording
):
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Sam Roy", NUMBER, language=customer_language, consent=False)
        session.add(Thread(shop_id=shop.id or 0, number=NUMBER, customer_id=1))
        me = queries.staff_by_login(session, "marie")  # she reads French either way
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    try:
        async with app.run_test(size=(140, 40)) as pilot:
            assert await until(
                pilot, lambda: "Aucun consentement au dossier" in _text(app, "#thread-consent")
            )
            await pilot.press("C")
            assert await until(pilot, lambda: isinstance(app.screen, ConsentScreen))
            assert app.screen.query_one("#consent-wording", Input).value == wording
    finally:
        i18n.set_language("en")


async def test_letters_typed_with_tab_land_in_the_message_not_the_number(settings):
    """A clerk types the number, Tab and the message in one burst; a busy app reads them all
    before moving the focus. The message must not end up after the number."""
    runtime, me = _runtime(settings, consent=True)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await _new_conversation(app, pilot)
        await pilot.press(*"514 236-1201")
        for character in "\tHi":
            key = "tab" if character == "\t" else character
            app.post_message(events.Key(key, character))
        body = app.screen.query_one("#new-body")
        assert await until(pilot, lambda: body.value.endswith("Hi"))
        assert app.screen.query_one("#new-to").value == "514 236-1201"
