"""Small builders for a shop, its staff and customers, used by store and service tests."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from sqlmodel import Session, select

from tui_sms.domain.templates import DEFAULT_TEMPLATES
from tui_sms.services import billing
from tui_sms.services.sender import SendPolicy
from tui_sms.store.models import (
    Consent,
    Contact,
    Customer,
    Job,
    JobType,
    Queue,
    ReminderTemplate,
    SenderNumber,
    Shop,
    Staff,
)

TRANSACTIONAL = ("+14386013562", "+14386013492")
PROMOTIONAL = ("+14386013549",)
# The factory's numbers are metered, as every real number is, but quickly: at a real long
# code's 1 segment/s, each test sending a few texts waited seconds for its slots. The tests
# about the rate itself set the numbers' rates they are about.
FACTORY_RATE = 20.0


# Quiet hours depend on the clock: a factory shop has none (start == end) so that tests
# which send "now" pass at any hour; quiet-hour tests give their own window and `now`.
NO_QUIET_HOURS = (time(0, 0), time(0, 0))

# A number's first text is preceded by the disclaimer (2 segments in French): a round that
# books this far ahead sends both, waiting for the slots, whatever the number's rate.
BOOK_AHEAD = SendPolicy(horizon=timedelta(seconds=5))

# What factories record (a bundle bought, a consent signed) happened at this fixed instant,
# never at the real clock's, so no test depends on the day it runs. It lies before any
# instant a test uses as "now", so a factory's record is always already in force.
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


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
        session.add(SenderNumber(number=number, queue=Queue.TRANSACTIONAL, rate_limit=FACTORY_RATE))
    for number in PROMOTIONAL:
        session.add(SenderNumber(number=number, queue=Queue.PROMOTIONAL, rate_limit=FACTORY_RATE))
    session.add(Staff(login="marie", display_name="Marie Gagnon", language="fr"))
    session.add(Staff(login="luc", display_name="Luc Bouchard"))
    session.flush()
    # A prepaid bundle bought long ago, so that sending is not refused for want of balance.
    billing.record_purchase(session, 2_500, Decimal("37.50"), LONG_AGO, shop_id=shop.id)
    return shop


def make_customer(
    session: Session,
    shop: Shop,
    name: str,
    number: str,
    *,
    language: str = "en",
    consent: bool = True,
    now: datetime = LONG_AGO,
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
                recorded_at=now,
                method="signed_paper",
                wording="I agree to receive texts.",
            )
        )
    session.flush()
    return customer


def consent_to(session: Session, *numbers: str, now: datetime = LONG_AGO) -> None:
    """Record a signed consent for each number, so that the outbox may text it."""
    for number in numbers:
        session.add(
            Consent(
                number=number,
                recorded_by="marie",
                recorded_at=now,
                method="signed_paper",
                wording="I agree to receive texts.",
            )
        )
    session.flush()


def make_job(
    session: Session,
    customer: Customer,
    start: datetime,
    *,
    external_id: str = "J-1",
    job_type: str = "Oil change",
    technician: str = "Luc",
    auto_send: bool = True,
    days_ahead: int = 1,
    templates: bool = True,
) -> Job:
    """A job of a (created on first use) job type with reminder templates in both languages."""
    kind = session.exec(select(JobType).where(JobType.name == job_type)).first()
    if kind is None:
        kind = JobType(name=job_type, auto_send=auto_send, days_ahead=days_ahead)
        session.add(kind)
        session.flush()
        if templates:
            for language, body in DEFAULT_TEMPLATES["reminder"].items():
                session.add(
                    ReminderTemplate(job_type_id=kind.id or 0, language=language, body=body)
                )
    job = Job(
        external_id=external_id,
        customer_id=customer.id or 0,
        job_type_id=kind.id or 0,
        start=start,
        technician=technician,
    )
    session.add(job)
    session.flush()
    return job
