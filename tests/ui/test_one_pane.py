"""A narrow terminal (80x24, a laptop's SSH window): one pane at a time, driven by real keys."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import make_customer, make_shop
from tests.ui.conftest import until
from tui_sms.services import consent, outbox, threads
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Thread, utcnow
from tui_sms.ui import i18n
from tui_sms.ui.app import TuiSmsApp, translated_classes
from tui_sms.ui.screens.message_center import MessageCenter
from tui_sms.ui.widgets.composer import Composer, ComposerClosed, ComposerInput
from tui_sms.ui.widgets.thread_list import ThreadList

CUSTOMERS = [
    ("Émilie Côté", "+15142361201"),
    ("John Smith", "+15142361214"),
    ("Ana Pereira", "+15142361222"),
]


def _app(settings, *, unread: bool = False, opted_out: str | None = None) -> TuiSmsApp:
    runtime = open_runtime(settings)
    start = utcnow() - timedelta(hours=1)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        for minutes, (name, number) in enumerate(CUSTOMERS):
            make_customer(session, shop, name, number)
            message = outbox.queue_to_number(
                session,
                number,
                f"Hello {name}",
                author_id=None,
                now=start + timedelta(minutes=minutes),
            )
            if unread:
                session.get(Thread, message.thread_id).unread_count = 1
        if opted_out:
            consent.record_opt_out(session, opted_out, utcnow(), keyword="STOP", source="keyword")
        me = queries.staff_by_login(session, "marie")
        me.language = "en"
    return TuiSmsApp(runtime, me, run_worker_inside=False)


def _panes(app) -> tuple[bool, bool]:
    """(thread list shown, conversation shown)."""
    screen = app.screen
    return screen.query_one("#left").display, screen.query_one("#right").display


async def _ready(pilot) -> MessageCenter:
    app = pilot.app
    assert await until(pilot, lambda: isinstance(app.screen, MessageCenter))
    screen = app.screen
    assert await until(pilot, lambda: screen.current is not None)
    return screen


async def test_enter_opens_the_conversation_pane_and_esc_goes_back_to_the_list(settings):
    app = _app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        assert _panes(app) == (True, False)
        assert isinstance(screen.focused, ThreadList)
        # The footer names the key that opens a thread.
        assert app.active_bindings["enter"].binding.description == "Open"

        await pilot.press("j", "enter")
        second = screen.query_one(ThreadList).selected_thread
        assert await until(pilot, lambda: _panes(app) == (False, True))
        assert isinstance(screen.focused, ComposerInput)
        assert screen.query_one(Composer).thread_id == second
        # The way back is named in the footer, first.
        back = app.active_bindings["escape"]
        assert back.enabled and back.binding.description == "Back"
        shown = [key for key, active in app.active_bindings.items() if active.binding.show]
        assert shown[0] == "escape"

        await pilot.press(*"On my way")
        await pilot.press("escape")
        assert await until(pilot, lambda: _panes(app) == (True, False))
        assert isinstance(screen.focused, ThreadList)
        assert screen.query_one(ThreadList).selected_thread == second
        assert screen.query_one(Composer).text == "On my way"  # kept, not lost


async def test_r_opens_the_conversation_pane_too(settings):
    app = _app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        await pilot.press("r")
        assert await until(pilot, lambda: _panes(app) == (False, True))
        assert isinstance(screen.focused, ComposerInput)


async def test_resizing_switches_the_layout_live(settings):
    app = _app(settings)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await _ready(pilot)
        assert _panes(app) == (True, True)
        await pilot.resize_terminal(80, 24)
        assert await until(pilot, lambda: _panes(app) == (True, False))
        await pilot.press("enter")
        assert await until(pilot, lambda: _panes(app) == (False, True))
        await pilot.resize_terminal(160, 45)
        assert await until(pilot, lambda: _panes(app) == (True, True))
        assert isinstance(screen.focused, ComposerInput)  # the reply being typed stays


async def test_an_opted_out_thread_opens_on_its_reason_and_esc_still_goes_back(settings):
    app = _app(settings, opted_out=CUSTOMERS[-1][1])  # the newest thread, listed first
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        await pilot.press("enter")
        assert await until(pilot, lambda: _panes(app) == (False, True))
        assert isinstance(screen.focused, ComposerClosed)
        assert "escape" in app.active_bindings
        await pilot.press(*"cx")  # swallowed, not Claim / Resolve
        await pilot.press("escape")
        assert await until(pilot, lambda: _panes(app) == (True, False))


async def test_a_thread_passed_over_in_the_narrow_list_stays_unread(settings):
    app = _app(settings, unread=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(pilot)
        threads = screen.query_one(ThreadList)

        def unread(thread_id: int) -> int:
            with session_scope(app.runtime.engine) as session:
                return session.get(Thread, thread_id).unread_count

        first = threads.selected_thread
        await pilot.press("j")
        assert await until(pilot, lambda: screen.current.thread.id != first)
        passed = screen.current.thread.id
        assert unread(first) == 1 and unread(passed) == 1
        await pilot.press("enter")
        assert await until(pilot, lambda: unread(passed) == 0)
        assert unread(first) == 1

        await pilot.press("escape", "k")  # back on the first thread, in the list pane
        assert await until(pilot, lambda: screen.current.thread.id == first)
        assert unread(first) == 1
        await pilot.resize_terminal(160, 45)  # now its conversation is beside the list
        assert await until(pilot, lambda: unread(first) == 0)


async def test_the_header_and_the_views_line_fit_one_line_at_80_columns(settings):
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        number = "+15142361201"
        make_customer(session, shop, "Marie-Ève Bélanger-Lachance", number, language="fr")
        message = outbox.queue_to_number(session, number, "Votre auto est prête.", author_id=None)
        me = queries.staff_by_login(session, "marie")
        me.language = "fr"
        threads.claim_thread(session, message.thread_id, me)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _ready(pilot)
            assert screen.query_one("#views").size.height == 1
            await pilot.press("enter")
            assert await until(pilot, lambda: _panes(app) == (False, True))
            header = screen.query_one("#thread-header")
            assert await until(pilot, lambda: header.size.width > 0)
            await pilot.pause(0.1)
            # Name, number, holder and state on one line; the consent line says the rest.
            shown = str(header.render())
            assert "Marie-Ève Bélanger-Lachance" in shown and "assignée à Marie Gagnon" in shown
            assert header.size.height == 1
            assert "consentement au dossier" not in shown
    finally:
        i18n.set_language("en")
        i18n.translate_bindings(*translated_classes())
