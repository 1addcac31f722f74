"""A reply goes out through the real sender to the sandbox over loopback, and comes back."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest
from sqlmodel import select

from tests.factories import BOOK_AHEAD, TRANSACTIONAL, make_customer, make_shop
from tui_sms.domain.errors import ComplianceError, EmptyMessage, InvalidNumber, MessageTooLong
from tui_sms.services import outbox
from tui_sms.services.poller import poll_once
from tui_sms.services.sender import send_due_messages
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Message, StatusEvent, Thread, ThreadState


def _ledger(sandbox) -> list[dict]:
    return httpx.get(f"{sandbox.base_url}/sandbox/ledger", headers=sandbox.control_headers).json()[
        "messages"
    ]


async def _until(check, seconds: float = 10.0):
    """Wait for an observable outcome, not for a fixed time."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        result = await check()
        if result or asyncio.get_running_loop().time() > deadline:
            return result
        await asyncio.sleep(0.05)


async def test_reply_is_sent_and_reaches_delivered(engine, sandbox, provider):
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Émilie Côté", "+15142361201", language="fr")
        message = outbox.queue_to_number(
            session, "514 236-1201", "Votre auto est prête.", author_id=None
        )
        message_id = message.id

    report = await send_due_messages(engine, provider, "test-worker", policy=BOOK_AHEAD)
    assert report.sent == 2  # the first text to a number comes after the disclaimer

    ledger = _ledger(sandbox)  # oldest first
    assert [m["to"] for m in ledger] == ["+15142361201"] * 2
    assert "Garage Test vous enverra des textos" in ledger[0]["body"]
    assert ledger[1]["body"] == "Votre auto est prête."
    assert ledger[0]["from"] == ledger[1]["from"] in TRANSACTIONAL

    async def delivered():
        await poll_once(engine, provider)
        with session_scope(engine) as session:
            return session.get(Message, message_id).status == "delivered"

    assert await _until(delivered)
    with session_scope(engine) as session:
        message = session.get(Message, message_id)
        assert message.provider_sid == ledger[1]["sid"]
        trail = [
            e.status
            for e in session.exec(select(StatusEvent).where(StatusEvent.message_id == message_id))
        ]
        assert trail[0] == "queued" and trail[-1] == "delivered" and "sending" in trail


async def test_inbound_reply_is_threaded_once_and_reopens_resolved(engine, sandbox, provider):
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "John Smith", "+15142361214")
        message = outbox.queue_to_number(session, "+15142361214", "Ready at 5.", author_id=None)
        thread = session.get(Thread, message.thread_id)
        thread.state = ThreadState.RESOLVED
        thread_id = thread.id
    await send_due_messages(engine, provider, "test-worker")
    our_number = _ledger(sandbox)[0]["from"]
    httpx.post(
        f"{sandbox.base_url}/sandbox/inbound",
        headers=sandbox.control_headers,
        data={"From": "+15142361214", "To": our_number, "Body": "[bold red]on my way[/]"},
    ).raise_for_status()

    await poll_once(engine, provider)
    await poll_once(engine, provider)  # a second look must not store it twice

    with session_scope(engine) as session:
        thread = session.get(Thread, thread_id)
        inbound = [
            m for m in queries.messages_for_thread(session, thread_id) if m.direction == "inbound"
        ]
        assert [m.body for m in inbound] == ["[bold red]on my way[/]"]
        assert thread.state == ThreadState.OPEN and thread.unread_count == 1


async def test_provider_refusal_is_final_and_kept(engine, sandbox, provider):
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Landline Lucie", "+15005550009")
        message = outbox.queue_to_number(session, "+15005550009", "Hello", author_id=None)
        message_id = message.id
    report = await send_due_messages(engine, provider, "test-worker")
    assert report.refused == 2  # the disclaimer, then the message
    with session_scope(engine) as session:
        message = session.get(Message, message_id)
        assert message.status == "failed" and message.error_code == 21614
        assert "mobile" in message.error_message


async def test_an_outage_loses_nothing(engine, sandbox, provider):
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "One", "+15142361201")
        make_customer(session, shop, "Two", "+15142361202")
        outbox.queue_to_number(session, "+15142361201", "One", author_id=None)
        outbox.queue_to_number(session, "+15142361202", "Two", author_id=None)
    sandbox.state.start_outage(60)
    report = await send_due_messages(engine, provider, "test-worker")
    assert report.sent == 0 and report.unavailable is not None
    with session_scope(engine) as session:
        assert {m.status for m in session.exec(select(Message)).all()} == {"queued"}
        for message in session.exec(select(Message)).all():
            message.next_attempt_at = message.next_attempt_at - timedelta(minutes=1)
    sandbox.state.outage_until = None
    report = await send_due_messages(engine, provider, "test-worker", policy=BOOK_AHEAD)
    assert report.sent == 4  # each number's disclaimer, then its message
    assert sorted(m["body"] for m in _ledger(sandbox))[-2:] == ["One", "Two"]


def test_outbox_refuses_with_clear_sentences(engine):
    with session_scope(engine) as session:
        make_shop(session)
        with pytest.raises(EmptyMessage):
            outbox.queue_to_number(session, "+15142361201", "   ", author_id=None)
        with pytest.raises(MessageTooLong, match="remove"):
            outbox.queue_to_number(session, "+15142361201", "a" * 1601, author_id=None)
        with pytest.raises(InvalidNumber):
            outbox.queue_to_number(session, "514-55", "hello", author_id=None)
        assert session.exec(select(Message)).all() == []


def test_outbox_needs_the_shop_country_and_province(engine):
    with session_scope(engine) as session:
        make_shop(session, country=None, province=None)
        with pytest.raises(ComplianceError, match="country and province"):
            outbox.queue_to_number(session, "+15142361201", "hello", author_id=None)
