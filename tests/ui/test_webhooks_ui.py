"""A reply posted by the sandbox as a signed webhook shows in a running message center,
with no poller running: only the webhook can have brought it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from tests.factories import TRANSACTIONAL, make_customer, make_shop
from tests.ui.conftest import until
from tests.webhooks import webhook_server
from tui_sms.provider.sandbox.server import SandboxServer
from tui_sms.provider.sandbox.state import SandboxState
from tui_sms.services.poller import INBOUND_CURSOR
from tui_sms.services.runtime import open_runtime
from tui_sms.services.webhooks import Account
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.widgets.conversation import Conversation, MessageBubble
from tui_sms.ui.widgets.thread_list import ThreadList


def _shown(app) -> list[MessageBubble]:
    """The messages the open conversation shows (none while a dialog is up)."""
    return [b for c in app.screen.query(Conversation) for b in c.bubbles]


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxState(), webhooks=True) as server:
        yield server


async def test_a_signed_webhook_reply_shows_in_the_running_app(sandbox_settings, sandbox):
    runtime = open_runtime(sandbox_settings)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Émilie Côté", "+15142361201", language="fr")
        me = queries.staff_by_login(session, "marie")
    account = Account(sandbox.state.account_sid, sandbox.state.auth_token)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with (
        webhook_server(runtime.engine, account) as server,
        app.run_test(size=(140, 40)) as pilot,
    ):
        threads = app.screen.query_one(ThreadList)
        await asyncio.to_thread(
            httpx.post,
            f"{sandbox.base_url}/sandbox/webhooks",
            headers=sandbox.control_headers,
            json={"inbound_url": f"{server.local_url}/inbound"},
        )
        await asyncio.to_thread(
            httpx.post,
            f"{sandbox.base_url}/sandbox/inbound",
            headers=sandbox.control_headers,
            data={"From": "+15142361201", "To": TRANSACTIONAL[0], "Body": "Je passe à 17 h."},
        )
        assert await until(pilot, lambda: threads.row_count == 1)
        await pilot.press("enter")
        assert await until(
            pilot,
            lambda: any("Je passe à 17 h." in str(b.render()) for b in _shown(app)),
        )
    with session_scope(runtime.engine) as session:
        assert queries.get_cursor(session, INBOUND_CURSOR) is None  # no poll stored it
