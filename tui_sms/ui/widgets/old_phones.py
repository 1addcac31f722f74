"""The composer's option for old phones: a long message goes out as numbered one-segment texts,
"(1/3)" first (the suites' "SMS Long"). Off by default; Ctrl+L turns it on and off, the footer
says which, the estimate line starts with how many texts go out, and the hint under it says
what the parts cost against one long text.

Old phones that do not join a concatenated SMS show its parts out of order or drop them; the
split itself is domain/long_texts.py, the sending services/long_text_sending.py.
"""

from __future__ import annotations

from decimal import Decimal

from textual.binding import Binding

from tui_sms.domain.long_texts import SplitEstimate, split_for_old_phones
from tui_sms.domain.money import cost
from tui_sms.domain.segments import SegmentEstimate
from tui_sms.ui.format import count, money
from tui_sms.ui.i18n import _, n_

OLD_PHONES_KEY = "ctrl+l"
# One key, two bindings: the one the footer shows says whether the option is on.
OLD_PHONES_BINDINGS = [
    Binding(
        OLD_PHONES_KEY,
        "old_phones(True)",
        "Old phones: off",
        tooltip="Send a long message as numbered one-segment texts, for phones that cannot "
        "join a long text",
        id="composer.old_phones_on",
    ),
    Binding(OLD_PHONES_KEY, "old_phones(False)", "Old phones: ON", id="composer.old_phones_off"),
]


class OldPhonesOption:
    """Mixed into the Composer (which provides update_estimate and refresh_bindings)."""

    in_parts = False
    _split_cache: tuple[str, SplitEstimate | None] = ("", None)

    def action_old_phones(self, on: bool) -> None:
        self.in_parts = on
        self.update_estimate()  # type: ignore[attr-defined]
        self.refresh_bindings()  # type: ignore[attr-defined]

    def old_phones_allows(self, parameters: tuple[object, ...]) -> bool:
        """Only the binding that changes the option is live (and shown)."""
        return bool(parameters) and parameters[0] is not self.in_parts

    def split(self, body: str) -> SplitEstimate | None:
        """The parts, or None when the message needs more texts than a split allows (sending
        then refuses in one sentence)."""
        if self._split_cache[0] != body:
            try:
                found: SplitEstimate | None = split_for_old_phones(body)
            except ValueError:
                found = None
            self._split_cache = (body, found)
        return self._split_cache[1]

    def segments_to_send(self, found: SegmentEstimate) -> int:
        if not self.in_parts or found.segments <= 1:
            return found.segments
        split = self.split(found.body)
        return split.split_segments if split is not None else found.segments

    def old_phones_tag(self, found: SegmentEstimate) -> str:
        """The front of the estimate line while the option is on: how many texts go out (the
        line is one row, so what matters comes first)."""
        split = self.split(found.body) if self.in_parts and found.segments > 1 else None
        if split is None:
            return ""
        return n_(
            "Old phones: {count} text · ", "Old phones: {count} texts · ", split.split_segments
        )

    def old_phones_note(self, found: SegmentEstimate, price: Decimal, currency: str) -> str | None:
        """The hint under the estimate while the option is on: the parts against one long text."""
        if not self.in_parts:
            return None
        if found.segments <= 1:
            return _("old phones: fits one text")
        split = self.split(found.body)
        if split is None:
            return _("old phones: too long to split, shorten it")
        return n_(
            "old phones: {count} text, {parts_cost} (one long text: {segments} seg., {long_cost})",
            "old phones: {count} texts, {parts_cost} (one long text: {segments} seg., {long_cost})",
            split.split_segments,
            parts_cost=money(cost(split.split_segments, price), currency),
            segments=count(split.concatenated_segments),
            long_cost=money(cost(split.concatenated_segments, price), currency),
        )
