"""What the composers read besides the balance: the month's usage line (the suites' "SMS
used") and the default message prefilled when a clerk starts a new text."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine

from tui_sms.domain.errors import UserError
from tui_sms.services import default_message, reports
from tui_sms.services.reports import Usage
from tui_sms.store import queries
from tui_sms.store.engine import session_scope

__all__ = ["Usage", "default_text", "month_usage"]


def month_usage(engine: Engine, now: datetime) -> Usage | None:
    """This month's segments against the bundles; None before the shop is set up."""
    with session_scope(engine) as session:
        try:
            return reports.usage(session, None, now=now)
        except UserError:
            return None


def default_text(engine: Engine, number: str | None, language: str) -> str:
    """The default message in the customer's language (the given one for a stranger)."""
    with session_scope(engine) as session:
        shop = queries.get_shop(session)
        if number and shop is not None:
            customer = queries.customer_for_number(session, shop.id or 0, number)
            if customer is not None:
                language = customer.language
        return default_message.default_body(session, "fr" if language == "fr" else "en")
