from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_sms.domain.money import BUNDLES, cost, format_count, format_money, segment_price


@pytest.mark.parametrize(
    ("segments", "price", "each"),
    [
        (2_500, "37.50", "0.015"),
        (10_000, "120.00", "0.012"),
        (25_000, "275.00", "0.011"),
        (100_000, "990.00", "0.0099"),
        (100_000, "1234.57", "0.0123457"),
    ],
)
def test_segment_price(segments: int, price: str, each: str) -> None:
    assert segment_price(segments, Decimal(price)) == Decimal(each)


@given(st.sampled_from(BUNDLES), st.integers(min_value=1, max_value=10_000_000))
def test_bundle_prices_are_exact(segments: int, cents: int) -> None:
    price = Decimal(cents) / 100
    assert segment_price(segments, price) * segments == price


def test_cost() -> None:
    each = segment_price(2_500, Decimal("37.50"))
    assert cost(3, each) == Decimal("0.045")
    assert cost(0, each) == 0
    assert isinstance(cost(3, each), Decimal)


@pytest.mark.parametrize("bad", [0, -1])
def test_a_bundle_holds_segments(bad: int) -> None:
    with pytest.raises(ValueError):
        segment_price(bad, Decimal("10"))


def test_no_negative_segments() -> None:
    with pytest.raises(ValueError):
        cost(-1, Decimal("0.015"))


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        ("0.045", "USD", "$0.045"),
        ("0.015", "USD", "$0.015"),
        ("0.0079", "USD", "$0.0079"),
        ("0.0133333333", "USD", "$0.0133"),
        ("37.5", "USD", "$37.50"),
        ("0", "USD", "$0.00"),
        ("1234.5", "CAD", "$1,234.50"),
        ("1.005", "USD", "$1.005"),
        ("-0.045", "USD", "-$0.045"),
        ("-0.00001", "USD", "$0.00"),
        ("2.5", "EUR", "€2.50"),
    ],
)
def test_format_money(amount: str, currency: str, shown: str) -> None:
    assert format_money(Decimal(amount), currency) == shown


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        ("0.045", "CAD", "0,045\xa0$"),
        ("1234.5", "CAD", "1\xa0234,50\xa0$"),
        ("0.045", "USD", "0,045\xa0$\xa0US"),
    ],
)
def test_format_money_in_french(amount: str, currency: str, shown: str) -> None:
    assert format_money(Decimal(amount), currency, "fr") == shown


def test_format_count_in_french() -> None:
    assert format_count(2431, "fr") == "2\xa0431"


@pytest.mark.parametrize(
    ("n", "shown"), [(0, "0"), (999, "999"), (2431, "2,431"), (10**6, "1,000,000")]
)
def test_format_count(n: int, shown: str) -> None:
    assert format_count(n) == shown
