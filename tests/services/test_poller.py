"""The poller: a durable inbound cursor, and statuses followed until final or 72 hours."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlmodel import select

from tests.factories import TRANSACTIONAL, make_customer, make_shop
from tui_sms.provider.twilio import TwilioClient
from tui_sms.services.poller import INBOUND_CURSOR, poll_inbound, poll_statuses
from tui_sms.store import queries
from tui_sms.store.engine import make_engine, session_scope
from tui_sms.store.models import Direction, Message, Thread, utcnow


def _client(sandbox) -> TwilioClient:
    return TwilioClient(sandbox.state.account_sid, sandbox.state.auth_token, sandbox.base_url)


def _inbound(engine) -> list[str]:
    with session_scope(engine) as session:
        rows = session.exec(
            select(Message.body).where(Message.direction == Direction.INBOUND).order_by(Message.id)
        )
        return list(rows)


def _text_us(sandbox, body: str, customer: str = "+15142361201"):
    return sandbox.state.receive_inbound(from_=customer, to=TRANSACTIONAL[0], body=body)


async def test_the_inbound_cursor_survives_a_restart_nothing_missed_nothing_twice(
    engine, database_url, sandbox
):
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "John Smith", "+15142361201")
    _text_us(sandbox, "Is my car ready?")
    _text_us(sandbox, "I can come at 5.")
    async with _client(sandbox) as provider:
        assert await poll_inbound(engine, provider) == 2
        _text_us(sandbox, "Never mind, 6.")
    with session_scope(engine) as session:
        cursor = queries.get_cursor(session, INBOUND_CURSOR)
    assert cursor is not None

    # A new process: a fresh engine and client; only the database remembers.
    restarted = make_engine(database_url)
    # A message the provider lists late, dated a little before the newest one stored.
    real_clock = sandbox.state.clock
    sandbox.state.clock = lambda: real_clock() - timedelta(minutes=2)
    _text_us(sandbox, "Late listed", customer="+15142361299")
    sandbox.state.clock = real_clock
    try:
        async with _client(sandbox) as provider:
            assert await poll_inbound(restarted, provider) == 2
            assert await poll_inbound(restarted, provider) == 0
    finally:
        restarted.dispose()
    assert sorted(_inbound(engine)) == sorted(
        ["Is my car ready?", "I can come at 5.", "Never mind, 6.", "Late listed"]
    )
    with session_scope(engine) as session:
        assert queries.get_cursor(session, INBOUND_CURSOR) >= cursor


async def test_statuses_are_followed_until_final_and_for_72_hours_at_most(engine, sandbox):
    with session_scope(engine) as session:
        shop = make_shop(session)
        thread = Thread(shop_id=shop.id, number="+15142361201")
        session.add(thread)
        session.flush()
        thread_id = thread.id
    async with _client(sandbox) as provider:
        recent = await provider.create_message(
            to="+15142361201", from_=TRANSACTIONAL[0], body="recent"
        )
        old = await provider.create_message(to="+15142361201", from_=TRANSACTIONAL[0], body="old")
        ids = {}
        with session_scope(engine) as session:
            for answer, age in ((recent, timedelta(hours=71)), (old, timedelta(hours=73))):
                message = Message(
                    thread_id=thread_id,
                    direction=Direction.OUTBOUND,
                    body=answer.body,
                    status="sending",
                    provider_sid=answer.sid,
                    created_at=utcnow() - age,
                )
                session.add(message)
                session.flush()
                ids[answer.body] = message.id
        for _ in range(100):
            await asyncio.sleep(0.05)
            await poll_statuses(engine, provider)
            with session_scope(engine) as session:
                if session.get(Message, ids["recent"]).status == "delivered":
                    break
        with session_scope(engine) as session:
            assert session.get(Message, ids["recent"]).status == "delivered"
            assert session.get(Message, ids["old"]).status == "sending"
            # Final: no longer asked about.
            assert queries.messages_awaiting_status(session, utcnow() - timedelta(hours=72)) == []


async def test_a_burst_within_one_second_is_stored_in_the_order_it_was_sent(engine, sandbox):
    """Twenty texts injected through the sandbox's own endpoint within one second (the
    provider's dates have whole seconds) read back top to bottom as they were sent."""
    import httpx

    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "John Smith", "+15142361201")
    frozen = utcnow().replace(microsecond=0)
    real_clock = sandbox.state.clock
    sandbox.state.clock = lambda: frozen
    try:
        async with httpx.AsyncClient(
            base_url=sandbox.base_url, headers=sandbox.control_headers
        ) as control:
            for n in range(1, 21):
                answer = await control.post(
                    "/sandbox/inbound",
                    data={"From": "+15142361201", "To": TRANSACTIONAL[0], "Body": f"part {n}"},
                )
                assert answer.status_code == 201
    finally:
        sandbox.state.clock = real_clock
    async with _client(sandbox) as provider:
        assert await poll_inbound(engine, provider) == 20
    expected = [f"part {n}" for n in range(1, 21)]
    assert _inbound(engine) == expected
    with session_scope(engine) as session:
        thread = session.exec(select(Thread)).one()
        shown = queries.messages_for_thread(session, thread.id or 0)
    assert [m.body for m in shown] == expected
