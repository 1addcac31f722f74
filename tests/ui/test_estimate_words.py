"""The estimate line and the reasons for UCS-2, as the composer and the CLI show them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tui_sms.domain.pricing import char_label
from tui_sms.domain.segments import estimate
from tui_sms.ui.estimate_words import estimate_line, smart_hint, unicode_hint

PRICE = Decimal("0.015")


def test_the_issue_example_line():
    found = estimate("Votre rendez-vous est confirmé pour demain à 9 h. " * 2 + "ê" * 48)
    assert found.segments == 3
    assert estimate_line(found, PRICE, "USD").startswith("UCS-2 · 3 segments · ")
    assert estimate_line(found, PRICE, "USD").endswith(" · $0.045")


@pytest.mark.parametrize(
    ("cluster", "label"),
    [
        ("ê", "ê"),
        ("😀", "😀"),
        ("👍🏽", "👍🏽"),
        ("e\u0301", "e\u0301"),
        ("\u00a0", "U+00A0 (no-break space)"),
        ("\u200b", "U+200B (zero width space)"),
        ("\u0301", "U+0301 (combining acute accent)"),
    ],
)
def test_invisible_characters_are_named(cluster, label):
    assert char_label(cluster) == label


def test_hints_split_replaceable_from_irreplaceable():
    found = estimate("C’est prêt 😀")
    assert smart_hint(found, PRICE, "USD") == (
        "smart encoding can replace ’ (the message stays UCS-2)"
    )
    assert unicode_hint(found) == "UCS-2 because of ê 😀 (no GSM-7 equivalent)"


def test_smart_hint_says_what_it_saves():
    found = estimate("It’s ready — pick it up today. " * 3)  # 93 units: 2 UCS-2 segments
    assert smart_hint(found, PRICE, "USD") == (
        "smart encoding replaces ’ —: saves 1 segment ($0.015)"
    )
    assert unicode_hint(found) is None
    assert smart_hint(estimate("Plain text"), PRICE, "USD") is None


def test_decimal_string_for_json():
    from tui_sms.domain.pricing import decimal_string

    assert [decimal_string(Decimal(x)) for x in ("100.00000", "0.04500", "0", "1.5")] == [
        "100.00",
        "0.045",
        "0.00",
        "1.50",
    ]
