"""Views, claim / resolve / transfer, notes, next unread, search, the Failed view and the
command palette, driven with real keys on a SQLite file (no worker: nothing is sent)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from tests.factories import TRANSACTIONAL, make_customer, make_shop
from tests.ui.conftest import until
from tui_sms.services import outbox, threads
from tui_sms.services.runtime import open_runtime
from tui_sms.services.statuses import set_status
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Direction, Message, Thread, utcnow
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.screens.failed import FailedMessages
from tui_sms.ui.screens.transfer import TransferPicker
from tui_sms.ui.widgets.conversation import Conversation, MessageBubble
from tui_sms.ui.widgets.thread_list import ThreadList

CUSTOMERS = [
    ("Émilie Côté", "+15142361201", "Votre auto est prête."),
    ("John Smith", "+15142361214", "Your brakes are done."),
    ("Ana Pereira", "+15142361222", "Tires arrived."),
]


def _shown(app) -> list[MessageBubble]:
    """The messages the open conversation shows (none while a dialog is up)."""
    return [b for c in app.screen.query(Conversation) for b in c.bubbles]


def _prepare(settings):
    runtime = open_runtime(settings)
    ids = {}
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        start = utcnow() - timedelta(hours=1)
        for minutes, (name, number, body) in enumerate(CUSTOMERS):
            make_customer(session, shop, name, number)
            message = outbox.queue_to_number(
                session, number, body, author_id=None, now=start + timedelta(minutes=minutes)
            )
            ids[name] = message.thread_id
        session.get(Thread, ids["John Smith"]).unread_count = 2
        me = queries.staff_by_login(session, "marie")
        me.language = "en"  # these tests read the English words; French has its own test
    return runtime, me, ids


def _names(app) -> list[str]:
    table = app.screen.query_one(ThreadList)
    return [str(table.get_row_at(i)[1]).split("\n")[0] for i in range(table.row_count)]


def _views_line(app) -> str:
    return str(app.screen.query_one("#views").render())


def _shown_bindings(app) -> set[str]:
    return {
        active.binding.id or "" for active in app.screen.active_bindings.values() if active.enabled
    }


def _assignee(runtime, thread_id):
    with session_scope(runtime.engine) as session:
        return session.get(Thread, thread_id).assignee_id


async def test_views_counts_claim_and_mine(settings):
    runtime, me, ids = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        assert await until(pilot, lambda: len(_names(app)) == 3)
        # Newest activity first; every view shows its count.
        assert _names(app) == ["Ana Pereira", "John Smith", "Émilie Côté"]
        assert await until(pilot, lambda: "3 Unassigned 3" in _views_line(app), 10.0)
        assert "2 Mine 0" in _views_line(app) and "4 Resolved 0" in _views_line(app)
        header = app.screen.query_one("#thread-header")
        assert await until(pilot, lambda: "(514) 236-1222" in str(header.render()))
        assert "consent on file" in str(header.render())
        assert await until(pilot, lambda: "center.claim" in _shown_bindings(app), 10.0)
        assert "center.reopen" not in _shown_bindings(app)
        await pilot.press("c")
        assert await until(pilot, lambda: _assignee(runtime, ids["Ana Pereira"]) == me.id)
        assert await until(pilot, lambda: "center.claim" not in _shown_bindings(app), 10.0)
        await pilot.press("2")
        assert await until(pilot, lambda: _names(app) == ["Ana Pereira"], 10.0)
        assert "2 Mine 1" in _views_line(app) and "3 Unassigned 2" in _views_line(app)
        await pilot.press("3")
        assert await until(pilot, lambda: _names(app) == ["John Smith", "Émilie Côté"])


async def test_claim_lost_to_a_colleague_names_them(settings):
    runtime, me, ids = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        assert await until(pilot, lambda: len(_names(app)) == 3)
        assert await until(pilot, lambda: app.screen.current is not None, 10.0)
        with session_scope(runtime.engine) as session:  # Luc, in another process, is quicker
            threads.claim_thread(
                session, ids["Ana Pereira"], queries.staff_by_login(session, "luc")
            )
        await pilot.press("c")
        assert await until(
            pilot,
            lambda: any(
                "Luc Bouchard already has this conversation" in str(n.message)
                for n in app._notifications
            ),
        )


async def test_resolve_and_open_next_then_reopen(settings):
    runtime, me, ids = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        assert await until(pilot, lambda: app.screen.current is not None, 10.0)
        await pilot.press("X")
        assert await until(pilot, lambda: _names(app) == ["John Smith", "Émilie Côté"])
        assert await until(pilot, lambda: app.screen.open_thread_id == ids["John Smith"], 10.0)
        await pilot.press("4")
        assert await until(pilot, lambda: _names(app) == ["Ana Pereira"], 10.0)
        assert await until(pilot, lambda: "center.reopen" in _shown_bindings(app), 10.0)
        await pilot.press("o")
        assert await until(pilot, lambda: "1 All 3" in _views_line(app), 10.0)
        # The reopened thread left Resolved, but stays listed and open until the clerk
        # moves on: the highlighted row is the conversation shown.
        assert _names(app) == ["Ana Pereira"]
        assert await until(pilot, lambda: "center.resolve" in _shown_bindings(app), 10.0)
        await pilot.press("4")
        assert await until(pilot, lambda: app.screen.current is None, 10.0)
        assert _names(app) == []


async def test_transfer_picks_a_colleague_and_the_conversation_says_so(settings):
    runtime, me, ids = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        assert await until(pilot, lambda: app.screen.current is not None, 10.0)
        await pilot.press("t")
        assert await until(pilot, lambda: isinstance(app.screen, TransferPicker))
        await pilot.press("enter")  # the only colleague: Luc
        assert await until(pilot, lambda: _assignee(runtime, ids["Ana Pereira"]) is not None)
        assert await until(
            pilot,
            lambda: any(
                "Marie Gagnon transferred this conversation to Luc Bouchard" in str(b.render())
                for b in _shown(app)
            ),
        )
        # It is Luc's now: Marie cannot hand it on again.
        assert await until(pilot, lambda: "center.transfer" not in _shown_bindings(app), 10.0)


async def test_note_mode_writes_a_note_only_staff_see(settings):
    runtime, me, _ids = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        assert await until(pilot, lambda: app.screen.current is not None, 10.0)
        await pilot.press("r")
        # While typing, letter keys type: the thread actions leave the footer.
        assert await until(pilot, lambda: "center.claim" not in _shown_bindings(app), 10.0)
        await pilot.press("ctrl+t")
        await pilot.press(*"Call him")
        await pilot.press("enter")
        assert await until(
            pilot,
            lambda: any(
                "only staff see this" in str(b.render()) and "Call him" in str(b.render())
                for b in _shown(app)
            ),
        )
        with session_scope(runtime.engine) as session:
            kept = session.exec(select(Message).where(Message.body == "Call him")).one()
            assert kept.direction == Direction.NOTE
        assert app.screen.query_one("#composer-input").text == ""


async def test_next_unread_and_search(settings):
    runtime, me, ids = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        assert await until(pilot, lambda: app.screen.current is not None, 10.0)
        await pilot.press("n")
        assert await until(pilot, lambda: app.screen.open_thread_id == ids["John Smith"], 10.0)
        await pilot.press("slash")
        await pilot.press(*"tires")
        assert await until(pilot, lambda: _names(app) == ["Ana Pereira"], 10.0)
        await pilot.press("escape")
        assert await until(pilot, lambda: len(_names(app)) == 3)
        await pilot.press("slash", *"2361201")
        assert await until(pilot, lambda: _names(app) == ["Émilie Côté"], 10.0)


async def test_failed_view_explains_and_retries_from_another_number(settings):
    runtime, me, ids = _prepare(settings)
    with session_scope(runtime.engine) as session:
        failed = session.exec(
            select(Message).where(
                Message.thread_id == ids["John Smith"], Message.kind != "disclaimer"
            )
        ).one()
        failed.from_number = TRANSACTIONAL[0]
        set_status(session, failed, "undelivered", utcnow(), error_code=30007, error_message="x")
        failed_id = failed.id
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        assert await until(pilot, lambda: "5 Failed 1" in _views_line(app), 10.0)
        await pilot.press("5")
        assert await until(pilot, lambda: isinstance(app.screen, FailedMessages))
        table = app.screen.query_one("#failed")
        assert await until(pilot, lambda: table.row_count == 1, 10.0)
        assert "filtered the message as spam" in str(table.get_row_at(0)[2])
        await pilot.press("r")
        assert await until(pilot, lambda: table.row_count == 0, 10.0)
        with session_scope(runtime.engine) as session:
            copy = session.exec(select(Message).where(Message.retry_of_id == failed_id)).one()
            assert (copy.status, copy.from_number) == ("queued", TRANSACTIONAL[1])
        await pilot.press("escape")
        assert await until(pilot, lambda: not isinstance(app.screen, FailedMessages))


async def test_command_palette_runs_screen_actions(settings):
    runtime, me, ids = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        assert await until(pilot, lambda: app.screen.current is not None, 10.0)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"Claim")
        await pilot.pause(0.5)
        await pilot.press("enter")
        assert await until(pilot, lambda: _assignee(runtime, ids["Ana Pereira"]) == me.id)


async def test_new_conversation_by_name_and_a_refused_number(settings):
    from tui_sms.ui.screens.new_conversation import NewConversation

    runtime, me, _ids = _prepare(settings)
    with session_scope(runtime.engine) as session:
        make_customer(session, queries.get_shop(session), "Zoé Tremblay", "+15142361299")
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        assert await until(pilot, lambda: app.screen.current is not None, 10.0)
        await pilot.press("w")
        assert await until(pilot, lambda: isinstance(app.screen, NewConversation))
        await pilot.press(*"12345678")
        await pilot.press("enter")
        await pilot.press(*"Hello")
        await pilot.press("enter")
        error = app.screen.query_one("#new-error")
        assert await until(pilot, lambda: "number" in str(error.render()).lower())
        assert isinstance(app.screen, NewConversation)  # refused: still open, says why
        to = app.screen.query_one("#new-to")
        to.value = ""
        to.focus()
        await pilot.press(*"Zoé")
        matches = app.screen.query_one("#new-matches")
        assert await until(pilot, lambda: matches.option_count == 1, 10.0)
        await pilot.press("enter")
        await pilot.press(*"Bonjour Zoé")
        await pilot.press("enter")
        assert await until(pilot, lambda: not isinstance(app.screen, NewConversation))
        assert await until(pilot, lambda: "Zoé Tremblay" in _names(app), 10.0)
        with session_scope(runtime.engine) as session:
            thread = queries.thread_by_number(session, 1, "+15142361299")
            assert thread is not None and app.screen.open_thread_id == thread.id


async def test_a_colleagues_claim_and_note_appear_without_a_key(settings):
    """Another process works on the same database: the change marker brings it here."""
    runtime, me, ids = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        assert await until(pilot, lambda: app.screen.current is not None, 10.0)
        with session_scope(runtime.engine) as session:
            luc = queries.staff_by_login(session, "luc")
            threads.claim_thread(session, ids["Ana Pereira"], luc)
            threads.add_note(session, ids["Ana Pereira"], luc, "I'll call her.")
        table = app.screen.query_one(ThreadList)
        assert await until(pilot, lambda: "Luc Bouchard" in str(table.get_row_at(0)[3]))
        assert await until(
            pilot,
            lambda: any("I'll call her." in str(b.render()) for b in _shown(app)),
        )


async def test_a_reload_never_switches_the_open_conversation(settings):
    """Marie reads John's thread while a colleague's work reorders and shrinks her list."""
    runtime, me, ids = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        assert await until(pilot, lambda: app.screen.current is not None, 10.0)
        await pilot.press("3")
        assert await until(pilot, lambda: len(_names(app)) == 3)
        await pilot.press("j")
        assert await until(pilot, lambda: app.screen.open_thread_id == ids["John Smith"], 10.0)
        with session_scope(runtime.engine) as session:
            luc = queries.staff_by_login(session, "luc")
            threads.claim_thread(session, ids["John Smith"], luc)
            outbox.queue_reply(session, ids["Émilie Côté"], "On arrive", author_id=luc.id)
        # Émilie moves up; John, claimed by Luc, left Unassigned but keeps his place and
        # the highlight while Marie reads him.
        assert await until(
            pilot, lambda: _names(app) == ["Émilie Côté", "John Smith", "Ana Pereira"]
        )
        await pilot.pause(0.3)
        assert app.screen.open_thread_id == ids["John Smith"]
        assert app.screen.query_one(ThreadList).selected_thread == ids["John Smith"]
        assert "Luc Bouchard" in str(app.screen.query_one("#thread-header").render())
