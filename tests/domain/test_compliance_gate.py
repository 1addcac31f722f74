"""Pure decisions of the outbound gate: quiet-hour timing, disclaimer and keyword texts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tui_sms.domain.compliance import (
    DEFAULT_REPLIES,
    Keyword,
    QuietHours,
    disclaimer_text,
    keyword_reply,
    language_for,
    send_time,
)
from tui_sms.domain.errors import ComplianceError, QuietHoursConfirmation

QUIET = QuietHours()
VANCOUVER = "America/Vancouver"


@pytest.mark.parametrize(
    ("customer", "province", "expected"),
    [
        ("fr", "ON", "fr"),
        ("en", "QC", "en"),
        (None, "QC", "fr"),
        (None, "ON", "en"),
        ("es", "BC", "en"),
    ],
)
def test_language_for(customer, province, expected):
    assert language_for(customer, province) == expected


def test_disclaimer_text_defaults_and_shop_text():
    assert disclaimer_text("fr", "Garage X").startswith("Garage X vous enverra des textos")
    assert disclaimer_text("en", "Garage X").startswith("Garage X will send you")
    assert disclaimer_text("en", "G", "  {shop_name}: STOP to end {x}") == "G: STOP to end {x}"


def test_help_reply_names_the_shop_once():
    assert keyword_reply(Keyword.HELP, "fr", "Garage X") == (
        "Garage X: " + DEFAULT_REPLIES[(Keyword.HELP, "fr")]
    )
    assert keyword_reply(Keyword.HELP, "en", "Garage X", "Garage X here. STOP ends.") == (
        "Garage X here. STOP ends."
    )
    assert (
        keyword_reply(Keyword.OPT_OUT, "en", "Garage X") == DEFAULT_REPLIES[(Keyword.OPT_OUT, "en")]
    )


def test_send_time_outside_quiet_hours_is_now():
    due = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)  # 12:00 in Vancouver
    for automated in (True, False):
        assert send_time(due, VANCOUVER, QUIET, automated=automated, confirmed=False) == due


def test_send_time_holds_automated_until_the_next_allowed_minute():
    due = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)  # 22:00 in Vancouver
    held = send_time(due, VANCOUVER, QUIET, automated=True, confirmed=False)
    assert held == datetime(2026, 11, 24, 16, 0, tzinfo=UTC)


def test_send_time_asks_staff_and_respects_the_answer():
    due = datetime(2026, 11, 24, 6, 40, tzinfo=UTC)  # 22:40 in Vancouver
    with pytest.raises(QuietHoursConfirmation) as asked:
        send_time(due, VANCOUVER, QUIET, automated=False, confirmed=False)
    assert isinstance(asked.value, ComplianceError)
    assert str(asked.value) == "It is 22:40 for this customer. Send anyway?"
    assert send_time(due, VANCOUVER, QUIET, automated=False, confirmed=True) == due
