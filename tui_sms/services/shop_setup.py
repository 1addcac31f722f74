"""Setting the shop up and changing its settings: the setup screen and `tui-sms shop set`.

One function for both, so a script and the screen validate the same way. A shop that does
not exist yet needs a name, a country and a province or state; everything else has a
default the administrator may change later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import time

from sqlmodel import Session

from tui_sms.domain.compliance import disclaimer_text
from tui_sms.domain.errors import InvalidNumber, UserError
from tui_sms.domain.mailtext import parse_addresses
from tui_sms.domain.phone import parse_shop_phone
from tui_sms.domain.regions import (
    check_country,
    check_subdivision,
    check_time_zone,
    proposed_time_zone,
)
from tui_sms.domain.segments import estimate
from tui_sms.services import roles
from tui_sms.store import queries
from tui_sms.store.models import Shop

_QUIET_HOURS = re.compile(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*")
_LANGUAGES = ("", "en", "fr")


class InvalidSetting(UserError):
    """A shop setting that cannot be kept as given."""


@dataclass(frozen=True)
class ShopChanges:
    """What to set; None leaves a setting as it is (or at its default for a new shop)."""

    name: str | None = None
    phone: str | None = None
    country: str | None = None
    province: str | None = None
    time_zone: str | None = None
    language: str | None = None  # en | fr | "" (French in Quebec, English elsewhere)
    email: str | None = None  # one or several return addresses, comma-separated
    quiet_hours: str | None = None  # "21:00-08:00"
    disclaimer_en: str | None = None
    disclaimer_fr: str | None = None


@dataclass(frozen=True)
class ShopView:
    """The shop as `shop show` and the settings screen present it."""

    name: str
    phone: str
    country: str
    province: str
    time_zone: str
    language: str
    email: str
    quiet_hours: str
    disclaimer_en: str
    disclaimer_fr: str
    admins: tuple[str, ...]

    def lines(self) -> list[tuple[str, str]]:
        return [
            ("Name", self.name),
            ("Phone", self.phone),
            ("Country", self.country),
            ("Province or state", self.province),
            ("Time zone", self.time_zone),
            ("Language", self.language or "auto"),
            ("Return e-mail", self.email),
            ("Quiet hours", self.quiet_hours),
            ("Disclaimer (English)", self.disclaimer_en),
            ("Disclaimer (French)", self.disclaimer_fr),
            ("Administrators", ", ".join(self.admins)),
        ]


def parse_quiet_hours(raw: str) -> tuple[time, time]:
    match = _QUIET_HOURS.fullmatch(raw)
    if match:
        hours = [int(part) for part in match.groups()]
        if hours[0] < 24 and hours[2] < 24 and hours[1] < 60 and hours[3] < 60:
            return time(hours[0], hours[1]), time(hours[2], hours[3])
    raise InvalidSetting(f"“{raw.strip()}” are not quiet hours: write them as 21:00-08:00.")


def format_quiet_hours(start: time, end: time) -> str:
    return f"{start:%H:%M}-{end:%H:%M}"


def needs_setup(session: Session) -> bool:
    """True while the database has no shop: the app opens the setup screen."""
    return queries.get_shop(session) is None


def save_shop(session: Session, login: str, changes: ShopChanges) -> Shop:
    """Create or change the shop as `login`; the first one to set a shop up is its admin."""
    first_admin = roles.require_admin(session, login, "change the shop's settings") is None
    shop = queries.lock_shop(session)
    if shop is None:
        if not all(
            (value or "").strip() for value in (changes.name, changes.country, changes.province)
        ):
            raise InvalidSetting(
                "A new shop needs a name, a country (CA or US) and a province or state."
            )
        shop = Shop(name="")
    _apply(shop, changes)
    session.add(shop)
    session.flush()
    # Running apps show the shop's name and tell time on its zone: they reread both.
    queries.record_change(session, None, "shop")
    if first_admin:
        roles.make_first_admin(session, login)
    return shop


def _apply(shop: Shop, changes: ShopChanges) -> None:
    if changes.name is not None:
        if not changes.name.strip():
            raise InvalidSetting("The shop needs a name: customers see it in every disclaimer.")
        shop.name = changes.name.strip()
    country = check_country(changes.country) if changes.country is not None else shop.country
    if changes.phone is not None:
        try:
            shop.phone = parse_shop_phone(changes.phone, country or "")
        except InvalidNumber as bad:
            raise InvalidSetting(bad.sentence) from None
    if changes.province is not None or changes.country is not None:
        if country is None:
            raise InvalidSetting("Give the shop's country (CA or US) with its province or state.")
        raw = changes.province if changes.province is not None else shop.province or ""
        province = check_subdivision(country, raw)
        moved = (country, province) != (shop.country, shop.province)
        shop.country, shop.province = country, province
        if moved and changes.time_zone is None:
            shop.time_zone = proposed_time_zone(country, province)
    if changes.time_zone is not None:
        shop.time_zone = check_time_zone(changes.time_zone)
    if changes.language is not None:
        if changes.language not in _LANGUAGES:
            raise InvalidSetting("The shop's language is en (English) or fr (French).")
        shop.language = changes.language
    if changes.email is not None:
        shop.return_email = ", ".join(parse_addresses(changes.email))
    if changes.quiet_hours is not None:
        shop.quiet_start, shop.quiet_end = parse_quiet_hours(changes.quiet_hours)
    if changes.disclaimer_en is not None:
        shop.disclaimer_en = changes.disclaimer_en.strip()
    if changes.disclaimer_fr is not None:
        shop.disclaimer_fr = changes.disclaimer_fr.strip()


def disclaimer_preview(language: str, shop_name: str, text: str) -> tuple[str, str]:
    """The disclaimer as customers get it, and its segment count ("1 segment · GSM-7")."""
    shown = disclaimer_text(language, shop_name or "Shop", text)
    result = estimate(shown)
    unit = "segment" if result.segments == 1 else "segments"
    return shown, f"{result.segments} {unit} · {result.encoding}"


def show_shop(session: Session) -> ShopView:
    shop = queries.get_shop(session)
    if shop is None:
        raise InvalidSetting(
            "This database has no shop yet: set it up with 'tui-sms shop set' "
            "(see README: Setting up a shop)."
        )
    values = {field.name: "" for field in fields(ShopView)}
    values.update(
        name=shop.name,
        phone=shop.phone,
        country=shop.country or "",
        province=shop.province or "",
        time_zone=shop.time_zone,
        language=shop.language,
        email=shop.return_email,
        quiet_hours=format_quiet_hours(shop.quiet_start, shop.quiet_end),
        disclaimer_en=disclaimer_text("en", shop.name, shop.disclaimer_en),
        disclaimer_fr=disclaimer_text("fr", shop.name, shop.disclaimer_fr),
        admins=tuple(member.login for member in roles.admins(session)),
    )
    return ShopView(**values)
