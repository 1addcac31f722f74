"""Prepaid segment bundles and what a message costs, in Decimal (never float)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.numbers import format_currency, format_decimal

BUNDLES = (2_500, 10_000, 25_000, 100_000)
# Far above any bundle sold, far below what the ledger's integer columns hold: a typo such as
# an extra run of zeros is refused instead of overflowing the database.
LARGEST_BUNDLE = 100_000_000
LARGEST_PRICE = Decimal(10_000_000)
CENT = Decimal("0.01")

# A per-segment price is often a fraction of a cent ($37.50 / 2,500 = $0.015); up to four
# decimals are shown so such amounts are never rounded to a misleading whole cent.
_SHOWN = Decimal("0.0001")


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


def format_money(amount: Decimal, currency: str = "USD", language: str = "en") -> str:
    """Money as the language writes it, with 2 to 4 decimals (a segment costs a fraction of a
    cent): en '$0.045', '$37.50', '-$1,234.50'; fr '0,045 $', '1 234,50 $'. The one place
    amounts are formatted (Babel's locale data), for the CLI and the screens alike."""
    shown = amount.quantize(_SHOWN, rounding=ROUND_HALF_UP)
    if shown == 0:
        shown = abs(shown)  # never "-$0.00"
    locale = _locale(language, currency)
    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    # Two decimals at least, four at most: "0.00" in the locale's pattern becomes "0.00##".
    pattern = pattern.replace("0.00", "0.00##")
    return format_currency(shown, currency, format=pattern, locale=locale, currency_digits=False)


def format_count(n: int, language: str = "en") -> str:
    """'2,431' in English, '2 431' in French (a no-break space, so it never wraps)."""
    return format_decimal(n, locale=_locale(language, ""))


def _locale(language: str, currency: str) -> str:
    # A dollar shows as "$" in the country that uses it: USD in en_US, CAD in en_CA/fr_CA.
    if language == "fr":
        return "fr_CA"
    return "en_US" if currency in ("USD", "") else "en_CA"
