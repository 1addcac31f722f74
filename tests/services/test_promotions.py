"""Promotions by criteria: who matches, who is left out and why, and the gate's two rules
(promotional queue only, promotional consent only)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
from sqlmodel import select

from tests.factories import make_customer, make_shop
from tui_sms.domain.errors import ComplianceError, ConsentMissing
from tui_sms.services import consent, outbox, promotions
from tui_sms.services.outbox import SendOptions
from tui_sms.store.engine import session_scope
from tui_sms.store.marketing_models import Sale
from tui_sms.store.models import Contact, Customer, Message, OptOut, Queue
from tui_sms.store.queries.marketing import Criteria

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # 10:00 in Montreal


def _sale(session, customer, day, item, amount, invoice, category="Tires"):
    session.add(
        Sale(
            customer_id=customer.id,
            sold_on=day,
            item=item,
            category=category,
            amount=Decimal(amount),
            invoice=invoice,
        )
    )


def _shop_with_customers(session, quiet=None):
    shop = make_shop(session, **({"quiet": quiet} if quiet else {}))
    people = {
        "ana": make_customer(session, shop, "Ana Promo", "+15142361201"),
        "ben": make_customer(session, shop, "Ben Service", "+15142361202"),
        "cal": make_customer(session, shop, "Cal Stopped", "+15142361203"),
        "dee": make_customer(session, shop, "Dee Nomobile", "+15142361204", consent=False),
        "eve": make_customer(session, shop, "Eve Other", "+15142361205", language="fr"),
    }
    # Dee has no mobile at all; Cal opted out; Ana and Eve agreed to promotions.
    for contact in session.exec(select(Contact).where(Contact.number == "+15142361204")):
        session.delete(contact)
    session.add(OptOut(number="+15142361203", keyword="STOP", source="keyword"))
    for key in ("ana", "cal", "eve"):
        consent.record_consent(
            session,
            _number(session, people[key]),
            "marie",
            "verbal",
            "Promotions by text: yes.",
            NOW,
            promotions=True,
        )
    for key in ("ana", "ben", "cal", "dee"):
        _sale(session, people[key], date(2025, 11, 3), "Winter tires", "640.00", f"I-{key}-1")
    _sale(session, people["ana"], date(2026, 1, 9), "Oil change", "79.95", "I-ana-2", "Service")
    _sale(session, people["eve"], date(2024, 5, 1), "Winter tires", "600.00", "I-eve-1")
    people["eve"].car_club = "CAA"
    session.flush()
    return shop, people


def _number(session, customer: Customer) -> str:
    return session.exec(select(Contact.number).where(Contact.customer_id == customer.id)).one()


def test_criteria_match_and_each_exclusion_has_its_reason(engine):
    with session_scope(engine) as session:
        _shop, _people = _shop_with_customers(session)
        found = promotions.search(session, Criteria(item="winter tires", since=date(2025, 1, 1)))
        reasons = {c.match.name: c.excluded for c in found.candidates}
        assert reasons == {
            "Ana Promo": None,
            "Ben Service": "no_promotional_consent",
            "Cal Stopped": "opted_out",
            "Dee Nomobile": "no_mobile",
        }
        two_visits = promotions.search(session, Criteria(min_visits=2))
        assert [c.match.name for c in two_visits.candidates] == ["Ana Promo"]
        assert two_visits.candidates[0].match.spent == Decimal("719.95")
        spent = promotions.search(session, Criteria(min_spent=Decimal("700")))
        assert [c.match.name for c in spent.candidates] == ["Ana Promo"]
        club = promotions.search(session, Criteria(car_club="caa"))
        assert [c.match.name for c in club.candidates] == ["Eve Other"]
        category = promotions.search(session, Criteria(category="Service"))
        assert [c.match.name for c in category.candidates] == ["Ana Promo"]


def test_a_promotion_goes_only_on_the_promotional_queue_with_the_opt_out_line(engine):
    with session_scope(engine) as session:
        _shop, _people = _shop_with_customers(session)
        found = promotions.search(session, Criteria(item="Winter tires"))
        selected = {c.match.customer_id for c in found.eligible}
        total = promotions.estimate_batch(
            session, found, selected, "Tires -20% this week.", now=NOW
        )
        assert total.texts == 2  # Ana and Eve
        assert total.excluded == {"no_promotional_consent": 1, "opted_out": 1, "no_mobile": 1}
        promotion = promotions.create_promotion(
            session,
            "Winter tires",
            "Tires -20% this week.",
            found,
            selected,
            created_by="marie",
            now=NOW,
        )
        progress = promotions.queue_next(session, promotion.id, author_id=None, now=NOW, limit=1)
        assert (progress.done, progress.total) == (1, 2)
        progress = promotions.queue_next(session, promotion.id, author_id=None, now=NOW)
        assert progress.finished
        sent = session.exec(select(Message).where(Message.kind == "promotion")).all()
        assert {m.queue for m in sent} == {Queue.PROMOTIONAL}
        bodies = sorted(m.body for m in sent)
        assert bodies == [
            "Tires -20% this week.\nReply STOP to opt out.",
            "Tires -20% this week.\nRépondez STOP pour vous désabonner.",
        ]
        report = promotions.promotion_report(session, "Winter tires")
        assert report.queued == 2 and report.excluded["opted_out"] == 1


def test_the_gate_refuses_a_promotion_on_the_transactional_queue(engine):
    with session_scope(engine) as session:
        _shop_with_customers(session)
        with pytest.raises(ComplianceError, match="promotional queue only"):
            outbox.queue_to_number(
                session,
                "+15142361201",
                "Tires -20%",
                author_id=None,
                now=NOW,
                options=SendOptions(queue=Queue.TRANSACTIONAL, kind="promotion", automated=True),
            )


def test_the_gate_refuses_the_promotional_queue_without_promotional_consent(engine):
    with session_scope(engine) as session:
        _shop_with_customers(session)
        with pytest.raises(ConsentMissing, match="has not agreed to receive promotions"):
            outbox.queue_to_number(
                session,
                "+15142361202",
                "Tires -20%",
                author_id=None,
                now=NOW,
                queue=Queue.PROMOTIONAL,
            )
        # The same number's service consent still lets a transactional text through.
        outbox.queue_to_number(
            session, "+15142361202", "Your car is ready.", author_id=None, now=NOW
        )


def test_in_quiet_hours_a_promotion_waits_for_the_morning(engine):
    late = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)  # 22:00 in Montreal
    with session_scope(engine) as session:
        _shop_with_customers(session, quiet=(time(21, 0), time(8, 0)))
        found = promotions.search(session, Criteria(car_club="CAA"))
        selected = {c.match.customer_id for c in found.eligible}
        total = promotions.estimate_batch(session, found, selected, "Club night!", now=late)
        assert total.held_until_morning == 1
        promotion = promotions.create_promotion(
            session, "Club", "Club night!", found, selected, created_by="marie", now=late
        )
        promotions.queue_next(session, promotion.id, author_id=None, now=late)
        message = session.exec(select(Message).where(Message.kind == "promotion")).one()
        assert message.status == "scheduled"
        assert message.scheduled_for == datetime(2026, 3, 3, 13, 0, tzinfo=UTC)  # 08:00


def test_unselected_customers_are_left_out_and_said_so(engine):
    with session_scope(engine) as session:
        _shop, people = _shop_with_customers(session)
        found = promotions.search(session, Criteria(item="Winter tires"))
        promotion = promotions.create_promotion(
            session, "Only Ana", "Tires!", found, {people["ana"].id}, created_by="marie", now=NOW
        )
        promotions.queue_next(session, promotion.id, author_id=None, now=NOW)
        report = promotions.promotion_report(session, "Only Ana")
        assert report.queued == 1 and report.excluded["unselected"] == 1
