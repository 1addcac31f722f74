"""Customers with several contacts (each its own number and consent), and "Unknown sender"
conversations linked to a customer or turned into one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.factories import make_shop
from tui_sms.domain.errors import InvalidNumber, UserError
from tui_sms.provider.base import ProviderMessage
from tui_sms.services import consent, customers, inbox
from tui_sms.services.customers import CustomerChanges
from tui_sms.store import queries
from tui_sms.store.models import Thread

STRANGER = "+15142361301"


def _text_from(session, shop, number: str) -> Thread:
    at = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    incoming = ProviderMessage(
        sid="SM" + number[-8:] + "0" * 24,
        status="received",
        direction="inbound",
        from_=number,
        to="+14386013562",
        body="Bonjour, est-ce que mon auto est prête?",
        num_segments=1,
        price=None,
        price_unit=None,
        error_code=None,
        error_message=None,
        date_created=at,
        date_updated=at,
        date_sent=at,
    )
    inbox.receive_inbound(session, shop, incoming)
    thread = queries.thread_by_number(session, shop.id or 0, number)
    assert thread is not None
    return thread


def test_a_customer_has_several_contacts_each_with_its_own_consent(session):
    make_shop(session)
    fleet = customers.add_customer(
        session,
        CustomerChanges(name="Transport Lavoie", language="fr", customer_type="fleet"),
        [("Alain Lavoie", "514 236-1301"), ("Répartition", "514 236-1302")],
    )
    contacts = customers.contacts_of(session, fleet.id or 0)
    assert [(c.name, c.number, c.is_primary) for c in contacts] == [
        ("Alain Lavoie", "+15142361301", True),
        ("Répartition", "+15142361302", False),
    ]
    consent.record_consent(session, "+15142361302", "marie", "verbal", "Oui aux textos.")
    standings = [consent.number_state(session, c.number).standing for c in contacts]
    assert standings == ["no_consent", "consent"]
    with pytest.raises(InvalidNumber, match="already a contact of Transport Lavoie"):
        customers.add_contact(session, fleet.id or 0, "Alain", "(514) 236-1301")
    customers.edit_customer(session, fleet.id or 0, CustomerChanges(customer_class="VIP"))
    assert fleet.customer_class == "VIP"
    with pytest.raises(UserError, match="needs a name"):
        customers.edit_customer(session, fleet.id or 0, CustomerChanges(name=" "))


def test_an_unknown_sender_is_linked_to_an_existing_customer_with_its_consent(session):
    shop = make_shop(session)
    julie = customers.add_customer(session, CustomerChanges(name="Julie Caron"))
    thread = _text_from(session, shop, STRANGER)
    assert thread.customer_id is None
    consent.record_consent(session, STRANGER, "marie", "verbal", "Oui aux textos.")

    customers.link_thread(session, thread.id or 0, julie.id or 0)

    assert thread.customer_id == julie.id
    assert queries.customer_for_number(session, shop.id or 0, STRANGER) == julie
    state = consent.number_state(session, STRANGER)
    assert state.standing == "consent"
    assert state.consent is not None and state.consent.customer_id == julie.id
    with pytest.raises(UserError, match="already linked to Julie Caron"):
        customers.link_thread(session, thread.id or 0, julie.id or 0)


def test_a_new_customer_is_made_from_an_unknown_sender(session):
    shop = make_shop(session)
    thread = _text_from(session, shop, STRANGER)
    made = customers.customer_from_thread(
        session, thread.id or 0, CustomerChanges(name="Marc Dubé", language="fr")
    )
    assert (thread.customer_id, made.language) == (made.id, "fr")
    assert [c.number for c in customers.contacts_of(session, made.id or 0)] == [STRANGER]
    assert [c.name for c in customers.find_customers(session, "dub")] == ["Marc Dubé"]
