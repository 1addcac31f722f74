"""How long rendering and queuing 10,000 job reminders takes.

    python bench/reminders.py [--count 10000] [--database URL]

Builds a throw-away SQLite file (or uses the empty database URL given) with one shop, N
customers (half English, half French, each with a mobile number, classified when saved as the
import does, and a consent) and N jobs of an auto-send job type starting over the next day,
then times:

- render: the N texts from their templates (pure, no database);
- schedule: `schedule_due_reminders` rounds, as the worker runs them (each renders and queues
  up to ROUND_LIMIT reminders through the outbox gate in one transaction), until all N are;
- again: a second round, which must find nothing to do (idempotence);
- review: loading the N rows the reminder review screen shows.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from sqlmodel import Session, func, select

from tui_sms.domain.phone import PhoneNumber, parse_number
from tui_sms.domain.templates import DEFAULT_TEMPLATES, render
from tui_sms.services import billing, known_numbers, review
from tui_sms.services.reminder_scheduler import schedule_due_reminders
from tui_sms.services.reminder_texts import fields_for
from tui_sms.store import migrate
from tui_sms.store.engine import make_engine, session_scope
from tui_sms.store.models import (
    Consent,
    Contact,
    Customer,
    Job,
    JobType,
    Message,
    Queue,
    ReminderTemplate,
    SenderNumber,
    Shop,
    utcnow,
)
from tui_sms.store.queries.jobs import JobFilter


def populate(session: Session, count: int) -> None:
    shop = Shop(name="Garage Bench", phone="514-555-0100", country="CA", province="QC")
    # No quiet hours: the bench measures rendering and queuing, not the clock it runs at.
    shop.quiet_start = shop.quiet_end = shop.quiet_start
    session.add(shop)
    session.add(SenderNumber(number="+14386013562", queue=Queue.TRANSACTIONAL))
    kind = JobType(name="Oil change", auto_send=True, days_ahead=1)
    session.add(kind)
    session.flush()
    # Enough prepaid segments for every reminder (three apiece covers the longest text):
    # without a balance the gate refuses them all and the bench measures refusals.
    billing.record_purchase(session, count * 3, Decimal("1.00"), recorded_by="bench")
    for language, body in DEFAULT_TEMPLATES["reminder"].items():
        session.add(ReminderTemplate(job_type_id=kind.id or 0, language=language, body=body))
    now = utcnow()
    parsed: list[PhoneNumber] = []
    for i in range(count):
        number = f"+1514{2000000 + i:07d}"
        customer = Customer(
            shop_id=shop.id or 0,
            external_id=f"C-{i}",
            name=f"Client{i} Nom{i}",
            language="fr" if i % 2 else "en",
        )
        session.add(customer)
        session.flush()
        session.add(Contact(customer_id=customer.id or 0, name=customer.name, number=number))
        parsed.append(parse_number(number, "CA"))
        session.add(
            Consent(
                number=number,
                customer_id=customer.id,
                recorded_by="bench",
                method="electronic",
                wording="Bench consent.",
            )
        )
        session.add(
            Job(
                external_id=f"J-{i}",
                customer_id=customer.id or 0,
                job_type_id=kind.id or 0,
                start=now + timedelta(hours=2, seconds=5 * i),
                technician="Luc",
            )
        )
        if i % 1000 == 999:
            session.flush()
    # As the customer import and the customer screens do: a number is classified when saved.
    known_numbers.remember(session, parsed)


def measure(count: int, url: str | None = None) -> dict[str, float]:
    """The phases' seconds and how many reminders were queued ("created", "messages")."""
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        url = url or f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = make_engine(url)
        migrate.upgrade(engine)
        started = time.perf_counter()
        with session_scope(engine) as session:
            populate(session, count)
        print(f"setup     {time.perf_counter() - started:7.2f} s  ({count} customers + jobs)")

        with session_scope(engine) as session:
            shop = session.exec(select(Shop)).one()
            rows = session.exec(select(Job, Customer, JobType).join(Customer).join(JobType)).all()
            started = time.perf_counter()
            for job, customer, kind in rows:
                language = "fr" if customer.language == "fr" else "en"
                render(
                    DEFAULT_TEMPLATES["reminder"][language],
                    fields_for(job, customer, kind, shop),
                )
            elapsed = time.perf_counter() - started
        print(f"render    {elapsed:7.2f} s  ({len(rows) / elapsed:,.0f} texts/s)")

        started, used = time.perf_counter(), time.process_time()
        created = rounds = 0
        more = True
        while more:  # as the worker does: rounds of at most ROUND_LIMIT, one transaction each
            with session_scope(engine) as session:
                report = schedule_due_reminders(session, utcnow())
            created += report.created
            rounds += 1
            more = report.more
        elapsed = figures["schedule"] = time.perf_counter() - started
        # This process's CPU (SQLite works in it): what the rounds cost, whatever the load.
        figures["schedule cpu"] = time.process_time() - used
        figures["created"] = created
        print(
            f"schedule  {elapsed:7.2f} s  ({created} rendered and queued in {rounds} rounds, "
            f"{created / elapsed:,.0f}/s; CPU {figures['schedule cpu']:.2f} s)"
        )

        started = time.perf_counter()
        with session_scope(engine) as session:
            again = schedule_due_reminders(session, utcnow())
        print(
            f"again     {time.perf_counter() - started:7.2f} s  ({again.created} new: idempotent)"
        )

        started = time.perf_counter()
        with session_scope(engine) as session:
            listed = review.review(session, JobFilter(), limit=count)
        print(f"review    {time.perf_counter() - started:7.2f} s  ({len(listed.rows)} rows listed)")

        with session_scope(engine) as session:
            queued = session.exec(
                select(func.count()).select_from(Message).where(Message.kind == "reminder")
            ).one()
        figures["messages"] = queued
        print(f"messages  {queued} reminders queued")
        engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--database", help="an empty database URL (default: a temporary SQLite)")
    args = parser.parse_args()
    figures = measure(args.count, args.database)
    if figures["created"] < args.count or figures["messages"] < args.count:
        print(
            f"only {figures['messages']:g} of {args.count} reminders were queued", file=sys.stderr
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
