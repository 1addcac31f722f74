"""The sender: claims queued messages with a lease and a rate slot (services/claims.py),
posts them, records the provider's answer.

One asyncio task per claimed message waits for its slot and posts: the numbers of a pool
send side by side, never one HTTP round trip after another.

Crash safety: the claim is committed before the HTTP request and the answer after it. A
process killed in between, or a request whose fate is unknown (a timeout, a connection lost
after sending), leaves a `sending` message whose lease runs out; `reconcile_expired` then
asks the provider whether it went out and adopts its sid, so it is never posted twice. Only
a provider that certainly did not act (HTTP 429/5xx, no connection) sees the message again,
after an exponential back-off with jitter.

What came of each post is written down by services/send_outcomes.py, in batches
(services/send_recorder.py); how many posts are in flight at once and how a number's posts
are spaced is services/send_pace.py; a message left `sending` is settled by
services/reconcile.py.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session

from tui_sms.domain.sending import backoff, remaining_validity
from tui_sms.provider.base import Provider, ProviderError, ProviderUnavailable
from tui_sms.services.claims import IN_FLIGHT_MARGIN, Claimed, SendPolicy, claim_batch
from tui_sms.services.reconcile import reconcile_expired
from tui_sms.services.send_bookings import Booker
from tui_sms.services.send_outcomes import (
    expire_claimed,
    hold_for_reconcile,
    rebook,
    record_refusal,
    release_for_retry,
    release_slowed_down,
)
from tui_sms.services.send_pace import Line, Pace
from tui_sms.services.send_recorder import OutcomeRecorder
from tui_sms.store.engine import in_loop_transaction
from tui_sms.store.models import Queue, utcnow
from tui_sms.store.queries import sending

T = TypeVar("T")
log = logging.getLogger(__name__)

# After a request of unknown fate, give a straggling copy time to land before looking.
RECONCILE_GRACE = timedelta(seconds=2)
# How often a busy sender looks for expired leases: a lease lasts a post's timeout and more
# (`SendPolicy.hold`, 13 s at least), so a second later changes nothing, while a look at
# every round (many a second while a backlog drains) cost as much as the claims.
RECONCILE_EVERY = 1.0
QUEUES = (Queue.TRANSACTIONAL, Queue.PROMOTIONAL)


@dataclass
class SendReport:
    sent: int = 0
    refused: int = 0
    retried: int = 0
    adopted: int = 0
    expired: int = 0
    rebooked: int = 0  # posts that woke too late for their slot and took a later one
    unavailable: ProviderUnavailable | None = None


# --- the sending loop ---------------------------------------------------------------------


class Sender:
    """One worker's sender: claims per queue each round and posts every claimed message in
    its own task at its slot. Counts go to `report`; `trouble` holds the provider's last
    unavailability until an answer comes back."""

    def __init__(
        self,
        engine: Engine,
        provider: Provider,
        owner: str,
        policy: SendPolicy | None = None,
        *,
        draw: Callable[[], float] = random.random,
    ) -> None:
        self.engine = engine
        self.provider = provider
        self.owner = owner
        self.policy = policy or SendPolicy()
        self.draw = draw
        self.report = SendReport()
        self.trouble: ProviderUnavailable | None = None
        self.paused_until: datetime | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._last_to: dict[str, asyncio.Task[None]] = {}
        self.pace = Pace()
        self._turn = asyncio.Lock()  # one transaction of this sender at a time
        self._recorder = OutcomeRecorder(engine, self._turn)
        self._reconciled_at: float | None = None  # time.monotonic() of the last look
        self.booker = Booker(owner, self.policy, self.pace)

    @property
    def booking_policy(self) -> SendPolicy:
        return self.booker.policy_for_others

    @property
    def in_flight(self) -> int:
        return len(self._tasks)

    async def run_round(self) -> int:
        """Settle expired leases, then claim and start posting. Returns how many were claimed."""
        looked = self._reconciled_at
        if looked is None or time.monotonic() - looked >= RECONCILE_EVERY:
            self._reconciled_at = time.monotonic()
            try:
                adopted = await reconcile_expired(
                    self.engine, self.provider, self.owner, self.policy, self.draw
                )
                self.report.adopted += adopted
            except ProviderUnavailable as trouble:
                self._unreachable(trouble, utcnow() + timedelta(seconds=self.policy.retry_base))
                return 0
        if self.paused_until is not None and utcnow() < self.paused_until:
            return 0
        if self.in_flight >= self.policy.max_in_flight:
            return 0
        # A look first: a claim locks the shop and the pool and tries every queue, while
        # most rounds of a draining backlog find nothing new.
        async with self._turn:
            queues = await in_loop_transaction(
                self.engine, lambda s: sending.queues_with_work(s, QUEUES, utcnow())
            )
        claimed = 0
        for queue in QUEUES:
            if self.in_flight >= self.policy.max_in_flight:
                break
            if queue not in queues:
                continue
            async with self._turn:
                batch = await in_loop_transaction(
                    self.engine,
                    lambda s, q=queue: claim_batch(
                        s,
                        self.owner,
                        utcnow(),
                        self.booking_policy,
                        q,
                        terms=self.booker.terms,
                    ),
                )
            for item in batch:
                # One recipient's texts leave in the order they were queued (the disclaimer
                # before the first text): each post waits for the previous one to that number.
                before = self._last_to.get(item.to)
                task = asyncio.create_task(self._deliver(item, before), name=f"send-{item.id}")
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
                self._last_to[item.to] = task
                task.add_done_callback(lambda done, to=item.to: self._forget(to, done))
            claimed += len(batch)
        return claimed

    async def drain(self) -> None:
        """Wait for every post in flight (each waits at most for its slot and one request)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def _forget(self, to: str, done: asyncio.Task[None]) -> None:
        if self._last_to.get(to) is done:
            del self._last_to[to]

    async def _deliver(self, claimed: Claimed, before: asyncio.Task[None] | None = None) -> None:
        if before is not None and not before.done():
            await asyncio.wait({before})
        try:
            await self._post(claimed)
        except Exception:
            # The lease stays: reconciliation settles the message once it runs out.
            log.exception("sending message %s failed", claimed.id)

    async def _post(self, claimed: Claimed) -> None:
        slot, lease_until, ends = claimed.send_at, claimed.lease_until, claimed.slot_end
        renewed = False
        while True:
            self.booker.hold(claimed.from_, slot)
            try:
                booked = await self._until_slot(claimed, slot, ends)
            finally:
                self.booker.hold(claimed.from_, slot, gone=True)
            if booked is None:
                return
            if booked is not True:
                slot, lease_until, ends = booked
                continue  # a later slot: wait for it and check the line again
            remaining = lease_until - utcnow()
            if remaining <= timedelta(0):
                return  # the claim ran out while waiting: reconciliation settles it, never a post
            # A post on time (within the late tolerance) keeps its claim: the request's own
            # timeout is cut to the lease (`_send`), so it is never in flight past it. One
            # renewal at most: a renewed post that waits again still posts within its lease.
            short = (
                self.policy.post_timeout
                + IN_FLIGHT_MARGIN
                - timedelta(seconds=self.policy.late_tolerance)
            )
            if renewed or remaining >= short:
                break
            # Waited behind earlier posts longer than the claim covers: renew it first, so
            # reconciliation never takes back a message whose post may still be in flight.
            # The renewed slot is waited for and the line checked again like any other:
            # posting straight after the renewal's transaction could crowd the number.
            again = await self._rebook(claimed, slot, ends)
            if again is None:
                return
            slot, lease_until, ends = again
            renewed = True
        interval = claimed.segments / claimed.rate if claimed.rate > 0 else 0
        spacing = interval + self.booker.own_slack - self.policy.late_tolerance
        metered = claimed.rate > 0
        line = Line(
            time.monotonic(),
            interval,
            spacing if metered else 0,
            margin=self.policy.late_tolerance if metered else 0,
        )
        self.pace.lines[claimed.from_] = line
        try:
            await self._send(claimed, lease_until, line)
        finally:
            line.answer()

    async def _until_slot(
        self, claimed: Claimed, slot: datetime, ends: datetime
    ) -> bool | tuple[datetime, datetime, datetime] | None:
        """Wait for the slot and for the number's line. True: post now; a (slot, lease end,
        booking end) triple: the post woke too late and was booked again; None: nothing to
        post."""
        while True:
            wait = (slot - utcnow()).total_seconds()
            if wait > 0:
                await asyncio.sleep(wait)
            now = utcnow()
            if claimed.valid_until is not None and now >= claimed.valid_until:
                self.report.expired += 1
                await self._tx(
                    lambda s: expire_claimed(s, claimed.id, self.owner, utcnow()), claimed.id
                )
                return None
            paused = self.paused_until
            if paused is not None and now < paused:
                self.report.retried += 1
                await self._tx(
                    lambda s, p=paused: release_for_retry(s, claimed.id, p, self.owner),
                    claimed.id,
                )
                return None
            if claimed.rate <= 0:
                return True
            late = (now - slot).total_seconds() > self.booker.may_be_late
            if late and not self.booker.late_may_post(claimed.from_, ends):
                self.report.rebooked += 1
                return await self._rebook(claimed, slot, ends)
            previous = self.pace.lines.get(claimed.from_)
            if previous is not None and not previous.answered.is_set():
                await previous.answered.wait()
                continue
            behind = self.pace.behind(previous)
            if behind <= 0:
                return True
            await asyncio.sleep(behind)

    async def _rebook(
        self, claimed: Claimed, slot: datetime, ends: datetime
    ) -> tuple[datetime, datetime, datetime] | None:
        return await self._tx(
            lambda s: rebook(
                s,
                claimed,
                self.owner,
                utcnow(),
                self.booking_policy,
                terms=self.booker.terms,
                held=(slot, ends),
            ),
            claimed.id,
        )

    async def _send(self, claimed: Claimed, lease_until: datetime, line: Line) -> None:
        # The request ends before the claim does, with a margin for a late landing: another
        # worker reconciles it only once it can no longer be in flight.
        budget = (lease_until - utcnow() - IN_FLIGHT_MARGIN).total_seconds()
        budget = min(budget, self.policy.post_timeout.total_seconds())
        started = time.monotonic()
        try:
            async with self.pace.post(), asyncio.timeout(max(budget, 0.1)):
                started = time.monotonic()  # the request's round trip, not its wait for a place
                try:
                    answer = await self.provider.create_message(
                        to=claimed.to,
                        from_=claimed.from_,
                        body=claimed.body,
                        validity_period=remaining_validity(claimed.valid_until, utcnow()),
                    )
                finally:
                    # The carrier took the post before this answer came: the number's next
                    # post is spaced from here, not from when the answer is written down.
                    line.answer()
        except ProviderError as error:
            self.pace.round_trip(time.monotonic() - started)
            self.report.refused += 1
            self.trouble = None
            refusal = error
            await self._tx(lambda s: record_refusal(s, claimed.id, refusal, utcnow()), claimed.id)
        except ProviderUnavailable as trouble:
            await self._unavailable(claimed, trouble)
        except TimeoutError:
            late = ProviderUnavailable("The SMS provider did not answer in time.", ambiguous=True)
            await self._unavailable(claimed, late)
        else:
            self.pace.round_trip(time.monotonic() - started)
            self.report.sent += 1
            self.trouble = None
            await self._recorder.answer(claimed.id, answer)

    async def _unavailable(self, claimed: Claimed, trouble: ProviderUnavailable) -> None:
        self.report.retried += 1
        delay = backoff(
            claimed.attempts,
            self.policy.retry_base,
            self.policy.retry_max,
            trouble.retry_after,
            self.draw(),
        )
        retry_at = utcnow() + timedelta(seconds=delay)
        if trouble.ambiguous:
            self._unreachable(trouble, retry_at)
            hold_until = utcnow() + RECONCILE_GRACE
            await self._tx(lambda s: hold_for_reconcile(s, claimed.id, self.owner, hold_until))
        elif trouble.status == 429:
            await self._tx(
                lambda s: release_slowed_down(s, claimed.id, self.owner, claimed.from_, retry_at)
            )
        else:
            self._unreachable(trouble, retry_at)
            await self._tx(lambda s: release_for_retry(s, claimed.id, retry_at, self.owner))

    def _unreachable(self, trouble: ProviderUnavailable, until: datetime) -> None:
        self.trouble = trouble
        self.report.unavailable = trouble
        if self.paused_until is None or self.paused_until < until:
            self.paused_until = until

    async def _tx(self, work: Callable[[Session], T], message_id: int | None = None) -> T:
        """Write what came of a post, batched with the other posts' outcomes."""
        return await self._recorder.record(work, message_id)


async def send_due_messages(
    engine: Engine,
    provider: Provider,
    owner: str,
    *,
    lease: timedelta = timedelta(seconds=30),
    limit: int = 20,
    policy: SendPolicy | None = None,
) -> SendReport:
    """One round, waiting for every post it started: for scripts and tests."""
    sender = Sender(engine, provider, owner, policy or SendPolicy(lease=lease, limit=limit))
    await sender.run_round()
    await sender.drain()
    return sender.report
