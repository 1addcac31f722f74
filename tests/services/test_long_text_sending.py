"""A reply for old phones: numbered one-segment texts queued in order through the gate, the
disclaimer before the first; a refusal or a quiet-hours question stores none of them."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from sqlmodel import select

from tests.factories import make_customer, make_shop
from tui_sms.domain.errors import MessageTooLong, OptedOut, QuietHoursConfirmation
from tui_sms.services import long_text_sending
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Direction, Message, OptOut, Thread

CUSTOMER = "+15142361201"
NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # 10:00 in Toronto
NIGHT = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)  # 22:00 in Toronto
LONG = (
    "Your car is ready for pickup. We replaced the front brake pads and rotors, rotated the "
    "tires and topped up the fluids. The total is 412.50 with taxes. We are open until 6 "
    "tonight and from 8 tomorrow morning. Your next oil change is due in 5000 km. Winter "
    "tires can stay with us until spring if you like. Ask for a loaner car next time, we "
    "keep two for our customers. Thank you for choosing us!"
)


def _thread(session, quiet=None) -> int:
    shop = make_shop(session, **({"quiet": quiet} if quiet else {}))
    make_customer(session, shop, "Jane Doe", CUSTOMER)
    thread = Thread(shop_id=shop.id or 0, number=CUSTOMER)
    session.add(thread)
    session.flush()
    return thread.id or 0


def _outbound(session) -> list[Message]:
    query = select(Message).where(Message.direction == Direction.OUTBOUND).order_by(Message.id)
    return list(session.exec(query).all())


def test_parts_are_queued_in_order_after_the_disclaimer(engine):
    with session_scope(engine) as session:
        thread_id = _thread(session)
        last = long_text_sending.queue_reply(session, thread_id, LONG, None, in_parts=True, now=NOW)
        sent = _outbound(session)
    assert [m.kind for m in sent] == ["disclaimer", "reply", "reply", "reply"]
    parts = [m.body for m in sent[1:]]
    assert [p[:6] for p in parts] == ["(1/3) ", "(2/3) ", "(3/3) "]
    assert all(m.segments == 1 and m.status == "queued" for m in sent[1:])
    # The words, in order and whole, are the message's.
    assert " ".join(p[6:] for p in parts) == " ".join(LONG.split())
    assert last.id == sent[-1].id


def test_without_the_option_one_long_text(engine):
    with session_scope(engine) as session:
        thread_id = _thread(session)
        long_text_sending.queue_reply(session, thread_id, LONG, None, now=NOW)
        sent = _outbound(session)
    assert [m.segments for m in sent if m.kind == "reply"] == [3]


def test_a_short_reply_stays_one_text_without_a_number(engine):
    with session_scope(engine) as session:
        thread_id = _thread(session)
        long_text_sending.queue_reply(session, thread_id, "Ready at 5.", None, in_parts=True)
        assert [m.body for m in _outbound(session) if m.kind == "reply"] == ["Ready at 5."]


def test_a_refusal_or_a_quiet_hours_question_stores_no_part(engine):
    with session_scope(engine) as session:
        thread_id = _thread(session, quiet=(time(21, 0), time(8, 0)))
        with pytest.raises(QuietHoursConfirmation), session.begin_nested():
            long_text_sending.queue_reply(session, thread_id, LONG, None, in_parts=True, now=NIGHT)
        assert _outbound(session) == []
        long_text_sending.queue_reply(
            session, thread_id, LONG, None, in_parts=True, now=NIGHT, confirmed_quiet_hours=True
        )
        assert len(_outbound(session)) == 4
        session.add(OptOut(number=CUSTOMER, keyword="STOP", source="keyword"))
        session.flush()
        with pytest.raises(OptedOut):
            long_text_sending.queue_reply(session, thread_id, LONG, None, in_parts=True)


def test_a_message_needing_more_than_ten_parts_is_one_sentence(engine):
    with session_scope(engine) as session:
        thread_id = _thread(session)
        with pytest.raises(MessageTooLong, match="more than 10 texts for old phones"):
            long_text_sending.queue_reply(
                session, thread_id, "word " * 319, None, in_parts=True, now=NOW
            )
