"""Bookings on a number's line: a sender following its own booking keeps its own
slack, anyone else (another worker, the same one restarted) the whole guard; a late post
whose booking is still the number's last moves later where it is; and two senders sharing
the numbers never push one past the carrier's rate."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlmodel import func, select

from tests.factories import TRANSACTIONAL, make_shop
from tui_sms.services.claims import BookingTerms, SendPolicy, claim_batch
from tui_sms.services.send_outcomes import rebook
from tui_sms.services.sender import Sender
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Direction, Message, SenderNumber, Thread

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
GUARD = 0.05
OWN = 0.01
POLICY = SendPolicy(horizon=timedelta(seconds=10), guard=GUARD, limit=50)


def _seconds(at: datetime) -> float:
    return round((at - NOW).total_seconds(), 6)


def _backlog(engine, count: int, *, rate: float, first: int = 0) -> None:
    """`count` one-segment texts to as many customers, from the first transactional number
    alone, metered at `rate` segments/s."""
    with session_scope(engine) as session:
        if session.exec(select(SenderNumber)).first() is None:
            make_shop(session)
        for sender in session.exec(select(SenderNumber)).all():
            sender.active = sender.number == TRANSACTIONAL[0]
            sender.rate_limit = rate
        for i in range(first, first + count):
            thread = Thread(shop_id=1, number=f"+1514236{1400 + i:04d}")
            session.add(thread)
            session.flush()
            session.add(
                Message(
                    thread_id=thread.id,
                    direction=Direction.OUTBOUND,
                    body=f"Your car is ready ({i}).",
                    status="queued",
                    to_number=thread.number,
                    segments=1,
                    created_at=NOW,
                )
            )


def _claim(engine, booker: str | None, count: int = 50):
    with session_scope(engine) as session:
        return claim_batch(
            session, "w", NOW, POLICY, "transactional", terms=BookingTerms(booker, OWN)
        )[:count]


def test_a_sender_following_its_own_booking_keeps_only_its_own_slack(engine):
    _backlog(engine, 3, rate=1.0)
    claimed = _claim(engine, "w1/run-a")
    # The first keeps the guard from the claim (the time to start the post), the next ones
    # follow at 1 s and the sender's own slack: the number's line is used, not the guard's.
    expected = [GUARD, GUARD + 1 + OWN, GUARD + 2 + 2 * OWN]
    assert [_seconds(c.send_at) for c in claimed] == [round(e, 6) for e in expected]
    with session_scope(engine) as session:
        number = session.exec(select(SenderNumber).where(SenderNumber.active)).one()
        assert number.booked_by == "w1/run-a"
        assert _seconds(number.own_free_at) == round(GUARD + 3 + 3 * OWN, 6)
        assert _seconds(number.next_free_at) == round(GUARD + 3 + 2 * OWN + GUARD, 6)
    # The same run's next claim follows its own booking too.
    _backlog(engine, 1, rate=1.0, first=3)
    (again,) = _claim(engine, "w1/run-a")
    assert _seconds(again.send_at) == round(GUARD + 3 + 3 * OWN, 6)


def test_anyone_else_keeps_the_whole_guard_after_a_booking(engine):
    _backlog(engine, 1, rate=1.0)
    (first,) = _claim(engine, "w1/run-a")
    # Another worker, or the same one restarted (a new run: it never waited for the answer
    # of the post booked before), starts after the guard kept for strangers.
    _backlog(engine, 1, rate=1.0, first=1)
    (other,) = _claim(engine, "w1/run-b")
    assert other.send_at - first.send_at == timedelta(seconds=1 + GUARD)
    # A claim without a booker's name is a stranger to every booking, even its own.
    _backlog(engine, 1, rate=1.0, first=2)
    (nameless,) = _claim(engine, None)
    assert nameless.send_at - other.send_at == timedelta(seconds=1 + GUARD)


def test_a_late_post_whose_booking_is_the_number_s_last_moves_later_where_it_is(engine):
    _backlog(engine, 2, rate=1.0)
    first, last = _claim(engine, "w1/run-a")
    late = last.send_at + timedelta(seconds=0.3)
    with session_scope(engine) as session:
        moved = rebook(
            session,
            last,
            "w",
            late,
            POLICY,
            terms=BookingTerms("w1/run-a", OWN),
            held=(last.send_at, last.slot_end),
        )
    assert moved is not None
    # No hole of a whole booking behind it: the earliest a fresh booking may start.
    assert moved[0] == late + timedelta(seconds=GUARD)
    # Not so for a booking that is no longer the last: the new slot follows the others.
    _backlog(engine, 1, rate=1.0, first=2)
    (other,) = _claim(engine, "w2/run-a")
    with session_scope(engine) as session:
        again = rebook(
            session,
            first,
            "w",
            first.send_at + timedelta(seconds=0.3),
            POLICY,
            terms=BookingTerms("w1/run-a", OWN),
            held=(first.send_at, first.slot_end),
        )
    assert again is not None and again[0] >= other.slot_end


async def _drain_together(engine, senders: list[Sender]) -> None:
    async def keep_sending(sender: Sender) -> None:
        while True:
            claimed = await sender.run_round()
            with session_scope(engine) as session:
                left = session.exec(
                    select(func.count()).select_from(Message).where(Message.provider_sid == None)  # noqa: E711
                ).one()
            if left == 0 and sender.in_flight == 0:
                break
            if claimed == 0:
                await asyncio.sleep(0.02)
        await sender.drain()

    await asyncio.wait_for(asyncio.gather(*(keep_sending(s) for s in senders)), 60)


class FartherRoute:
    """The real client, reached over a longer way out: each post leaves `delay` seconds
    after the sender started it (a worker on another machine, farther from the provider)."""

    def __init__(self, provider, delay: float) -> None:
        self.provider = provider
        self.delay = delay

    async def create_message(self, **fields):
        await asyncio.sleep(self.delay)
        return await self.provider.create_message(**fields)

    def __getattr__(self, name):
        return getattr(self.provider, name)


async def test_two_senders_sharing_a_number_never_push_it_past_its_rate(engine, sandbox, provider):
    rate = 8.0
    sandbox.state.rate_limits = {TRANSACTIONAL[0]: rate}
    _backlog(engine, 40, rate=rate)
    # One text a claim, four in flight: the two senders' bookings alternate on the line.
    # A wider guard than the other tests': the sandbox shares this process, and on a
    # loaded machine its clock drifts from the senders' by tens of milliseconds.
    guard = GUARD * 2
    policy = SendPolicy(limit=1, guard=guard)
    # One sender's posts reach the provider later than they start, by less than the guard
    # and more than a sender's own slack: only the guard kept between two senders' bookings
    # keeps its post from crowding the other's next one.
    far = FartherRoute(provider, guard * 0.7)
    senders = [Sender(engine, far, "w1", policy), Sender(engine, provider, "w2", policy)]
    await _drain_together(engine, senders)
    assert sandbox.state.rate_violations == 0
    assert all(s.report.sent > 0 for s in senders), "one sender did all the sending"
    assert sum(s.report.sent for s in senders) == 40
    with session_scope(engine) as session:
        sids = session.exec(select(Message.provider_sid)).all()
    assert len(set(sids)) == 40 and None not in sids


async def test_one_sender_uses_its_number_s_line_without_pushing_past_the_rate(
    engine, sandbox, provider
):
    rate = 8.0
    sandbox.state.rate_limits = {TRANSACTIONAL[0]: rate}
    _backlog(engine, 24, rate=rate)
    sender = Sender(engine, provider, "w1", SendPolicy(limit=5, guard=GUARD))
    await _drain_together(engine, [sender])
    assert sandbox.state.rate_violations == 0 and sender.report.sent == 24
    # Every booking but the first followed the sender's own: the line was booked with its
    # own slack, not the guard kept for other workers.
    with session_scope(engine) as session:
        number = session.exec(select(SenderNumber).where(SenderNumber.active)).one()
        assert number.booked_by == sender.booker.name
        assert number.own_free_at < number.next_free_at
