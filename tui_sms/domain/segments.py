"""How many SMS segments a text costs, in which encoding, and what Smart Encoding saves.

The numbers agree with Twilio's public segment calculator
(github.com/TwilioDevEd/message-segment-calculator, src/libs/SegmentedMessage.ts and Segment.ts):
a segment is 1120 bits; once a message needs several, each carries a 48-bit header; a GSM-7
escape pair, a UTF-16 surrogate pair and a whole grapheme cluster always move together to the
next segment. Filling segments greedily with those units reproduces its packing exactly; the
one departure is a cluster longer than a whole segment (see _pack).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from operator import add

import regex

from tui_sms.domain.errors import EmptyMessage, MessageTooLong

MAX_CHARACTERS = 1600
GSM7 = "GSM-7"
UCS2 = "UCS-2"

_SEGMENT_BITS = 1120
_HEADER_BITS = 48
_GSM7_SINGLE = _SEGMENT_BITS // 7  # 160 septets
_GSM7_PART = (_SEGMENT_BITS - _HEADER_BITS) // 7  # 153 septets
_UCS2_SINGLE = _SEGMENT_BITS // 16  # 70 code units
_UCS2_PART = (_SEGMENT_BITS - _HEADER_BITS) // 16  # 67 code units

# GSM 03.38 basic table, row by row from 0x00, without ESC (0x1B), which only introduces the
# extension table. Ç (0x09) is here; ç is not, whatever some phones display.
_GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)
_GSM7_EXTENSION = "\f^{}\\[~]|€"  # each is ESC + one septet: two septets
_GSM7_CHARS = frozenset(_GSM7_BASIC + _GSM7_EXTENSION)

# The stdlib `re` scans a character class several times faster than `regex`; `regex` is used only
# for grapheme clusters, which `re` cannot find.
_NOT_GSM7 = re.compile(f"[^{re.escape(_GSM7_BASIC + _GSM7_EXTENSION)}]")
_GSM7_RUN = re.compile(f"[{re.escape(_GSM7_BASIC + _GSM7_EXTENSION)}]+")
_EXTENSION = re.compile(f"[{re.escape(_GSM7_EXTENSION)}]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # two UTF-16 code units: a surrogate pair
# Twilio's calculator splits a CRLF cluster in two, so a segment may end between \r and \n.
_CLUSTER = regex.compile(r"\r|\X")

# Twilio's Smart Encoding list (twilio.com/docs/messaging/services/smart-encoding-char-list, as
# copied in the calculator's SmartEncodingMap.ts), grouped by replacement. Where that copy is
# plainly wrong we do what the glyph means: special spaces and C1 controls become one space, not
# two; a tab one space, not seven; ‹ and › keep their direction (the copy swaps them).
_LOOKALIKES = {
    '"': "\u00ab\u00bb\u201c\u201d\u02ba\u02ee\u201f\u201e\u275d\u275e\u301d\u301e\uff02",
    "'": "\u2018\u2019\u02bb\u02c8\u02bc\u02bd\u02b9\u201b\uff07\u00b4\u02ca\u0060\u02cb"
    "\u275b\u275c\ufe10\ufe11",
    "/": "\u00f7\u29f8\u2044\u2215\uff0f",
    "1/4": "\u00bc",
    "1/2": "\u00bd",
    "3/4": "\u00be",
    "\\": "\u29f9\u29f5\ufe68\uff3c",
    "_": "\uff3f\u2017",
    "|": "\u2223\uff5c\u23b8\u23b9\u23d0\u239c\u239f",
    "-": "\u23bc\u23bd\u2015\ufe63\uff0d\u2010\u2043\u2014\u2013\u2022",
    "@": "\ufe6b\uff20",
    "$": "\ufe69\uff04",
    "!": "\u01c3\ufe15\ufe57\uff01",
    "!!": "\u203c",
    "#": "\ufe5f\uff03",
    "%": "\ufe6a\uff05",
    "&": "\ufe60\uff06",
    ",": "\u201a\ufe50\ufe51\uff0c\uff64\u3001",
    "(": "\u2768\u276a\ufe59\uff08\u27ee\u2985",
    ")": "\u2769\u276b\ufe5a\uff09\u27ef\u2986",
    "*": "\u204e\u2217\u229b\u2722\u2723\u2724\u2725\u2731\u2732\u2733\u273a\u273b\u273c"
    "\u273d\u2743\u2749\u274a\u274b\u29c6\ufe61\uff0a",
    "+": "\u02d6\ufe62\uff0b",
    ".": "\u3002\ufe52\uff0e\uff61",
    "...": "\u2026",
    ":": "\u02d0\u02f8\u2982\ua789\ufe13\uff1a",
    ";": "\u204f\ufe14\ufe54\uff1b",
    "<": "\ufe64\uff1c\u2039",
    "=": "\ua78a\ufe66\uff1d",
    ">": "\ufe65\uff1e\u203a",
    "?": "\ufe16\ufe56\uff1f",
    "^": "\u02c6\uff3e",
    "{": "\u2774\ufe5b\uff5b",
    "}": "\u2775\ufe5c\uff5d",
    "[": "\uff3b",
    "]": "\uff3d",
    "~": "\u02dc\u02f7\u223c\uff5e",
    " ": "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
    "\u3000\u2028\u2029\u0009\u0080\u008d\u0090\u009b\u009f",
    "": "\u0000\u0003\u0004\u0010\u0011\u0012\u0013\u0014\u0017\u0019\u200b\u2060\ufeff",
}
# Fullwidth digits and capitals, and the small-capital letters Twilio lists.
_LOOKALIKE_LETTERS = {
    **{chr(0xFF10 + i): str(i) for i in range(10)},
    **{chr(0xFF21 + i): chr(ord("A") + i) for i in range(26)},
    **dict(
        zip(
            "\u1d00\u0299\u1d04\u1d05\u1d07\ua730\u0262\u029c\u026a\u1d0a\u1d0b\u029f\u1d0d"
            "\u0274\u1d0f\u1d18\u0280\ua731\u1d1b\u1d1c\u1d20\u1d21\u028f\u1d22",
            "ABCDEFGHIJKLMNOPRSTUVWYZ",
            strict=True,
        )
    ),
}
# Twilio's list also turns these combining marks into spacing symbols, which mangles a letter
# typed in decomposed form (e + U+0302, a French ê, becomes "e^"); so they are a separate choice.
_COMBINING_LOOKALIKES = {
    "^": "\u0302\u1dcd",
    "~": "\u0303\u0330\u0334",
    "'": "\u0313\u0314",
    ",": "\u0326",
    "_": "\u0332",
    "/": "\u0337\u0338",
    "=": "\u0347",
    "|": "\u20d2\u20d3",
    "\\": "\u20e5",
}


def _table(groups: dict[str, str]) -> dict[str, str]:
    return {char: target for target, chars in groups.items() for char in chars}


def _pattern(table: dict[str, str]) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(''.join(table))}]")


_SMART = _table(_LOOKALIKES) | _LOOKALIKE_LETTERS
_SMART_WITH_MARKS = _SMART | _table(_COMBINING_LOOKALIKES)
_SMART_PATTERN = _pattern(_SMART)
_SMART_WITH_MARKS_PATTERN = _pattern(_SMART_WITH_MARKS)
# A GSM-7 letter typed as base letter + combining accent (macOS and some web forms do this) is the
# same letter, shown identically: writing it precomposed keeps the message in GSM-7.
_COMPOSITIONS = tuple(
    (unicodedata.normalize("NFD", letter), letter)
    for letter in _GSM7_BASIC
    if unicodedata.normalize("NFD", letter) != letter
)
_ACCENT = re.compile("[\u0300-\u036f]")

# Code points that may share a grapheme cluster with a neighbour. Between two code points that
# are neither, UAX #29 always breaks (CR LF aside, split anyway), so only windows around these
# need \X. None is below U+0300: the `regex` scan, slow per code point, only sees the others.
_JOINING = regex.compile(
    r"[\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}\p{GCB=Prepend}\p{GCB=Regional_Indicator}"
    r"\p{GCB=L}\p{GCB=V}\p{GCB=T}\p{GCB=LV}\p{GCB=LVT}]"
)
_BELOW_JOINING = re.compile(r"[\x00-\u02ff]+")
_MAY_JOIN = re.compile(r"[^\x00-\u02ff]")


@dataclass(frozen=True, slots=True)
class SegmentEstimate:
    """What a text costs to send as one SMS."""

    encoding: str
    segments: int
    # Twilio's 1600 limit counts bytes, not letters: "some special characters such as emojis,
    # emoticons or non-GSM characters will be counted as multiple characters if they have a
    # higher byte count" (twilio.com/docs/api/errors/21617, which points to a text-to-byte
    # calculator). So this is the UTF-8 length of `body`: 1 for ASCII, 2 for é or ê, 3 for € or a
    # curly quote, 4 for an emoji. Should Twilio count code points after all, this only refuses a
    # little early; it never lets through a body Twilio would refuse.
    characters: int
    # Distinct grapheme clusters that forced UCS-2, in order of first appearance.
    unicode_chars: tuple[str, ...]
    body: str
    # Of unicode_chars, those Smart Encoding turns into GSM-7.
    replaceable: tuple[str, ...]
    # Septets in GSM-7, UTF-16 code units in UCS-2 (an escape pair counts 2, a surrogate pair 2).
    units: int
    # Segments Smart Encoding saves (when applied) or would save (when not asked for).
    smart_savings: int


def is_gsm7(text: str) -> bool:
    return _NOT_GSM7.search(text) is None


def smart_encode(text: str, *, combining_marks: bool = False) -> str:
    """Replace look-alikes of GSM-7 characters by them; letters such as ê or ç are left alone.

    With `combining_marks`, also replace the combining marks Twilio's Smart Encoding replaces.
    """
    if _ACCENT.search(text):
        for decomposed, letter in _COMPOSITIONS:
            text = text.replace(decomposed, letter)
    table = _SMART_WITH_MARKS if combining_marks else _SMART
    pattern = _SMART_WITH_MARKS_PATTERN if combining_marks else _SMART_PATTERN
    return pattern.sub(lambda match: table[match.group()], text)


def check_length(text: str) -> None:
    if not text.strip():
        raise EmptyMessage("There is nothing to send: the message is empty.")
    excess = _provider_length(text) - MAX_CHARACTERS
    if excess > 0:
        plural = "s" if excess > 1 else ""
        raise MessageTooLong(
            f"This message is too long to send: remove {excess:,} character{plural}. "
            f"A text holds at most {MAX_CHARACTERS:,} characters, and accented letters, "
            "symbols and emoji count as 2 to 4."
        )


def estimate(
    text: str, *, smart_encoding: bool = False, combining_marks: bool = False
) -> SegmentEstimate:
    """Estimate `text`; with `smart_encoding`, estimate its Smart-Encoded form instead.

    Either way `replaceable` and `smart_savings` say what Smart Encoding does for this text.
    It is left out when it would cost more segments: in a message that stays UCS-2 because of
    an emoji, turning … into ... adds units; a run of … can even cost more as GSM-7.
    """
    plain = _measure(text)
    if not plain.unicode_chars:
        return plain
    table = _SMART_WITH_MARKS if combining_marks else _SMART
    # Every value in the tables is GSM-7, so a lone code point is replaceable when it has one.
    replaceable = tuple(
        char
        for char in plain.unicode_chars
        if char in table
        or (len(char) > 1 and is_gsm7(smart_encode(char, combining_marks=combining_marks)))
    )
    smart_body = (
        smart_encode(text, combining_marks=combining_marks)
        if smart_encoding or replaceable
        else text
    )
    if smart_body == text:
        return replace(plain, replaceable=replaceable)
    smart = _measure(smart_body)
    savings = plain.segments - smart.segments
    keeps_limit = smart.characters <= max(plain.characters, MAX_CHARACTERS)
    if smart_encoding and savings >= 0 and keeps_limit:
        return replace(smart, smart_savings=savings)
    return replace(plain, replaceable=replaceable, smart_savings=max(savings, 0))


def _provider_length(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _measure(body: str) -> SegmentEstimate:
    length = len(body)
    if is_gsm7(body):
        escapes = [match.start() for match in _EXTENSION.finditer(body)]
        units, segments = _pack(length, escapes, {}, _GSM7_SINGLE, _GSM7_PART)
        return SegmentEstimate(GSM7, segments, _provider_length(body), (), body, (), units, 0)
    surrogates = [match.start() for match in _ASTRAL.finditer(body)]
    forced, cluster_starts = _clusters(body)
    units, segments = _pack(length, surrogates, cluster_starts, _UCS2_SINGLE, _UCS2_PART)
    return SegmentEstimate(
        UCS2, segments, _provider_length(body), tuple(forced), body, (), units, 0
    )


def _clusters(body: str) -> tuple[list[str], dict[int, int]]:
    """The distinct clusters that are not GSM-7, in order of first appearance, and a map from
    each offset inside a multi-code-point cluster to the offset where that cluster begins.
    """
    seen: dict[str, None] = {}
    starts: dict[int, int] = {}
    done = 0
    for window_start, window_end in _windows(body):
        seen.update(dict.fromkeys(_GSM7_RUN.sub("", body[done:window_start])))
        offset = window_start
        for cluster in _CLUSTER.findall(body, window_start, window_end):
            seen[cluster] = None
            size = len(cluster)
            if size > 1:
                starts.update(dict.fromkeys(range(offset + 1, offset + size), offset))
            offset += size
        done = window_end
    seen.update(dict.fromkeys(_GSM7_RUN.sub("", body[done:])))
    # Every cluster of two or more code points holds one outside GSM-7 (CRLF is split).
    forced = [cluster for cluster in seen if len(cluster) > 1 or cluster not in _GSM7_CHARS]
    return forced, starts


def _windows(body: str) -> list[list[int]]:
    """Spans from the code point before a joining one to the code point after it, merged when
    two or fewer code points lie between: each then begins and ends between two code points
    that are not joining, hence on a cluster boundary.
    """
    found = [match.start() for match in _JOINING.finditer(_BELOW_JOINING.sub("", body))]
    if not found:
        return []
    may_join = [match.start() for match in _MAY_JOIN.finditer(body)]
    windows: list[list[int]] = []
    for offset in map(may_join.__getitem__, found):
        if windows and offset <= windows[-1][1] + 1:
            windows[-1][1] = offset + 2
        else:
            windows.append([max(offset - 1, 0), offset + 2])
    windows[-1][1] = min(windows[-1][1], len(body))
    return windows


def _pack(
    length: int, wide: list[int], cluster_starts: dict[int, int], single: int, part: int
) -> tuple[int, int]:
    """Fill segments greedily; return (units, segments).

    `wide` holds the offsets of code points that take two units (escape or surrogate pairs);
    `cluster_starts` maps each offset inside a grapheme cluster to where that cluster begins.
    """
    units = length + len(wide)
    if units <= single:
        return units, 1 if units else 0
    # wide_ends[j]: units taken by the text up to and including the j-th wide code point.
    wide_ends = list(map(add, wide, range(2, len(wide) + 2)))
    segments = start = 0
    while start < length:
        limit = start + bisect_left(wide, start) + part
        fitting = bisect_right(wide_ends, limit)
        end = min(limit - fitting, length)
        if fitting < len(wide):
            end = min(end, wide[fitting])
        # A cluster longer than a whole segment (a letter under dozens of accents) cannot move
        # whole; Twilio's calculator lets it overflow one segment, which no network can carry.
        # It is cut between code points instead, never inside a surrogate or escape pair.
        cluster_start = cluster_starts.get(end, end)
        if cluster_start > start:
            end = cluster_start
        segments += 1
        start = end
    return units, segments
