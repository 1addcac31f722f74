"""The sender seat: exactly one holder, hand-over on quit and on a holder gone silent,
a worker service before any app, and the banner's facts when nobody sends."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from tests.factories import make_shop
from tui_sms.services.sender_lease import SENDER_MISSING_AFTER, SenderElection, sender_missing
from tui_sms.store import seat
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Direction, Message, Thread, utcnow


class Candidate:
    """One process standing for the seat: counts how long its sender ran."""

    def __init__(self, engine, name: str, kind: str = seat.APP) -> None:
        self.name = name
        self.sending = False
        self.stop = asyncio.Event()
        self.election = SenderElection(
            engine, name, kind, self._send, renew_every=0.05, hold_for=0.3
        )
        self.task = asyncio.create_task(self.election.run(self.stop))

    async def _send(self, its_stop: asyncio.Event) -> None:
        self.sending = True
        try:
            await its_stop.wait()
        finally:
            self.sending = False

    async def quit(self) -> None:
        self.stop.set()
        await self.task

    def kill(self) -> None:
        """Like kill -9: the task ends without giving the seat up."""
        self.election._give_up = _nothing  # type: ignore[method-assign]
        self.task.cancel()


async def _nothing() -> None:
    return None


async def until(condition, seconds: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition never became true"
        await asyncio.sleep(0.02)


def holder_of(engine) -> str | None:
    with session_scope(engine) as session:
        state = seat.read_seat(session)
    return state.holder if state.held(utcnow()) else None


async def test_one_of_three_apps_sends_and_another_takes_over_when_it_quits(engine):
    apps = [Candidate(engine, f"app-{i}") for i in range(3)]
    await until(lambda: sum(a.sending for a in apps) == 1)
    await asyncio.sleep(0.3)
    assert sum(a.sending for a in apps) == 1
    first = next(a for a in apps if a.sending)
    assert holder_of(engine) == first.name
    await first.quit()
    rest = [a for a in apps if a is not first]
    await until(lambda: sum(a.sending for a in rest) == 1)
    assert holder_of(engine) != first.name
    for app in rest:
        await app.quit()
    assert holder_of(engine) is None


async def test_a_killed_holder_loses_the_seat_when_it_runs_out(engine):
    apps = [Candidate(engine, f"app-{i}") for i in range(2)]
    await until(lambda: any(a.sending for a in apps))
    killed = next(a for a in apps if a.election.holding)
    other = next(a for a in apps if a is not killed)
    killed.kill()
    await until(lambda: other.sending)
    assert holder_of(engine) == other.name
    await other.quit()


async def test_a_worker_service_takes_the_seat_from_an_app_and_the_app_never_takes_it_back(
    engine,
):
    app = Candidate(engine, "app")
    await until(lambda: app.sending)
    worker = Candidate(engine, "worker", seat.WORKER)
    await until(lambda: worker.sending and not app.sending)
    await asyncio.sleep(0.5)
    assert worker.sending and not app.sending
    assert holder_of(engine) == "worker"
    second_worker = Candidate(engine, "worker-2", seat.WORKER)
    await asyncio.sleep(0.5)
    assert not second_worker.sending, "a second worker stands by"
    await worker.quit()
    await until(lambda: second_worker.sending)
    await second_worker.quit()
    await until(lambda: app.sending)
    await app.quit()


async def test_an_error_in_the_sender_gives_the_seat_up_and_ends_the_election(engine):
    async def broken(_stop: asyncio.Event) -> None:
        raise RuntimeError("no provider")

    election = SenderElection(engine, "app", seat.APP, broken, renew_every=0.05, hold_for=0.3)
    try:
        await election.run(asyncio.Event())
    except RuntimeError as error:
        assert str(error) == "no provider"
    else:
        raise AssertionError("the sender's error was swallowed")
    assert holder_of(engine) is None


def _queue_one(engine) -> None:
    with session_scope(engine) as session:
        shop = make_shop(session)
        thread = Thread(shop_id=shop.id or 0, number="+15145550123")
        session.add(thread)
        session.flush()
        session.add(
            Message(
                thread_id=thread.id or 0,
                direction=Direction.OUTBOUND,
                body="Your car is ready.",
                status="queued",
                to_number=thread.number,
            )
        )


def test_the_banner_speaks_only_when_texts_wait_and_nobody_has_sent_for_a_while(engine):
    now = utcnow()
    assert sender_missing(engine, now) is None, "nothing waits"
    _queue_one(engine)
    missing = sender_missing(engine, now)
    assert missing is not None and missing.waiting == 1 and missing.since is None
    with session_scope(engine) as session:
        assert seat.take_or_keep(session, "app", seat.APP, now, now + timedelta(seconds=3))
    assert sender_missing(engine, now) is None, "someone holds the seat"
    assert sender_missing(engine, now + timedelta(seconds=5)) is None, "only just gone"
    later = now + timedelta(seconds=3) + SENDER_MISSING_AFTER
    missing = sender_missing(engine, later)
    assert missing is not None and missing.since == now
