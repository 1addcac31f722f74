"""The arithmetic of sending: rate slots per sender number, retry back-off, validity periods.

Pure functions: the clock and the random draw are parameters, so the rules are tested
without waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# Twilio's ValidityPeriod bounds, in seconds.
MAX_VALIDITY = 36_000


@dataclass(frozen=True)
class Slot:
    """When a message may leave its number, and when the number is free again after it."""

    start: datetime
    next_free: datetime


def reserve(
    free_at: datetime | None, now: datetime, segments: int, rate: float, guard: float
) -> Slot:
    """Book `segments` on a number allowing `rate` segments per second.

    Carriers meter segments, not messages: a 3-segment text holds a 1 segment/s number for
    3 seconds. `guard` (seconds) is added to every booking to absorb the jitter between our
    clock and the carrier's arrival time. A rate of 0 or less means the number is unmetered.
    """
    start = now if free_at is None or free_at < now else free_at
    if rate <= 0:
        return Slot(start=now, next_free=free_at or now)
    busy = max(segments, 1) / rate + guard
    return Slot(start=start, next_free=start + timedelta(seconds=busy))


@dataclass(frozen=True)
class Bookings:
    """A metered number's bookings as the database keeps them: when anybody may start the
    next post (`free_at`, the last booking's end and its booker's slack for others), and
    when its booker itself may (`own_free_at`)."""

    free_at: datetime | None
    own_free_at: datetime | None = None
    booked_by: str | None = None


def book(
    line: Bookings,
    booker: str | None,
    earliest: datetime,
    segments: int,
    rate: float,
    guard: float,
    own_slack: float,
) -> tuple[Slot, Bookings]:
    """Book `segments` on a number's line for `booker`: the slot (its `next_free` is where
    the booker's own next booking may start) and the line after it.

    The booker's own next booking keeps `own_slack` from the end, anyone else's `guard`
    (never less): the booker knows where its own posts stand (services/send_bookings.py),
    and one whose last post it may not have seen through (one restarted, with a new name)
    is someone else. None books as a stranger.
    """
    mine = booker is not None and line.booked_by == booker and line.own_free_at is not None
    slot = reserve(line.own_free_at if mine else line.free_at, earliest, segments, rate, 0.0)
    if rate <= 0:
        return slot, line
    others = slot.next_free + timedelta(seconds=guard)
    if booker is None:
        return Slot(start=slot.start, next_free=others), Bookings(free_at=others)
    own_end = min(slot.next_free + timedelta(seconds=own_slack), others)
    after = Bookings(free_at=others, own_free_at=own_end, booked_by=booker)
    return Slot(start=slot.start, next_free=own_end), after


def backoff(attempt: int, base: float, cap: float, retry_after: float | None, draw: float) -> float:
    """Seconds to wait before attempt `attempt + 1`: exponential, with jitter, at least the
    provider's Retry-After.

    `draw` in [0, 1) spreads the retries of many messages ("equal jitter": half the
    exponential delay is fixed, half random) so they do not return all at once.
    """
    exponential = min(cap, base * 2 ** max(attempt - 1, 0))
    delay = exponential / 2 + exponential / 2 * draw
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay


def valid_until(
    created_at: datetime, scheduled_for: datetime | None, validity_seconds: int | None
) -> datetime | None:
    """When an automated message stops being worth sending (None: it never expires).

    The period runs from the time the message was meant to leave: its schedule, if any.
    """
    if validity_seconds is None:
        return None
    start = max(created_at, scheduled_for) if scheduled_for is not None else created_at
    return start + timedelta(seconds=validity_seconds)


def remaining_validity(until: datetime | None, now: datetime) -> int | None:
    """The ValidityPeriod to hand the provider: what is left of ours, in whole seconds."""
    if until is None:
        return None
    left = int((until - now).total_seconds())
    return min(max(left, 1), MAX_VALIDITY)


def expiry_reason(validity_seconds: int) -> str:
    minutes = max(round(validity_seconds / 60), 1)
    period = f"{minutes} minutes" if minutes < 120 else f"{minutes // 60} hours"
    return (
        f"Not sent: it could not leave within its validity period ({period}), "
        "so it was dropped rather than reach the customer late."
    )
