"""Read models for the customer screens: customers by name, one customer with its contacts
and each contact's consent standing (consent belongs to a number)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from tui_sms.services import customers
from tui_sms.store.engine import session_scope
from tui_sms.store.queries import consent as consent_queries


@dataclass(frozen=True)
class CustomerRow:
    id: int
    name: str
    language: str
    customer_type: str
    customer_class: str


@dataclass(frozen=True)
class ContactRow:
    id: int
    name: str
    number: str
    is_primary: bool
    consent: str  # how it was given ("verbal", "signed_paper" …), or "" when none in force


@dataclass(frozen=True)
class CustomerCard:
    customer: CustomerRow
    contacts: tuple[ContactRow, ...]


def _row(customer) -> CustomerRow:  # type: ignore[no-untyped-def]
    return CustomerRow(
        id=customer.id or 0,
        name=customer.name,
        language=customer.language,
        customer_type=customer.customer_type,
        customer_class=customer.customer_class,
    )


def find(engine: Engine, term: str, limit: int = 50) -> list[CustomerRow]:
    with session_scope(engine) as session:
        return [_row(found) for found in customers.find_customers(session, term, limit=limit)]


def card(engine: Engine, customer_id: int) -> CustomerCard:
    with session_scope(engine) as session:
        customer = customers.customer_by_id(session, customer_id)
        contacts = []
        for contact in customers.contacts_of(session, customer_id):
            active = consent_queries.active_consent(session, contact.number)
            contacts.append(
                ContactRow(
                    id=contact.id or 0,
                    name=contact.name,
                    number=contact.number,
                    is_primary=contact.is_primary,
                    consent=active.method if active is not None else "",
                )
            )
        return CustomerCard(_row(customer), tuple(contacts))
