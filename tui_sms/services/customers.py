"""Customers and their contacts, as staff keep them: each contact has its own mobile number,
and consent belongs to a number, so every contact agrees (or not) for themselves.

A conversation from a number nobody has on file shows "Unknown sender"; staff link it to an
existing customer or make a new customer from it (the seeds' "copy data"), and the number's
consent and history then show under that customer.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from tui_sms.domain.errors import InvalidNumber, NotFound, UserError
from tui_sms.domain.phone import parse_number
from tui_sms.services import known_numbers
from tui_sms.services.outbox import require_shop
from tui_sms.store import queries
from tui_sms.store.models import Consent, Contact, Customer, Thread, ThreadKind

_LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class CustomerChanges:
    name: str | None = None
    language: str | None = None
    customer_type: str | None = None
    customer_class: str | None = None
    notes: str | None = None


def add_customer(
    session: Session,
    changes: CustomerChanges,
    contacts: list[tuple[str, str]] = (),  # type: ignore[assignment]
) -> Customer:
    """A new customer, with its contacts as (name, mobile number) pairs; the first is primary."""
    shop = require_shop(session)
    if not (changes.name or "").strip():
        raise UserError("A customer needs a name.")
    customer = Customer(shop_id=shop.id or 0, name="")
    _apply(customer, changes)
    session.add(customer)
    session.flush()
    for name, number in contacts:
        add_contact(session, customer.id or 0, name or customer.name, number)
    return customer


def edit_customer(session: Session, customer_id: int, changes: CustomerChanges) -> Customer:
    customer = _customer(session, customer_id)
    _apply(customer, changes)
    session.add(customer)
    session.flush()
    return customer


def _apply(customer: Customer, changes: CustomerChanges) -> None:
    if changes.name is not None:
        if not changes.name.strip():
            raise UserError("A customer needs a name.")
        customer.name = changes.name.strip()
    if changes.language is not None:
        if changes.language not in _LANGUAGES:
            raise UserError("A customer's language is en (English) or fr (French).")
        customer.language = changes.language
    if changes.customer_type is not None:
        customer.customer_type = changes.customer_type.strip()
    if changes.customer_class is not None:
        customer.customer_class = changes.customer_class.strip()
    if changes.notes is not None:
        customer.notes = changes.notes


def add_contact(session: Session, customer_id: int, name: str, raw_number: str) -> Contact:
    """Add a contact with its own mobile number; a thread already open with that number (an
    "Unknown sender" one) is linked to the customer at once."""
    shop = require_shop(session)
    customer = _customer(session, customer_id)
    number = parse_number(raw_number, shop.country or "CA")
    existing = contacts_of(session, customer_id)
    if any(contact.number == number.e164 for contact in existing):
        raise InvalidNumber(f"{number.national} is already a contact of {customer.name}.")
    contact = Contact(
        customer_id=customer_id,
        name=name.strip() or customer.name,
        number=number.e164,
        is_primary=not existing,
    )
    session.add(contact)
    known_numbers.remember(session, [number])
    thread = queries.thread_by_number(session, shop.id or 0, number.e164)
    if thread is not None and thread.customer_id is None and thread.kind == ThreadKind.CUSTOMER:
        _attach(session, thread, customer)
    session.flush()
    return contact


def keep_contact(session: Session, customer: Customer, name: str, number: str) -> None:
    """One more contact (not the primary) for an import, unless the number is one already."""
    if all(contact.number != number for contact in contacts_of(session, customer.id or 0)):
        contact = Contact(
            customer_id=customer.id or 0,
            name=name.strip() or customer.name,
            number=number,
            is_primary=False,
        )
        session.add(contact)


def edit_contact(
    session: Session, contact_id: int, *, name: str | None = None, number: str | None = None
) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(f"There is no contact number {contact_id}.")
    if name is not None and name.strip():
        contact.name = name.strip()
    if number is not None:
        shop = require_shop(session)
        parsed = parse_number(number, shop.country or "CA")
        contact.number = parsed.e164
        known_numbers.remember(session, [parsed])
    session.add(contact)
    session.flush()
    return contact


def remove_contact(session: Session, contact_id: int) -> None:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(f"There is no contact number {contact_id}.")
    session.delete(contact)
    session.flush()


def contacts_of(session: Session, customer_id: int) -> list[Contact]:
    query = (
        select(Contact)
        .where(Contact.customer_id == customer_id)
        .order_by(col(Contact.is_primary).desc(), col(Contact.id))
    )
    return list(session.exec(query))


def find_customers(session: Session, term: str, *, limit: int = 20) -> list[Customer]:
    """Customers whose name contains `term` (any case), for the link dialog."""
    pattern = f"%{term.strip()}%"
    query = (
        select(Customer)
        .where(col(Customer.name).ilike(pattern))
        .order_by(col(Customer.name), col(Customer.id))
        .limit(limit)
    )
    return list(session.exec(query))


def link_thread(
    session: Session, thread_id: int, customer_id: int, contact_name: str = ""
) -> Thread:
    """Link an "Unknown sender" conversation to a customer: its number becomes a contact."""
    thread = _unknown_thread(session, thread_id)
    customer = _customer(session, customer_id)
    add_contact(session, customer.id or 0, contact_name or customer.name, thread.number)
    return thread


def customer_from_thread(session: Session, thread_id: int, changes: CustomerChanges) -> Customer:
    """Make a new customer from an "Unknown sender" conversation, with its number as contact."""
    thread = _unknown_thread(session, thread_id)
    return add_customer(session, changes, [(changes.name or "", thread.number)])


def _attach(session: Session, thread: Thread, customer: Customer) -> None:
    thread.customer_id = customer.id
    session.add(thread)
    # Consent belongs to the number; recorded before the link, it now names the customer too.
    for consent in session.exec(
        select(Consent).where(Consent.number == thread.number, col(Consent.customer_id).is_(None))
    ):
        consent.customer_id = customer.id
        session.add(consent)
    queries.record_change(session, thread.id, "customer")


def _unknown_thread(session: Session, thread_id: int) -> Thread:
    thread = session.get(Thread, thread_id)
    if thread is None:
        raise NotFound(f"There is no conversation number {thread_id}.")
    if thread.kind != ThreadKind.CUSTOMER:
        raise UserError("This conversation is with a staff member, not a customer.")
    if thread.customer_id is not None:
        customer = session.get(Customer, thread.customer_id)
        name = customer.name if customer else "a customer"
        raise UserError(f"This conversation is already linked to {name}.")
    return thread


def customer_by_id(session: Session, customer_id: int) -> Customer:
    return _customer(session, customer_id)


def _customer(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(f"There is no customer number {customer_id}.")
    return customer
