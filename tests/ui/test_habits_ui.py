"""The inbox habits in the message center, driven with real keys: a reply sent later and
cancelled, a conversation snoozed until the customer writes, the @ mark of a note naming me,
the demo's simulated customer reply, and the shop's opening hours in its settings."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from zoneinfo import ZoneInfo

import httpx
from sqlmodel import select

from tests.factories import TRANSACTIONAL, make_customer, make_shop
from tests.ui.conftest import until
from tui_sms.domain.when import parse_moment
from tui_sms.services import habits_view, outbox, threads
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries, seat
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Direction, Message, Thread, utcnow
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.screens.habit_dialogs import (
    ScheduledPicker,
    SendLaterDialog,
    SimulatedReplyDialog,
    SnoozeDialog,
)
from tui_sms.ui.screens.message_center import MessageCenter
from tui_sms.ui.screens.shop_settings import ShopSettings
from tui_sms.ui.widgets.conversation import Conversation
from tui_sms.ui.widgets.habits_line import HabitsLine
from tui_sms.ui.widgets.thread_list import ThreadList

ZONE = ZoneInfo("America/Toronto")  # the factory shop's
CUSTOMERS = [
    ("Émilie Côté", "+15142361201", "Votre auto est prête."),
    ("John Smith", "+15142361214", "Your brakes are done."),
]


def _prepare(settings, language: str = "en"):
    """Two conversations (John's the newest); marie reads `language`, so do the customers."""
    runtime = open_runtime(settings)
    ids = {}
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        start = utcnow() - timedelta(hours=1)
        for minutes, (name, number, body) in enumerate(CUSTOMERS):
            make_customer(session, shop, name, number, language=language)
            body = body if language == "en" else "Votre auto est prête."
            message = outbox.queue_to_number(
                session, number, body, author_id=None, now=start + timedelta(minutes=minutes)
            )
            ids[name] = message.thread_id
        me = queries.staff_by_login(session, "marie")
        me.language = language
    return runtime, me, ids


def _names(app) -> list[str]:
    table = app.screen.query_one(ThreadList)
    return [str(table.get_row_at(i)[1]).split("\n")[0] for i in range(table.row_count)]


def _marks(app) -> dict[str, str]:
    table = app.screen.query_one(ThreadList)
    rows = [table.get_row_at(i) for i in range(table.row_count)]
    return {str(row[1]).split("\n")[0]: str(row[0]) for row in rows}


def _habits_line(app) -> str:
    line = app.screen.query_one(HabitsLine)
    return str(line.render()).replace("\xa0", " ") if line.display else ""


def _outbound(runtime, thread_id) -> list[Message]:
    with session_scope(runtime.engine) as session:
        found = session.exec(
            select(Message).where(
                Message.thread_id == thread_id, Message.direction == Direction.OUTBOUND
            )
        ).all()
        return list(found)


def _said(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def _open_center(pilot, app, rows: int) -> MessageCenter:
    assert await until(pilot, lambda: isinstance(app.screen, MessageCenter))
    assert await until(pilot, lambda: len(_names(app)) == rows)
    assert await until(pilot, lambda: app.screen.current is not None)
    return app.screen


async def test_a_reply_sent_later_is_shown_scheduled_and_can_be_cancelled(settings):
    runtime, me, ids = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        center = await _open_center(pilot, app, 2)
        assert center.open_thread_id == ids["John Smith"]
        await pilot.press("enter", *"See you tomorrow", "ctrl+s")
        assert await until(pilot, lambda: isinstance(app.screen, SendLaterDialog))
        meaning = app.screen.query_one("#moment-meaning")
        assert "tomorrow 8:00" in str(meaning.render())  # the suggestion, selected
        await pilot.press(*"soon", "enter")
        assert await until(pilot, lambda: "'soon' is not a time" in str(meaning.render()))
        assert isinstance(app.screen, SendLaterDialog)  # bad input loses nothing
        for _ in "soon":
            await pilot.press("backspace")
        await pilot.press(*"tomorrow 10:00")
        now = utcnow().astimezone(ZONE)
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, MessageCenter))

        def scheduled() -> list[Message]:
            return [m for m in _outbound(runtime, ids["John Smith"]) if m.status == "scheduled"]

        assert await until(pilot, lambda: len(scheduled()) == 1)
        message = scheduled()[0]
        assert message.body == "See you tomorrow"
        assert message.scheduled_for == parse_moment("tomorrow 10:00", now)
        # Shown as scheduled, with its time, under the header and in the thread.
        assert await until(pilot, lambda: "Scheduled for tomorrow 10:00" in _habits_line(app))
        bubbles = [str(b.render()) for c in app.screen.query(Conversation) for b in c.bubbles]
        assert any("See you tomorrow" in b and "scheduled for" in b for b in bubbles)
        assert app.screen.query_one("#composer-input").text == ""
        assert any("Scheduled for tomorrow 10:00." in said for said in _said(app))

        await pilot.press("escape", "u")
        assert await until(pilot, lambda: isinstance(app.screen, ScheduledPicker))
        await pilot.press("enter")
        assert await until(pilot, lambda: scheduled() == [])
        assert [m.status for m in _outbound(runtime, ids["John Smith"]) if m.id == message.id] == [
            "canceled"
        ]
        assert await until(pilot, lambda: _habits_line(app) == "")


async def test_a_snoozed_conversation_leaves_the_lists_and_returns_when_the_customer_writes(
    sandbox_settings, sandbox
):
    runtime, me, ids = _prepare(sandbox_settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=True)
    async with app.run_test(size=(150, 40)) as pilot:
        center = await _open_center(pilot, app, 2)
        assert center.open_thread_id == ids["John Smith"]
        await pilot.press("z")
        assert await until(pilot, lambda: isinstance(app.screen, SnoozeDialog))
        await pilot.press("end", "enter")  # the last choice: until the customer writes
        assert await until(pilot, lambda: isinstance(app.screen, MessageCenter))
        # It leaves the lists; the next conversation opens.
        assert await until(pilot, lambda: center.open_thread_id == ids["Émilie Côté"])
        await pilot.press("1")
        assert await until(pilot, lambda: _names(app) == ["Émilie Côté"])
        await pilot.press("6")
        assert await until(pilot, lambda: _names(app) == ["John Smith"])
        views = app.screen.query_one("#views")
        assert await until(pilot, lambda: "6 Snoozed 1" in str(views.render()))
        assert await until(pilot, lambda: "Snoozed until the customer writes" in _habits_line(app))
        await pilot.press("1")
        assert await until(pilot, lambda: _names(app) == ["Émilie Côté"])

        await asyncio.to_thread(
            httpx.post,
            f"{sandbox.base_url}/sandbox/inbound",
            headers=sandbox.control_headers,
            data={"From": CUSTOMERS[1][1], "To": TRANSACTIONAL[0], "Body": "Any news?"},
        )
        # Back in the list, unread, as soon as the text is in.
        assert await until(pilot, lambda: _names(app) == ["John Smith", "Émilie Côté"])
        assert _marks(app)["John Smith"] == "●"
        with session_scope(runtime.engine) as session:
            assert session.get(Thread, ids["John Smith"]).snoozed_until is None


async def test_unsnooze_brings_a_conversation_back_at_once(settings):
    runtime, me, _ids = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        await _open_center(pilot, app, 2)
        await pilot.press("z")
        assert await until(pilot, lambda: isinstance(app.screen, SnoozeDialog))
        await pilot.press("tab", *"in 3 days", "enter")
        assert await until(pilot, lambda: isinstance(app.screen, MessageCenter))
        assert await until(pilot, lambda: any("Snoozed until" in s for s in _said(app)))
        await pilot.press("6")
        assert await until(pilot, lambda: _names(app) == ["John Smith"])
        assert await until(pilot, lambda: "Snoozed until" in _habits_line(app))
        await pilot.press("Z")
        assert await until(pilot, lambda: any("Back in the lists." in s for s in _said(app)))
        await pilot.press("1")
        assert await until(pilot, lambda: _names(app) == ["John Smith", "Émilie Côté"])


async def test_a_note_naming_me_marks_the_thread_in_mine_until_i_open_it(settings):
    runtime, me, ids = _prepare(settings)
    with session_scope(runtime.engine) as session:
        luc = queries.staff_by_login(session, "luc")
        threads.add_note(session, ids["Émilie Côté"], luc, "@marie can you call her back?")
        # The note made Émilie's thread the newest: John's gets a newer text, so the list
        # opens on John and Émilie's mark stays until she is opened.
        outbox.queue_to_number(session, CUSTOMERS[1][1], "Ready at 4.", author_id=None)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        center = await _open_center(pilot, app, 2)
        assert center.open_thread_id == ids["John Smith"]
        assert await until(pilot, lambda: _marks(app).get("Émilie Côté") == "@")
        views = app.screen.query_one("#views")
        assert "2 Mine 1" in str(views.render())  # in my Mine, though nobody's
        await pilot.press("j")
        assert await until(pilot, lambda: center.open_thread_id == ids["Émilie Côté"])
        assert await until(pilot, lambda: _marks(app).get("Émilie Côté") != "@")
        assert await until(pilot, lambda: "2 Mine 0" in str(views.render()))
        assert habits_view.threads_mentioning(runtime.engine, me.id) == set()


async def test_simulate_a_customer_reply_from_the_palette(settings):
    settings.worker.poll_interval = 0.2
    settings.worker.send_interval = 0.1
    runtime, me, ids = _prepare(settings)
    app = TuiSmsApp(runtime, me)  # stands for the seat: the sandbox is served in this process
    async with app.run_test(size=(150, 40)) as pilot:
        center = await _open_center(pilot, app, 2)
        assert await until(pilot, lambda: app.sandbox_door is not None)
        await pilot.press("ctrl+p")
        await pilot.press(*"Simulate a customer")
        await pilot.pause(0.3)
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, SimulatedReplyDialog))
        await pilot.press(*"Can I come at 4?", "enter")
        assert await until(pilot, lambda: isinstance(app.screen, MessageCenter))

        def shown() -> bool:
            return any(
                "Can I come at 4?" in str(b.render())
                for c in center.query(Conversation)
                for b in c.bubbles
            )

        assert await until(pilot, shown)
        with session_scope(runtime.engine) as session:
            inbound = session.exec(
                select(Message).where(
                    Message.thread_id == ids["John Smith"],
                    Message.direction == Direction.INBOUND,
                )
            ).all()
        assert [m.body for m in inbound] == ["Can I come at 4?"]


async def test_the_shops_opening_hours_are_edited_in_its_settings(settings):
    runtime, me, _ids = _prepare(settings)
    with session_scope(runtime.engine) as session:
        queries.staff_by_login(session, "marie").role = "admin"
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(120, 60)) as pilot:
        await _open_center(pilot, app, 2)
        app.push_screen(ShopSettings())
        assert await until(pilot, lambda: isinstance(app.screen, ShopSettings))
        screen = app.screen
        assert await until(pilot, lambda: bool(screen.query("#hours-0")))
        monday = screen.query_one("#hours-0")
        monday.focus()
        await pilot.press(*"8:00-17:30")
        screen.query_one("#hours-5").focus()
        await pilot.press(*"9h-18h-")
        await pilot.press("ctrl+s")
        error = screen.query_one("#settings-error")
        assert await until(pilot, lambda: "is not a range of hours" in str(error.render()))
        assert habits_view.shop_hours(runtime.engine).days == {}  # nothing half-saved
        await pilot.press("backspace")
        screen.query_one("#after-hours-reply").focus()
        await pilot.press("space")
        screen.query_one("#after-hours-en").focus()
        await pilot.press(*"{shop}: closed, back {reopen}.", "ctrl+s")
        assert await until(pilot, lambda: isinstance(app.screen, MessageCenter))
        hours = habits_view.shop_hours(runtime.engine)
        assert hours.line(0) == "8:00–17:30" and hours.line(5) == "9:00–18:00"
        assert hours.line(6) == "" and hours.after_hours_reply
        assert hours.closed_reply_en == "{shop}: closed, back {reopen}."
        assert hours.closed_reply_fr == ""  # the default answer


async def test_the_habits_dialogs_in_french_show_no_english(settings):
    from tests.ui.test_french_everywhere import ENGLISH, _screen_text, _words

    runtime, me, _ids = _prepare(settings, "fr")
    with session_scope(runtime.engine) as session:
        # The shop's worker service sends: no banner about a missing sender.
        now = utcnow()
        seat.take_or_keep(session, "server:7", seat.WORKER, now, now + timedelta(hours=1))
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    found: dict[str, set[str]] = {}

    async def look(where: str) -> None:
        await pilot.pause(0.3)
        english = _words(_screen_text(app)) & ENGLISH
        if english:
            found[where] = english

    try:
        async with app.run_test(size=(160, 45)) as pilot:
            await _open_center(pilot, app, 2)
            await pilot.press("enter", *"A demain", "ctrl+s")
            assert await until(pilot, lambda: isinstance(app.screen, SendLaterDialog))
            await look("send later")
            await pilot.press(*"bientot")
            await look("send later, bad moment")
            for _ in "bientot":
                await pilot.press("backspace")
            await pilot.press(*"demain 10 h", "enter")
            assert await until(pilot, lambda: "Planifié pour demain 10 h" in _habits_line(app))
            await look("scheduled line")
            await pilot.press("escape", "u")
            assert await until(pilot, lambda: isinstance(app.screen, ScheduledPicker))
            await look("scheduled picker")
            await pilot.press("escape", "z")
            assert await until(pilot, lambda: isinstance(app.screen, SnoozeDialog))
            await look("snooze")
            await pilot.press("escape")
            app.push_screen(SimulatedReplyDialog("Jean"))
            await look("simulated reply")
            await pilot.press("escape")
            app.push_screen(ShopSettings())
            assert await until(pilot, lambda: bool(app.screen.query("#hours-0")))
            # Only the hours' part: the settings also show the English disclaimer's preview.
            form = app.screen.query_one("#shop-hours")
            shown = " ".join(str(part.render()) for part in form.query("Label, Static, Checkbox"))
            if english := _words(shown) & ENGLISH:
                found["shop settings, opening hours"] = english
    finally:
        from tui_sms.ui import i18n
        from tui_sms.ui.app import translated_classes

        i18n.set_language("en")
        i18n.translate_bindings(*translated_classes())
    assert found == {}, "\n".join(f"{k}: {sorted(v)}" for k, v in found.items())
