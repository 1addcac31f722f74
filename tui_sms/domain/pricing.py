"""The words and figures of an estimate, shared by the composer and `tui-sms estimate`.

`UCS-2 · 3 segments · 150/1600 · $0.045`, then why the message is UCS-2: the characters
Smart Encoding can replace (and what that saves), and those it cannot, named.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

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


def decimal_string(amount: Decimal) -> str:
    """`0.045`, `37.50`, `0.00`: plain digits for JSON (never `1E+2`), cents always."""
    cents = amount.quantize(_CENT)
    return f"{cents if cents == amount else amount.normalize():f}"
