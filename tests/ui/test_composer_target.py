"""The reply goes to the customer in the header: claiming from Unassigned keeps the claimed
thread highlighted and addressed; on an opted-out thread, letters typed "into the reply"
are swallowed instead of firing the screen's one-key commands."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select
from textual import events
from textual.keys import _character_to_key

from tests.factories import make_customer, make_shop
from tests.ui.conftest import until
from tui_sms.services import consent, outbox
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Direction, Message, Thread, utcnow
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.screens.message_center import MessageCenter
from tui_sms.ui.widgets.composer import Composer, ComposerClosed, ComposerInput
from tui_sms.ui.widgets.thread_list import ThreadList

CUSTOMERS = [
    ("Émilie Côté", "+15142361201"),
    ("John Smith", "+15142361214"),
    ("Ana Pereira", "+15142361222"),
]


def _prepare(settings, opted_out: str | None = None):
    runtime = open_runtime(settings)
    ids = {}
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        start = utcnow() - timedelta(hours=1)
        for minutes, (name, number) in enumerate(CUSTOMERS):
            make_customer(session, shop, name, number)
            message = outbox.queue_to_number(
                session, number, "Hello", author_id=None, now=start + timedelta(minutes=minutes)
            )
            ids[name] = message.thread_id
        if opted_out:
            consent.record_opt_out(session, opted_out, utcnow(), keyword="STOP", source="keyword")
        me = queries.staff_by_login(session, "marie")
        me.language = "en"
    return runtime, me, ids


def _agree(app) -> int | None:
    """The one thread the list, the header and the composer point at (None if they differ)."""
    screen = app.screen
    highlighted = screen.query_one(ThreadList).selected_thread
    shown = screen.current.thread.id if screen.current else None
    address = screen.query_one(Composer).thread_id
    return highlighted if highlighted == shown == address else None


async def test_claiming_the_second_unassigned_thread_keeps_it_highlighted_and_addressed(settings):
    runtime, me, ids = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        await pilot.press("3")
        assert await until(pilot, lambda: _agree(app) == ids["Ana Pereira"])
        await pilot.press("j")
        assert await until(pilot, lambda: _agree(app) == ids["John Smith"])
        await pilot.press("c")
        assert await until(
            pilot,
            lambda: "assigned to Marie" in str(app.screen.query_one("#thread-header").render()),
        )
        assert _agree(app) == ids["John Smith"]
        await pilot.press("enter", *"On it", "enter")

        def sent_to() -> list[int]:
            with session_scope(runtime.engine) as session:
                query = select(Message.thread_id).where(
                    Message.direction == Direction.OUTBOUND, Message.body == "On it"
                )
                return list(session.exec(query))

        assert await until(pilot, lambda: sent_to() == [ids["John Smith"]])


async def test_letters_typed_on_an_opted_out_thread_fire_no_command(settings):
    runtime, me, ids = _prepare(settings, opted_out="+15142361222")  # Ana, listed first
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        assert await until(pilot, lambda: _agree(app) == ids["Ana Pereira"])
        composer = app.screen.query_one(Composer)
        assert await until(pilot, lambda: composer.blocked)
        notice = str(app.screen.query_one(ComposerClosed).render())
        assert "texting is disabled until the customer texts START" in notice
        await pilot.press("r")
        assert isinstance(app.screen.focused, ComposerClosed)
        # t would transfer, e text employees, x resolve, c claim, 2 switch views.
        await pilot.press(*"test", *"xc2", "enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, MessageCenter)
        assert app.screen.view == "all"
        with session_scope(runtime.engine) as session:
            thread = session.get(Thread, ids["Ana Pereira"])
            assert (thread.assignee_id, thread.state) == (None, "open")
        await pilot.press("escape", "j")  # back to the list, which moves again
        assert await until(pilot, lambda: _agree(app) == ids["John Smith"])
        assert not composer.blocked


async def test_a_slow_load_of_the_previous_view_never_paints_over_the_view_asked_for(
    settings, monkeypatch
):
    """Over a slow SSH link the first list (All) can still be loading when the clerk presses
    3: its late answer must not replace the Unassigned list, or a claim lands elsewhere."""
    import threading

    from tui_sms.services import inbox_view

    runtime, me, ids = _prepare(settings)
    with session_scope(runtime.engine) as session:
        claimed = session.get(Thread, ids["Ana Pereira"])
        claimed.assignee_id = me.id
    real_page = inbox_view.thread_page
    release_all = threading.Event()

    def thread_page(engine, view, *args, **kwargs):
        if view == "all":
            release_all.wait(10)
        return real_page(engine, view, *args, **kwargs)

    monkeypatch.setattr(inbox_view, "thread_page", thread_page)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        await pilot.press("3")
        assert await until(pilot, lambda: app.screen.query_one(ThreadList).row_count == 2)
        release_all.set()
        await pilot.pause(0.5)
        assert app.screen.query_one(ThreadList).row_count == 2
        assert _agree(app) == ids["John Smith"]


async def test_enter_sends_every_letter_typed_before_it_even_when_the_screen_lags(settings):
    """Keys reach the composer through its own queue, but Enter is the app's (a priority
    binding): over a slow link the last letters were still queued when Enter read the text,
    and the reply went out cut short while they landed in the emptied composer."""
    runtime, me, _ids = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(140, 40)) as pilot:
        assert await until(pilot, lambda: _agree(app) is not None)
        await pilot.press("enter")
        composer = app.screen.query_one(Composer)
        assert await until(pilot, lambda: app.focused is composer.query_one("ComposerInput"))
        # A burst the app reads in one go, as a terminal delivers it: nothing in between
        # lets the composer take its letters before Enter is seen.
        for character in "Ready at 4.":
            app.post_message(events.Key(_character_to_key(character), character))
        app.post_message(events.Key("enter", "\r"))
        assert await until(pilot, lambda: _sent(runtime, me) != [])
        assert await until(pilot, lambda: composer.text == "")
    assert _sent(runtime, me) == ["Ready at 4."]


def _sent(runtime, me) -> list[str]:
    with session_scope(runtime.engine) as session:
        sent = session.exec(select(Message).where(Message.author_id == me.id)).all()
        return [message.body for message in sent]


async def test_a_reply_sent_while_the_next_conversation_loads_goes_to_nobody(settings):
    """Opening another conversation holds the composer until its header is shown: Enter in
    that moment sends nothing, to the old customer or the new, and the half-written reply
    stays with the customer it was written to."""
    runtime, me, ids = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        assert await until(pilot, lambda: _agree(app) == ids["Ana Pereira"])
        composer = app.screen.query_one(Composer)
        await pilot.press("enter", *"For Ana")
        assert await until(pilot, lambda: composer.query_one(ComposerInput).text == "For Ana")
        # Both in one go, before the next conversation's read can answer.
        app.screen.open_thread(ids["John Smith"])
        composer.query_one(ComposerInput)._submit()
        assert composer.thread_id is None
        assert await until(pilot, lambda: _agree(app) == ids["John Smith"])
        await pilot.pause(0.2)
        with session_scope(runtime.engine) as session:
            outbound = select(Message.body).where(Message.direction == Direction.OUTBOUND)
            assert "For Ana" not in list(session.exec(outbound))
        assert composer.query_one(ComposerInput).text == ""
        assert not composer.query_one(ComposerInput).read_only
        app.screen.open_thread(ids["Ana Pereira"])
        assert await until(pilot, lambda: _agree(app) == ids["Ana Pereira"])
        assert composer.query_one(ComposerInput).text == "For Ana"


async def test_letters_typed_with_the_slash_before_the_app_reads_them_reach_the_search(settings):
    """A busy app reads "/" and the letters after it before the search has the focus: the
    letters go to the list first, and must still end up in the search box."""
    runtime, me, ids = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        assert await until(pilot, lambda: _agree(app) == ids["Ana Pereira"])
        assert isinstance(app.screen.focused, ThreadList)
        # All in the app's queue at once, as a terminal delivers them to a busy app.
        for character in "/John":
            key = "slash" if character == "/" else _character_to_key(character)
            app.post_message(events.Key(key, character))
        search = app.screen.query_one("#search")
        assert await until(pilot, lambda: search.value == "John")
        assert await until(pilot, lambda: _agree(app) == ids["John Smith"])


async def test_keys_typed_after_esc_in_one_go_move_in_the_list_not_the_reply(settings):
    """On a narrow terminal, Esc leaves the reply for the list. A clerk's "Esc, Down, Enter"
    arrives over SSH in one burst: the Down and the Enter are meant for the list (the next
    conversation), not for the reply being left, where Enter sent the half-written reply
    the clerk had just walked away from."""
    runtime, me, ids = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await until(pilot, lambda: _agree(app) == ids["Ana Pereira"])
        await pilot.press("enter", *"Not yet")
        typing = app.screen.query_one(ComposerInput)
        assert await until(pilot, lambda: typing.text == "Not yet" and app.screen.reading)
        app.post_message(events.Key("escape", "\x1b"))
        app.post_message(events.Key("down", None))
        app.post_message(events.Key("enter", "\r"))
        assert await until(pilot, lambda: _agree(app) == ids["John Smith"])
        assert await until(pilot, lambda: app.screen.reading)
        await pilot.pause(0.3)
        assert app.focused is typing
    assert _sent(runtime, me) == []
