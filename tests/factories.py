"""Small builders for a shop, its staff and customers, used by store and service tests."""

from __future__ import annotations

from datetime import time

from sqlmodel import Session

from tui_sms.store.models import Consent, Contact, Customer, Queue, SenderNumber, Shop, Staff

TRANSACTIONAL = ("+14386013562", "+14386013492")
PROMOTIONAL = ("+14386013549",)


# Quiet hours depend on the clock: a factory shop has none (start == end) so that tests
# which send "now" pass at any hour; quiet-hour tests give their own window and `now`.
NO_QUIET_HOURS = (time(0, 0), time(0, 0))


def make_shop(
    session: Session,
    *,
    country: str | None = "CA",
    province: str | None = "QC",
    quiet: tuple[time, time] = NO_QUIET_HOURS,
) -> Shop:
    shop = Shop(
        name="Garage Test",
        country=country,
        province=province,
        time_zone="America/Toronto",
        quiet_start=quiet[0],
        quiet_end=quiet[1],
    )
    session.add(shop)
    for number in TRANSACTIONAL:
        session.add(SenderNumber(number=number, queue=Queue.TRANSACTIONAL))
    for number in PROMOTIONAL:
        session.add(SenderNumber(number=number, queue=Queue.PROMOTIONAL))
    session.add(Staff(login="marie", display_name="Marie Gagnon", language="fr"))
    session.add(Staff(login="luc", display_name="Luc Bouchard"))
    session.flush()
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
