"""The lists the interface offers to pick from: people to text, canned replies, employees."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from tui_sms.services import employees
from tui_sms.services.employees import EmployeeTextPlan
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Shortcut
from tui_sms.store.queries import ContactRow

__all__ = ["ContactRow", "contacts_matching", "employee_routes", "shortcuts"]


def contacts_matching(engine: Engine, term: str) -> list[ContactRow]:
    """Customers and contacts whose name or number contains `term`."""
    with session_scope(engine) as session:
        return queries.search_contacts(session, term)


def shortcuts(engine: Engine) -> list[Shortcut]:
    with session_scope(engine) as session:
        return queries.all_shortcuts(session)


def employee_routes(engine: Engine) -> EmployeeTextPlan:
    """Every active staff member with how a text reaches them (SMS, e-mail gateway, none)."""
    with session_scope(engine) as session:
        return employees.employee_routes(session)
