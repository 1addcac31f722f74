"""The sender: claims queued messages with a lease and a rate slot (services/claims.py),
posts them, records the provider's answer.

One asyncio task per claimed message waits for its slot and posts: the numbers of a pool
send side by side, never one HTTP round trip after another.

Crash safety (DESIGN.md §4): the claim is committed before the HTTP request and the answer
after it. A process killed in between, or a request whose fate is unknown (a timeout, a
connection lost after sending), leaves a `sending` message whose lease runs out;
`reconcile_expired` then asks the provider whether it went out and adopts its sid, so it
is never posted twice. Only a provider that certainly did not act (HTTP 429/5xx, no
connection) sees the message again, after an exponential back-off with jitter.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session

from tui_sms.domain.compliance import local_time
from tui_sms.domain.phone import sentence_for_provider_error
from tui_sms.domain.sending import (
    backoff,
    remaining_validity,
    reserve,
)
from tui_sms.provider.base import Provider, ProviderError, ProviderMessage, ProviderUnavailable
from tui_sms.services import billing, consent
from tui_sms.services.claims import Claimed, SendPolicy, claim_batch, expire_message
from tui_sms.services.statuses import apply_provider_report, set_status
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Message, Queue, utcnow

T = TypeVar("T")
log = logging.getLogger(__name__)

UNSUBSCRIBED = 21610  # Twilio: the recipient replied STOP to this sender
# How far before the claim time the provider's list is searched for a lost answer.
RECONCILE_MARGIN = timedelta(minutes=2)
# After a request of unknown fate, give a straggling copy time to land before looking.
RECONCILE_GRACE = timedelta(seconds=2)
# Conversations whose lost answers are looked up at once.
RECONCILE_AT_ONCE = 8
# Round trips: how many recent ones are remembered, how many make an estimate, and the
# spread assumed before that (a cold connection is slow).
ROUND_TRIPS_KEPT = 64
# Requests in flight at once. A metered number has one at a time, so this binds only
# unmetered pools; past it, httpcore spends its time sorting its connection pool.
POSTS_AT_ONCE = 32
ROUND_TRIPS_TRUSTED = 8
COLD_SPREAD = 0.1


@dataclass
class SendReport:
    sent: int = 0
    refused: int = 0
    retried: int = 0
    adopted: int = 0
    expired: int = 0
    rebooked: int = 0  # posts that woke too late for their slot and took a later one
    unavailable: ProviderUnavailable | None = None


async def in_transaction(engine: Engine, work: Callable[[Session], T]) -> T:
    """Run one transaction in a thread, so a slow disk never stalls the event loop."""

    def run() -> T:
        with session_scope(engine) as session:
            return work(session)

    return await asyncio.to_thread(run)


# --- what happened to a post --------------------------------------------------------------


def record_answer(
    session: Session, message_id: int, report: ProviderMessage, now: datetime
) -> None:
    message = session.get(Message, message_id)
    if message is None:
        return
    message.lease_owner = None
    message.lease_until = None
    apply_provider_report(session, message, report, now)
    # Issue 4: the provider accepted it, so it costs, even if it later fails (once per message).
    billing.draw_for_message(session, message, now)


def record_refusal(session: Session, message_id: int, error: ProviderError, now: datetime) -> None:
    message = session.get(Message, message_id)
    if message is None:
        return
    message.lease_owner = None
    message.lease_until = None
    number = message.to_number or ""
    sentence = sentence_for_provider_error(error.code, number) if error.code else None
    set_status(
        session,
        message,
        "failed",
        now,
        raw=str(error.code) if error.code else None,
        error_code=error.code,
        error_message=sentence or error.message,
    )
    if error.code == UNSUBSCRIBED and number:
        # The carrier knows the number said STOP (perhaps to another sender): so do we now.
        known = queries.opt_out_for(session, number) is not None
        consent.record_opt_out(session, number, now, source=f"provider {UNSUBSCRIBED}")
        if not known:
            shop = queries.get_shop(session)
            day = local_time(now, shop.time_zone if shop else "UTC").strftime("%Y-%m-%d")
            consent.record_event(
                session,
                number,
                f"The carrier says this number unsubscribed — texting disabled on {day}.",
                now,
            )


def release_for_retry(
    session: Session, message_id: int, retry_at: datetime, owner: str | None = None
) -> None:
    message = _leased(session, message_id, owner)
    if message is None:
        return
    message.status = "queued"
    message.lease_owner = None
    message.lease_until = None
    message.next_attempt_at = retry_at
    message.updated_at = retry_at
    session.add(message)


def release_slowed_down(
    session: Session, message_id: int, owner: str, number: str, retry_at: datetime
) -> None:
    """The carrier said the number goes too fast (429): hold the number, not just the message."""
    sender = queries.lock_sender_number(session, number)
    if sender is not None and (sender.next_free_at is None or sender.next_free_at < retry_at):
        sender.next_free_at = retry_at
        session.add(sender)
    release_for_retry(session, message_id, retry_at, owner)


def hold_for_reconcile(session: Session, message_id: int, owner: str, at: datetime) -> None:
    """The request may have reached the provider: let the lease run out at `at`, so that
    reconciliation, never a blind retry, decides whether it went out."""
    message = _leased(session, message_id, owner)
    if message is not None:
        message.lease_until = at
        session.add(message)


def expire_claimed(session: Session, message_id: int, owner: str, now: datetime) -> None:
    message = _leased(session, message_id, owner)
    if message is not None:
        expire_message(session, message, now)


def rebook(
    session: Session, claimed: Claimed, owner: str, now: datetime, policy: SendPolicy
) -> tuple[datetime, datetime] | None:
    """A new slot for a message whose task woke too late for its own: (start, lease end).

    The slot after a missed one may be another worker's; posting late would crowd it.
    """
    sender = queries.lock_sender_number(session, claimed.from_)
    message = _leased(session, claimed.id, owner)
    if message is None:
        return None
    if sender is None or not sender.active:
        release_for_retry(session, claimed.id, now, owner)
        return None
    slot = reserve(
        sender.next_free_at,
        policy.earliest(now, sender.rate_limit),
        claimed.segments,
        sender.rate_limit,
        policy.guard,
    )
    sender.next_free_at = slot.next_free
    message.lease_until = slot.start + policy.lease
    session.add_all([sender, message])
    return slot.start, message.lease_until


def _leased(session: Session, message_id: int, owner: str | None) -> Message | None:
    """The message, if it is still `sending` without a sid under this owner's lease."""
    message = session.get(Message, message_id)
    if message is None or message.status != "sending" or message.provider_sid is not None:
        return None
    if owner is not None and message.lease_owner != owner:
        return None
    return message


# --- the sending loop ---------------------------------------------------------------------


@dataclass
class _Line:
    """The last post this worker started on one number."""

    started: float  # time.monotonic()
    interval: float  # seconds of the number's line its segments use
    answered: asyncio.Event = field(default_factory=asyncio.Event)
    answered_at: float = 0.0


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
        self._lines: dict[str, _Line] = {}
        self._round_trips: deque[float] = deque(maxlen=ROUND_TRIPS_KEPT)
        self._posting = asyncio.Semaphore(POSTS_AT_ONCE)

    @property
    def booking_policy(self) -> SendPolicy:
        """The policy for bookings: the configured guard plus the spread of recent round
        trips. A steady network delays every post alike and keeps their spacing; what can
        bunch two posts up at the carrier is one request slower than another, by at most
        that spread (its 90th percentile). The next post on the number, perhaps another
        worker's, stays clear."""
        trips = sorted(self._round_trips)
        spread = COLD_SPREAD
        if len(trips) >= ROUND_TRIPS_TRUSTED:
            # One late answer is mostly our own loop being busy, not a late arrival, and
            # this worker's next post on that number waits behind it anyway (`_behind`).
            spread = trips[int(len(trips) * 0.9)] - trips[0]
        return replace(self.policy, guard=self.policy.guard + spread)

    @property
    def in_flight(self) -> int:
        return len(self._tasks)

    async def run_round(self) -> int:
        """Settle expired leases, then claim and start posting. Returns how many were claimed."""
        try:
            self.report.adopted += await reconcile_expired(
                self.engine, self.provider, self.owner, self.policy, self.draw
            )
        except ProviderUnavailable as trouble:
            self._unreachable(trouble, utcnow() + timedelta(seconds=self.policy.retry_base))
            return 0
        if self.paused_until is not None and utcnow() < self.paused_until:
            return 0
        claimed = 0
        for queue in (Queue.TRANSACTIONAL, Queue.PROMOTIONAL):
            if self.in_flight >= self.policy.max_in_flight:
                break
            batch = await in_transaction(
                self.engine,
                lambda s, q=queue: claim_batch(s, self.owner, utcnow(), self.booking_policy, q),
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
        slot, lease_until = claimed.send_at, claimed.lease_until
        while True:
            wait = (slot - utcnow()).total_seconds()
            if wait > 0:
                await asyncio.sleep(wait)
            now = utcnow()
            if claimed.valid_until is not None and now >= claimed.valid_until:
                self.report.expired += 1
                await self._tx(lambda s: expire_claimed(s, claimed.id, self.owner, utcnow()))
                return
            paused = self.paused_until
            if paused is not None and now < paused:
                self.report.retried += 1
                await self._tx(lambda s, p=paused: release_for_retry(s, claimed.id, p, self.owner))
                return
            if claimed.rate <= 0:
                break
            if (now - slot).total_seconds() <= self.policy.late_tolerance:
                previous = self._lines.get(claimed.from_)
                if previous is not None and not previous.answered.is_set():
                    await previous.answered.wait()
                    continue
                behind = self._behind(previous)
                if behind <= 0:
                    break
                await asyncio.sleep(behind)
                continue
            self.report.rebooked += 1
            booked = await self._tx(
                lambda s: rebook(s, claimed, self.owner, utcnow(), self.booking_policy)
            )
            if booked is None:
                return
            slot, lease_until = booked
        line = _Line(time.monotonic(), claimed.segments / claimed.rate if claimed.rate > 0 else 0)
        self._lines[claimed.from_] = line
        try:
            await self._send(claimed, lease_until)
        finally:
            line.answered_at = time.monotonic()
            line.answered.set()

    def _behind(self, previous: _Line | None) -> float:
        """Seconds a post must still wait behind this worker's previous one on its number.

        A previous post slower than usual may have reached the carrier late, by up to its
        extra round trip: the next one keeps the line's spacing from that later arrival.
        """
        if previous is None:
            return 0.0
        fastest = min(self._round_trips, default=0.0)
        return previous.answered_at - fastest + previous.interval - time.monotonic()

    async def _send(self, claimed: Claimed, lease_until: datetime) -> None:
        # The request must end well inside the lease, or another worker could reconcile it
        # while it is still in flight.
        budget = (lease_until - utcnow()).total_seconds() - self.policy.lease.total_seconds() / 4
        started = time.monotonic()
        try:
            async with self._posting, asyncio.timeout(max(budget, 0.5)):
                answer = await self.provider.create_message(
                    to=claimed.to,
                    from_=claimed.from_,
                    body=claimed.body,
                    validity_period=remaining_validity(claimed.valid_until, utcnow()),
                )
        except ProviderError as error:
            self._round_trips.append(time.monotonic() - started)
            self.report.refused += 1
            self.trouble = None
            refusal = error
            await self._tx(lambda s: record_refusal(s, claimed.id, refusal, utcnow()))
        except ProviderUnavailable as trouble:
            await self._unavailable(claimed, trouble)
        except TimeoutError:
            late = ProviderUnavailable("The SMS provider did not answer in time.", ambiguous=True)
            await self._unavailable(claimed, late)
        else:
            self._round_trips.append(time.monotonic() - started)
            self.report.sent += 1
            self.trouble = None
            await self._tx(lambda s: record_answer(s, claimed.id, answer, utcnow()))

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

    async def _tx(self, work: Callable[[Session], T]) -> T:
        return await in_transaction(self.engine, work)


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


# --- reconciliation -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Expired:
    id: int
    from_: str | None
    to: str | None
    body: str
    claimed_at: datetime | None
    sid: str | None
    attempts: int


def take_expired(session: Session, owner: str, now: datetime, lease: timedelta) -> list[_Expired]:
    """Lease the messages whose lease ran out to `owner`, so one worker reconciles each."""
    taken = []
    for message in queries.expired_leases(session, now):
        message.lease_owner = owner
        message.lease_until = now + lease
        session.add(message)
        taken.append(
            _Expired(
                id=message.id or 0,
                from_=message.from_number,
                to=message.to_number,
                body=message.body,
                claimed_at=message.claimed_at,
                sid=message.provider_sid,
                attempts=message.attempts,
            )
        )
    return taken


async def reconcile_expired(
    engine: Engine,
    provider: Provider,
    owner: str = "reconciler",
    policy: SendPolicy | None = None,
    draw: Callable[[], float] = random.random,
) -> int:
    """Settle messages whose sender died mid-send: adopt the provider's sid, or queue again.

    Conversations are settled side by side; the messages of one conversation one after the
    other, so two copies of one text never adopt the same sid.
    """
    policy = policy or SendPolicy()
    expired = await in_transaction(engine, lambda s: take_expired(s, owner, utcnow(), policy.lease))
    conversations: dict[tuple[str | None, str | None], list[_Expired]] = {}
    for item in expired:
        conversations.setdefault((item.from_, item.to), []).append(item)
    at_once = asyncio.Semaphore(RECONCILE_AT_ONCE)

    async def settle(items: list[_Expired]) -> int:
        async with at_once:
            adopted = 0
            for item in items:
                adopted += await _settle_one(engine, provider, owner, policy, draw, item)
            return adopted

    results = await asyncio.gather(
        *(settle(items) for items in conversations.values()), return_exceptions=True
    )
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return sum(r for r in results if isinstance(r, int))


async def _settle_one(
    engine: Engine,
    provider: Provider,
    owner: str,
    policy: SendPolicy,
    draw: Callable[[], float],
    item: _Expired,
) -> int:
    sid = item.sid
    if sid is None and item.from_ and item.to and item.claimed_at:
        sid = await _find_sent_copy(
            engine, provider, item.from_, item.to, item.body, item.claimed_at
        )
    if sid is None:
        delay = backoff(item.attempts, policy.retry_base, policy.retry_max, None, draw())
        retry_at = utcnow() + timedelta(seconds=delay)
        await in_transaction(engine, lambda s: release_for_retry(s, item.id, retry_at, owner))
        return 0
    report = await provider.fetch_message(sid)
    adopted = await in_transaction(engine, lambda s: _adopt(s, item.id, owner, report, utcnow()))
    return int(adopted)


def _adopt(
    session: Session, message_id: int, owner: str, report: ProviderMessage, now: datetime
) -> bool:
    message = session.get(Message, message_id)
    if message is None or message.status != "sending" or message.lease_owner != owner:
        return False
    record_answer(session, message_id, report, now)
    return True


async def _find_sent_copy(
    engine: Engine, provider: Provider, from_: str, to: str, body: str, claimed_at: datetime
) -> str | None:
    # No DateSent filter: a message the provider still holds as `queued` has no date_sent
    # and would be left out, then posted a second time.
    since = claimed_at - RECONCILE_MARGIN
    candidates: list[str] = []
    async for found in provider.list_messages(to=to, from_=from_, page_size=100):
        if found.date_created < since:
            break  # newest first: everything after this is older still
        if found.body == body and not found.is_inbound:
            candidates.append(found.sid)
    if not candidates:
        return None
    known = await in_transaction(engine, lambda s: queries.known_sids(s, candidates))
    fresh = [sid for sid in candidates if sid not in known]
    # Newest first from the provider: the oldest unclaimed copy is the one this claim sent.
    return fresh[-1] if fresh else None
