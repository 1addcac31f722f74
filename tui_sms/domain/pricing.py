"""The words and figures of an estimate, shared by the composer and `tui-sms estimate`.

`UCS-2 · 3 segments · 150/1600 · $0.045`, then why the message is UCS-2: the characters
Smart Encoding can replace (and what that saves), and those it cannot, named.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from tui_sms.domain.money import cost, format_count, format_money
from tui_sms.domain.segments import MAX_CHARACTERS, SegmentEstimate

# Before any bundle is bought (and for `tui-sms estimate` without a database), a segment is
# priced as in the seeds' example: 2,500 for $37.50.
DEFAULT_SEGMENT_PRICE = Decimal("0.015")
DEFAULT_CURRENCY = "USD"
_CENT = Decimal("0.01")
_VISIBLE = frozenset("LNPS")  # letters, numbers, punctuation, symbols


def char_label(cluster: str) -> str:
    """A character as a clerk can recognise it: itself when it shows, else its code point and
    name (a no-break space or a lone accent looks like nothing, or like its neighbour)."""
    first = cluster[0]
    if unicodedata.category(first)[0] in _VISIBLE and all(
        unicodedata.category(char) not in ("Cc", "Cs") for char in cluster
    ):
        return cluster
    name = unicodedata.name(first, "").lower()
    points = " ".join(f"U+{ord(char):04X}" for char in cluster)
    return f"{points} ({name})" if name else points


def plural(count: int, word: str) -> str:
    return f"{format_count(count)} {word}{'' if count in (1, -1) else 's'}"


def estimate_line(found: SegmentEstimate, price_per_segment: Decimal, currency: str) -> str:
    price = format_money(cost(found.segments, price_per_segment), currency)
    return (
        f"{found.encoding} · {plural(found.segments, 'segment')} · "
        f"{found.characters}/{MAX_CHARACTERS} · {price}"
    )


def smart_hint(found: SegmentEstimate, price_per_segment: Decimal, currency: str) -> str | None:
    """What Smart Encoding would replace and save, when it can replace anything."""
    if not found.replaceable:
        return None
    labels = " ".join(char_label(char) for char in found.replaceable)
    if not found.smart_savings:
        stays = any(char not in found.replaceable for char in found.unicode_chars)
        why = "the message stays UCS-2" if stays else "no saving at this length"
        return f"smart encoding can replace {labels} ({why})"
    saved = format_money(cost(found.smart_savings, price_per_segment), currency)
    return (
        f"smart encoding replaces {labels}: "
        f"saves {plural(found.smart_savings, 'segment')} ({saved})"
    )


def unicode_hint(found: SegmentEstimate) -> str | None:
    """The characters that force UCS-2 and have no GSM-7 equivalent, named."""
    fixed = [char for char in found.unicode_chars if char not in found.replaceable]
    if not fixed:
        return None
    labels = " ".join(char_label(char) for char in fixed)
    return f"UCS-2 because of {labels} (no GSM-7 equivalent)"


def decimal_string(amount: Decimal) -> str:
    """`0.045`, `37.50`, `0.00`: plain digits for JSON (never `1E+2`), cents always."""
    cents = amount.quantize(_CENT)
    return f"{cents if cents == amount else amount.normalize():f}"
