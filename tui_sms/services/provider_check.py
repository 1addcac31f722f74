"""Checking the shop's Twilio account: do the credentials open it, may it send, and which of
its numbers can text (so the administrator can put them in the transactional or promotional
pool). `tui-sms provider check` and the Provider screen both show this.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tui_sms.config import ProviderSettings
from tui_sms.domain.errors import UserError
from tui_sms.domain.senders import DEFAULT_RATES, parse_sender, shown
from tui_sms.provider.base import ProviderAccount, ProviderError, ProviderUnavailable
from tui_sms.provider.twilio import TwilioClient


class AccountProblem(UserError):
    """The account cannot be used: wrong credentials, suspended or closed, unreachable."""


@dataclass(frozen=True)
class OfferedNumber:
    number: str  # E.164
    shown: str
    kind: str  # long code | toll-free | short code
    sms: bool
    proposed_rate: float | None
    pool: str | None  # the queue it is in already, if the shop uses it

    @property
    def problem(self) -> str:
        if self.sms:
            return ""
        return f"{self.shown} cannot send text messages (no SMS capability on this number)."


@dataclass(frozen=True)
class AccountCheck:
    account: ProviderAccount
    numbers: tuple[OfferedNumber, ...]

    @property
    def sms_numbers(self) -> list[OfferedNumber]:
        return [number for number in self.numbers if number.sms]

    @property
    def summary(self) -> str:
        trial = (
            " (trial account: it texts only verified numbers)"
            if self.account.type == "Trial"
            else ""
        )
        count = len(self.sms_numbers)
        owns = "number that can text" if count == 1 else "numbers that can text"
        return f"Twilio account {self.account.friendly_name} is active{trial}: {count} {owns}."


def credentials(settings: ProviderSettings) -> tuple[str, str, str]:
    """(account SID, auth token, API base URL), or a sentence saying which setting is missing."""
    if not settings.account_sid or not settings.auth_token:
        raise AccountProblem(
            "Set provider.account_sid and provider.auth_token (or TUI_SMS_PROVIDER__ACCOUNT_SID "
            "and TUI_SMS_PROVIDER__AUTH_TOKEN) to the values of the Twilio console."
        )
    base_url = settings.base_url
    if settings.kind == "sandbox" and settings.sandbox_url:
        base_url = settings.sandbox_url
    return settings.account_sid, settings.auth_token, base_url


async def check_account(
    settings: ProviderSettings, pools: Mapping[str, str], region: str = "CA"
) -> AccountCheck:
    """Read the account and its numbers; `pools` maps the shop's numbers to their queue."""
    sid, token, base_url = credentials(settings)
    async with TwilioClient(sid, token, base_url, timeout=settings.timeout) as client:
        try:
            account = await client.fetch_account()
            if account.status != "active":
                raise AccountProblem(_standing(account))
            listed = await client.list_phone_numbers()
        except ProviderError as error:
            raise AccountProblem(_refusal(error, sid)) from error
        except ProviderUnavailable as error:
            raise AccountProblem(error.reason) from error
    offered = []
    for number in listed:
        e164, kind = parse_sender(number.phone_number, region)
        offered.append(
            OfferedNumber(
                number=e164,
                shown=shown(e164),
                kind=kind,
                sms=number.sms,
                proposed_rate=DEFAULT_RATES.get(kind),
                pool=pools.get(e164),
            )
        )
    return AccountCheck(account=account, numbers=tuple(offered))


def _standing(account: ProviderAccount) -> str:
    if account.status == "suspended":
        return (
            f"The Twilio account {account.friendly_name} is suspended: nothing can be sent "
            "until Twilio reactivates it."
        )
    return f"The Twilio account {account.friendly_name} is {account.status}: it cannot send."


def _refusal(error: ProviderError, sid: str) -> str:
    if error.status == 401 or error.code == 20003:
        return (
            "Twilio refused the account SID and auth token: copy both again from the "
            "Twilio console."
        )
    if error.status == 404:
        return f"Twilio has no account {sid}: check provider.account_sid."
    return f"Twilio refused the account check: {error}."
