"""Read models for the administrator's screens: the shop's settings form, the staff list,
the sending numbers by pool, and the admin check a screen asks before it opens.

Each takes the engine and returns plain rows, so the UI never touches a session.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from tui_sms.domain.compliance import DEFAULT_DISCLAIMERS
from tui_sms.services import roles, sender_numbers
from tui_sms.services.sender_numbers import SenderRow
from tui_sms.services.shop_setup import format_quiet_hours
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Staff


@dataclass(frozen=True)
class ShopForm:
    """What the settings screen starts from: the shop's values, or a new shop's defaults."""

    exists: bool
    name: str = ""
    phone: str = ""
    country: str = "CA"
    province: str = ""
    time_zone: str = ""
    language: str = ""
    email: str = ""
    quiet_hours: str = "21:00-08:00"
    disclaimer_en: str = DEFAULT_DISCLAIMERS["en"]
    disclaimer_fr: str = DEFAULT_DISCLAIMERS["fr"]


@dataclass(frozen=True)
class StaffRow:
    login: str
    name: str
    role: str
    language: str
    sms: str
    email: str
    active: bool


def needs_setup(engine: Engine) -> bool:
    """True while the database has no shop: the app opens the setup screen first."""
    with session_scope(engine) as session:
        return queries.get_shop(session) is None


def shop_form(engine: Engine) -> ShopForm:
    with session_scope(engine) as session:
        shop = queries.get_shop(session)
        if shop is None:
            return ShopForm(exists=False)
        return ShopForm(
            exists=True,
            name=shop.name,
            phone=shop.phone,
            country=shop.country or "CA",
            province=shop.province or "",
            time_zone=shop.time_zone,
            language=shop.language,
            email=shop.return_email,
            quiet_hours=format_quiet_hours(shop.quiet_start, shop.quiet_end),
            disclaimer_en=shop.disclaimer_en or DEFAULT_DISCLAIMERS["en"],
            disclaimer_fr=shop.disclaimer_fr or DEFAULT_DISCLAIMERS["fr"],
        )


def require_admin(engine: Engine, login: str, what: str) -> None:
    """NotAllowed (with its sentence) unless `login` may open an administrator's screen."""
    with session_scope(engine) as session:
        roles.require_admin(session, login, what)


def staff_rows(engine: Engine) -> list[StaffRow]:
    with session_scope(engine) as session:
        members = session.exec(select(Staff).order_by(col(Staff.login))).all()
        return [
            StaffRow(
                login=member.login,
                name=member.display_name,
                role=member.role,
                language=member.language,
                sms=member.sms_number or "",
                email=member.email or "",
                active=member.active,
            )
            for member in members
        ]


def sender_rows(engine: Engine) -> list[SenderRow]:
    with session_scope(engine) as session:
        return sender_numbers.list_numbers(session)


def shop_country(engine: Engine) -> str:
    with session_scope(engine) as session:
        shop = queries.get_shop(session)
        return (shop.country if shop else None) or "CA"
