"""Prepaid segment bundles and what a message costs, in Decimal (never float)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

BUNDLES = (2_500, 10_000, 25_000, 100_000)
# Far above any bundle sold, far below what the ledger's integer columns hold: a typo such as
# an extra run of zeros is refused instead of overflowing the database.
LARGEST_BUNDLE = 100_000_000
LARGEST_PRICE = Decimal(10_000_000)
CENT = Decimal("0.01")

# A per-segment price is often a fraction of a cent ($37.50 / 2,500 = $0.015); up to four
# decimals are shown so such amounts are never rounded to a misleading whole cent.
_SHOWN = Decimal("0.0001")
_CENT = Decimal("0.01")
_SYMBOLS = {"USD": "$", "CAD": "$"}


def segment_price(bundle_segments: int, bundle_price: Decimal) -> Decimal:
    """The price of one segment in a bundle: exact for the bundle sizes sold (powers of 2 and 5
    divide a price in cents exactly); any other size gets Decimal's 28 significant digits."""
    if bundle_segments <= 0:
        raise ValueError(f"A bundle holds at least one segment, not {bundle_segments}.")
    return bundle_price / bundle_segments


def cost(segments: int, price_per_segment: Decimal) -> Decimal:
    if segments < 0:
        raise ValueError(f"A message has no negative number of segments ({segments}).")
    return segments * price_per_segment


def format_money(amount: Decimal, currency: str = "USD") -> str:
    """'$0.045', '$37.50', '-$1,234.50'; other currencies as 'EUR 0.045'."""
    shown = amount.quantize(_SHOWN, rounding=ROUND_HALF_UP)
    cents = shown.quantize(_CENT)
    shown = cents if cents == shown else shown.normalize()
    digits = f"{abs(shown):,f}"
    sign = "-" if shown < 0 else ""
    symbol = _SYMBOLS.get(currency)
    return f"{sign}{symbol}{digits}" if symbol else f"{sign}{currency} {digits}"


def format_count(n: int) -> str:
    return f"{n:,}"
