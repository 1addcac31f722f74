"""The sender's batches: a claim leases all its messages at once, a batch of answers is
written whole (sids, events, changes, one ledger draw each), outcomes arriving together
share one transaction, and the posts kept in flight follow the round trip."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event
from sqlmodel import func, select

from tests.factories import make_shop
from tui_sms.provider.base import ProviderMessage
from tui_sms.services import billing
from tui_sms.services.claims import SendPolicy, claim_batch
from tui_sms.services.send_outcomes import record_answers
from tui_sms.services.send_pace import (
    COLD_AT_ONCE,
    FASTEST_TRUSTED,
    FEWEST_AT_ONCE,
    MOST_AT_ONCE,
    Line,
    Pace,
)
from tui_sms.services.send_recorder import OutcomeRecorder
from tui_sms.store.engine import session_scope
from tui_sms.store.models import (
    BalanceEntry,
    Change,
    Direction,
    Message,
    SenderNumber,
    StatusEvent,
    Thread,
)

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
UNMETERED = SendPolicy(limit=100)


def _backlog(engine, count: int) -> list[int]:
    """`count` queued texts to as many customers, from a pool with no rate limit."""
    with session_scope(engine) as session:
        make_shop(session)
        for sender in session.exec(select(SenderNumber)).all():
            sender.rate_limit = 0
        ids = []
        for i in range(count):
            thread = Thread(shop_id=1, number=f"+1514236{1300 + i:04d}")
            session.add(thread)
            session.flush()
            message = Message(
                thread_id=thread.id,
                direction=Direction.OUTBOUND,
                body=f"Your car is ready ({i}).",
                status="queued",
                to_number=thread.number,
                segments=1 + i % 2,
                created_at=NOW,
            )
            session.add(message)
            session.flush()
            ids.append(message.id)
    return ids


def _answer(message: Message, sid: str) -> ProviderMessage:
    return ProviderMessage(
        sid=sid,
        status="sent",
        direction="outbound-api",
        from_=message.from_number or "",
        to=message.to_number or "",
        body=message.body,
        num_segments=message.segments,
        price=None,
        price_unit=None,
        error_code=None,
        error_message=None,
        date_created=NOW,
        date_updated=NOW,
        date_sent=None,
    )


def _count(session, model, *where) -> int:
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def test_a_claim_leases_every_message_it_takes(engine):
    ids = _backlog(engine, 30)
    with session_scope(engine) as session:
        claimed = claim_batch(session, "w1", NOW, UNMETERED, "transactional")
    assert sorted(c.id for c in claimed) == ids
    assert all(c.attempts == 1 and c.lease_until == NOW + UNMETERED.hold for c in claimed)
    with session_scope(engine) as session:
        messages = session.exec(select(Message).where(Message.id.in_(ids))).all()
        assert {(m.status, m.lease_owner, m.attempts) for m in messages} == {("sending", "w1", 1)}
        assert {m.from_number for m in messages} <= {c.from_ for c in claimed}
        events = session.exec(select(StatusEvent.message_id, StatusEvent.status)).all()
        assert sorted(events) == [(i, "sending") for i in ids]
    # Another worker finds nothing to take while the leases hold.
    with session_scope(engine) as session:
        assert claim_batch(session, "w2", NOW, UNMETERED, "transactional") == []


def test_a_batch_of_answers_is_written_whole_and_draws_once_per_message(engine):
    ids = _backlog(engine, 12)
    with session_scope(engine) as session:
        claim_batch(session, "w1", NOW, UNMETERED, "transactional")
        before = billing.balance(session).segments
    with session_scope(engine) as session:
        messages = {m.id: m for m in session.exec(select(Message)).all()}
        answers = [(i, _answer(messages[i], f"SM{i:032d}")) for i in ids]
        segments = sum(messages[i].segments for i in ids)
        # The same answer twice in one batch (a duplicate) changes nothing more.
        record_answers(session, [*answers, answers[0]], NOW)
    with session_scope(engine) as session:
        for message in session.exec(select(Message).where(Message.id.in_(ids))).all():
            assert message.provider_sid == f"SM{message.id:032d}"
            assert (message.status, message.lease_owner, message.lease_until) == (
                "sent",
                None,
                None,
            )
            assert _count(session, BalanceEntry, BalanceEntry.message_id == message.id) == 1
            statuses = session.exec(
                select(StatusEvent.status)
                .where(StatusEvent.message_id == message.id)
                .order_by(StatusEvent.id)
            ).all()
            assert statuses == ["sending", "sent"]
        assert _count(session, Change, Change.kind == "status") == len(ids)
        draws = session.exec(select(BalanceEntry).where(BalanceEntry.kind == "draw")).all()
        assert all(d.price > Decimal(0) and d.direction == "outbound" for d in draws)
        assert billing.balance(session).segments == before - segments
    # The batch again (a reconciliation adopting the same sids) draws nothing more.
    with session_scope(engine) as session:
        record_answers(session, answers, NOW + timedelta(seconds=1))
        assert billing.balance(session).segments == before - segments
        assert _count(session, Change, Change.kind == "status") == len(ids)


async def test_answers_arriving_together_share_one_transaction(engine):
    ids = _backlog(engine, 20)
    with session_scope(engine) as session:
        claim_batch(session, "w1", NOW, UNMETERED, "transactional")
        messages = {m.id: m for m in session.exec(select(Message)).all()}
    commits: list[int] = []
    event.listen(engine, "commit", lambda connection: commits.append(1))
    recorder = OutcomeRecorder(engine)
    await asyncio.gather(*(recorder.answer(i, _answer(messages[i], f"SM{i:032d}")) for i in ids))
    assert len(commits) == 1
    with session_scope(engine) as session:
        sids = session.exec(select(Message.provider_sid).where(Message.id.in_(ids))).all()
        assert sorted(sids) == sorted(f"SM{i:032d}" for i in ids)


async def test_an_outcome_that_cannot_be_written_loses_none_of_the_others(engine):
    ids = _backlog(engine, 5)
    with session_scope(engine) as session:
        claim_batch(session, "w1", NOW, UNMETERED, "transactional")
        messages = {m.id: m for m in session.exec(select(Message)).all()}

    def broken(session):
        raise ValueError("this outcome cannot be written")

    recorder = OutcomeRecorder(engine)
    results = await asyncio.gather(
        recorder.record(broken),
        *(recorder.answer(i, _answer(messages[i], f"SM{i:032d}")) for i in ids),
        return_exceptions=True,
    )
    assert isinstance(results[0], ValueError)
    assert results[1:] == [None] * len(ids)
    with session_scope(engine) as session:
        assert _count(session, Message, Message.provider_sid.is_not(None)) == len(ids)
        assert _count(session, BalanceEntry, BalanceEntry.kind == "draw") == len(ids)


@pytest.mark.parametrize(
    ("round_trip", "at_once"),
    [(None, COLD_AT_ONCE), (0.3, MOST_AT_ONCE), (0.06, 20), (0.001, FEWEST_AT_ONCE)],
)
def test_posts_in_flight_follow_the_round_trip(round_trip, at_once):
    pace = Pace()
    if round_trip is not None:
        for _ in range(10):
            pace.round_trip(round_trip)
    assert pace.posts_at_once == at_once


def test_round_trips_lengthened_by_queueing_do_not_add_posts_in_flight():
    pace = Pace()
    # A near provider: most answers waited behind other posts, the fastest did not.
    for seconds in (0.002, 0.002, *[0.2] * 10):
        pace.round_trip(seconds)
    assert pace.posts_at_once == FEWEST_AT_ONCE


async def test_posts_beyond_the_places_in_flight_wait_for_one_to_end():
    pace = Pace()
    for _ in range(10):
        pace.round_trip(0.001)  # a near provider: few posts at once
    release = asyncio.Event()
    most = 0

    async def post():
        nonlocal most
        async with pace.post():
            most = max(most, pace.posting)
            await release.wait()

    posts = [asyncio.create_task(post()) for _ in range(3 * FEWEST_AT_ONCE)]
    for _ in range(5):
        await asyncio.sleep(0)
    assert pace.posting == FEWEST_AT_ONCE
    release.set()
    await asyncio.gather(*posts)
    assert most == FEWEST_AT_ONCE and pace.posting == 0


def test_a_post_keeps_its_number_s_spacing_from_the_previous_answer():
    pace = Pace()
    pace.round_trip(0.2)
    assert pace.behind(None) == 0.0
    line = Line(started=0.0, interval=1.0, margin=0.01)
    line.answer()
    first = line.answered_at
    line.answer()  # the first end of the request counts
    assert line.answered_at == first
    # One round trip known may have been a slow one (a first connection): the previous post
    # may have reached the carrier as late as its answer came.
    assert 1.0 < pace.behind(line) <= 1.01
    for _ in range(FASTEST_TRUSTED):
        pace.round_trip(0.2)
    # The fastest of many is 0.2 s: it reached the carrier at most 0.2 s before its answer.
    assert 1.0 - 0.2 < pace.behind(line) <= 1.01 - 0.2
