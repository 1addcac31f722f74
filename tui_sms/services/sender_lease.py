"""Which process sends: an election through the sender seat (store/seat.py).

Every `tui-sms` app and every `tui-sms worker` runs `SenderElection.run`. The process that
holds the seat runs the sender (the worker loops); the others stand by and try again every
`renew_every` seconds. The holder renews the seat as often; it lasts `hold_for` seconds,
so a holder that quits gives it up at once and one killed with -9 loses it within
`hold_for`: another process then takes over within `hold_for + renew_every` seconds.

A worker service takes the seat from an app (the app's sender stops at its next renewal);
an app never takes it from a live worker. Two senders for a moment during that hand-over
are safe: claims, rate slots and reconciliation already hold with several workers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from tui_sms.config import Settings, WorkerSettings
from tui_sms.provider.base import Provider
from tui_sms.services.runtime import SandboxDoor, open_provider
from tui_sms.services.worker import Worker, worker_owner
from tui_sms.store import queries, seat
from tui_sms.store.engine import session_scope
from tui_sms.store.models import utcnow

log = logging.getLogger(__name__)

RENEW_EVERY = 1.0
HOLD_FOR = 3.0
# Texts waiting this long with nobody holding the seat: every app says so.
SENDER_MISSING_AFTER = timedelta(seconds=20)

RunSender = Callable[[asyncio.Event], Awaitable[None]]


class SenderElection:
    """Stand for the seat until `stop`; while holding it, run `run_sender(its_stop)`.

    `run_sender` must return soon after the event it is given is set (the worker drains the
    posts in flight, each bounded by the provider timeout). An error it raises gives the
    seat up and ends `run` with that error.
    """

    def __init__(
        self,
        engine: Engine,
        me: str,
        kind: str,
        run_sender: RunSender,
        *,
        renew_every: float = RENEW_EVERY,
        hold_for: float = HOLD_FOR,
        on_change: Callable[[bool], None] | None = None,
    ) -> None:
        self.engine = engine
        self.me = me
        self.kind = kind
        self.run_sender = run_sender
        self.renew_every = renew_every
        self.hold_for = hold_for
        self.on_change = on_change or (lambda holding: None)
        self.holding = False

    async def run(self, stop: asyncio.Event) -> None:
        try:
            while not stop.is_set():
                if await self._take():
                    await self._send_while_held(stop)
                else:
                    await _wait(stop, self.renew_every)
        finally:
            await asyncio.shield(self._give_up())

    async def _send_while_held(self, stop: asyncio.Event) -> None:
        self._set_holding(True)
        sender_stop = asyncio.Event()
        sender = asyncio.create_task(self.run_sender(sender_stop), name="sender")
        renewed = asyncio.get_running_loop().time()
        try:
            while not stop.is_set() and not sender.done():
                await _wait_either(stop, sender, self.renew_every)
                if stop.is_set() or sender.done():
                    break
                try:
                    still = await self._take()
                except Exception:
                    # The database hiccuped: keep sending while the seat may still be ours.
                    log.exception("renewing the sender seat failed")
                    still = asyncio.get_running_loop().time() - renewed < self.hold_for
                else:
                    renewed = asyncio.get_running_loop().time()
                if not still:
                    log.info("another process took the sender seat: this one stands by")
                    break
        finally:
            sender_stop.set()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.shield(sender)
            self._set_holding(False)
            await asyncio.shield(self._give_up())
        sender.result()  # an error of the sender ends the election with it

    def _set_holding(self, holding: bool) -> None:
        self.holding = holding
        self.on_change(holding)

    async def _take(self) -> bool:
        def take() -> bool:
            now = utcnow()
            until = now + timedelta(seconds=self.hold_for)
            with session_scope(self.engine) as session:
                return seat.take_or_keep(session, self.me, self.kind, now, until)

        return await asyncio.to_thread(take)

    async def _give_up(self) -> None:
        def give_up() -> None:
            with session_scope(self.engine) as session:
                seat.give_up(session, self.me, utcnow())

        try:
            await asyncio.to_thread(give_up)
        except Exception:
            # The seat then runs out by itself within `hold_for`.
            log.exception("giving up the sender seat failed")


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


async def _wait_either(stop: asyncio.Event, task: asyncio.Task[None], seconds: float) -> None:
    stopped = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({stopped, task}, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopped.cancel()


@dataclass(frozen=True)
class SenderMissing:
    """Nobody has sent since `since` and `waiting` texts are queued."""

    since: datetime | None
    waiting: int


def sender_missing(engine: Engine, now: datetime | None = None) -> SenderMissing | None:
    """What the apps' banner says when no process has held the seat for a while."""
    now = now or utcnow()
    with session_scope(engine) as session:
        state = seat.read_seat(session)
        if state.held(now):
            return None
        last = state.last_held_at
        if last is not None and now - last < SENDER_MISSING_AFTER:
            return None
        waiting = queries.count_waiting(session)
    if not waiting:
        return None
    return SenderMissing(since=last, waiting=waiting)


def holder(engine: Engine, now: datetime | None = None) -> seat.SeatState:
    with session_scope(engine) as session:
        return seat.read_seat(session)


async def serve_as_sender(
    settings: Settings,
    engine: Engine,
    kind: str,
    stop: asyncio.Event,
    *,
    auto_reply: Callable[[str, str], str | None] | None = None,
    on_change: Callable[[bool], None] | None = None,
    me: str | None = None,
    wrap_provider: Callable[[Provider], Provider] | None = None,
    worker_settings: WorkerSettings | None = None,
    on_sandbox: Callable[[SandboxDoor | None], None] | None = None,
) -> None:
    """Stand for the seat as a worker service or an app; send while holding it.

    `wrap_provider` decorates the provider while sending (webhooks add a StatusCallback);
    `worker_settings` replaces settings.worker (webhooks poll less often); `on_sandbox` hears
    how to reach a sandbox served in this process (the demo's simulated customers), and None
    when it stops.
    """
    me = me or worker_owner()

    async def run_sender(sender_stop: asyncio.Event) -> None:
        async with open_provider(settings, auto_reply=auto_reply, on_sandbox=on_sandbox) as opened:
            provider: Provider = wrap_provider(opened) if wrap_provider else opened
            worker = Worker(
                engine,
                provider,
                worker_settings or settings.worker,
                owner=me,
                mail=settings.mail,
                post_timeout=settings.provider.timeout,
            )
            try:
                await worker.run(sender_stop)
            finally:
                if on_sandbox is not None:
                    on_sandbox(None)  # the seat is left: the sandbox stops with the provider

    await SenderElection(engine, me, kind, run_sender, on_change=on_change).run(stop)
