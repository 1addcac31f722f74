"""The claim: per-number rate slots in segments, sticky senders, queues apart, validity."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from tests.factories import PROMOTIONAL, TRANSACTIONAL, make_shop
from tui_sms.services.claims import SendPolicy, claim_batch
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Direction, Message, SenderNumber, Thread

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
POLICY = SendPolicy(horizon=timedelta(seconds=1.5), guard=0.0, limit=50)


def _threads(session, shop, count: int, first: int = 0) -> list[Thread]:
    threads = [
        Thread(shop_id=shop.id, number=f"+1514236{1200 + first + i:04d}") for i in range(count)
    ]
    session.add_all(threads)
    session.flush()
    return threads


def _queue(session, thread, body="hi", *, segments=1, queue="transactional", **fields) -> Message:
    message = Message(
        thread_id=thread.id,
        direction=Direction.OUTBOUND,
        body=body,
        status="queued",
        queue=queue,
        to_number=thread.number,
        segments=segments,
        created_at=NOW,
        **fields,
    )
    session.add(message)
    session.flush()
    return message


def _claim(engine, now=NOW, owner="w1", queue="transactional", policy=POLICY):
    with session_scope(engine) as session:
        return claim_batch(session, owner, now, policy, queue)


def _assert_rates_kept(claimed, rate: float = 1.0) -> None:
    by_number = defaultdict(list)
    for item in claimed:
        by_number[item.from_].append(item)
    for items in by_number.values():
        items.sort(key=lambda c: c.send_at)
        for before, after in itertools.pairwise(items):
            gap = (after.send_at - before.send_at).total_seconds()
            assert gap >= before.segments / rate - 1e-6


def _long_codes(session) -> None:
    """The shop's numbers at a long code's 1 segment/s, the rate the slots below count in."""
    for number in session.exec(select(SenderNumber)):
        number.rate_limit = 1.0
        session.add(number)
    session.flush()


def test_a_backlog_spreads_over_the_pool_within_each_numbers_rate(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        _long_codes(session)
        for thread in _threads(session, shop, 10):
            _queue(session, thread)
    claimed = _claim(engine)
    # Two numbers at 1 segment/s, booked 1.5 s ahead: slots at +0 s and +1 s on each.
    assert len(claimed) == 4
    assert {c.from_ for c in claimed} == set(TRANSACTIONAL)
    assert sorted((c.send_at - NOW).total_seconds() for c in claimed) == [0, 0, 1, 1]
    _assert_rates_kept(claimed)
    # Another worker claiming at the same moment finds the numbers booked, not free.
    assert _claim(engine, owner="w2") == []
    later = _claim(engine, now=NOW + timedelta(seconds=1), owner="w2")
    assert sorted((c.send_at - NOW).total_seconds() for c in later) == [2, 2]
    _assert_rates_kept(claimed + later)


def test_segments_not_messages_are_metered(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        _long_codes(session)
        for thread in _threads(session, shop, 4):
            _queue(session, thread, "long " * 80, segments=3)
    claimed = _claim(engine)
    assert len(claimed) == 2  # one 3-segment message holds a 1 seg/s number for 3 s
    with session_scope(engine) as session:
        numbers = session.exec(select(SenderNumber).where(SenderNumber.queue == "transactional"))
        assert {(n.next_free_at - NOW).total_seconds() for n in numbers} == {3.0}
    assert _claim(engine, now=NOW + timedelta(seconds=1)) == []
    after = _claim(engine, now=NOW + timedelta(seconds=2))
    assert {(c.send_at - NOW).total_seconds() for c in after} == {3.0}


def test_a_thread_keeps_its_number_unless_it_is_retired(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        sticky, _other = _threads(session, shop, 2)
        sticky.sender_number = TRANSACTIONAL[1]
        _queue(session, sticky, "first")
        _queue(session, sticky, "second")
        sticky_id = sticky.id
    claimed = _claim(engine)
    assert [c.from_ for c in claimed] == [TRANSACTIONAL[1], TRANSACTIONAL[1]]
    assert [c.body for c in sorted(claimed, key=lambda c: c.send_at)] == ["first", "second"]

    with session_scope(engine) as session:
        retired = session.exec(
            select(SenderNumber).where(SenderNumber.number == TRANSACTIONAL[1])
        ).one()
        retired.active = False
        _queue(session, session.get(Thread, sticky_id), "third")
    (third,) = _claim(engine, now=NOW + timedelta(seconds=5))
    assert third.from_ == TRANSACTIONAL[0]
    with session_scope(engine) as session:
        assert session.get(Thread, sticky_id).sender_number == TRANSACTIONAL[0]


def test_a_promotional_backlog_never_delays_a_transactional_message(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        threads = _threads(session, shop, 60)
        for thread in threads[:59]:
            _queue(session, thread, "Winter tires -20%", queue="promotional")
        reminder = _queue(session, threads[59], "Your appointment is tomorrow at 9.")
    promotional = _claim(engine, queue="promotional")
    assert {c.from_ for c in promotional} == set(PROMOTIONAL)
    (transactional,) = _claim(engine)
    assert transactional.id == reminder.id and transactional.send_at == NOW


def test_an_expired_message_fails_with_its_reason_instead_of_leaving_late(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        thread, other = _threads(session, shop, 2)
        stale = _queue(session, thread, "Reminder: today 9:00", validity_seconds=600)
        stale.created_at = NOW - timedelta(minutes=11)
        fresh = _queue(session, other, "Reminder: tomorrow 9:00", validity_seconds=600)
    claimed = _claim(engine)
    assert [c.id for c in claimed] == [fresh.id]
    assert 0 < (claimed[0].valid_until - NOW).total_seconds() <= 600
    with session_scope(engine) as session:
        message = session.get(Message, stale.id)
        assert message.status == "failed"
        assert "validity period (10 minutes)" in message.error_message


def test_no_active_number_fails_with_a_sentence(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        for number in session.exec(select(SenderNumber)).all():
            number.active = False
        (thread,) = _threads(session, shop, 1)
        message = _queue(session, thread)
    assert _claim(engine) == []
    with session_scope(engine) as session:
        failed = session.get(Message, message.id)
        assert failed.status == "failed"
        assert failed.error_message == "No active sender number in the transactional queue."
