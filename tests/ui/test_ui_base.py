"""What every screen shares: the change watcher leaves out the app's own changes (an action
reloads once) but still reloads for others'; a refusal from any screen is shown in the staff's
language; a worker that fails is said in the banner and the app keeps running."""

from __future__ import annotations

from tests.factories import make_customer, make_shop
from tests.ui.conftest import until
from tui_sms.services import outbox, threads
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.ui import i18n
from tui_sms.ui.app import TuiSmsApp, translated_classes
from tui_sms.ui.messages import DataChanged
from tui_sms.ui.screens.message_center import MessageCenter

NUMBER = "+15142361201"


def _prepare(settings, language: str = "en"):
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Émilie Côté", NUMBER)
        thread_id = outbox.queue_to_number(session, NUMBER, "Ready.", author_id=None).thread_id
        me = queries.staff_by_login(session, "marie")
        me.language = language
    return runtime, me, thread_id


def _latest_change(runtime) -> int:
    with session_scope(runtime.engine) as session:
        return queries.latest_change_id(session)


def _spy_data_changed(screen) -> list[DataChanged]:
    seen: list[DataChanged] = []
    post = screen.post_message

    def recording(message):
        if isinstance(message, DataChanged):
            seen.append(message)
        return post(message)

    screen.post_message = recording
    return seen


async def test_own_action_is_not_reloaded_again_but_another_persons_is(settings):
    runtime, me, thread_id = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(140, 40)) as pilot:
        assert await until(pilot, lambda: app.screen.current is not None, 10.0)
        assert await until(pilot, lambda: app.last_change_id == _latest_change(runtime), 10.0)
        seen = _spy_data_changed(app.screen)

        before = app.last_change_id
        await pilot.press("c")  # claim: the app's own change
        assert await until(pilot, lambda: app.screen.current.thread.assignee_id == me.id, 10.0)
        # The watcher has looked past the claim's change marker, and said nothing.
        assert await until(
            pilot, lambda: app.last_change_id == _latest_change(runtime) > before, 10.0
        )
        assert seen == []

        with session_scope(runtime.engine) as session:  # someone else adds a note
            luc = queries.staff_by_login(session, "luc")
            threads.add_note(session, thread_id, luc, "Called the customer.")
        assert await until(pilot, lambda: any(thread_id in m.thread_ids for m in seen), 10.0)


async def test_a_refusal_is_shown_in_the_staff_language(settings):
    runtime, me, thread_id = _prepare(settings, language="fr")
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    try:
        async with app.run_test(size=(140, 40)) as pilot:
            assert await until(pilot, lambda: app.screen.current is not None, 10.0)
            screen = app.screen
            screen.run_service(
                lambda: screen.perform(lambda s: threads.add_note(s, thread_id, me, "  ")),
                group="note",
            )
            assert await until(
                pilot,
                lambda: any(
                    "La note est vide : écrivez quelque chose." in str(n.message)
                    for n in app._notifications
                ),
            )
    finally:
        i18n.set_language("en")
        i18n.translate_bindings(*translated_classes())


async def test_a_failed_worker_is_said_in_the_banner_and_the_app_keeps_running(settings):
    runtime, me, _thread_id = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(140, 40)) as pilot:
        assert await until(pilot, lambda: app.screen.current is not None, 10.0)
        screen = app.screen
        banner = screen.query_one("#banner")

        def broken() -> None:
            raise OSError("disk I/O error")

        screen.run_service(broken, group="load-threads")
        assert await until(pilot, lambda: banner.display, 10.0)
        assert "Something went wrong (load-threads): disk I/O error." in str(banner.render())
        assert app.is_running and isinstance(app.screen, MessageCenter)

        screen.load_threads()  # the same work going through again clears the banner
        # (It may still say that no sender runs: this app never sends, and a text waits.)
        assert await until(
            pilot,
            lambda: not banner.display or "Something went wrong" not in str(banner.render()),
            10.0,
        )
