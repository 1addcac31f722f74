"""Bundles and message templates are the administrators': a staff member is refused in
services, whatever the way in (app or command line)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import select

from tui_sms.domain.errors import NotAllowed
from tui_sms.services import billing, review, shop_setup, staff_admin
from tui_sms.services.shop_setup import ShopChanges
from tui_sms.store.models import BalanceEntry, JobType, utcnow


def _shop(session) -> None:
    shop_setup.save_shop(session, "marie", ShopChanges(name="Garage", country="CA", province="QC"))
    staff_admin.add_staff(session, "marie", "paul", name="Paul Roy")


def test_only_an_administrator_buys_a_bundle(session):
    _shop(session)
    with pytest.raises(NotAllowed, match=r"^Only an administrator can buy bundles of segments"):
        billing.buy_bundle(session, "paul", 1000, Decimal("15"))
    entry = billing.buy_bundle(session, "marie", 1000, Decimal("15"))
    assert (entry.segments, entry.recorded_by) == (1000, "marie")
    assert len(session.exec(select(BalanceEntry)).all()) == 1


def test_only_an_administrator_saves_a_template(session):
    _shop(session)
    brakes = JobType(name="Brakes")
    session.add(brakes)
    session.flush()

    def save(login: str):
        return review.save_template(
            session,
            brakes.id,
            "en",
            "reminder",
            "Hello {first_name}",
            auto_send=False,
            days_ahead=2,
            now=utcnow(),
            by=login,
        )

    with pytest.raises(NotAllowed, match=r"^Only an administrator can edit the message templates"):
        save("paul")
    assert save("marie").body == "Hello {first_name}"
