"""The shop's own sending numbers: what kind each is and the rate carriers allow it.

Long codes send 1 segment a second, toll-free numbers 3 by default; a short code's rate is
whatever the shop contracted, so it has no default (reference: Twilio throughput).
"""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from tui_sms.domain.errors import InvalidNumber
from tui_sms.domain.phone import format_national

LONG_CODE = "long code"
TOLL_FREE = "toll-free"
SHORT_CODE = "short code"
DEFAULT_RATES = {LONG_CODE: 1.0, TOLL_FREE: 3.0}
QUEUES = ("transactional", "promotional")


def parse_sender(raw: str, region: str) -> tuple[str, str]:
    """(number as stored, kind): E.164 for long codes and toll-free, the digits of a short code."""
    typed = raw.strip()
    digits = "".join(char for char in typed if char.isdigit())
    if typed.isdigit() and 5 <= len(typed) <= 6:
        return typed, SHORT_CODE
    try:
        number = phonenumbers.parse(typed, region or "CA")
    except NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number) or not digits:
        raise InvalidNumber(
            f"“{typed}” is not a phone number: give the shop's number as +14386013562, "
            "(438) 601-3562, or a short code's 5 or 6 digits."
        )
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    kind = TOLL_FREE if phonenumbers.number_type(number) == PhoneNumberType.TOLL_FREE else LONG_CODE
    return e164, kind


def shown(number: str) -> str:
    return number if number.isdigit() else format_national(number)


def check_queue(queue: str) -> str:
    if queue not in QUEUES:
        raise InvalidNumber(f"“{queue}” is not a queue: use transactional or promotional.")
    return queue


def check_rate(rate: float | None, kind: str, number: str) -> float:
    """The rate to keep; a short code must be given its contracted rate."""
    if rate is None:
        if kind == SHORT_CODE:
            raise InvalidNumber(
                f"{number} is a short code: give the rate you contracted, e.g. --rate 100."
            )
        return DEFAULT_RATES[kind]
    if rate < 0 or rate != rate:
        raise InvalidNumber("A rate is a number of segments per second, 0 or more.")
    return rate
