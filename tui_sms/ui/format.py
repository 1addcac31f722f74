"""Small display helpers shared by widgets: times in the shop's zone."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

from tui_sms.domain.money import format_count, format_money
from tui_sms.ui.i18n import MONTHS, WEEKDAYS, _, language


def local(at: datetime, time_zone: str) -> datetime:
    return at.astimezone(ZoneInfo(time_zone))


def short_time(at: datetime, time_zone: str, now: datetime | None = None) -> str:
    """'14:05' today, 'Mon 14:05' this week, 'Mar 04' this year, '2026-03-04' before
    (day and month names in the interface's language, not the OS locale's)."""
    here = local(at, time_zone)
    today = local(now or datetime.now(tz=at.tzinfo), time_zone)
    if here.date() == today.date():
        return here.strftime("%H:%M")
    if 0 < (today.date() - here.date()).days < 7:
        return f"{_(WEEKDAYS[here.weekday()])} {here:%H:%M}"
    if here.year == today.year:
        return f"{_(MONTHS[here.month - 1])} {here:%d}"
    return here.strftime("%Y-%m-%d")


def full_time(at: datetime, time_zone: str) -> str:
    return local(at, time_zone).strftime("%Y-%m-%d %H:%M")


def money(amount: Decimal, currency: str) -> str:
    """In the interface's language: '$0.045' / '0,045 $' (domain/money.py formats all money)."""
    return format_money(amount, currency, language())


def count(n: int) -> str:
    """'2,431' / '2 431' in the interface's language."""
    return format_count(n, language())


def one_decimal(value: float) -> str:
    """A share or a rate with one decimal: '2.4' / '2,4' in the interface's language."""
    locale = "fr_CA" if language() == "fr" else "en_US"
    return format_decimal(value, format="#,##0.0", locale=locale)
