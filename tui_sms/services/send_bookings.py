"""How one sender books its numbers' lines: its name on them, the slack it books with, and
the slots its posts hold while they wait.

A booking (`SenderNumber.next_free_at`) ends with slack for whoever books next: the
configured guard and the spread of recent round trips, since one post may reach the carrier
later after its start than the next. This sender's own next booking on the number keeps
that slack (`SenderNumber.own_free_at`, for the `booked_by` named here); another worker's
keeps the lateness allowance more, the time this sender's last post may still start after
its slot instead of being booked again (a post held up behind a slow answer or a busy
loop). A thinner slack between a sender's own bookings (a margin and the spread, trusting
the previous answer for the rest) was measured: on a loaded machine it let one post in
about ten reach the carrier too early.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

from tui_sms.services.claims import BookingTerms, SendPolicy
from tui_sms.services.send_pace import COLD_SPREAD, Pace


class Booker:
    def __init__(self, owner: str, policy: SendPolicy, pace: Pace) -> None:
        # This run's name on the lines: a restarted worker is a stranger to the bookings it
        # made before, whose answers it never waited for.
        self.name = f"{owner}/{uuid.uuid4().hex[:12]}"
        self.policy = policy
        self.pace = pace
        self._held: dict[str, set[datetime]] = {}  # slots this sender's posts hold, by number

    @property
    def policy_for_others(self) -> SendPolicy:
        """The policy for bookings: the configured guard plus the spread of recent round
        trips. A steady network delays every post alike and keeps their spacing; what can
        bunch two posts up at the carrier is one request slower than another, by at most
        that spread (its 90th percentile). The next post on the number, perhaps another
        worker's, stays clear."""
        spread = self.pace.spread()
        spread = COLD_SPREAD if spread is None else spread
        return replace(self.policy, guard=self.policy.guard + spread)

    @property
    def own_slack(self) -> float:
        """The slack after a booking when this sender's own post follows it: the guard and
        the spread of recent round trips (none before they are known: the next post then
        waits for the whole previous answer, `Pace.behind`)."""
        return self.policy.guard + (self.pace.spread() or 0.0)

    @property
    def late_allowance(self) -> float:
        """How much later than a post on time (`SendPolicy.late_tolerance`) one may still
        start on its slot: another worker's booking keeps that much more slack from this
        sender's (`claim_batch`). A post held up behind a slow answer, or by a busy loop,
        then keeps its slot instead of being booked again; only at a hand-over between
        workers does the line lose it."""
        return self.policy.guard

    @property
    def terms(self) -> BookingTerms:
        """What this sender's next claims book with: its name and its slacks now."""
        return BookingTerms(self.name, self.own_slack, self.late_allowance)

    @property
    def may_be_late(self) -> float:
        """Seconds past its slot a post may still start when nobody's booking follows it."""
        return self.policy.late_tolerance + self.late_allowance

    def hold(self, number: str, start: datetime, *, gone: bool = False) -> None:
        """Note (or forget, once its post has gone) a slot this sender holds on a number."""
        slots = self._held.setdefault(number, set())
        if gone:
            slots.discard(start)
            if not slots:
                del self._held[number]
        else:
            slots.add(start)

    def late_may_post(self, number: str, ends: datetime) -> bool:
        """Whether a post that woke late may still take its slot: yes when the booking right
        after it on its number is this sender's own. That post waits behind this one's
        answer (`Pace.behind`), so the carrier still sees the number's spacing, and no other
        worker's slot is crowded. A late post with nobody's booking after it, or perhaps
        another worker's, is booked again instead."""
        return ends in self._held.get(number, ())
