"""Long texts for old phones: a message split into separate one-segment texts, numbered "(1/3)".

Some old phones do not join a concatenated SMS and show its parts out of order or drop them;
numbered texts of one segment each read right on any phone. Each part is cut at a word
boundary (a word longer than a part is cut where it must), and the "(i/n) " prefix counts in
the part's length. Pure: the segment rules come from domain/segments.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_sms.domain.segments import estimate

MAX_PARTS = 10


@dataclass(frozen=True)
class SplitEstimate:
    parts: tuple[str, ...]
    concatenated_segments: int  # what the message costs sent as one concatenated SMS

    @property
    def split_segments(self) -> int:
        return len(self.parts)

    @property
    def extra_segments(self) -> int:
        """What splitting costs more (the numbering and the shorter last part)."""
        return self.split_segments - self.concatenated_segments


def _fits(text: str) -> bool:
    return estimate(text).segments <= 1


def _pack(words: list[str], prefix_for: int, total: int) -> list[str] | None:
    """Greedy packing of words into parts given the part count assumed for the prefixes;
    None when more parts than assumed are needed."""
    parts: list[str] = []
    current = ""
    index = 1
    for word in words:
        candidate = f"{current} {word}" if current else word
        if _fits(f"({index}/{prefix_for}) {candidate}"):
            current = candidate
            continue
        if current:
            parts.append(f"({index}/{prefix_for}) {current}")
            index += 1
            current = ""
        # A single word too long for a part: cut it where the part is full.
        while not _fits(f"({index}/{prefix_for}) {word}"):
            cut = _longest_prefix(word, f"({index}/{prefix_for}) ")
            parts.append(f"({index}/{prefix_for}) {word[:cut]}")
            index += 1
            word = word[cut:]
        current = word
        if index > total:
            return None
    if current:
        parts.append(f"({index}/{prefix_for}) {current}")
    return parts if len(parts) == prefix_for else None


def _longest_prefix(word: str, prefix: str) -> int:
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if _fits(prefix + word[:middle]):
            low = middle
        else:
            high = middle - 1
    return low


def split_for_old_phones(body: str) -> SplitEstimate:
    """The message as numbered one-segment texts; a body that fits one segment stays whole."""
    text = " ".join(body.split())
    concatenated = estimate(body).segments
    if _fits(body):
        return SplitEstimate((body,), concatenated)
    words = text.split(" ")
    for total in range(2, MAX_PARTS + 1):
        parts = _pack(words, total, total)
        if parts is not None:
            return SplitEstimate(tuple(parts), concatenated)
    raise ValueError(f"This message needs more than {MAX_PARTS} texts: shorten it.")
