"""The outbox gate's batch form: one refusal in a batch gets the sentence it would get alone,
the other messages are queued; the prepaid balance is spent in order and never overdrawn."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from tests.factories import make_customer, make_job, make_shop
from tui_sms.domain.compliance import disclaimer_text, language_for
from tui_sms.domain.errors import InsufficientBalance, InvalidNumber, OptedOut, UserError
from tui_sms.domain.segments import estimate
from tui_sms.domain.templates import occurrence_key
from tui_sms.services import billing, outbox
from tui_sms.services.outbox_gate import Gate, Outgoing, Queued
from tui_sms.services.reminder_scheduler import schedule_due_reminders
from tui_sms.store.engine import session_scope
from tui_sms.store.models import (
    BalanceEntry,
    EntryKind,
    Job,
    Message,
    OptOut,
    Reminder,
    ReminderState,
    StatusEvent,
    Thread,
)

NOW = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
NUMBERS = ["+15142361201", "+15142361202", "+15142361203", "+15142361204"]


def _customers(session, numbers=NUMBERS):
    shop = make_shop(session)
    for i, number in enumerate(numbers):
        make_customer(session, shop, f"Client {i}", number)
    return shop


def _messages(session) -> list[Message]:
    return list(session.exec(select(Message).order_by(Message.id)).all())


def _leave(session, shop, segments: int) -> None:
    """Draw the starting bundle down to `segments`."""
    left = billing.balance(session).available
    session.add(
        BalanceEntry(shop_id=shop.id or 0, kind=EntryKind.DRAW, segments=segments - left, at=NOW)
    )
    session.flush()


def _disclaimer_segments(shop) -> int:
    """What the disclaimer preceding a first text to an English customer costs."""
    language = language_for("en", shop.province)
    return estimate(disclaimer_text(language, shop.name, shop.disclaimer_en)).segments


def test_each_message_of_a_batch_is_queued_with_its_disclaimer(engine):
    with session_scope(engine) as session:
        _customers(session)
        results = Gate(session, NOW).queue([Outgoing(f"Hello {n}", number=n) for n in NUMBERS])
        assert all(isinstance(r, Queued) for r in results)
        messages = _messages(session)
        assert [m.kind for m in messages] == ["disclaimer", "reply"] * 4
        assert [m.to_number for m in messages if m.kind == "reply"] == NUMBERS
        threads = session.exec(select(Thread).order_by(Thread.id)).all()
        assert [t.number for t in threads] == NUMBERS
        assert [t.last_preview for t in threads] == [f"Hello {n}" for n in NUMBERS]
        assert {r.thread_id for r in results if isinstance(r, Queued)} == {t.id for t in threads}


def test_each_message_of_a_batch_starts_its_history_with_its_own_status(engine):
    later = NOW + timedelta(hours=3)
    with session_scope(engine) as session:
        _customers(session)
        items = [Outgoing(f"Now {n}", number=n) for n in NUMBERS[:2]]
        items += [
            Outgoing(f"Later {n}", number=n, options=outbox.SendOptions(scheduled_for=later))
            for n in NUMBERS[2:]
        ]
        Gate(session, NOW).queue(items)
        events = session.exec(select(StatusEvent).order_by(StatusEvent.id)).all()
        messages = _messages(session)
        assert len(events) == len(messages) == 8
        assert {(e.message_id, e.status, e.at) for e in events} == {
            (m.id, m.status, NOW) for m in messages
        }
        assert [m.status for m in messages] == ["queued"] * 4 + ["scheduled"] * 4


def test_each_result_names_its_own_message_when_texts_share_a_conversation(engine):
    # Texts alike but for their words or their time, to one conversation, interleaved with
    # other conversations: each result still points at the row written for its own item.
    times = [None, NOW + timedelta(hours=2), NOW + timedelta(hours=1), None]
    with session_scope(engine) as session:
        _customers(session, NUMBERS[:2])
        items = [
            Outgoing(
                "Same words" if i < 3 else "Other words",
                number=NUMBERS[i % 2],
                options=outbox.SendOptions(scheduled_for=times[i]),
            )
            for i in range(4)
        ]
        results = Gate(session, NOW).queue(items)
        for item, result in zip(items, results, strict=True):
            assert isinstance(result, Queued)
            message = session.get(Message, result.message_id)
            assert message is not None
            assert (message.body, message.to_number) == (item.body, item.number)
            assert message.scheduled_for == item.options.scheduled_for
        assert len({r.message_id for r in results if isinstance(r, Queued)}) == 4


def test_two_texts_to_one_new_number_open_one_conversation_with_one_disclaimer(engine):
    with session_scope(engine) as session:
        _customers(session, NUMBERS[:1])
        first, second = Gate(session, NOW).queue(
            [Outgoing("One", number=NUMBERS[0]), Outgoing("Two", number="514 236-1201")]
        )
        assert isinstance(first, Queued) and isinstance(second, Queued)
        assert first.thread_id == second.thread_id
        assert [m.kind for m in _messages(session)] == ["disclaimer", "reply", "reply"]
        assert session.exec(select(Thread)).one().last_preview == "Two"


def test_an_opted_out_number_in_a_batch_is_refused_alone(engine):
    with session_scope(engine) as session:
        _customers(session, NUMBERS[:3])
        session.add(OptOut(number=NUMBERS[1], at=NOW, keyword="stop", source="keyword"))
        session.flush()
        with session.begin_nested() as alone:
            with pytest.raises(OptedOut) as single:
                outbox.queue_to_number(session, NUMBERS[1], "Hi", author_id=None, now=NOW)
            alone.rollback()
        results = Gate(session, NOW).queue([Outgoing("Hi", number=n) for n in NUMBERS[:3]])
        assert isinstance(results[0], Queued) and isinstance(results[2], Queued)
        assert isinstance(results[1], OptedOut)
        assert results[1].sentence == single.value.sentence
        assert "replied STOP on" in results[1].sentence
        replies = [m.to_number for m in _messages(session) if m.kind == "reply"]
        assert replies == [NUMBERS[0], NUMBERS[2]]
        # No empty conversation is left behind for the refused number.
        assert [t.number for t in session.exec(select(Thread)).all()] == [NUMBERS[0], NUMBERS[2]]


def test_a_bad_number_in_a_batch_is_refused_alone(engine):
    with session_scope(engine) as session:
        _customers(session, NUMBERS[:2])
        results = Gate(session, NOW).queue(
            [
                Outgoing("Hi", number=NUMBERS[0]),
                Outgoing("Hi", number="514-555-CELL"),
                Outgoing("Hi", number=NUMBERS[1]),
            ]
        )
        assert isinstance(results[1], InvalidNumber)
        assert results[1].sentence.startswith("“514-555-CELL” is not a phone number")
        assert [type(r) for r in (results[0], results[2])] == [Queued, Queued]
        assert len([m for m in _messages(session) if m.kind == "reply"]) == 2


def test_a_message_without_consent_in_a_batch_is_refused_with_the_single_sentence(engine):
    with session_scope(engine) as session:
        shop = _customers(session, NUMBERS[:2])
        make_customer(session, shop, "Sans Consentement", NUMBERS[2], consent=False)
        results = Gate(session, NOW).queue([Outgoing("Hi", number=n) for n in NUMBERS[:3]])
        assert [isinstance(r, Queued) for r in results] == [True, True, False]
        assert str(results[2]).startswith("Record the customer's consent first: (514) 236-1203")


def test_the_balance_runs_out_mid_batch_and_is_never_overdrawn(engine):
    long_text = "a" * 400  # 3 segments
    with session_scope(engine) as session:
        shop = _customers(session)
        disclaimer = _disclaimer_segments(shop)
        # Room for three first texts of one segment: the third (a disclaimer and 3 segments)
        # does not fit once the first two are booked...
        _leave(session, shop, 2 * (disclaimer + 1) + disclaimer + 1)
        bodies = ["One", "Two", long_text, "Four"]
        # What the third gets when the four are sent one by one (then undone).
        with session.begin_nested() as one_by_one:
            for body, number in zip(bodies[:2], NUMBERS[:2], strict=True):
                outbox.queue_to_number(session, number, body, author_id=None, now=NOW)
            with pytest.raises(InsufficientBalance) as single:
                outbox.queue_to_number(session, NUMBERS[2], long_text, author_id=None, now=NOW)
            one_by_one.rollback()
        results = Gate(session, NOW).queue(
            [Outgoing(body, number=n) for body, n in zip(bodies, NUMBERS, strict=True)]
        )
        # ...while the fourth, smaller, still fits after the third was refused: in order.
        assert [isinstance(r, Queued) for r in results] == [True, True, False, True]
        refusal = results[2]
        assert isinstance(refusal, InsufficientBalance)
        assert refusal.sentence == single.value.sentence
        assert billing.balance(session).available == 0
        assert "this message needs" in refusal.sentence
        assert estimate(long_text).segments == 3


def test_a_batch_past_the_balance_refuses_every_message_once_it_is_spent(engine):
    with session_scope(engine) as session:
        shop = _customers(session)
        disclaimer = _disclaimer_segments(shop)
        _leave(session, shop, disclaimer + 1)
        results = Gate(session, NOW).queue([Outgoing("Hi", number=n) for n in NUMBERS])
        assert isinstance(results[0], Queued)
        assert all(isinstance(r, InsufficientBalance) for r in results[1:])
        assert all("is used up" in str(r) for r in results[1:])
        assert billing.balance(session).available == 0
        assert len(_messages(session)) == 2


def test_segments_booked_in_a_savepoint_that_rolls_back_are_given_back(engine):
    with session_scope(engine) as session:
        shop = _customers(session, NUMBERS[:2])
        disclaimer = _disclaimer_segments(shop)
        _leave(session, shop, disclaimer + 1)
        gate = Gate(session, NOW)
        with pytest.raises(RuntimeError), gate.savepoint():
            gate.queue_one(Outgoing("Hi", number=NUMBERS[0]))
            raise RuntimeError("the caller's own write failed")
        # The room the rolled-back text took is free again for the next one.
        message = gate.queue_one(Outgoing("Hi", number=NUMBERS[1]))
        assert message.to_number == NUMBERS[1]
        assert [m.to_number for m in _messages(session)] == [NUMBERS[1]] * 2


def test_a_refused_single_message_raises_and_writes_nothing(engine):
    with session_scope(engine) as session:
        _customers(session, NUMBERS[:1])
        with pytest.raises(UserError, match="empty"):
            Gate(session, NOW).queue_one(Outgoing("   ", number=NUMBERS[0]))
        assert _messages(session) == []
        assert session.exec(select(Thread)).all() == []


# --- a reminder round queues its page as one batch ---------------------------------------

TORONTO = ZoneInfo("America/Toronto")
JOB_START = datetime(2026, 3, 10, 14, 30, tzinfo=TORONTO).astimezone(UTC)
ROUND_AT = datetime(2026, 3, 9, 9, 0, tzinfo=TORONTO).astimezone(UTC)


def _jobs(session, consents=(True, False, True)):
    shop = make_shop(session)
    for i, consent in enumerate(consents):
        customer = make_customer(session, shop, f"Client {i}", NUMBERS[i], consent=consent)
        make_job(session, customer, JOB_START, external_id=f"J-{i}")


def test_a_reminder_refused_in_a_round_is_reported_and_the_others_are_queued(engine):
    with session_scope(engine) as session:
        _jobs(session)
    with session_scope(engine) as session:
        report = schedule_due_reminders(session, ROUND_AT)
    assert report.created == 2
    assert [job for job, _ in report.problems] == ["J-1"]
    assert report.problems[0][1].startswith("Record the customer's consent first")
    with session_scope(engine) as session:
        reminders = session.exec(select(Reminder).order_by(Reminder.id)).all()
        assert [r.occurrence_key for r in reminders] == [
            occurrence_key(f"J-{i}", JOB_START) for i in (0, 2)
        ]
        for reminder in reminders:
            message = session.get(Message, reminder.message_id)
            assert message is not None and message.kind == "reminder"
            assert message.status == "scheduled"


def test_a_round_whose_batch_meets_a_key_taken_meanwhile_goes_one_at_a_time(engine):
    with session_scope(engine) as session:
        _jobs(session, consents=(True, True, True))
        first = session.exec(select(Job).where(Job.external_id == "J-0")).one()
        # Another worker's row holding J-1's key (made for another job, so J-1 is still a
        # candidate): the page's insert fails on it, and the round falls back.
        session.add(
            Reminder(
                occurrence_key=occurrence_key("J-1", JOB_START),
                job_id=first.id or 0,
                job_start=JOB_START - timedelta(days=7),
                state=ReminderState.SKIPPED,
            )
        )
    with session_scope(engine) as session:
        report = schedule_due_reminders(session, ROUND_AT)
    assert report.created == 2 and report.problems == []
    with session_scope(engine) as session:
        texts = session.exec(select(Message).where(Message.kind == "reminder")).all()
        assert sorted(m.to_number for m in texts) == [NUMBERS[0], NUMBERS[2]]
        # Nothing of J-1's refused attempt stays, not even its disclaimer.
        disclaimers = session.exec(select(Message).where(Message.kind == "disclaimer")).all()
        assert sorted(m.to_number for m in disclaimers) == [NUMBERS[0], NUMBERS[2]]
