"""The language settings of the person running a command: their own staff setting and the
shop's (ui/i18n `pick_language` decides between them, the `language` setting and the locale)."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from tui_sms.store import queries
from tui_sms.store.engine import session_scope


def language_settings(engine: Engine, login: str) -> tuple[str, str]:
    """The staff member's language ("" when the login is not on file) and the shop's ("" when
    there is no shop or it is left to the province)."""
    with session_scope(engine) as session:
        member = queries.staff_by_login(session, login)
        shop = queries.get_shop(session)
    return (member.language if member else "") or "", (shop.language if shop else "") or ""
