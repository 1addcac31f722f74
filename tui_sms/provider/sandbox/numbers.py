"""The sandbox account's own record: its name, standing and the phone numbers it owns.

By default it owns the eight (438) numbers of the shop suite's manual, all able to text,
so a shop can rehearse choosing its transactional and promotional pools.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime

DEFAULT_NUMBERS = (
    "+14386013562",
    "+14386013492",
    "+14386011668",
    "+14386011575",
    "+14386014488",
    "+14386013998",
    "+14386013549",
    "+14386013643",
)


def friendly(e164: str) -> str:
    """Twilio's friendly name for a North American number: "(438) 601-3562"."""
    digits = e164.removeprefix("+1")
    if len(digits) != 10 or not digits.isdigit():
        return e164
    return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"


@dataclass
class SandboxNumber:
    phone_number: str
    sms: bool = True
    mms: bool = True
    voice: bool = True
    sid: str = field(default_factory=lambda: "PN" + secrets.token_hex(16))
    friendly_name: str = ""
    date_created: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __post_init__(self) -> None:
        self.friendly_name = self.friendly_name or friendly(self.phone_number)


@dataclass
class SandboxAccount:
    friendly_name: str = "tui-sms sandbox"
    status: str = "active"  # active | suspended | closed
    type: str = "Full"  # Trial | Full
    date_created: datetime = field(default_factory=lambda: datetime.now(UTC))
    numbers: list[SandboxNumber] = field(
        default_factory=lambda: [SandboxNumber(number) for number in DEFAULT_NUMBERS]
    )

    def add_number(self, phone_number: str, *, sms: bool = True) -> SandboxNumber:
        number = SandboxNumber(phone_number, sms=sms, mms=sms)
        self.numbers.append(number)
        return number
