"""Demo data: a Québec shop, three staff, two dozen customers and their conversations.

`tui-sms --demo` loads it into an empty database and lets some simulated customers answer
through the sandbox, so a newcomer sees a live inbox within seconds.
"""

from __future__ import annotations

import pwd
import random
from collections.abc import Callable
from datetime import datetime, time, timedelta
from decimal import Decimal

from sqlmodel import Session

from tui_sms.domain.segments import estimate
from tui_sms.services import billing, demo_inbox, demo_sales
from tui_sms.store.models import (
    Consent,
    Contact,
    Customer,
    Direction,
    Message,
    Queue,
    SenderNumber,
    Shop,
    Staff,
    StatusEvent,
    Thread,
    ThreadState,
    utcnow,
)
from tui_sms.store.queries import people, threads

TRANSACTIONAL = ("+14386013562", "+14386013492", "+14386011668", "+14386011575", "+14386014488")
TRANSACTIONAL += ("+14386013998",)
PROMOTIONAL = ("+14386013549", "+14386013643")

STAFF = (("marie", "Marie Gagnon", "fr"), ("luc", "Luc Bouchard", "fr"))

# (name, language, number)
CUSTOMERS = (
    ("Émilie Côté", "fr", "+15142361201"),
    ("François Bélanger", "fr", "+15142361202"),
    ("Hélène Lévesque", "fr", "+14503821203"),
    ("Jérôme Gauthier", "fr", "+14183341204"),
    ("Noël Péloquin", "fr", "+15147891205"),
    ("Zoé Tremblay", "fr", "+18192341206"),
    ("Gaëtan Ouellet", "fr", "+15142361207"),
    ("Ève-Marie Dubé", "fr", "+14503821208"),
    ("Réjean Giguère", "fr", "+14183341209"),
    ("Amélie Fortin", "fr", "+15147891210"),
    ("Stéphane Côté-Roy", "fr", "+14386021211"),
    ("Benoît Lachance", "fr", "+15142361212"),
    ("Chloé Bergeron", "fr", "+14503821213"),
    ("John Smith", "en", "+15142361214"),
    ("Sarah O'Connor", "en", "+14165551215"),
    ("David Chen", "en", "+16042381216"),
    ("Priya Patel", "en", "+14165551217"),
    ("Michael Brown", "en", "+15147891218"),
    ("Emily Wilson", "en", "+16132341219"),
    ("James MacDonald", "en", "+19022341220"),
    ("Olivia Martin", "en", "+14503821221"),
    ("Robert Kowalski", "en", "+12045551222"),
    ("Hannah Lee", "en", "+17802341223"),
    ("Fleet: Transports Dion", "fr", "+18192341224"),
    ("Kevin Nguyen", "en", "+14386021225"),
)

CONVERSATIONS = {
    "fr": (
        ("out", "Bonjour {first}, votre véhicule sera prêt demain à 15 h."),
        ("in", "Parfait, merci! Est-ce que je peux passer à 16 h?"),
        ("out", "Oui, pas de problème. À demain!"),
        ("in", "Est-ce que les pneus d'hiver sont inclus dans le prix?"),
    ),
    "en": (
        ("out", "Hi {first}, your car is ready for pick-up. We close at 6 PM."),
        ("in", "Great, thanks! Can I pay by card?"),
        ("out", "Yes, we take debit and credit."),
        ("in", "Could you also check the [brake] noise? It squeaks when I stop."),
    ),
}

AUTO_REPLIES = {
    "fr": ("Merci beaucoup!", "D'accord, à bientôt.", "Parfait 👍"),
    "en": ("Thanks!", "Sounds good, see you then.", "OK 👍"),
}


def real_name(login: str) -> str:
    """The OS account's full name (its GECOS field) when it has one, else the login."""
    try:
        full = pwd.getpwnam(login).pw_gecos.split(",")[0].strip()
    except (KeyError, OSError):
        full = ""
    return full or login


def is_empty(session: Session) -> bool:
    return people.get_shop(session) is None


def load_demo(session: Session, me: str, *, now: datetime | None = None, seed: int = 7) -> Shop:
    """Fill an empty database with the demo shop; `me` is the login of the person running it."""
    now = now or utcnow()
    rng = random.Random(seed)
    shop = Shop(
        name="Garage Tremblay & Fils",
        phone="(514) 236-1000",
        country="CA",
        province="QC",
        time_zone="America/Toronto",
        return_email="service@garage-tremblay.example",
        quiet_start=time(21, 0),
        quiet_end=time(8, 0),
    )
    session.add(shop)
    for number in TRANSACTIONAL:
        session.add(SenderNumber(number=number, queue=Queue.TRANSACTIONAL, rate_limit=1.0))
    for number in PROMOTIONAL:
        session.add(SenderNumber(number=number, queue=Queue.PROMOTIONAL, rate_limit=1.0))
    staff = [Staff(login=login, display_name=name, language=lang) for login, name, lang in STAFF]
    if me not in {login for login, _, _ in STAFF}:
        # The person's own name, as colleagues see it: the UI adds "(you)" for the viewer.
        staff.append(Staff(login=me, display_name=real_name(me), language="en"))
    session.add_all(staff)
    session.flush()
    billing.record_purchase(
        session, 2_500, Decimal("37.50"), now - timedelta(days=30), shop_id=shop.id
    )
    for index, (name, language, number) in enumerate(CUSTOMERS):
        customer = Customer(shop_id=shop.id or 0, name=name, language=language)
        session.add(customer)
        session.flush()
        session.add(Contact(customer_id=customer.id or 0, name=name, number=number))
        session.add(
            Consent(
                number=number,
                customer_id=customer.id,
                recorded_by="marie",
                recorded_at=now - timedelta(days=200 - index),
                method="signed_paper",
                wording="I agree to receive text messages from Garage Tremblay & Fils.",
            )
        )
        _conversation(session, shop, customer, number, staff, index, now, rng)
    session.flush()
    demo_sales.add_sales_and_jobs(session, shop, now, rng)
    demo_inbox.add_inbox_extras(session, shop, staff, now, rng)
    threads.record_change(session, None, "demo")
    return shop


def _conversation(
    session: Session,
    shop: Shop,
    customer: Customer,
    number: str,
    staff: list[Staff],
    index: int,
    now: datetime,
    rng: random.Random,
) -> None:
    started = now - timedelta(days=index * 0.4 + 0.2, minutes=rng.randint(0, 50))
    sender = TRANSACTIONAL[index % len(TRANSACTIONAL)]
    thread = Thread(
        shop_id=shop.id or 0,
        customer_id=customer.id,
        number=number,
        sender_number=sender,
        created_at=started,
        last_activity_at=started,
        state=ThreadState.RESOLVED if index % 7 == 6 else ThreadState.OPEN,
        assignee_id=staff[index % 3].id if index % 3 != 2 else None,
    )
    session.add(thread)
    session.flush()
    first = customer.name.split()[0].rstrip(":")
    script = CONVERSATIONS[customer.language]
    length = 1 + (index * 5) % len(script)
    at = started
    for step, (direction, text) in enumerate(script[:length]):
        at = at + timedelta(minutes=rng.randint(2, 90))
        body = text.format(first=first)
        inbound = direction == "in"
        status = "received" if inbound else _outbound_status(index, step)
        message = Message(
            thread_id=thread.id or 0,
            direction=Direction.INBOUND if inbound else Direction.OUTBOUND,
            body=body,
            status=status,
            from_number=number if inbound else sender,
            to_number=sender if inbound else number,
            provider_sid="SM" + f"{rng.getrandbits(128):032x}",
            segments=estimate(body).segments,
            encoding=estimate(body).encoding,
            author_id=None if inbound else staff[step % 2].id,
            error_code=30003 if status == "undelivered" else None,
            error_message="Unreachable destination handset" if status == "undelivered" else None,
            created_at=at,
            updated_at=at,
            sent_at=at,
            final_at=at,
        )
        session.add(message)
        session.flush()
        session.add(StatusEvent(message_id=message.id or 0, status=status, at=at))
        billing.draw_for_message(session, message, at)
        thread.last_preview = body
        thread.last_activity_at = at
        if inbound and index % 4 == 0:
            thread.unread_count += 1
    session.add(thread)


def _outbound_status(index: int, step: int) -> str:
    if index == 5 and step == 0:
        return "undelivered"
    return "delivered"


def demo_auto_reply() -> Callable[[str, str], str | None]:
    """A function the sandbox calls after each text: some demo customers write back."""
    languages = {number: language for _, language, number in CUSTOMERS}
    rng = random.Random(11)

    def reply(to: str, body: str) -> str | None:
        language = languages.get(to)
        if language is None or int(to[-1]) % 2:
            return None
        return rng.choice(AUTO_REPLIES[language])

    return reply
