"""The list and the conversation load pages, not tables: more rows when the cursor nears the
end of the list, older messages when the conversation is scrolled to its top."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from tests.factories import make_shop
from tests.ui.conftest import until, work_done
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Message, Thread, utcnow
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.screens.message_center import CONVERSATION_PAGE, PAGE
from tui_sms.ui.widgets.conversation import Conversation
from tui_sms.ui.widgets.thread_list import ThreadList


def _prepare(settings, threads: int, messages: int):
    runtime = open_runtime(settings)
    now = utcnow()
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        me = queries.staff_by_login(session, "marie")
        me.language = "en"
        rows = [
            {
                "shop_id": shop.id,
                "number": f"+1514236{i:04d}",
                "state": "open",
                "last_activity_at": now - timedelta(minutes=i),
                "last_preview": f"thread {i}",
                "unread_count": 0,
                "flagged": "",
                "created_at": now,
            }
            for i in range(threads)
        ]
        session.execute(sa.insert(Thread), rows)
        top = queries.threads_for_inbox(session, "all", me.id, limit=1)[0].id
        session.execute(
            sa.insert(Message),
            [
                {
                    "thread_id": top,
                    "direction": "inbound",
                    "kind": "reply",
                    "body": f"message {k}",
                    "status": "received",
                    "queue": "transactional",
                    "segments": 1,
                    "encoding": "GSM-7",
                    "attempts": 0,
                    "created_at": now - timedelta(minutes=messages - k),
                    "updated_at": now,
                }
                for k in range(messages)
            ],
        )
    return runtime, me


async def test_list_and_conversation_load_pages(settings):
    runtime, me = _prepare(settings, threads=PAGE + 30, messages=CONVERSATION_PAGE * 2 + 5)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        threads = app.screen.query_one(ThreadList)
        conversation = app.screen.query_one(Conversation)
        assert await until(pilot, lambda: threads.row_count == PAGE, 10.0)
        assert await until(pilot, lambda: len(conversation.bubbles) == CONVERSATION_PAGE)
        assert await until(pilot, lambda: conversation.scroll_y > 0, 10.0)
        # The clerk scrolls up once the screen has settled (the first frame's follow-up loads
        # end at the bottom of the conversation, and may land after a scroll made at once).
        await work_done(app)
        await pilot.pause()
        conversation.scroll_home(animate=False)
        ok = await until(pilot, lambda: len(conversation.bubbles) == 2 * CONVERSATION_PAGE)
        assert ok, (
            f"older page never shown: has_older={conversation.has_older} "
            f"loading_older={conversation.loading_older} scroll_y={conversation.scroll_y} "
            f"bubbles={len(conversation.bubbles)} thread={conversation.thread_id}"
        )
        # Reading the older page keeps the reader where they were, not at the very top.
        assert await until(pilot, lambda: conversation.scroll_y > 0, 10.0)
        conversation.scroll_home(animate=False)
        total = 2 * CONVERSATION_PAGE + 5
        assert await until(pilot, lambda: len(conversation.bubbles) == total)
        texts = [str(b.render()) for b in conversation.bubbles]
        assert "message 0" in texts[0] and f"message {total - 1}" in texts[-1]
        threads.focus()
        threads.move_cursor(row=PAGE - 5, animate=False)
        assert await until(pilot, lambda: threads.row_count == PAGE + 30, 10.0)


async def test_list_keys_and_clicks_move_the_open_conversation_with_the_cursor(settings):
    runtime, me = _prepare(settings, threads=30, messages=3)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        screen = app.screen
        threads = screen.query_one(ThreadList)
        conversation = screen.query_one(Conversation)

        def open_is(row: int) -> bool:
            wanted = threads.shown[row].id
            return threads.cursor_row == row and conversation.thread_id == wanted

        assert await until(pilot, lambda: threads.row_count == 30 and open_is(0), 10.0)
        await pilot.press("end")
        assert await until(pilot, lambda: open_is(29))
        assert threads.scroll_offset.y > 0  # the last row was scrolled into view
        await pilot.press("home")
        assert await until(pilot, lambda: open_is(0))
        await pilot.press("pagedown")
        assert await until(pilot, lambda: threads.cursor_row > 1 and open_is(threads.cursor_row))
        await pilot.press("up")
        row = threads.cursor_row
        assert await until(pilot, lambda: open_is(row))
        # A click on another row opens it; a click on the open row goes to the composer
        # (under the header line, each row is two lines).
        await pilot.press("home")
        assert await until(pilot, lambda: open_is(0))
        await pilot.click(ThreadList, offset=(8, 1 + 2 * 1))
        assert await until(pilot, lambda: open_is(1))
        await pilot.click(ThreadList, offset=(8, 1 + 2 * 1 + 1))
        assert await until(pilot, lambda: screen.focused is screen.query_one("#composer-input"))
        # The letters typed there are text, not list moves.
        await pilot.press("j")
        assert open_is(1)


def _screen_text(conversation: Conversation) -> str:
    return "\n".join(conversation.render_line(y).text for y in range(conversation.size.height))


async def test_a_long_conversation_opened_after_a_short_one_shows_its_end_and_scrolls(settings):
    """Opening another conversation sets its scrollable height without laying the screen out
    again: the scrollbar, the bottom line and scrolling must follow all the same."""
    runtime, me = _prepare(settings, threads=3, messages=CONVERSATION_PAGE)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(150, 40)) as pilot:
        screen = app.screen
        threads = screen.query_one(ThreadList)
        conversation = screen.query_one(Conversation)
        assert await until(pilot, lambda: threads.row_count == 3, 10.0)
        long_id, short_id = threads.shown[0].id, threads.shown[1].id
        for opened in (short_id, long_id, short_id, long_id):
            screen.open_thread(opened)
            assert await until(pilot, lambda o=opened: conversation.thread_id == o, 10.0)
            await work_done(app)
            await pilot.pause()
            height = conversation.virtual_size.height
            bar = conversation.vertical_scrollbar
            assert bar.window_virtual_size == height
            if opened == short_id:  # no messages: nothing to scroll
                assert conversation.scroll_y == 0 and conversation.max_scroll_y == 0
                assert "message" not in _screen_text(conversation)
            else:  # the newest message at the bottom, the scrollbar's thumb down there too
                assert height > conversation.size.height
                assert conversation.scroll_y == conversation.max_scroll_y > 0
                assert f"message {CONVERSATION_PAGE - 1}" in _screen_text(conversation)
                assert bar.position == conversation.scroll_y
        conversation.scroll_to(y=0, animate=False)
        await pilot.pause()
        assert "message 0" in _screen_text(conversation)
