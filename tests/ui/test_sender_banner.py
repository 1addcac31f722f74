"""The banner every app shows while nobody sends and texts wait, and the app taking the
sender seat itself when no worker service holds it."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Static

from tests.factories import make_customer, make_shop
from tests.ui.conftest import until
from tui_sms.services import outbox
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries, seat
from tui_sms.store.engine import session_scope
from tui_sms.store.models import utcnow
from tui_sms.ui import i18n
from tui_sms.ui.app import TuiSmsApp


def _queued_shop(settings, language: str = "en"):
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Émilie Côté", "+15142361201", language="fr")
        outbox.queue_to_number(session, "+15142361201", "Votre auto est prête.", author_id=None)
        me = queries.staff_by_login(session, "marie")
        me.language = language
        # Somebody sent an hour ago, and nobody since.
        long_ago = utcnow() - timedelta(hours=1)
        seat.take_or_keep(session, "old-app:1", seat.APP, long_ago, long_ago)
    return runtime, me


async def test_nobody_sending_shows_what_to_do_until_a_sender_holds_the_seat(settings):
    runtime, me = _queued_shop(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(140, 40)) as pilot:
        banner = app.screen.query_one("#banner", Static)
        assert await until(pilot, lambda: banner.display)
        shown = str(banner.render())
        # the reply and the disclaimer that goes before the number's first text
        assert "No sender has run since" in shown and "2 texts wait to go out" in shown
        assert "tui-sms worker" in shown and "docs/deployment.md" in shown

        with session_scope(runtime.engine) as session:
            now = utcnow()
            seat.take_or_keep(session, "server:7", seat.WORKER, now, now + timedelta(hours=1))
        assert await until(pilot, lambda: not banner.display)


async def test_the_banner_speaks_french(settings):
    runtime, me = _queued_shop(settings, language="fr")
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    try:
        async with app.run_test(size=(140, 40)) as pilot:
            banner = app.screen.query_one("#banner", Static)
            assert await until(pilot, lambda: banner.display)
            shown = str(banner.render())
            assert "Aucun expéditeur n'a tourné depuis" in shown
            assert "gardez un tui-sms ouvert" in shown
    finally:
        i18n.set_language("en")


async def test_an_app_takes_the_free_seat_and_gives_it_up_when_it_quits(sandbox_settings):
    runtime, me = _queued_shop(sandbox_settings)
    app = TuiSmsApp(runtime, me)
    async with app.run_test(size=(140, 40)) as pilot:

        def holder() -> seat.SeatState:
            with session_scope(runtime.engine) as session:
                return seat.read_seat(session)

        assert await until(pilot, lambda: holder().held(utcnow()))
        assert holder().kind == seat.APP
        banner = app.screen.query_one("#banner", Static)
        assert not banner.display
        await pilot.press("ctrl+q")
    assert holder().holder is None  # left at once, so another app takes it on its next try
