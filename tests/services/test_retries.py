"""What the sender does when the provider slows it down, fails, or leaves it in doubt."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from tests.factories import TRANSACTIONAL, consent_to, make_shop
from tui_sms.services import outbox
from tui_sms.services.outbox import SendOptions
from tui_sms.services.reconcile import reconcile_expired
from tui_sms.services.sender import SendPolicy, send_due_messages
from tui_sms.services.statuses import set_status
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Message, SenderNumber, utcnow

QUICK = SendPolicy(lease=timedelta(seconds=5), retry_base=0.5, retry_max=4.0)


def _queue(engine, number="+15142361201", body="Your car is ready.", **options) -> int:
    """Queue one message to a customer who was texted before, so that it is the only one the
    sender has to post: the disclaimer the outbox put first is marked delivered, long ago."""
    with session_scope(engine) as session:
        if session.exec(select(SenderNumber)).first() is None:
            make_shop(session)
        consent_to(session, number)
        message = outbox.queue_to_number(
            session, number, body, author_id=None, options=SendOptions(**options)
        )
        disclaimer = session.exec(
            select(Message).where(
                Message.thread_id == message.thread_id, Message.kind == "disclaimer"
            )
        ).one()
        set_status(session, disclaimer, "delivered", utcnow() - timedelta(days=1))
        return message.id


def _message(engine, message_id) -> Message:
    with session_scope(engine) as session:
        return session.get(Message, message_id)


async def test_a_429_holds_the_number_for_its_retry_after_and_loses_nothing(
    engine, sandbox, provider
):
    # Someone else already used the number's line: the carrier asks us to wait.
    # One text per 10 s: a slow machine preparing the test never outlasts the wait.
    sandbox.state.rate_limits = {TRANSACTIONAL[0]: 0.1}
    sandbox.state.create_outbound(to="+15142369999", from_=TRANSACTIONAL[0], body="other app")
    message_id = _queue(engine)
    with session_scope(engine) as session:
        for number in session.exec(select(SenderNumber)).all():
            number.active = number.number == TRANSACTIONAL[0]
    before = utcnow()
    report = await send_due_messages(engine, provider, "w1", policy=QUICK)
    assert report.retried == 1 and report.sent == 0 and report.unavailable is None
    message = _message(engine, message_id)
    assert message.status == "queued" and message.provider_sid is None
    assert message.next_attempt_at >= before + timedelta(seconds=1.5)  # Retry-After ≈ 10 s
    with session_scope(engine) as session:
        number = session.exec(
            select(SenderNumber).where(SenderNumber.number == TRANSACTIONAL[0])
        ).one()
        assert number.next_free_at >= message.next_attempt_at


async def test_a_5xx_backs_off_and_a_4xx_with_a_code_is_final(engine, sandbox, provider):
    kept = _queue(engine, "+15142361201", "Ready at 5.")
    refused = _queue(engine, "+15005550009", "Ready at 6.")
    sandbox.state.start_outage(30)
    report = await send_due_messages(engine, provider, "w1", policy=QUICK)
    assert report.unavailable is not None and report.sent == 0
    assert {_message(engine, kept).status, _message(engine, refused).status} == {"queued"}
    sandbox.state.outage_until = None
    with session_scope(engine) as session:
        for message in session.exec(select(Message)).all():
            message.next_attempt_at = utcnow()
    report = await send_due_messages(engine, provider, "w1", policy=QUICK)
    assert report.sent == 1 and report.refused == 1
    assert _message(engine, refused).error_code == 21614
    assert _message(engine, kept).attempts == 2


async def test_a_dropped_connection_is_reconciled_never_blindly_retried(engine, sandbox, provider):
    message_id = _queue(engine)
    sandbox.state.start_drop(30)
    report = await send_due_messages(engine, provider, "w1", policy=QUICK)
    assert report.retried == 1 and report.unavailable.ambiguous
    held = _message(engine, message_id)
    assert held.status == "sending" and held.lease_owner == "w1"
    assert held.lease_until <= utcnow() + timedelta(seconds=3)

    sandbox.state.drop_until = None
    with session_scope(engine) as session:
        session.get(Message, message_id).lease_until = utcnow() - timedelta(seconds=1)
    assert await reconcile_expired(engine, provider, "w2", QUICK) == 0
    requeued = _message(engine, message_id)
    assert requeued.status == "queued" and requeued.next_attempt_at > utcnow()
    assert sandbox.state.ledger() == []


async def test_a_post_whose_answer_was_lost_is_adopted_not_sent_again(engine, sandbox, provider):
    message_id = _queue(engine)
    with session_scope(engine) as session:
        number = session.exec(select(SenderNumber)).first().number
        message = session.get(Message, message_id)
        message.status, message.from_number, message.lease_owner = "sending", number, "dead"
        message.claimed_at = utcnow()
        message.lease_until = utcnow() - timedelta(seconds=1)
    # The dead worker's post reached the provider; the provider still holds it as queued.
    sandbox.state.status_delays = (60, 1, 1)
    landed = sandbox.state.create_outbound(
        to="+15142361201", from_=number, body="Your car is ready."
    )
    assert await reconcile_expired(engine, provider, "w2", QUICK) == 1
    adopted = _message(engine, message_id)
    assert adopted.provider_sid == landed.sid and adopted.lease_owner is None
    await send_due_messages(engine, provider, "w2", policy=QUICK)
    assert len(sandbox.state.ledger()) == 1


async def test_a_reminder_that_cannot_leave_in_time_fails_with_the_reason(engine, provider):
    message_id = _queue(engine, body="Reminder: oil change today 9:00", validity_seconds=60)
    with session_scope(engine) as session:
        message = session.get(Message, message_id)
        message.created_at = utcnow() - timedelta(minutes=2)
    report = await send_due_messages(engine, provider, "w1", policy=QUICK)
    assert report.sent == 0
    message = _message(engine, message_id)
    assert message.status == "failed" and message.provider_sid is None
    assert "validity period (1 minutes)" in message.error_message
