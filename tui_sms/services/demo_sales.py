"""Demo data for reports, promotions and job texts: a year of sales, car-club members,
consents that cover promotions, and upcoming jobs to confirm, on top of services/demo.py."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from sqlmodel import Session, col, select

from tui_sms.store.marketing_models import ConsentScope, Sale
from tui_sms.store.models import Consent, Customer, Job, JobType, Shop

# (item, category, price)
ITEMS = (
    ("Winter tires", "Tires", Decimal("640.00")),
    ("Summer tires", "Tires", Decimal("580.00")),
    ("Oil change", "Service", Decimal("79.95")),
    ("Brake pads", "Parts", Decimal("189.50")),
    ("Wheel alignment", "Service", Decimal("119.00")),
    ("Wiper blades", "Parts", Decimal("34.95")),
)
CLUBS = ("CAA-Québec", "Club Mustang Montréal")
# The job type of the upcoming jobs to confirm (it has no reminder template in French yet).
APPOINTMENT = "Appointment"


def add_sales_and_jobs(session: Session, shop: Shop, now: datetime, rng: random.Random) -> None:
    customers = session.exec(
        select(Customer).where(Customer.shop_id == shop.id).order_by(col(Customer.id))
    ).all()
    invoice = 1000
    for index, customer in enumerate(customers):
        if index % 4 == 0:
            customer.car_club = CLUBS[index % 8 // 4]
            session.add(customer)
        for _visit in range(rng.randint(1, 5)):
            invoice += 1
            day = (now - timedelta(days=rng.randint(1, 365))).date()
            for item, category, price in rng.sample(ITEMS, rng.randint(1, 2)):
                session.add(
                    Sale(
                        customer_id=customer.id or 0,
                        sold_on=day,
                        item=item,
                        category=category,
                        amount=price,
                        invoice=f"F-{invoice}",
                    )
                )
    # Two customers in three also agreed to promotions when they signed.
    for index, consent in enumerate(session.exec(select(Consent).order_by(col(Consent.id)))):
        if index % 3 != 2:
            consent.scope = ConsentScope.PROMOTIONS
            session.add(consent)
    job_type = JobType(name=APPOINTMENT, days_ahead=1, confirm_follow_up_hours=24)
    session.add(job_type)
    session.flush()
    for index, customer in enumerate(customers[:6]):
        session.add(
            Job(
                external_id=f"RDV-{101 + index}",
                customer_id=customer.id or 0,
                job_type_id=job_type.id or 0,
                start=(now + timedelta(days=1 + index // 2)).replace(
                    hour=13 + index % 4, minute=0, second=0, microsecond=0
                ),
                technician="Luc",
                vehicle=rng.choice(("Civic 2019", "F-150 2021", "RAV4 2018")),
            )
        )
    session.flush()
