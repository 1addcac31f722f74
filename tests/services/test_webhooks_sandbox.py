"""The whole webhook path over loopback: the sandbox plays Twilio (signed replies and status
callbacks), the worker's webhook server records them, and polling covers an outage."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from sqlmodel import func, select

from tests.factories import BOOK_AHEAD, TRANSACTIONAL, make_customer, make_shop
from tests.webhooks import webhook_server
from tui_sms.provider.sandbox.server import SandboxServer
from tui_sms.provider.sandbox.state import SandboxState
from tui_sms.provider.status_callback import WithStatusCallback
from tui_sms.provider.twilio import TwilioClient
from tui_sms.services import outbox
from tui_sms.services.poller import poll_inbound
from tui_sms.services.sender import send_due_messages
from tui_sms.services.webhooks import Account
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Direction, Message, StatusEvent

CUSTOMER = "+15142361201"


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    state = SandboxState(status_delays=(0.05, 0.05, 0.1))
    with SandboxServer(state, webhooks=True) as server:
        yield server


@pytest.fixture
def account(sandbox) -> Account:
    return Account(sandbox.state.account_sid, sandbox.state.auth_token)


@pytest.fixture
def shop(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "John Smith", CUSTOMER)


def _client(sandbox) -> TwilioClient:
    return TwilioClient(sandbox.state.account_sid, sandbox.state.auth_token, sandbox.base_url)


async def _until(check, seconds: float = 15.0) -> bool:
    for _ in range(int(seconds / 0.02)):
        if await asyncio.to_thread(check):
            return True
        await asyncio.sleep(0.02)
    return await asyncio.to_thread(check)


def _inbound(engine) -> list[str]:
    with session_scope(engine) as session:
        query = select(Message.body).where(Message.direction == Direction.INBOUND)
        return list(session.exec(query.order_by(Message.id)))


def _outbound(engine) -> list[tuple[str, str]]:
    with session_scope(engine) as session:
        query = select(Message.body, Message.status).where(Message.direction == Direction.OUTBOUND)
        return list(session.exec(query.order_by(Message.id)))


def _control(sandbox, method: str, path: str, **kwargs) -> httpx.Response:
    answer = httpx.request(
        method, f"{sandbox.base_url}/sandbox/{path}", headers=sandbox.control_headers, **kwargs
    )
    answer.raise_for_status()
    return answer


def _text_us(sandbox, body: str) -> None:
    _control(
        sandbox, "POST", "inbound", data={"From": CUSTOMER, "To": TRANSACTIONAL[0], "Body": body}
    )


async def test_status_callbacks_bring_delivered_and_a_late_sent_changes_nothing(
    engine, shop, sandbox, account
):
    with session_scope(engine) as session:
        outbox.queue_to_number(session, CUSTOMER, "Your car is ready.", author_id=None)
    async with webhook_server(engine, account) as server, _client(sandbox) as client:
        provider = WithStatusCallback(client, f"{server.handler.public_url}/status")
        report = await send_due_messages(engine, provider, "test", policy=BOOK_AHEAD)
        assert report.sent == 2  # the disclaimer, then the text
        # No poll runs here: only the callbacks can bring "delivered".
        assert await _until(lambda: {s for _, s in _outbound(engine)} == {"delivered"})
        posted = (await asyncio.to_thread(_control, sandbox, "GET", "webhooks")).json()["posted"]
        assert {p["status"] for p in posted} == {"sending", "sent", "delivered"}
        assert all(p["answers"] == [204] for p in posted)
        with session_scope(engine) as session:
            events = session.exec(select(func.count()).select_from(StatusEvent)).one()

        # Twilio retries, and callbacks overtake each other: "sent" again after "delivered".
        late = next(p for p in posted if p["status"] == "sent")
        again = await asyncio.to_thread(
            _control, sandbox, "POST", "webhooks/repost", json={"index": late["index"]}
        )
        assert again.json()["answer"] == 204
    assert {s for _, s in _outbound(engine)} == {"delivered"}
    with session_scope(engine) as session:
        assert session.exec(select(func.count()).select_from(StatusEvent)).one() == events


async def test_webhooks_on_off_and_lost_the_poller_catches_up_with_no_duplicate(
    engine, shop, sandbox, account
):
    async with _client(sandbox) as client:
        async with webhook_server(engine, account) as server:
            _control(
                sandbox, "POST", "webhooks", json={"inbound_url": f"{server.local_url}/inbound"}
            )
            await asyncio.to_thread(_text_us, sandbox, "By webhook")
            assert await _until(lambda: _inbound(engine) == ["By webhook"])
        # The webhook server is gone (an outage, or webhooks switched off): the sandbox's
        # posts find nobody, as Twilio's would (error 11200).
        await asyncio.to_thread(_text_us, sandbox, "During the outage 1")
        await asyncio.to_thread(_text_us, sandbox, "During the outage 2")

        def posts_failed() -> bool:
            posted = _control(sandbox, "GET", "webhooks").json()["posted"]
            return len(posted) == 3 and posted[1]["answers"] == posted[2]["answers"] == [0]

        assert await _until(posts_failed)
        assert _inbound(engine) == ["By webhook"]
        # The poller lists all three and stores only the two the webhook never brought.
        assert await poll_inbound(engine, client) == 2

        async with webhook_server(engine, account) as server:
            _control(
                sandbox, "POST", "webhooks", json={"inbound_url": f"{server.local_url}/inbound"}
            )
            await asyncio.to_thread(_text_us, sandbox, "Back by webhook")
            assert await _until(lambda: len(_inbound(engine)) == 4)
            # Twilio retrying the same reply stores nothing new.
            latest = _control(sandbox, "GET", "webhooks").json()["posted"][-1]
            answer = await asyncio.to_thread(
                _control, sandbox, "POST", "webhooks/repost", json={"index": latest["index"]}
            )
            assert answer.json()["answer"] == 200
            assert len(_inbound(engine)) == 4
        assert await poll_inbound(engine, client) == 0
    assert sorted(_inbound(engine)) == sorted(
        ["By webhook", "During the outage 1", "During the outage 2", "Back by webhook"]
    )
