"""What the failed-messages screen lists: messages the provider refused or could not deliver."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.queries import FailedRow

__all__ = ["FailedRow", "failed_messages"]


def failed_messages(engine: Engine) -> list[FailedRow]:
    with session_scope(engine) as session:
        return queries.failed_messages(session)
