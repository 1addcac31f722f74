"""The banner staff see while the worker cannot reach the provider."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Static

from tests.factories import make_customer, make_shop
from tui_sms.services import outbox
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries, seat
from tui_sms.store.engine import session_scope
from tui_sms.store.models import utcnow
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.format import local


async def test_banner_names_when_the_outage_began_and_what_waits(settings):
    runtime = open_runtime(settings)
    down_since = utcnow() - timedelta(minutes=7)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Émilie Côté", "+15142361201", language="fr")
        for i in range(12):
            outbox.queue_to_number(session, "+15142361201", f"Message {i}", author_id=None)
        me = queries.staff_by_login(session, "marie")
        me.language = "en"  # the English words; the French line is checked by test_i18n
        queries.beat(session, "shop-server:4242", utcnow(), down_since)
        # That worker service holds the sender seat: no "nobody sends" banner besides.
        now = utcnow()
        seat.take_or_keep(session, "shop-server:4242", seat.WORKER, now, now + timedelta(hours=1))
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(140, 40)) as pilot:
        banner = app.screen.query_one("#banner", Static)
        for _ in range(60):
            if banner.display:
                break
            await pilot.pause(0.05)
        since = local(down_since, "America/Toronto").strftime("%H:%M")
        assert str(banner.render()) == (
            # the 12 messages and the disclaimer that goes before the number's first text
            f"Provider unreachable since {since} — 13 messages waiting to go out."
        )

        with session_scope(runtime.engine) as session:
            queries.beat(session, "shop-server:4242", utcnow(), None)
        for _ in range(60):
            if not banner.display:
                break
            await pilot.pause(0.05)
        assert not banner.display
