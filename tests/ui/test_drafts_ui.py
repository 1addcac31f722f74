"""Nothing typed is lost: the composer's text comes back after quitting without sending,
follows each conversation, and goes once the reply is sent."""

from __future__ import annotations

from tests.factories import make_customer, make_shop
from tests.ui.conftest import until
from tui_sms.services import draft_view, outbox
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.screens.consent import ConfirmScreen
from tui_sms.ui.widgets.composer import Composer, ComposerInput
from tui_sms.ui.widgets.thread_list import ThreadList


def _prepare(settings):
    """Two conversations (Émilie's is the newest, so it opens first)."""
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Jean Roy", "+15142361202", language="fr")
        make_customer(session, shop, "Émilie Côté", "+15142361201", language="fr")
        outbox.queue_to_number(session, "+15142361202", "Bonjour Jean.", author_id=None)
        outbox.queue_to_number(session, "+15142361201", "Bonjour Émilie.", author_id=None)
        me = queries.staff_by_login(session, "marie")
        me.language = "en"
    return runtime, me


def _composer(app) -> str:
    return app.screen.query_one(Composer).text


def _open(app) -> int | None:
    return app.screen.open_thread_id


async def _ready(pilot, app) -> int:
    """The list is shown and the first conversation open in the composer."""
    threads = app.screen.query_one(ThreadList)
    assert await until(pilot, lambda: threads.row_count == 2)
    composer = app.screen.query_one(Composer)
    assert await until(pilot, lambda: composer.drafts.loaded and composer.thread_id is not None)
    return _open(app)


async def test_a_reply_typed_then_left_unsent_is_back_next_time(settings):
    runtime, me = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(140, 40)) as pilot:
        first = await _ready(pilot, app)
        await pilot.press("enter")
        await pilot.press(*"Your car is")
        await pilot.press("ctrl+j")
        await pilot.press(*"ready")
        await pilot.press("ctrl+q")  # at once: no time for the pause-after-typing save
    assert draft_view.draft_for(runtime.engine, me.id, first) == "Your car is\nready"

    again = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with again.run_test(size=(140, 40)) as pilot:
        assert await _ready(pilot, again) == first
        assert await until(pilot, lambda: _composer(again) == "Your car is\nready")
        # The cursor waits at the end of the draft: typing goes on where it stopped.
        await pilot.press("enter")
        assert again.screen.query_one(ComposerInput).has_focus
        await pilot.press(*" at 5")
        assert _composer(again) == "Your car is\nready at 5"


async def test_a_pause_in_typing_saves_and_each_conversation_keeps_its_own(settings):
    runtime, me = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(140, 40)) as pilot:
        first = await _ready(pilot, app)
        await pilot.press("enter")
        await pilot.press(*"For Emilie")
        # Saved while the app still runs: a killed app would find it.
        assert await until(
            pilot, lambda: draft_view.draft_for(runtime.engine, me.id, first) == "For Emilie"
        )
        await pilot.press("escape", "down")
        assert await until(pilot, lambda: _open(app) != first and _composer(app) == "")
        second = _open(app)
        await pilot.press("enter")
        await pilot.press(*"For Jean")
        await pilot.press("escape", "up")
        assert await until(pilot, lambda: _open(app) == first)
        assert await until(pilot, lambda: _composer(app) == "For Emilie")
        assert draft_view.draft_for(runtime.engine, me.id, second) == "For Jean"
        assert draft_view.threads_with_drafts(runtime.engine, me.id) == {first, second}
    # Luc sees none of Marie's drafts.
    with session_scope(runtime.engine) as session:
        luc = queries.staff_by_login(session, "luc")
    assert draft_view.threads_with_drafts(runtime.engine, luc.id) == frozenset()


async def test_sending_or_clearing_the_reply_leaves_no_draft(settings):
    runtime, me = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(140, 40)) as pilot:
        first = await _ready(pilot, app)
        await pilot.press("enter")
        await pilot.press(*"On vous attend.")
        assert await until(pilot, lambda: draft_view.draft_for(runtime.engine, me.id, first) != "")
        await pilot.press("enter")
        if await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), 1):
            await pilot.press("y")  # at night for the customer the app asks once
        assert await until(pilot, lambda: _composer(app) == "")
        assert await until(pilot, lambda: draft_view.draft_for(runtime.engine, me.id, first) == "")
        await pilot.press(*"Oops")
        assert await until(
            pilot, lambda: draft_view.draft_for(runtime.engine, me.id, first) == "Oops"
        )
        await pilot.press(*["backspace"] * 4)
        assert await until(pilot, lambda: draft_view.draft_for(runtime.engine, me.id, first) == "")
        await pilot.press("ctrl+q")
    assert draft_view.threads_with_drafts(runtime.engine, me.id) == frozenset()
