"""Demo data that lets a newcomer try every screen without writing a file: job types with
reminder templates in both languages and auto-send on, jobs over the next days, shortcuts,
an opted-out number, an unknown sender, a flagged "please stop" reply, opening hours with
the after-hours answer, a text scheduled for later, a snoozed thread and a note naming Luc.
On top of services/demo.py (the conversations) and services/demo_sales.py (sales, clubs)."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from sqlmodel import Session, col, select

from tui_sms.domain.segments import estimate
from tui_sms.services import mentions
from tui_sms.services.inbox import FLAG_OPT_OUT
from tui_sms.store.inbox_models import OpeningHours
from tui_sms.store.models import (
    Customer,
    Direction,
    Job,
    JobType,
    Message,
    OptOut,
    ReminderTemplate,
    Shop,
    Shortcut,
    Staff,
    StatusEvent,
    Thread,
)
from tui_sms.store.queries import threads as threads_queries

# (name, days ahead, auto-send, {language: reminder text})
JOB_TYPES = (
    (
        "Oil change",
        1,
        True,
        {
            "en": "Hi {first_name}, your oil change at {shop_name} is on {job_date} at "
            "{job_time} ({vehicle}). To reschedule, call {shop_phone}.",
            "fr": "Bonjour {first_name}, votre changement d'huile chez {shop_name} est le "
            "{job_date} a {job_time} ({vehicle}). Pour le modifier : {shop_phone}.",
        },
    ),
    (
        "Tire change",
        2,
        True,
        {
            "en": "Hi {first_name}, {shop_name} will change your tires on {job_date} at "
            "{job_time}. Bring your wheel locks. Questions: {shop_phone}.",
            "fr": "Bonjour {first_name}, {shop_name} changera vos pneus le {job_date} a "
            "{job_time}. Apportez vos ecrous antivol. Questions : {shop_phone}.",
        },
    ),
    (
        "Inspection",
        1,
        False,
        {
            "en": "Hi {first_name}, reminder: inspection of your {vehicle} at {shop_name} on "
            "{job_date} at {job_time}.",
            "fr": "Bonjour {first_name}, rappel : inspection de votre {vehicle} chez "
            "{shop_name} le {job_date} a {job_time}.",
        },
    ),
)
SHORTCUTS = (
    ("Car ready", "en", "Hi, your car is ready for pick-up. We are open until 5:30 PM."),
    ("Estimate", "en", "We have an estimate for you: may we call you to go over it?"),
    ("Auto prête", "fr", "Bonjour, votre auto est prête. Nous sommes ouverts jusqu'à 17 h 30."),
    ("Soumission", "fr", "Nous avons une soumission pour vous : pouvons-nous vous appeler?"),
)
UNKNOWN_SENDER = "+15145550199"
# What the customers and Marie wrote: the shop's own words, in whichever language they used.
FLAGGED_REPLY = "Please stop sending me these texts"
UNKNOWN_QUESTION = "Hi, do you do oil changes on Saturdays?"
NOTE_TO_LUC = "@luc can you call her back about the brake noise?"
SCHEDULED_REPLY = "Bonjour, petit rappel : votre auto sera prête demain midi."


def add_inbox_extras(
    session: Session, shop: Shop, staff: list[Staff], now: datetime, rng: random.Random
) -> None:
    customers = list(
        session.exec(select(Customer).where(Customer.shop_id == shop.id).order_by(col(Customer.id)))
    )
    _job_types_and_jobs(session, customers, now, rng)
    for title, language, body in SHORTCUTS:
        session.add(Shortcut(title=title, body=body, language=language, created_at=now))
    for weekday in range(5):
        session.add(
            OpeningHours(shop_id=shop.id or 0, weekday=weekday, opens=time(8), closes=time(17, 30))
        )
    session.add(OpeningHours(shop_id=shop.id or 0, weekday=5, opens=time(9), closes=time(12)))
    shop.after_hours_reply = True
    session.add(shop)
    threads = {t.customer_id: t for t in session.exec(select(Thread))}
    # An opted-out number: the customer replied STOP; the thread's composer is disabled.
    stopped = threads[customers[7].id]
    _inbound(session, stopped, "STOP", now - timedelta(hours=5))
    session.add(
        OptOut(number=stopped.number, at=now - timedelta(hours=5), keyword="STOP", source="keyword")
    )
    # A reply that only resembles STOP: flagged for a person to read.
    flagged = threads[customers[15].id]
    _inbound(session, flagged, FLAGGED_REPLY, now - timedelta(hours=2))
    flagged.flagged = FLAG_OPT_OUT
    # Somebody the shop does not know yet.
    unknown = Thread(
        shop_id=shop.id or 0, number=UNKNOWN_SENDER, created_at=now - timedelta(hours=1)
    )
    session.add(unknown)
    session.flush()
    _inbound(session, unknown, UNKNOWN_QUESTION, now - timedelta(hours=1))
    # A snoozed thread (back tomorrow morning) and a note that names Luc.
    snoozed = threads[customers[10].id]
    snoozed.snoozed_until = now + timedelta(hours=16)
    marie = next(member for member in staff if member.login == "marie")
    noted = threads[customers[2].id]
    note = Message(
        thread_id=noted.id or 0,
        direction=Direction.NOTE,
        kind="note",
        body=NOTE_TO_LUC,
        status="note",
        author_id=marie.id,
        created_at=now - timedelta(minutes=40),
        updated_at=now - timedelta(minutes=40),
    )
    session.add(note)
    session.flush()
    mentions.record_mentions(session, note, marie)
    # A reply Marie scheduled for tomorrow 9:00 (Montréal), cancellable until it leaves.
    later = threads[customers[0].id]
    send_at = (now + timedelta(days=1)).replace(hour=14, minute=0, second=0, microsecond=0)
    body = SCHEDULED_REPLY
    session.add(
        Message(
            thread_id=later.id or 0,
            direction=Direction.OUTBOUND,
            kind="reply",
            body=body,
            status="scheduled",
            scheduled_for=send_at,
            to_number=later.number,
            segments=estimate(body).segments,
            encoding=estimate(body).encoding,
            author_id=marie.id,
            created_at=now - timedelta(minutes=30),
            updated_at=now - timedelta(minutes=30),
        )
    )
    session.add_all([stopped, flagged, snoozed, unknown])
    session.flush()
    threads_queries.record_change(session, None, "demo")


def _inbound(session: Session, thread: Thread, body: str, at: datetime) -> None:
    found = estimate(body)
    message = Message(
        thread_id=thread.id or 0,
        direction=Direction.INBOUND,
        body=body,
        status="received",
        from_number=thread.number,
        to_number=thread.sender_number,
        segments=found.segments,
        encoding=found.encoding,
        created_at=at,
        updated_at=at,
        sent_at=at,
        final_at=at,
    )
    session.add(message)
    session.flush()
    session.add(StatusEvent(message_id=message.id or 0, status="received", at=at))
    thread.last_preview = body
    thread.last_activity_at = max(thread.last_activity_at, at)
    thread.unread_count += 1


def _job_types_and_jobs(
    session: Session, customers: list[Customer], now: datetime, rng: random.Random
) -> None:
    vehicles = ("Civic 2019", "F-150 2021", "RAV4 2018", "Corolla 2020", "Golf 2017")
    for type_index, (name, days_ahead, auto_send, texts) in enumerate(JOB_TYPES):
        job_type = JobType(name=name, days_ahead=days_ahead, auto_send=auto_send)
        session.add(job_type)
        session.flush()
        for language, body in texts.items():
            session.add(
                ReminderTemplate(
                    job_type_id=job_type.id or 0, language=language, body=body, updated_at=now
                )
            )
        # Jobs over the next week, some today: the reminders screen has something each day.
        for n in range(5):
            customer = customers[(type_index * 5 + n + 6) % len(customers)]
            day = now + timedelta(days=n + type_index % 2)
            session.add(
                Job(
                    external_id=f"{name[:3].upper()}-{201 + n}",
                    customer_id=customer.id or 0,
                    job_type_id=job_type.id or 0,
                    start=day.replace(hour=13 + (n * 2) % 8, minute=0, second=0, microsecond=0),
                    technician=("Luc", "Marie")[n % 2],
                    vehicle=rng.choice(vehicles),
                )
            )
    session.flush()
