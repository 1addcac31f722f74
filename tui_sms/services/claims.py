"""The claim: which queued messages a worker takes now, from which number, at which slot.

Each queue is claimed on its own, so a promotional backlog never holds a transactional
message. One transaction picks each message's number (the thread's sticky one while it
stays active, else the pool's earliest free), books the message's segments on that number
(`SenderNumber.next_free_at`, shared by every worker and machine, so a carrier's limit
holds however many workers send), and leases the message until its slot plus the lease.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from tui_sms.config import WorkerSettings
from tui_sms.domain.sending import Bookings, book, expiry_reason, valid_until
from tui_sms.services.send_later import refuse_due_without_permission
from tui_sms.services.statuses import set_status
from tui_sms.store.models import Message, SenderNumber
from tui_sms.store.queries import people, sending
from tui_sms.store.queries import threads as threads_queries

# Candidates read per claim, per message wanted: some wait for a busy sticky number.
CANDIDATES_PER_CLAIM = 4


# Kept beyond a post's timeout before its message may be reconciled: a request cut off at
# the timeout can still land at the provider a moment later.
IN_FLIGHT_MARGIN = timedelta(seconds=3)


@dataclass(frozen=True)
class SendPolicy:
    lease: timedelta = timedelta(seconds=30)
    # The longest a post may be in flight (the provider timeout).
    post_timeout: timedelta = timedelta(seconds=10)
    limit: int = 20
    horizon: timedelta = timedelta(seconds=1.5)
    guard: float = 0.05
    retry_base: float = 2.0
    retry_max: float = 300.0

    @classmethod
    def from_settings(cls, settings: WorkerSettings, post_timeout: float = 10.0) -> SendPolicy:
        return cls(
            lease=timedelta(seconds=settings.lease_seconds),
            post_timeout=timedelta(seconds=post_timeout),
            limit=settings.batch_size,
            horizon=timedelta(seconds=settings.booking_horizon_seconds),
            guard=settings.rate_guard_seconds,
            retry_base=settings.retry_base_seconds,
            retry_max=settings.retry_max_seconds,
        )

    def earliest(self, now: datetime, rate: float) -> datetime:
        """The first slot a booking made now may take on a metered number: a guard ahead,
        the time to commit and start the post, so a fresh slot is not missed at once."""
        return now + timedelta(seconds=self.guard) if rate > 0 else now

    @property
    def hold(self) -> timedelta:
        """How long a claim is kept: the configured lease, but never less than a post may
        stay in flight, whatever the settings, so no claim is taken back mid-post."""
        return max(self.lease, self.post_timeout + IN_FLIGHT_MARGIN)

    @property
    def late_tolerance(self) -> float:
        """How late a post may start on its slot; later, the slot is booked again."""
        return self.guard / 4

    @property
    def max_in_flight(self) -> int:
        return self.limit * 4


@dataclass(frozen=True)
class BookingTerms:
    """Whose bookings a sender makes on its numbers' lines and the slack they keep
    (services/send_bookings.py): `booker` names this sender's run; a booking right after
    its own keeps `own_slack` from it (domain/sending.py, `book`), another's keeps
    `late_allowance` more, how late past its tolerance this sender's post may start when
    nobody's booking follows."""

    booker: str | None = None
    own_slack: float = 0.0
    late_allowance: float = 0.0


# Bookings in no sender's name and with no slack: a claim made outside a running sender.
NAMELESS = BookingTerms()


@dataclass(frozen=True)
class Claimed:
    id: int
    to: str
    from_: str
    body: str
    claimed_at: datetime
    send_at: datetime
    lease_until: datetime
    segments: int
    rate: float
    valid_until: datetime | None
    validity_seconds: int | None
    attempts: int
    # Where the message's booking on its number ends (the next booking may start there).
    slot_end: datetime


def claim_batch(
    session: Session,
    owner: str,
    now: datetime,
    policy: SendPolicy,
    queue: str,
    terms: BookingTerms = NAMELESS,
) -> list[Claimed]:
    """Lease the due messages of one queue that its numbers can send within the horizon,
    booking their slots on the `terms` of this sender."""
    people.lock_shop(session)
    # A text scheduled days ago meets the gate again: an opt-out since then refuses it.
    refuse_due_without_permission(session, now)
    sending.promote_due_scheduled(session, now)
    pool = sending.lock_sender_pool(session, queue)
    candidates = sending.claimable_messages(session, queue, now, _candidates(pool, now, policy))
    if not candidates:
        return []
    if not pool:
        for message in candidates:
            set_status(
                session,
                message,
                "failed",
                now,
                error_message=f"No active sender number in the {queue} queue.",
            )
        return []
    numbers = {sender.number: sender for sender in pool}
    lines = {sender.number: bookings_of(sender) for sender in pool}
    free = {number: line.free_at for number, line in lines.items()}
    sticky = threads_queries.sender_numbers_of_threads(session, {m.thread_id for m in candidates})
    given: dict[int, str] = {}  # threads whose number changes with this claim
    claimed: list[Claimed] = []
    leases: list[sending.Lease] = []
    for message in candidates:
        if len(claimed) >= policy.limit:
            break
        until = valid_until(message.created_at, message.scheduled_for, message.validity_seconds)
        if until is not None and until <= now:
            expire_message(session, message, now)
            continue
        number = _sender_for(message, sticky.get(message.thread_id), numbers, free, now)
        sender = numbers[number]
        slot, line = book(
            lines[number],
            terms.booker,
            policy.earliest(now, sender.rate_limit),
            message.segments,
            sender.rate_limit,
            policy.guard + terms.late_allowance,
            terms.own_slack,
        )
        if slot.start > now + policy.horizon:
            continue  # its number is booked further ahead: the next claims will take it
        lease_until = slot.start + policy.hold
        attempts = message.attempts + 1
        leases.append(sending.Lease(message.id or 0, owner, now, lease_until, number, attempts))
        lines[number], free[number] = line, line.free_at
        if message.thread_id in sticky and sticky[message.thread_id] != number:
            sticky[message.thread_id] = given[message.thread_id] = number
        claimed.append(
            Claimed(
                id=message.id or 0,
                to=message.to_number or "",
                from_=number,
                body=message.body,
                claimed_at=now,
                send_at=slot.start,
                lease_until=lease_until,
                segments=max(message.segments, 1),
                rate=sender.rate_limit,
                valid_until=until,
                validity_seconds=message.validity_seconds,
                attempts=attempts,
                slot_end=slot.next_free,
            )
        )
    # The whole claim in three statements: the leases, their `sending` events, and the
    # threads' new numbers.
    sending.lease_many(session, leases)
    sending.add_status_events(
        session,
        [{"message_id": c.id, "status": "sending", "at": now, "raw_code": None} for c in claimed],
    )
    threads_queries.set_sender_numbers(session, given)
    for sender in pool:
        if lines[sender.number] != bookings_of(sender):
            keep_bookings(sender, lines[sender.number])
            session.add(sender)
    return claimed


def bookings_of(sender: SenderNumber) -> Bookings:
    return Bookings(sender.next_free_at, sender.own_free_at, sender.booked_by)


def keep_bookings(sender: SenderNumber, line: Bookings) -> None:
    sender.next_free_at = line.free_at
    sender.own_free_at = line.own_free_at
    sender.booked_by = line.booked_by


def _candidates(pool: list[SenderNumber], now: datetime, policy: SendPolicy) -> int:
    """How many queued messages a claim reads: no more than its pool can take within the
    horizon, and a few times that on metered numbers, where some wait for a busy sticky one.
    Every message read is a row loaded for nothing if it stays."""
    if not pool or all(sender.rate_limit <= 0 for sender in pool):
        return policy.limit
    until = now + policy.horizon
    room = 0.0
    for sender in pool:
        if sender.rate_limit <= 0:
            return policy.limit * CANDIDATES_PER_CLAIM
        free = max(sender.next_free_at or now, now)
        room += max((until - free).total_seconds(), 0) * sender.rate_limit + 1
    return max(min(policy.limit, int(room)), 1) * CANDIDATES_PER_CLAIM


def _sender_for(
    message: Message,
    own: str | None,
    numbers: dict[str, SenderNumber],
    free: dict[str, datetime | None],
    now: datetime,
) -> str:
    """The pool number for this message: its thread's `own` (sticky) while it stays active,
    else the number free soonest, which then becomes the thread's."""
    if message.from_number in numbers:
        return message.from_number
    if own in numbers:
        return own
    return min(numbers, key=lambda number: max(free[number] or now, now))


def expire_message(session: Session, message: Message, now: datetime) -> None:
    message.lease_owner = None
    message.lease_until = None
    set_status(
        session, message, "failed", now, error_message=expiry_reason(message.validity_seconds or 0)
    )
