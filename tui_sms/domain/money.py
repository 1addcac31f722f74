"""Prepaid segments and what they cost. Money is Decimal, never float.

Shops buy segments in bundles; a segment costs what it cost in the latest bundle bought
(2,500 for $37.50 is $0.015 a segment). Before any bundle is bought, the seeds' example
price, DEFAULT_SEGMENT_PRICE, stands in so that an estimate always shows a cost.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

BUNDLES = (2_500, 10_000, 25_000, 100_000)
DEFAULT_SEGMENT_PRICE = Decimal("0.015")
DEFAULT_CURRENCY = "USD"
# The store keeps money in 1/100,000 of the currency unit (store/models.py Money).
_PRICE_STEP = Decimal("0.00001")
_CENT = Decimal("0.01")
_SYMBOLS = {"USD": "$", "CAD": "$", "AUD": "$", "NZD": "$", "EUR": "€", "GBP": "£"}


def segment_price(price: Decimal, segments: int) -> Decimal:
    """The price of one segment of a bundle of `segments` bought for `price`."""
    if segments <= 0:
        raise ValueError("a bundle holds at least one segment")
    return (Decimal(price) / segments).quantize(_PRICE_STEP, rounding=ROUND_HALF_UP)


def cost(segments: int, price_per_segment: Decimal) -> Decimal:
    return (Decimal(price_per_segment) * segments).quantize(_PRICE_STEP, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, currency: str = DEFAULT_CURRENCY) -> str:
    """`$0.045`, `$37.50`, `-$1.20`, `CHF 3.00`: cents always, more digits only when they matter."""
    amount = Decimal(amount)
    text = f"{abs(_shortest(amount)):,f}"
    symbol = _SYMBOLS.get(currency.upper())
    sign = "-" if amount < 0 else ""
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{currency.upper()} {text}"


def format_count(count: int) -> str:
    """`2,431`: thousands separated, the way the seeds write bundle sizes."""
    return f"{count:,}"


def decimal_string(amount: Decimal) -> str:
    """`0.045`, `37.50`, `0.00`: plain digits for JSON (never `1E+2`), cents always."""
    return f"{_shortest(Decimal(amount)):f}"


def _shortest(amount: Decimal) -> Decimal:
    cents = amount.quantize(_CENT)
    return cents if cents == amount else amount.normalize()
