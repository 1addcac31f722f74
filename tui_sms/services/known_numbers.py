"""The numbers one outbox gate checks, each classified once per transaction: from its stored
classification (`TextableNumber`) when phonenumbers' metadata is the one that made it, else
by `parse_number`, whose verdict is then stored for the next batch.

Only a number `parse_number` accepted is stored, keyed by itself: a stored row says exactly
what `parse_number` would say again, so the rules are the same whichever way a number is
known. A refused number is parsed each time, and refused with its sentence each time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlmodel import Session

from tui_sms.domain.errors import UserError
from tui_sms.domain.phone import METADATA_VERSION, PhoneNumber, parse_number, time_zone_for
from tui_sms.store.models import Shop
from tui_sms.store.queries import textable_numbers

_E164 = re.compile(r"\+[0-9]{1,15}")  # the form numbers are stored in, and so looked up by


class KnownNumbers:
    def __init__(self, session: Session, shop: Shop) -> None:
        self.session = session
        self.shop = shop
        self._parsed: dict[str, PhoneNumber | UserError] = {}
        self._new: dict[str, str | None] = {}  # classified here, not stored yet: number → zone

    def recall(self, numbers: Iterable[str]) -> None:
        """Read the stored classification of those of `numbers` not known yet, in one query
        per few hundred: checking and timing them then costs no phonenumbers call."""
        wanted = {n for n in numbers if n not in self._parsed and _E164.fullmatch(n)}
        if not wanted:
            return
        for number, zone in textable_numbers.known(self.session, wanted, METADATA_VERSION).items():
            self._parsed[number] = PhoneNumber(number, zone)

    def parse(self, raw: str) -> PhoneNumber:
        """The number as `parse_number` reads it from the shop's country, or its refusal."""
        found = self._parsed.get(raw)
        if found is None:
            try:
                found = parse_number(raw, self.shop.country or "CA")
            except UserError as refusal:
                found = refusal
            self._parsed[raw] = found
            if isinstance(found, PhoneNumber):
                self._parsed.setdefault(found.e164, found)
                self._new[found.e164] = found.time_zone
        if isinstance(found, UserError):
            raise found
        return found

    def zone_for(self, number: str) -> str:
        """The zone quiet hours are reckoned in for `number`: its own, else the shop's."""
        try:
            return self.parse(number).time_zone or self.shop.time_zone
        except UserError:
            # Refused when queued; as `time_zone_for` reads it meanwhile.
            return time_zone_for(number, self.shop.time_zone)

    def store_new(self) -> None:
        """Store the numbers classified since the last call, for the batches to come."""
        if self._new:
            textable_numbers.remember(self.session, self._new, METADATA_VERSION)
            self._new = {}


def remember(session: Session, numbers: Iterable[PhoneNumber]) -> None:
    """Store the classification `parse_number` gave these numbers: called where a customer's
    number is saved, so their first reminder finds it without classifying it again."""
    textable_numbers.remember(
        session, {number.e164: number.time_zone for number in numbers}, METADATA_VERSION
    )
