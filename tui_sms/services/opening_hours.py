"""The shop's opening hours and its after-hours answer: read model and admin changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlmodel import Session

from tui_sms.domain.compliance import local_time
from tui_sms.domain.errors import ConfigError
from tui_sms.domain.opening_hours import (
    DAY_NAMES,
    DayHours,
    clock,
    day_number,
    is_open,
    next_opening,
    parse_range,
)
from tui_sms.services import roles
from tui_sms.store.models import Shop
from tui_sms.store.queries import inbox_habits, people

CLOSED_WORDS = ("closed", "fermé", "ferme", "-")


@dataclass(frozen=True)
class ShopHours:
    """What the setup screen and `tui-sms shop hours` show."""

    days: dict[int, DayHours]  # weekday → hours; a missing day is closed
    time_zone: str
    after_hours_reply: bool
    closed_reply_en: str
    closed_reply_fr: str

    def line(self, weekday: int, language: str = "en") -> str:
        """'8:00–17:30' or '' (closed) for one weekday."""
        day = self.days.get(weekday)
        if day is None:
            return ""
        return f"{clock(day.opens, language)}–{clock(day.closes, language)}"

    def open_at(self, at: datetime) -> bool:
        return is_open(self.days, local_time(at, self.time_zone))

    def reopens_at(self, at: datetime) -> datetime | None:
        return next_opening(self.days, local_time(at, self.time_zone))


def _shop(session: Session) -> Shop:
    shop = people.get_shop(session)
    if shop is None:
        raise ConfigError("Set the shop up first (tui-sms shop set --name …).")
    return shop


def hours_for(session: Session, shop: Shop) -> dict[int, DayHours]:
    return {
        row.weekday: DayHours(row.weekday, row.opens, row.closes)
        for row in inbox_habits.opening_hours(session, shop.id or 0)
    }


def shop_hours(session: Session) -> ShopHours:
    shop = _shop(session)
    return ShopHours(
        days=hours_for(session, shop),
        time_zone=shop.time_zone,
        after_hours_reply=shop.after_hours_reply,
        closed_reply_en=shop.closed_reply_en,
        closed_reply_fr=shop.closed_reply_fr,
    )


def set_hours(session: Session, login: str, day: str, hours: str) -> ShopHours:
    """`day` is a weekday ('mon', 'lundi', or 'mon-fri' for several); `hours` a range like
    '8:00-17:30', or 'closed'."""
    roles.require_admin(session, login, "change the shop's opening hours")
    shop = _shop(session)
    first, _, last = day.partition("-") if "-" in day.strip("-") else (day, "", "")
    start = day_number(first)
    end = day_number(last) if last else start
    span = range(start, end + 1) if end >= start else [*range(start, 7), *range(0, end + 1)]
    wanted: tuple[time, time] | None = (
        None if hours.strip().lower() in CLOSED_WORDS else parse_range(hours)
    )
    for weekday in span:
        inbox_habits.set_day_hours(session, shop.id or 0, weekday, wanted)
    session.flush()
    return shop_hours(session)


def set_after_hours_reply(
    session: Session,
    login: str,
    *,
    on: bool | None = None,
    text_en: str | None = None,
    text_fr: str | None = None,
) -> ShopHours:
    """Switch the after-hours answer on or off, and set its texts ({reopen} is filled in)."""
    roles.require_admin(session, login, "change the shop's after-hours answer")
    shop = _shop(session)
    if on is not None:
        shop.after_hours_reply = on
    if text_en is not None:
        shop.closed_reply_en = text_en.strip()
    if text_fr is not None:
        shop.closed_reply_fr = text_fr.strip()
    session.add(shop)
    session.flush()
    return shop_hours(session)


def weekday_name(weekday: int) -> str:
    return DAY_NAMES[weekday].capitalize()
