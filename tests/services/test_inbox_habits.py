"""The habits of a shared inbox, on SQLite and PostgreSQL: the after-hours answer, send
later, snooze and mentions in notes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from tests.factories import make_customer, make_shop
from tui_sms.domain.errors import QuietHoursConfirmation, UserError
from tui_sms.provider.base import ProviderMessage
from tui_sms.services import (
    consent,
    inbox,
    mentions,
    opening_hours,
    outbox,
    send_later,
    snooze,
    threads,
)
from tui_sms.services.claims import claim_batch
from tui_sms.store.models import Message, Staff, Thread
from tui_sms.store.queries import threads as threads_queries

NUMBER = "+15142361201"
OURS = "+14386013562"
# Saturday 5 December 2026, 22:00 in Montréal (03:00 UTC on Sunday): the shop is closed.
SATURDAY_NIGHT = datetime(2026, 12, 6, 3, 0, tzinfo=UTC)
# Tuesday 8 December 2026, 10:00 in Montréal: the shop is open.
TUESDAY_MORNING = datetime(2026, 12, 8, 15, 0, tzinfo=UTC)


def _text(body: str, at: datetime, number: str = NUMBER) -> ProviderMessage:
    return ProviderMessage(
        sid="SM" + uuid.uuid4().hex,
        status="received",
        direction="inbound",
        from_=number,
        to=OURS,
        body=body,
        num_segments=1,
        price=None,
        price_unit=None,
        error_code=None,
        error_message=None,
        date_created=at,
        date_updated=at,
        date_sent=at,
    )


def _open_weekdays(session, *, reply: bool = True, language: str = "fr") -> None:
    shop = make_shop(session)
    make_customer(session, shop, "Émilie Côté", NUMBER, language=language)
    opening_hours.set_hours(session, "marie", "mon-fri", "8:00-17:30")
    opening_hours.set_after_hours_reply(session, "marie", on=reply)


def _receive(session, body: str, at: datetime, number: str = NUMBER) -> Message:
    shop = opening_hours._shop(session)
    message = inbox.receive_inbound(session, shop, _text(body, at, number), now=at)
    assert message is not None
    return message


def _answers(session) -> list[str]:
    rows = session.exec(
        select(Message.body).where(Message.kind == "after_hours").order_by(Message.id)
    )
    return list(rows)


def test_hours_are_set_per_weekday_and_shown(session):
    _open_weekdays(session)
    hours = opening_hours.set_hours(session, "marie", "sat", "9h-12h")
    assert hours.line(0) == "8:00–17:30"
    assert hours.line(5, "fr") == "9 h–12 h"
    assert hours.line(6) == ""
    hours = opening_hours.set_hours(session, "marie", "samedi", "closed")
    assert hours.line(5) == ""
    assert not hours.open_at(SATURDAY_NIGHT)
    assert hours.open_at(TUESDAY_MORNING)
    with pytest.raises(UserError, match="closes before it opens"):
        opening_hours.set_hours(session, "marie", "mon", "17:00-8:00")
    with pytest.raises(UserError, match="not a day of the week"):
        opening_hours.set_hours(session, "marie", "someday", "8:00-17:00")


def test_a_customer_writing_when_closed_hears_once_when_the_shop_reopens(session):
    _open_weekdays(session)
    _receive(session, "Est-ce que mon auto est prête?", SATURDAY_NIGHT)
    assert _answers(session) == [
        "Garage Test : nous sommes fermés, nous rouvrons lundi à 8 h. Nous vous répondrons alors."
    ]
    # Again ten minutes and eleven hours later: still the one answer (12 hours per number).
    _receive(session, "Allo?", SATURDAY_NIGHT + timedelta(minutes=10))
    _receive(session, "Allo??", SATURDAY_NIGHT + timedelta(hours=11))
    assert len(_answers(session)) == 1
    # Past 12 hours (Sunday evening), a new text gets a new answer.
    _receive(session, "Bonsoir", SATURDAY_NIGHT + timedelta(hours=13))
    assert len(_answers(session)) == 2


def test_an_english_customer_is_answered_in_english_and_not_while_open(session):
    _open_weekdays(session, language="en")
    _receive(session, "Is my car ready?", TUESDAY_MORNING)
    assert _answers(session) == []
    _receive(session, "Hello?", TUESDAY_MORNING + timedelta(hours=9))  # 19:00, closed
    assert _answers(session) == [
        "Garage Test: we are closed, we reopen tomorrow at 8:00. We will answer you then."
    ]


@pytest.mark.parametrize("body", ["STOP", "HELP", "C", "Oui", "Auto-reply: I am driving"])
def test_never_to_a_keyword_a_confirmation_or_another_robot(session, body):
    _open_weekdays(session)
    _receive(session, body, SATURDAY_NIGHT)
    assert _answers(session) == []


def test_never_in_a_loop_with_another_robot(session):
    """A text that arrives within seconds of an automatic text of ours is not answered."""
    _open_weekdays(session)
    _receive(session, "Bonjour", SATURDAY_NIGHT)
    assert len(_answers(session)) == 1
    shop = opening_hours._shop(session)
    thread = session.exec(select(Thread)).one()
    later = SATURDAY_NIGHT + timedelta(hours=13)
    outbox.queue_automatic_answer(session, thread, "Rappel", kind="reminder", now=later)
    _receive(session, "Merci de votre message", later + timedelta(seconds=5))
    assert len(_answers(session)) == 1
    assert shop.after_hours_reply


def test_switched_off_or_opted_out_means_silence(session):
    _open_weekdays(session, reply=False)
    _receive(session, "Bonjour", SATURDAY_NIGHT)
    assert _answers(session) == []
    opening_hours.set_after_hours_reply(session, "marie", on=True)
    consent.record_opt_out(session, NUMBER, SATURDAY_NIGHT, keyword="STOP", source="keyword")
    _receive(session, "Bonjour", SATURDAY_NIGHT + timedelta(minutes=1))
    assert _answers(session) == []


def test_send_later_is_scheduled_cancellable_and_gated_again_when_due(session):
    _open_weekdays(session)
    marie = session.exec(select(Staff).where(Staff.login == "marie")).one()
    thread = outbox.queue_to_number(
        session, NUMBER, "Bonjour", author_id=marie.id, now=TUESDAY_MORNING
    )
    later = TUESDAY_MORNING + timedelta(hours=2)
    first = send_later.schedule_reply(
        session,
        thread.thread_id,
        "Votre auto est prête.",
        author=marie,
        send_at=later,
        now=TUESDAY_MORNING,
    )
    second = send_later.schedule_reply(
        session,
        thread.thread_id,
        "Nous fermons à 17 h 30.",
        author=marie,
        send_at=later,
        now=TUESDAY_MORNING,
    )
    assert [m.id for m in send_later.scheduled_messages(session, thread.thread_id)] == [
        first.id,
        second.id,
    ]
    assert send_later.cancel_scheduled(session, first.id, marie).status == "canceled"
    with pytest.raises(UserError, match="not scheduled any more"):
        send_later.cancel_scheduled(session, first.id, marie)
    # The customer replies STOP before the time: the scheduled text never leaves.
    _receive(session, "STOP", TUESDAY_MORNING + timedelta(minutes=30))
    claim_batch(session, "test", later + timedelta(seconds=1), _policy(), "transactional")
    session.refresh(second)
    assert second.status == "failed"
    assert "STOP" in (second.error_message or "")
    with pytest.raises(UserError, match="in the future"):
        send_later.schedule_reply(
            session,
            thread.thread_id,
            "x",
            author=marie,
            send_at=TUESDAY_MORNING,
            now=TUESDAY_MORNING,
        )


def test_send_later_into_quiet_hours_asks_first(session):
    _open_weekdays(session)
    shop = opening_hours._shop(session)
    shop.quiet_start, shop.quiet_end = (
        datetime(2020, 1, 1, 21).time(),
        datetime(2020, 1, 1, 8).time(),
    )
    marie = session.exec(select(Staff).where(Staff.login == "marie")).one()
    message = outbox.queue_to_number(
        session, NUMBER, "Bonjour", author_id=marie.id, now=TUESDAY_MORNING
    )
    night = TUESDAY_MORNING + timedelta(hours=13)  # 23:00 in Montréal
    with pytest.raises(QuietHoursConfirmation):
        send_later.schedule_reply(
            session, message.thread_id, "Tard", author=marie, send_at=night, now=TUESDAY_MORNING
        )


def _policy():
    from tests.factories import BOOK_AHEAD

    return BOOK_AHEAD


def _view_ids(session, view: str, staff: Staff) -> list[int]:
    return [row.id for row in threads_queries.threads_for_inbox(session, view, staff.id)]


def test_a_snoozed_thread_leaves_the_lists_and_comes_back_unread(session):
    _open_weekdays(session)
    marie = session.exec(select(Staff).where(Staff.login == "marie")).one()
    message = _receive(session, "Bonjour", TUESDAY_MORNING)
    inbox.mark_read(session, message.thread_id)
    until = TUESDAY_MORNING + timedelta(hours=3)
    snooze.snooze_thread(session, message.thread_id, marie, until, now=TUESDAY_MORNING)
    assert message.thread_id not in _view_ids(session, "all", marie)
    assert _view_ids(session, "snoozed", marie) == [message.thread_id]
    assert snooze.snoozed_until(session, message.thread_id) == until
    assert snooze.wake_due(session, until - timedelta(minutes=1)) == 0
    assert snooze.wake_due(session, until) == 1
    thread = session.get(Thread, message.thread_id)
    assert thread.snoozed_until is None and thread.unread_count == 1
    assert message.thread_id in _view_ids(session, "all", marie)

    # Brought back by the clerk looking at it: back in the lists, not made unread.
    inbox.mark_read(session, message.thread_id)
    snooze.snooze_thread(session, message.thread_id, marie, until + timedelta(days=1), now=until)
    snooze.unsnooze(session, message.thread_id, marie)
    thread = session.get(Thread, message.thread_id)
    assert thread.snoozed_until is None and thread.unread_count == 0
    assert message.thread_id in _view_ids(session, "all", marie)

    # Snoozed again, the customer's next text brings it back at once.
    snooze.snooze_thread(session, message.thread_id, marie, until + timedelta(days=1), now=until)
    _receive(session, "Allo?", until + timedelta(minutes=5))
    assert message.thread_id in _view_ids(session, "all", marie)


def test_a_mention_puts_the_thread_in_the_colleagues_mine_until_opened(session):
    _open_weekdays(session)
    marie = session.exec(select(Staff).where(Staff.login == "marie")).one()
    luc = session.exec(select(Staff).where(Staff.login == "luc")).one()
    message = _receive(session, "Bonjour", TUESDAY_MORNING)
    threads.claim_thread(session, message.thread_id, marie)
    assert message.thread_id not in _view_ids(session, "mine", luc)
    threads.add_note(session, message.thread_id, marie, "@luc peux-tu rappeler? (pas luc@x.ca)")
    assert message.thread_id in _view_ids(session, "mine", luc)
    assert mentions.mentioned_thread_ids(session, luc.id) == {message.thread_id}
    assert mentions.mentioned_thread_ids(session, marie.id) == set()
    assert mentions.mark_seen(session, message.thread_id, luc.id)
    assert message.thread_id not in _view_ids(session, "mine", luc)
    assert message.thread_id in _view_ids(session, "mine", marie)
