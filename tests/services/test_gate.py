"""The one gate for outbound text, rule by rule, on a real database."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from sqlmodel import select

from tests.factories import make_customer, make_shop
from tui_sms.domain.errors import (
    ComplianceError,
    ConsentMissing,
    InvalidNumber,
    NoSenderNumber,
    OptedOut,
    QuietHoursConfirmation,
)
from tui_sms.services import outbox
from tui_sms.services.outbox import SendOptions
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Consent, Direction, Message, OptOut, SenderNumber, Thread

QUIET = (time(21, 0), time(8, 0))
PROMOTIONAL = SendOptions(queue="promotional")
NOON_MONTREAL = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)


def _messages(session) -> list[Message]:
    return list(session.exec(select(Message).order_by(Message.id)).all())


def test_no_consent_is_refused_and_nothing_is_written(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Sans Consentement", "+15142361201", consent=False)
        with pytest.raises(ConsentMissing, match=r"^Record the customer's consent first: "):
            outbox.queue_to_number(session, "514 236-1201", "Bonjour", author_id=None)
        assert _messages(session) == []
        assert session.exec(select(Thread)).all() == []


def test_withdrawn_consent_is_refused(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Ex Client", "+15142361201")
        consent = session.exec(select(Consent)).one()
        consent.withdrawn_at = NOON_MONTREAL
        consent.withdrawn_by = "luc"
        with pytest.raises(ConsentMissing, match="withdrew consent on 2026-11-24"):
            outbox.queue_to_number(session, "+15142361201", "Hi", author_id=None)


def test_an_opted_out_number_is_refused_for_every_customer_sharing_it(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Parent", "+15142361201")
        make_customer(session, shop, "Teen", "+15142361201")
        session.add(OptOut(number="+15142361201", at=NOON_MONTREAL, keyword="stop"))
        session.flush()
        with pytest.raises(OptedOut, match="replied STOP on 2026-11-24"):
            outbox.queue_to_number(session, "+15142361201", "Hi", author_id=None)
        assert _messages(session) == []


def test_first_message_is_preceded_by_the_disclaimer_in_the_customers_language(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Émilie Côté", "+15142361201", language="fr")
        make_customer(session, shop, "John Smith", "+15142361214", language="en")
        outbox.queue_to_number(session, "+15142361201", "Votre auto est prête.", author_id=None)
        outbox.queue_to_number(session, "+15142361201", "À 15 h.", author_id=None)
        outbox.queue_to_number(session, "+15142361214", "Your car is ready.", author_id=None)
        sent = [(m.to_number, m.kind, m.body[:24], m.status) for m in _messages(session)]
    assert sent == [
        ("+15142361201", "disclaimer", "Garage Test vous enverra", "queued"),
        ("+15142361201", "reply", "Votre auto est prête.", "queued"),
        ("+15142361201", "reply", "À 15 h.", "queued"),
        ("+15142361214", "disclaimer", "Garage Test will send yo", "queued"),
        ("+15142361214", "reply", "Your car is ready.", "queued"),
    ]


def test_the_shops_own_disclaimer_replaces_the_default(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        shop.disclaimer_en = "Texts from {shop_name} {about cars}. STOP to end."
        make_customer(session, shop, "John Smith", "+15142361214")
        outbox.queue_to_number(session, "+15142361214", "Ready.", author_id=None)
        first = _messages(session)[0]
        assert first.body == "Texts from Garage Test {about cars}. STOP to end."
        assert first.segments == 1 and first.direction == Direction.OUTBOUND


def test_a_number_already_texted_gets_no_disclaimer(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "John Smith", "+15142361214")
        first = outbox.queue_to_number(session, "+15142361214", "One", author_id=None)
        for message in _messages(session):
            message.status = "delivered"
        outbox.queue_reply(session, first.thread_id, "Two", author_id=None)
        assert [m.kind for m in _messages(session)] == ["disclaimer", "reply", "reply"]


def test_automated_message_in_quiet_hours_waits_for_the_recipients_morning(engine):
    """A Vancouver number texted by a Montréal shop: Vancouver's clock decides."""
    # 06:00 UTC: 01:00 in Montréal, 22:00 in Vancouver (quiet until 08:00 PST = 16:00 UTC).
    now = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    with session_scope(engine) as session:
        shop = make_shop(session, quiet=QUIET)
        make_customer(session, shop, "David Chen", "+16042381216")
        reminder = outbox.queue_to_number(
            session,
            "+1 604 238 1216",
            "Reminder: oil change tomorrow at 9.",
            author_id=None,
            now=now,
            options=SendOptions(kind="reminder", automated=True),
        )
        expected = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)
        assert (reminder.status, reminder.scheduled_for) == ("scheduled", expected)
        disclaimer = _messages(session)[0]
        assert (disclaimer.kind, disclaimer.status, disclaimer.scheduled_for) == (
            "disclaimer",
            "scheduled",
            expected,
        )


def test_quiet_hours_are_the_recipients_not_the_shops(engine):
    # 04:30 UTC: 23:30 in Montréal (quiet) but 20:30 in Vancouver (not quiet).
    now = datetime(2026, 11, 24, 4, 30, tzinfo=UTC)
    with session_scope(engine) as session:
        shop = make_shop(session, quiet=QUIET)
        make_customer(session, shop, "David Chen", "+16042381216")
        message = outbox.queue_to_number(
            session,
            "+16042381216",
            "Reminder",
            author_id=None,
            now=now,
            options=SendOptions(kind="reminder", automated=True),
        )
        assert (message.status, message.scheduled_for) == ("queued", None)


def test_staff_reply_in_quiet_hours_asks_once_for_confirmation(engine):
    now = datetime(2026, 11, 24, 3, 40, tzinfo=UTC)  # 22:40 in Montréal
    with session_scope(engine) as session:
        shop = make_shop(session, quiet=QUIET)
        make_customer(session, shop, "Émilie Côté", "+15142361201", language="fr")
        with pytest.raises(QuietHoursConfirmation) as asked:
            outbox.queue_to_number(session, "+15142361201", "Prête!", author_id=None, now=now)
        assert asked.value.sentence == "It is 22:40 for this customer. Send anyway?"
        assert asked.value.local_time.hour == 22
        assert _messages(session) == []
        message = outbox.queue_to_number(
            session, "+15142361201", "Prête!", author_id=None, now=now, confirmed_quiet_hours=True
        )
        assert message.status == "queued"


def test_a_reply_scheduled_into_quiet_hours_names_the_time_it_will_go(engine):
    now = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # 10:00 in Montréal
    evening = datetime(2026, 11, 25, 3, 40, tzinfo=UTC)  # 22:40 in Montréal
    with session_scope(engine) as session:
        shop = make_shop(session, quiet=QUIET)
        make_customer(session, shop, "Émilie Côté", "+15142361201", language="fr")
        later = SendOptions(kind="reply", scheduled_for=evening)
        with pytest.raises(QuietHoursConfirmation) as asked:
            outbox.queue_to_number(
                session, "+15142361201", "Prête!", author_id=None, now=now, options=later
            )
        assert asked.value.sentence == (
            "It will be 22:40 for this customer when it goes. Send anyway?"
        )
        assert _messages(session) == []


def test_a_landline_is_refused(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Bermuda Office", "+14414123456")
        with pytest.raises(InvalidNumber, match="landline"):
            outbox.queue_to_number(session, "+1 441 412 3456", "Hello", author_id=None)
        assert _messages(session) == []


def test_an_unknown_province_is_refused(engine):
    with session_scope(engine) as session:
        make_shop(session, province="ZZ")
        with pytest.raises(ComplianceError, match="country and province"):
            outbox.queue_to_number(session, "+15142361201", "hello", author_id=None)


def test_keyword_answers_pass_opt_out_and_consent(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Gone", "+15142361201", consent=False)
        thread = Thread(shop_id=shop.id or 0, number="+15142361201")
        session.add(thread)
        session.add(OptOut(number="+15142361201", keyword="stop"))
        session.flush()
        answer = outbox.queue_keyword_reply(session, thread, "You are unsubscribed.")
        assert (answer.kind, answer.status) == ("keyword_reply", "queued")
        assert [m.kind for m in _messages(session)] == ["keyword_reply"]


def test_needs_consent_is_true_for_customer_threads():
    assert outbox.needs_consent(Thread(shop_id=1, number="+15142361201")) is True


def test_a_queue_without_a_sender_number_refuses_at_once_and_says_how_to_add_one(engine):
    """A new shop's first reply, before any number is added: refused at the gate with the
    way out, nothing written, instead of queued and failed a moment later by the sender."""
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Client", "+15142361201")
        for sender in session.exec(select(SenderNumber)).all():
            if sender.queue == "transactional":
                sender.active = False
        session.flush()
        with pytest.raises(NoSenderNumber, match="tui-sms numbers add NUMBER'") as refused:
            outbox.queue_to_number(session, "+15142361201", "Bonjour", author_id=None)
        assert "Provider and numbers" in refused.value.sentence
        assert _messages(session) == [] and session.exec(select(Thread)).all() == []
        # The promotional pool has its numbers: that queue is not refused for this reason.
        with pytest.raises(ConsentMissing, match="has not agreed to receive promotions"):
            outbox.queue_to_number(
                session, "+15142361201", "Promo", author_id=None, options=PROMOTIONAL
            )
        for sender in session.exec(select(SenderNumber)).all():
            sender.active = True
        session.flush()
    with session_scope(engine) as session:
        sent = outbox.queue_to_number(session, "+15142361201", "Bonjour", author_id=None)
        assert sent.status == "queued"


def test_promotions_without_a_promotional_number_are_refused_with_that_queue_named(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Client", "+15142361201")
        for sender in session.exec(select(SenderNumber)).all():
            sender.active = sender.queue != "promotional"
        session.flush()
        with pytest.raises(NoSenderNumber, match="for promotions yet") as refused:
            outbox.queue_to_number(
                session, "+15142361201", "Promo", author_id=None, options=PROMOTIONAL
            )
        assert "--queue promotional" in refused.value.sentence
