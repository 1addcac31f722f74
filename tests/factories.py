"""Small builders for a shop, its staff and customers, used by store and service tests."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlmodel import Session

from tui_sms.services import billing
from tui_sms.store.models import Consent, Contact, Customer, Queue, SenderNumber, Shop, Staff

TRANSACTIONAL = ("+14386013562", "+14386013492")
PROMOTIONAL = ("+14386013549",)


def make_shop(session: Session, *, country: str | None = "CA", province: str | None = "QC") -> Shop:
    shop = Shop(name="Garage Test", country=country, province=province, time_zone="America/Toronto")
    session.add(shop)
    for number in TRANSACTIONAL:
        session.add(SenderNumber(number=number, queue=Queue.TRANSACTIONAL))
    for number in PROMOTIONAL:
        session.add(SenderNumber(number=number, queue=Queue.PROMOTIONAL))
    session.add(Staff(login="marie", display_name="Marie Gagnon", language="fr"))
    session.add(Staff(login="luc", display_name="Luc Bouchard"))
    session.flush()
    # A prepaid bundle bought long ago, so that sending is not refused for want of balance.
    billing.record_purchase(
        session, 2_500, Decimal("37.50"), datetime(2020, 1, 1, tzinfo=UTC), shop_id=shop.id
    )
    return shop


def make_customer(
    session: Session,
    shop: Shop,
    name: str,
    number: str,
    *,
    language: str = "en",
    consent: bool = True,
) -> Customer:
    customer = Customer(shop_id=shop.id or 0, name=name, language=language)
    session.add(customer)
    session.flush()
    session.add(Contact(customer_id=customer.id or 0, name=name, number=number))
    if consent:
        session.add(
            Consent(
                number=number,
                customer_id=customer.id,
                recorded_by="marie",
                method="signed_paper",
                wording="I agree to receive texts.",
            )
        )
    session.flush()
    return customer
