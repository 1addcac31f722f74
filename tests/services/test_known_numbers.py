"""A number is classified (takes texts, lives in which zone) once, when it is saved or first
checked, and the stored classification is what the outbox gate and a reminder round use
after: for the number it was made for, under the phonenumbers metadata that made it."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel, select

from tests.factories import make_customer, make_job, make_shop
from tui_sms.domain.errors import InvalidNumber
from tui_sms.domain.phone import METADATA_VERSION
from tui_sms.services import customers, importer, review
from tui_sms.services.outbox_gate import Gate, Outgoing, Queued
from tui_sms.services.reminder_scheduler import schedule_due_reminders
from tui_sms.store import migrate
from tui_sms.store.engine import make_engine, session_scope
from tui_sms.store.models import Contact, Customer, Message
from tui_sms.store.number_models import TextableNumber
from tui_sms.store.queries import textable_numbers

TORONTO = ZoneInfo("America/Toronto")
VANCOUVER = ZoneInfo("America/Vancouver")
QUIET = (time(21, 0), time(8, 0))
MONTREAL_MOBILE = "+15142361201"
VANCOUVER_MOBILE = "+16045550101"
TOLL_FREE = "+18005551234"


def at_toronto(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=TORONTO).astimezone(UTC)  # type: ignore[misc]


# The job starts at 10:30 in Montreal (7:30 in Vancouver): its reminder is due at that time
# the day before, inside Vancouver's quiet hours, so a Vancouver number gets it the evening
# before (21:00 less the 30-minute margin) and a Montreal number when it is due.
START = at_toronto(2026, 3, 11, 10, 30)
ROUND = at_toronto(2026, 3, 9, 12, 0)
DUE_IN_MONTREAL = at_toronto(2026, 3, 10, 10, 30)
EVENING_BEFORE_IN_VANCOUVER = datetime(2026, 3, 9, 20, 30, tzinfo=VANCOUVER).astimezone(UTC)


def _stored(engine) -> dict[str, tuple[str | None, str]]:
    with session_scope(engine) as session:
        rows = session.exec(select(TextableNumber)).all()
        return {row.number: (row.time_zone, row.metadata_version) for row in rows}


def _reminder_time(engine) -> datetime | None:
    with session_scope(engine) as session:
        return session.exec(select(Message.scheduled_for).where(Message.kind == "reminder")).one()


def test_a_contact_added_or_renumbered_has_its_number_classified(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        customer = Customer(shop_id=shop.id or 0, name="Émilie Côté")
        session.add(customer)
        session.flush()
        contact = customers.add_contact(session, customer.id or 0, "", "514 236-1201")
        customers.edit_contact(session, contact.id or 0, number="604 555-0101")
    assert _stored(engine) == {
        MONTREAL_MOBILE: ("America/Toronto", METADATA_VERSION),
        VANCOUVER_MOBILE: ("America/Vancouver", METADATA_VERSION),
    }


def test_a_customer_whose_number_changes_is_reminded_in_the_new_numbers_zone(engine):
    with session_scope(engine) as session:
        shop = make_shop(session, quiet=QUIET)
        customer = make_customer(session, shop, "Émilie Côté", MONTREAL_MOBILE)
        make_job(session, customer, START)
        customer_id = customer.id or 0
    with session_scope(engine) as session:
        # The gate stored the Montreal number's classification; then the number changes.
        Gate(session, ROUND).queue([Outgoing("Hello", number=MONTREAL_MOBILE)])
        review.add_mobile(session, customer_id, "604 555-0101", staff_login="marie", now=ROUND)
    with session_scope(engine) as session:
        report = schedule_due_reminders(session, ROUND)
    assert report.created == 1 and report.problems == []
    assert _reminder_time(engine) == EVENING_BEFORE_IN_VANCOUVER
    # The old number's row still says what is true of the old number.
    assert _stored(engine)[MONTREAL_MOBILE] == ("America/Toronto", METADATA_VERSION)


def test_a_stored_classification_is_the_one_a_round_uses(engine):
    # Planted unlike what phonenumbers says, to tell which one the round went by.
    with session_scope(engine) as session:
        shop = make_shop(session, quiet=QUIET)
        customer = make_customer(session, shop, "Émilie Côté", MONTREAL_MOBILE)
        make_job(session, customer, START)
        textable_numbers.remember(session, {MONTREAL_MOBILE: "America/Vancouver"}, METADATA_VERSION)
    with session_scope(engine) as session:
        assert schedule_due_reminders(session, ROUND).created == 1
    assert _reminder_time(engine) == EVENING_BEFORE_IN_VANCOUVER


def test_a_classification_made_with_other_metadata_is_made_again(engine):
    with session_scope(engine) as session:
        shop = make_shop(session, quiet=QUIET)
        customer = make_customer(session, shop, "Émilie Côté", MONTREAL_MOBILE)
        make_job(session, customer, START)
        textable_numbers.remember(session, {MONTREAL_MOBILE: "America/Vancouver"}, "0.0.1")
    with session_scope(engine) as session:
        assert schedule_due_reminders(session, ROUND).created == 1
    assert _reminder_time(engine) == DUE_IN_MONTREAL
    assert _stored(engine) == {MONTREAL_MOBILE: ("America/Toronto", METADATA_VERSION)}


def test_the_gate_stores_a_number_it_accepts_and_never_one_it_refuses(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Émilie Côté", VANCOUVER_MOBILE)
        make_customer(session, shop, "Garage Voisin", TOLL_FREE)
        results = Gate(session).queue(
            [Outgoing("Hello", number=VANCOUVER_MOBILE), Outgoing("Hello", number=TOLL_FREE)]
        )
        assert isinstance(results[0], Queued)
        assert isinstance(results[1], InvalidNumber)
    assert _stored(engine) == {VANCOUVER_MOBILE: ("America/Vancouver", METADATA_VERSION)}
    # Refused again, with the same sentence, by a gate that reads what was stored.
    with session_scope(engine) as session, pytest.raises(InvalidNumber, match="toll-free"):
        Gate(session).queue_one(Outgoing("Hello", number=TOLL_FREE))


def test_an_import_classifies_the_mobiles_it_saves(engine, tmp_path):
    path = tmp_path / "customers.csv"
    path.write_text(
        "external_id,name,language,mobile\n"
        "C-1,Jane Doe,en,514 236-1201\n"
        "C-2,Émilie Côté,fr,(604) 555-0101\n"
        "C-3,Garage Voisin,fr,1-800-555-1234\n",
        encoding="utf-8",
    )
    with session_scope(engine) as session:
        make_shop(session)
    with session_scope(engine) as session:
        report = importer.import_customers(session, path, recorded_by="marie", now=ROUND)
    assert report.created == 2
    assert _stored(engine) == {
        MONTREAL_MOBILE: ("America/Toronto", METADATA_VERSION),
        VANCOUVER_MOBILE: ("America/Vancouver", METADATA_VERSION),
    }


def test_the_migration_classifies_the_contacts_already_on_file(empty_database_url):
    engine = make_engine(empty_database_url)
    try:
        migrate.upgrade(engine, "sender_own_bookings")  # the revision before it
        with session_scope(engine) as session:
            shop = make_shop(session)
            for name, number in [
                ("Jane Doe", MONTREAL_MOBILE),
                ("Émilie Côté", VANCOUVER_MOBILE),
                ("Jane's husband", MONTREAL_MOBILE),  # a number two contacts share
                ("Garage Voisin", TOLL_FREE),  # no texts: nothing stored
            ]:
                customer = Customer(shop_id=shop.id or 0, name=name)
                session.add(customer)
                session.flush()
                session.add(Contact(customer_id=customer.id or 0, name=name, number=number))
        migrate.upgrade(engine)
        assert _stored(engine) == {
            MONTREAL_MOBILE: ("America/Toronto", METADATA_VERSION),
            VANCOUVER_MOBILE: ("America/Vancouver", METADATA_VERSION),
        }
    finally:
        engine.dispose()


def test_the_migration_makes_the_table_the_model_describes(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert [d for d in differences if "textablenumber" in repr(d)] == []


def test_a_number_stored_twice_keeps_the_newest_classification(engine, tmp_path: Path):
    with session_scope(engine) as session:
        textable_numbers.remember(session, {MONTREAL_MOBILE: None}, "0.0.1")
    with session_scope(engine) as session:
        textable_numbers.remember(session, {MONTREAL_MOBILE: "America/Toronto"}, METADATA_VERSION)
        assert textable_numbers.known(session, [MONTREAL_MOBILE], "0.0.1") == {}
    assert _stored(engine) == {MONTREAL_MOBILE: ("America/Toronto", METADATA_VERSION)}
