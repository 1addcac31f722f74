"""A reminder round times each text in its own recipient's zone: the zone comes from the
gate's one reading of each number, and no number borrows another's, even within one
country, one batch, one area code."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from sqlmodel import select

from tests.factories import make_customer, make_job, make_shop
from tui_sms.services.reminder_scheduler import schedule_due_reminders
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Job, Message, Reminder

TORONTO = ZoneInfo("America/Toronto")
QUIET = (time(21, 0), time(8, 0))


def at_toronto(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=TORONTO).astimezone(UTC)  # type: ignore[misc]


def test_customers_of_one_country_in_two_zones_each_get_their_own(engine):
    # The jobs start at 10:30 in Montreal (7:30 in Vancouver): the reminder is due at that
    # time the day before, inside Vancouver's quiet hours, so Vancouver numbers get theirs
    # the evening before; Montreal numbers, awake at 10:30, get theirs when due.
    start = at_toronto(2026, 3, 11, 10, 30)
    numbers = {
        "J-MTL-1": "+15142361201",
        "J-VAN-1": "+16045550101",
        "J-MTL-2": "+15142361202",
        "J-VAN-2": "+16045550102",
        "J-YUL-3": "+14385550103",  # another Montreal area code
    }
    with session_scope(engine) as session:
        shop = make_shop(session, quiet=QUIET)
        for external_id, number in numbers.items():
            customer = make_customer(session, shop, f"Client {external_id}", number)
            make_job(session, customer, start, external_id=external_id)

    with session_scope(engine) as session:
        report = schedule_due_reminders(session, at_toronto(2026, 3, 9, 12, 0))
    assert report.created == len(numbers) and report.problems == []

    due = at_toronto(2026, 3, 10, 10, 30)
    # 21:00 in Vancouver less the 30-minute margin, the day before the due day.
    evening_before = datetime(2026, 3, 9, 20, 30, tzinfo=ZoneInfo("America/Vancouver"))
    expected = {
        "J-MTL-1": due,
        "J-VAN-1": evening_before,
        "J-MTL-2": due,
        "J-VAN-2": evening_before,
        "J-YUL-3": due,
    }
    with session_scope(engine) as session:
        rows = session.exec(
            select(Job.external_id, Message.to_number, Message.scheduled_for, Reminder.send_at)
            .join(Reminder, Reminder.job_id == Job.id)
            .join(Message, Message.id == Reminder.message_id)
        ).all()
        disclaimers = session.exec(
            select(Message.to_number, Message.scheduled_for).where(Message.kind == "disclaimer")
        ).all()
    assert {external_id: to for external_id, to, _, _ in rows} == numbers
    assert {external_id: scheduled for external_id, _, scheduled, _ in rows} == expected
    assert {external_id: send_at for external_id, _, _, send_at in rows} == expected
    # The gate, reckoning quiet hours in the same zone, left each text at its time.
    by_number = {numbers[external_id]: when for external_id, when in expected.items()}
    assert dict(disclaimers) == by_number
