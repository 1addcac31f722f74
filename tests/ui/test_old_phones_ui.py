"""The composer's option for old phones with real keys: off by default, Ctrl+L turns it on
(the footer and the estimate line say so, with the cost against one long text), and Enter
queues the numbered parts in order."""

from __future__ import annotations

from sqlmodel import select

from tests.factories import make_customer, make_shop
from tests.services.test_long_text_sending import CUSTOMER, LONG
from tests.ui.conftest import until
from tui_sms.services import outbox
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Direction, Message
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.widgets.composer import Composer, ComposerInput
from tui_sms.ui.widgets.thread_list import ThreadList


def _prepare(settings, language: str):
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Jane Doe", CUSTOMER)
        outbox.queue_to_number(session, CUSTOMER, "Your car is in.", author_id=None)
        me = queries.staff_by_login(session, "marie")
        me.language = language
    return runtime, me


def _footer(app) -> dict[str, str]:
    return {
        key: active.binding.description
        for key, active in app.screen.active_bindings.items()
        if active.enabled
    }


async def _write_long_reply(app, pilot) -> Composer:
    assert await until(pilot, lambda: app.screen.query_one(ThreadList).row_count == 1)
    await pilot.press("enter")
    composer = app.screen.query_one(Composer)
    assert await until(pilot, lambda: composer.balance is not None)
    composer.query_one(ComposerInput).insert(LONG)
    await pilot.pause()
    return composer


async def test_toggle_estimate_and_three_parts_in_order(settings):
    runtime, me = _prepare(settings, "en")
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(160, 45)) as pilot:
        composer = await _write_long_reply(app, pilot)
        estimate = composer.query_one("#estimate")
        assert not composer.in_parts
        assert _footer(app)["ctrl+l"] == "Old phones: off"
        assert "old phones" not in str(estimate.render())
        # 2,500 less the waiting disclaimer and text (1 + 1), less this one (3 segments)
        assert str(estimate.render()).endswith("balance 2,498 → 2,495")

        await pilot.press("ctrl+l")
        assert composer.in_parts
        assert _footer(app)["ctrl+l"] == "Old phones: ON"
        # The line starts with the texts that go out; the hint under it compares the costs.
        line = str(estimate.render())
        assert line.startswith("Old phones: 3 texts · GSM-7 · 3 segments")
        assert line.endswith("balance 2,498 → 2,495")
        hint = str(composer.query_one("#estimate-hint").render())
        assert hint.startswith("old phones: 3 texts, $0.045 (one long text: 3 seg., $0.045)")

        await pilot.press("enter")
        assert await until(pilot, lambda: composer.text == "")

    with session_scope(runtime.engine) as session:
        replies = session.exec(
            select(Message)
            .where(Message.direction == Direction.OUTBOUND, Message.author_id == me.id)
            .order_by(Message.id)
        ).all()
    assert [m.body[:6] for m in replies] == ["(1/3) ", "(2/3) ", "(3/3) "]
    assert all(m.segments == 1 for m in replies)


async def test_in_french_at_80_columns(settings):
    runtime, me = _prepare(settings, "fr")
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(80, 24)) as pilot:
        composer = await _write_long_reply(app, pilot)
        await pilot.press("ctrl+l")
        assert _footer(app)["ctrl+l"] == "Vieux téléphones : OUI"
        assert str(composer.query_one("#estimate").render()).startswith(
            "Vieux téléphones : 3 textos · "
        )
        assert "vieux téléphones : 3 textos" in str(composer.query_one("#estimate-hint").render())
        await pilot.press("ctrl+l")
        assert not composer.in_parts
        assert _footer(app)["ctrl+l"] == "Vieux téléphones : non"
