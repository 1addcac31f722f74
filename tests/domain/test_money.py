"""Prices per segment and how money and counts read."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tui_sms.domain.money import BUNDLES, cost, format_count, format_money, segment_price


@pytest.mark.parametrize(
    ("segments", "price", "expected"),
    [
        (2_500, "37.50", "0.015"),  # the seeds' example
        (10_000, "130.00", "0.013"),
        (25_000, "300", "0.012"),
        (100_000, "1000", "0.01"),
    ],
)
def test_segment_price_is_that_of_the_bundle(segments, price, expected):
    assert segment_price(Decimal(price), segments) == Decimal(expected)


def test_bundles_are_the_seeds_sizes():
    assert BUNDLES == (2_500, 10_000, 25_000, 100_000)


def test_cost_is_exact_decimal():
    assert cost(3, Decimal("0.015")) == Decimal("0.045")
    assert cost(0, Decimal("0.015")) == 0
    assert isinstance(cost(1, Decimal("0.013")), Decimal)


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        ("0.045", "USD", "$0.045"),
        ("37.5", "USD", "$37.50"),
        ("0.01500", "CAD", "$0.015"),
        ("0", "USD", "$0.00"),
        ("-1.2", "USD", "-$1.20"),
        ("1234.5", "EUR", "€1,234.50"),
        ("3", "CHF", "CHF 3.00"),
    ],
)
def test_format_money(amount, currency, shown):
    assert format_money(Decimal(amount), currency) == shown


def test_format_count():
    assert format_count(2431) == "2,431"
    assert format_count(-12_000) == "-12,000"
