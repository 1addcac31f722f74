"""The message center driven with real keys, on a SQLite file, against the loopback sandbox."""

from __future__ import annotations

import asyncio

import httpx

from tests.factories import make_customer, make_shop
from tests.ui.conftest import until
from tui_sms.services import outbox
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.widgets.conversation import Conversation, MessageBubble
from tui_sms.ui.widgets.thread_list import ThreadList

HOSTILE = "[bold red]x[/] [link=https://evil.example]click[/link] \x1b]52;c;ZXZpbA==\x07\x1b[2J"


def _bubbles(app) -> list[MessageBubble]:
    return [b for c in app.screen.query(Conversation) for b in c.bubbles]


def _bubble_text(bubble: MessageBubble) -> str:
    return str(bubble.render())


def _prepare(sandbox_settings):
    runtime = open_runtime(sandbox_settings)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Émilie Côté", "+15142361201", language="fr")
        outbox.queue_to_number(session, "+15142361201", "Votre auto est prête.", author_id=None)
        me = queries.staff_by_login(session, "marie")
        me.language = "en"  # these tests read the English words
    return runtime, me


async def test_reply_reaches_delivered_and_inbound_appears(sandbox_settings, sandbox):
    runtime, me = _prepare(sandbox_settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=True)
    async with app.run_test(size=(140, 40)) as pilot:
        threads = app.screen.query_one(ThreadList)
        assert await until(pilot, lambda: threads.row_count == 1)
        await pilot.press("enter")
        await pilot.press(*"On vous attend.")
        await pilot.press("enter")

        def reply_delivered() -> bool:
            return any(
                "On vous attend." in _bubble_text(b) and b.status == "delivered"
                for b in _bubbles(app)
            )

        assert await until(pilot, reply_delivered)
        assert "delivered" in _bubble_text(
            next(b for b in _bubbles(app) if "On vous attend." in _bubble_text(b))
        )

        ledger = httpx.get(
            f"{sandbox.base_url}/sandbox/ledger", headers=sandbox.control_headers
        ).json()["messages"]
        our_number = ledger[0]["from"]
        await asyncio.to_thread(
            httpx.post,
            f"{sandbox.base_url}/sandbox/inbound",
            headers=sandbox.control_headers,
            data={"From": "+15142361201", "To": our_number, "Body": "Merci, j'arrive!"},
        )
        assert await until(
            pilot, lambda: any("Merci, j'arrive!" in _bubble_text(b) for b in _bubbles(app))
        )


async def test_customer_text_is_shown_literally_never_as_markup(sandbox_settings, sandbox):
    runtime, me = _prepare(sandbox_settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=True)
    async with app.run_test(size=(140, 40)) as pilot:
        ledger_from = None

        def sent() -> bool:
            nonlocal ledger_from
            ledger = httpx.get(
                f"{sandbox.base_url}/sandbox/ledger", headers=sandbox.control_headers
            ).json()["messages"]
            ledger_from = ledger[0]["from"] if ledger else None
            return ledger_from is not None

        assert await until(pilot, sent)
        await asyncio.to_thread(
            httpx.post,
            f"{sandbox.base_url}/sandbox/inbound",
            headers=sandbox.control_headers,
            data={"From": "+15142361201", "To": ledger_from, "Body": HOSTILE},
        )
        assert await until(
            pilot, lambda: any("[bold red]x[/]" in _bubble_text(b) for b in _bubbles(app))
        )
        shown = next(_bubble_text(b) for b in _bubbles(app) if "[bold red]" in _bubble_text(b))
        assert "[link=https://evil.example]click[/link]" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        threads = app.screen.query_one(ThreadList)
        assert await until(pilot, lambda: "[bold red]x[/]" in str(threads.get_row_at(0)[1]))
