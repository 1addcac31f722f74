"""How fast one worker posts: the round trips it measured, each sender number's line (its
last post and when the answer came), and how many posts it keeps in flight at once.

A carrier meters the arrivals on a number. A worker spaces its own posts on a number from
the answers it got (`Pace.behind`), which bounds when the previous post reached the
carrier; the booking in the database (`SenderNumber.next_free_at`) adds the spread of
recent round trips, so a post held up behind a slow answer still fits its slot.

Posts in flight at once follow Little's law: as many as one round trip holds posts' worth
of this process's work, so a far provider is kept busy and a near one is not buried under
connections (each post in flight is a connection, and the HTTP pool's bookkeeping grows
with their number).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

# Round trips: how many recent ones are remembered, how many make an estimate, and the
# spread assumed before that (a cold connection is slow).
ROUND_TRIPS_KEPT = 64
ROUND_TRIPS_TRUSTED = 8
# The fastest of a few round trips is a fair floor for the way there and back, the only one
# known is not: it may have been slow (a first connection, a busy provider).
FASTEST_TRUSTED = 4
COLD_SPREAD = 0.1
# Seconds of this process one post costs (its share of a claim, the request, its answer
# written down), measured on a small shared machine; it sizes the posts kept in flight.
POST_WORK = 0.003
# Posts in flight at once: before the round trip is known, and the bounds after. Enough at
# first that a far provider's first round trip carries a good batch; a near one's answers
# soon bring the number down (connections opened meanwhile idle out of the HTTP pool).
COLD_AT_ONCE = 32
FEWEST_AT_ONCE = 4
# Twilio's default limit on an account's requests at once is 100; the poller and a second
# worker keep some. With posts spread over small HTTP pools (provider/http_pools.py) more at
# once cost no more per post: 200 posts to a provider 300 ms away were sent 31 times as fast
# as one at a time at 64 at once, 26 at 32. (In one pool, 200 posts took 1.6 s of this
# process at 32 at once, 3.3 s at 50 and 5.0 s at 100: why it stopped at 32 before.)
MOST_AT_ONCE = 64


@dataclass
class Line:
    """The last post this worker started on one number."""

    started: float  # time.monotonic()
    interval: float  # seconds of the number's line its segments use
    # Seconds the next post keeps from this one's start: its booking's length (the interval
    # and the slack), less the lateness a post on time may have.
    spacing: float = 0.0
    # Seconds the next post keeps beyond what the answer shows: the fastest round trip
    # stands for the fastest way there and back, which its parts need not each have been.
    margin: float = 0.0
    answered: asyncio.Event = field(default_factory=asyncio.Event)
    answered_at: float = 0.0

    def answer(self) -> None:
        """The post's request ended (first call wins): its answer came, or it never will."""
        if not self.answered.is_set():
            self.answered_at = time.monotonic()
            self.answered.set()


class Pace:
    def __init__(self) -> None:
        self.lines: dict[str, Line] = {}
        self._round_trips: deque[float] = deque(maxlen=ROUND_TRIPS_KEPT)
        self._posting = 0
        self._room = asyncio.Condition()

    def round_trip(self, seconds: float) -> None:
        self._round_trips.append(seconds)

    def spread(self) -> float | None:
        """How much slower than the fastest a request may be (the 90th percentile of recent
        round trips over the fastest); None until enough are known."""
        trips = sorted(self._round_trips)
        if len(trips) < ROUND_TRIPS_TRUSTED:
            return None
        # One late answer is mostly our own loop being busy, not a late arrival, and this
        # worker's next post on that number waits behind it anyway (`behind`).
        return trips[int(len(trips) * 0.9)] - trips[0]

    def behind(self, previous: Line | None) -> float:
        """Seconds a post must still wait behind this worker's previous one on its number.

        A previous post slower than usual may have reached the carrier late, by up to its
        extra round trip: the next one keeps the line's spacing from that later arrival, and
        at least the spacing of two bookings from the previous post's start.
        """
        if previous is None:
            return 0.0
        # Until a few are known the fastest may be a slow one: the previous post may then
        # have arrived as late as its answer.
        trusted = len(self._round_trips) >= FASTEST_TRUSTED
        fastest = min(self._round_trips) if trusted else 0.0
        answered = previous.answered_at - fastest + previous.interval + previous.margin
        # Never closer to it than two posts on their booked slots: a post that woke late and
        # kept its slot (the next booking being this worker's own) pushes the next one back,
        # and the answer alone bounds its arrival only as well as the round trips are even.
        started = previous.started + previous.spacing
        return max(answered, started) - time.monotonic()

    @property
    def posts_at_once(self) -> int:
        trips = sorted(self._round_trips)
        if len(trips) < ROUND_TRIPS_TRUSTED:
            return COLD_AT_ONCE
        # The fastest, not a typical one: a request queued behind others (at the provider, or
        # for this loop) takes longer, and more in flight would only queue more.
        return min(max(math.ceil(trips[0] / POST_WORK), FEWEST_AT_ONCE), MOST_AT_ONCE)

    @property
    def posting(self) -> int:
        return self._posting

    @asynccontextmanager
    async def post(self) -> AsyncIterator[None]:
        """Hold one of the places for a post in flight while the request runs."""
        async with self._room:
            await self._room.wait_for(lambda: self._posting < self.posts_at_once)
            self._posting += 1
        try:
            yield
        finally:
            self._posting -= 1
            async with self._room:
                # As many as there are places: waking every waiter to find one place is
                # quadratic in the posts waiting.
                self._room.notify(max(self.posts_at_once - self._posting, 1))
