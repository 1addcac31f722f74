"""The prepaid ledger: purchases add, accepted and received messages draw once, the outbox
refuses what the balance cannot cover. Real SQLite (and PostgreSQL in CI), real sandbox."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest
from sqlmodel import select

from tests.factories import BOOK_AHEAD, consent_to, make_customer, make_shop
from tui_sms.domain.errors import InsufficientBalance, InvalidPurchase
from tui_sms.provider.base import ProviderMessage
from tui_sms.services import billing, outbox
from tui_sms.services.inbox import receive_inbound
from tui_sms.services.poller import poll_once
from tui_sms.services.send_outcomes import record_answer
from tui_sms.services.sender import send_due_messages
from tui_sms.store.engine import session_scope
from tui_sms.store.models import BalanceEntry, Message, Shop

CUSTOMER = "+15142361201"
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def _entries(session) -> list[BalanceEntry]:
    return list(session.exec(select(BalanceEntry).order_by(BalanceEntry.id)).all())


def _drain(session, shop: Shop, leave: int) -> None:
    """Use the starting bundle down to `leave` segments: the customer's first text, its
    disclaimer then one message worth the rest, is delivered and drawn."""
    consent_to(session, CUSTOMER)
    message = outbox.queue_to_number(session, CUSTOMER, "x", author_id=None)
    disclaimer = session.exec(select(Message).where(Message.kind == "disclaimer")).one()
    disclaimer.status = "delivered"
    billing.draw_for_message(session, disclaimer, NOW)
    message.status = "delivered"
    message.segments = billing.balance(session).segments - leave
    billing.draw_for_message(session, message, NOW)


def test_purchases_set_the_balance_and_the_price(engine):
    with session_scope(engine) as session:
        make_shop(session)  # 2,500 for $37.50 in 2020
        billing.record_purchase(session, 10_000, Decimal("130.00"), NOW, recorded_by="marie")
        summary = billing.balance(session, now=NOW)
    assert summary.segments == 12_500
    assert summary.price_per_segment == Decimal("0.013")
    assert summary.currency == "USD"
    assert (summary.this_month_sent, summary.this_month_received, summary.waiting) == (0, 0, 0)
    with session_scope(engine) as session:
        bought = _entries(session)[-1]
        assert (bought.kind, bought.segments, bought.bundle) == ("purchase", 10_000, 10_000)
        assert bought.price == Decimal("130.00") and bought.recorded_by == "marie"


@pytest.mark.parametrize(("segments", "price"), [(0, "10"), (-5, "10"), (2_500, "0")])
def test_a_purchase_needs_segments_and_a_price(engine, segments, price):
    with session_scope(engine) as session:
        make_shop(session)
        with pytest.raises(InvalidPurchase):
            billing.record_purchase(session, segments, Decimal(price), NOW)


async def test_accepted_message_draws_once_and_refusal_draws_nothing(engine, sandbox, provider):
    with session_scope(engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Émilie Côté", CUSTOMER, language="fr")
        long_body = "Votre auto est réparée. " * 10  # 240 GSM-7 characters: 2 segments
        sent = outbox.queue_to_number(session, CUSTOMER, long_body, author_id=None)
        consent_to(session, "+15005550001")
        refused = outbox.queue_to_number(session, "+15005550001", "Hello", author_id=None)
        sent_id, refused_id = sent.id, refused.id
        disclaimer_id = session.exec(
            select(Message.id).where(
                Message.thread_id == sent.thread_id, Message.kind == "disclaimer"
            )
        ).one()
        # Queued messages hold their segments: the next message sees them as spoken for.
        # Each number's first text is preceded by the French disclaimer (2 segments).
        assert billing.balance(session).waiting == 2 + 2 + 2 + 1
        assert billing.balance(session).available == 2_493

    report = await send_due_messages(engine, provider, "test-worker", policy=BOOK_AHEAD)
    assert (report.sent, report.refused) == (2, 2)
    await poll_once(engine, provider)

    with session_scope(engine) as session:
        draws = [e for e in _entries(session) if e.kind == "draw"]
        assert [(e.message_id, e.segments, e.direction) for e in draws] == [
            (disclaimer_id, -2, "outbound"),
            (sent_id, -2, "outbound"),
        ]
        assert [e.price for e in draws] == [Decimal("0.03")] * 2
        assert session.get(Message, refused_id).error_code == 21211
        summary = billing.balance(session)
        assert (summary.segments, summary.waiting) == (2_496, 0)

        sid = session.get(Message, sent_id).provider_sid

    # The same answer again (a reconciliation adopting the sid, a duplicate) draws nothing more.
    answer = await provider.fetch_message(sid)
    with session_scope(engine) as session:
        record_answer(session, sent_id, answer, NOW)
        assert billing.balance(session).segments == 2_496


async def test_undelivered_messages_still_cost(engine, sandbox, provider):
    sandbox.state.undeliverable.add(CUSTOMER)
    with session_scope(engine) as session:
        make_shop(session)
        consent_to(session, CUSTOMER)
        message = outbox.queue_to_number(session, CUSTOMER, "Ready at 5.", author_id=None)
        message_id = message.id
    await send_due_messages(engine, provider, "test-worker", policy=BOOK_AHEAD)
    for _ in range(200):  # until the sandbox reports the final status (a few tenths of a second)
        await poll_once(engine, provider)
        with session_scope(engine) as session:
            if session.get(Message, message_id).status == "undelivered":
                break
        await asyncio.sleep(0.05)
    with session_scope(engine) as session:
        assert session.get(Message, message_id).status == "undelivered"
        # The disclaimer (2 segments, French: the shop is in Quebec) and the message (1).
        assert billing.balance(session).segments == 2_500 - 3


async def test_received_messages_draw_when_stored(engine, sandbox, provider):
    with session_scope(engine) as session:
        make_shop(session)
        consent_to(session, CUSTOMER)
        outbox.queue_to_number(session, CUSTOMER, "Ready at 5.", author_id=None)
    await send_due_messages(engine, provider, "test-worker", policy=BOOK_AHEAD)
    our_number = httpx.get(
        f"{sandbox.base_url}/sandbox/ledger", headers=sandbox.control_headers
    ).json()["messages"][0]["from"]
    httpx.post(
        f"{sandbox.base_url}/sandbox/inbound",
        headers=sandbox.control_headers,
        data={"From": CUSTOMER, "To": our_number, "Body": "Merci 👍 " * 10},  # 90 units: UCS-2
    ).raise_for_status()
    await poll_once(engine, provider)
    await poll_once(engine, provider)
    with session_scope(engine) as session:
        summary = billing.balance(session)
        # Sent: the French disclaimer (2) and the message (1).
        assert (summary.this_month_sent, summary.this_month_received) == (3, 2)
        assert summary.segments == 2_500 - 5


def test_receive_inbound_draws_with_the_providers_segment_count(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        incoming = ProviderMessage(
            sid="SM" + "1" * 32,
            status="received",
            direction="inbound",
            to="+14386013562",
            from_=CUSTOMER,
            body="Bonjour",
            num_segments=4,
            price=None,
            price_unit="USD",
            error_code=None,
            error_message=None,
            date_created=NOW,
            date_updated=NOW,
            date_sent=NOW,
        )
        receive_inbound(session, shop, incoming)
        assert receive_inbound(session, shop, incoming) is None
        summary = billing.balance(session, now=NOW)
    assert (summary.segments, summary.this_month_received) == (2_496, 4)


def test_this_month_is_the_shops_month(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)  # America/Toronto
        consent_to(session, CUSTOMER)
        message = outbox.queue_to_number(session, CUSTOMER, "x", author_id=None)
        # 02:00 UTC on 1 December is still November in Toronto.
        billing.draw_for_message(session, message, datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
        november = billing.balance(session, shop_id=shop.id, now=NOW)
        december = billing.balance(session, now=datetime(2026, 12, 2, tzinfo=UTC))
    assert november.this_month_sent == 1
    assert december.this_month_sent == 0


def test_notes_never_draw(engine):
    with session_scope(engine) as session:
        make_shop(session)
        consent_to(session, CUSTOMER)
        message = outbox.queue_to_number(session, CUSTOMER, "x", author_id=None)
        message.direction = "note"
        assert billing.draw_for_message(session, message, NOW) is None


def test_outbox_refuses_what_the_balance_cannot_cover(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        _drain(session, shop, leave=2)
        assert billing.can_afford(session, 2)
        assert not billing.can_afford(session, 3)
        with pytest.raises(InsufficientBalance) as refusal:
            outbox.queue_to_number(session, CUSTOMER, "a" * 400, author_id=None)  # 3 segments
    assert refusal.value.sentence == (
        "The prepaid balance has 2 segments left and this message needs 3: "
        "buy a bundle (tui-sms balance buy) first."
    )
    with session_scope(engine) as session:
        # The drained text and its disclaimer only: the refused message was not stored.
        kinds = [m.kind for m in session.exec(select(Message).order_by(Message.id)).all()]
        assert kinds == ["disclaimer", "reply"]


def test_waiting_messages_count_against_the_balance(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        _drain(session, shop, leave=3)
        outbox.queue_to_number(session, CUSTOMER, "a" * 200, author_id=None)  # 2 segments
        with pytest.raises(InsufficientBalance) as refusal:
            outbox.queue_to_number(session, CUSTOMER, "a" * 200, author_id=None)
    assert "has 1 segment left once the 2 waiting to go out are sent" in refusal.value.sentence


def test_a_shop_may_allow_a_negative_balance_to_a_limit(engine):
    with session_scope(engine) as session:
        shop = make_shop(session)
        shop.allow_negative_balance = True
        shop.negative_balance_limit = 5
        session.add(shop)
        _drain(session, shop, leave=0)
        outbox.queue_to_number(session, CUSTOMER, "a" * 400, author_id=None)  # 3: to -3
        outbox.queue_to_number(session, CUSTOMER, "a" * 200, author_id=None)  # 2: to -5
        with pytest.raises(InsufficientBalance) as refusal:
            outbox.queue_to_number(session, CUSTOMER, "a", author_id=None)
    assert "is at -5 segments" in refusal.value.sentence
    assert "allows going down to -5 only" in refusal.value.sentence


def test_without_a_purchase_the_default_price_applies(engine):
    with session_scope(engine) as session:
        assert billing.balance(session).segments == 0
        assert billing.current_price(session) == (Decimal("0.015"), "USD")
