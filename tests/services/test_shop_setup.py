"""A shop's first day in services: setting the shop up, the admin role checked in services,
sending numbers by pool, and the Twilio account check against the real sandbox."""

from __future__ import annotations

from datetime import time

import pytest
from sqlmodel import select

from tests.factories import make_customer, make_shop
from tui_sms.config import ProviderSettings
from tui_sms.domain.errors import InvalidNumber, NotAllowed
from tui_sms.domain.regions import InvalidRegion
from tui_sms.services import provider_check, roles, sender_numbers, shop_setup, staff_admin
from tui_sms.services.shop_setup import InvalidSetting, ShopChanges
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Message, Role, SenderNumber, Staff, Thread

QC = ShopChanges(name="Garage Lavoie", country="CA", province="QC")


def test_the_first_person_to_set_the_shop_up_becomes_its_admin(session):
    assert shop_setup.needs_setup(session)
    shop = shop_setup.save_shop(
        session, "marie", ShopChanges(name="Garage Lavoie", country="ca", province="bc")
    )
    assert (shop.country, shop.province, shop.time_zone) == ("CA", "BC", "America/Vancouver")
    assert [admin.login for admin in roles.admins(session)] == ["marie"]
    assert not shop_setup.needs_setup(session)
    # Changing the province proposes its zone again, unless the zone is given too.
    shop_setup.save_shop(
        session, "marie", ShopChanges(province="QC", quiet_hours="20:30-07:45", language="fr")
    )
    assert (shop.time_zone, shop.quiet_start, shop.quiet_end) == (
        "America/Toronto",
        time(20, 30),
        time(7, 45),
    )
    shown = dict(shop_setup.show_shop(session).lines())
    assert shown["Quiet hours"] == "20:30-07:45"
    assert "Garage Lavoie" in shown["Disclaimer (French)"]
    assert shown["Administrators"] == "marie"


def test_the_shop_phone_is_kept_as_customers_dial_it(session):
    shop_setup.save_shop(session, "marie", QC.__class__(**{**QC.__dict__, "phone": "5142361000"}))
    assert dict(shop_setup.show_shop(session).lines())["Phone"] == "(514) 236-1000"


@pytest.mark.parametrize(
    ("changes", "error", "words"),
    [
        (ShopChanges(name="X", country="FR", province="QC"), InvalidRegion, "use CA or US"),
        (ShopChanges(name="X", country="CA", province="NY"), InvalidRegion, "e.g. QC or ON"),
        (ShopChanges(name="X", country="US", province="QC"), InvalidRegion, "U.S. state"),
        (ShopChanges(name="X"), InvalidSetting, "a country (CA or US) and a province or state"),
        (QC.__class__(**{**QC.__dict__, "quiet_hours": "9pm"}), InvalidSetting, "21:00-08:00"),
        (QC.__class__(**{**QC.__dict__, "time_zone": "Mars/Base"}), InvalidRegion, "time zone"),
        (QC.__class__(**{**QC.__dict__, "email": "nobody"}), Exception, "e-mail address"),
        (QC.__class__(**{**QC.__dict__, "phone": "12"}), InvalidSetting, "give all its digits"),
        (QC.__class__(**{**QC.__dict__, "phone": "514-CALL-NOW"}), InvalidSetting, "phone"),
    ],
)
def test_bad_settings_are_one_sentence_and_create_nothing(engine, changes, error, words):
    with pytest.raises(error) as refused, session_scope(engine) as session:
        shop_setup.save_shop(session, "marie", changes)
    assert words in str(refused.value)
    with session_scope(engine) as session:
        assert shop_setup.needs_setup(session)
        assert roles.admins(session) == []


def test_only_an_admin_changes_the_shop_numbers_and_staff(session):
    shop_setup.save_shop(session, "marie", QC)
    staff_admin.add_staff(session, "marie", "paul", name="Paul Roy")
    with pytest.raises(NotAllowed, match="Only an administrator can change the shop's settings"):
        shop_setup.save_shop(session, "paul", ShopChanges(name="Chez Paul"))
    with pytest.raises(NotAllowed, match="ask marie"):
        sender_numbers.add_number(session, "paul", "438 601-3562", queue="transactional")
    with pytest.raises(NotAllowed):
        staff_admin.add_staff(session, "paul", "gil", name="Gil")
    with pytest.raises(NotAllowed, match="last administrator"):
        staff_admin.change_staff(session, "marie", "marie", role=Role.STAFF)
    staff_admin.change_staff(session, "marie", "paul", role=Role.ADMIN)
    staff_admin.change_staff(session, "paul", "marie", active=False)
    assert [admin.login for admin in roles.admins(session)] == ["paul"]
    assert session.exec(select(Staff).where(Staff.login == "marie")).one().active is False


def test_numbers_get_their_pool_and_rate_by_kind(session):
    shop_setup.save_shop(session, "marie", QC)
    sender_numbers.add_number(session, "marie", "(438) 601-3562", queue="transactional")
    sender_numbers.add_number(session, "marie", "+1 833 555 0199", queue="promotional")
    with pytest.raises(InvalidNumber, match="contracted"):
        sender_numbers.add_number(session, "marie", "55123", queue="promotional")
    sender_numbers.add_number(session, "marie", "55123", queue="promotional", rate=100)
    with pytest.raises(InvalidNumber, match="already in the transactional pool"):
        sender_numbers.add_number(session, "marie", "+14386013562", queue="promotional")
    rows = {row.number: (row.queue, row.rate) for row in sender_numbers.list_numbers(session)}
    assert rows == {
        "+14386013562": ("transactional", 1.0),
        "+18335550199": ("promotional", 3.0),
        "55123": ("promotional", 100.0),
    }


def _waiting(session, thread: Thread, number: str, count: int) -> None:
    for _ in range(count):
        session.add(
            Message(
                thread_id=thread.id or 0,
                direction="outbound",
                body="Votre auto est prête",
                status="queued",
                from_number=number,
            )
        )
    thread.sender_number = number
    session.add(thread)
    session.flush()


def test_removing_a_number_moves_its_waiting_messages_to_the_rest_of_its_pool(session):
    shop = make_shop(session)  # transactional +14386013562 and +14386013492
    customer = make_customer(session, shop, "Julie Caron", "514 236-1301")
    thread = Thread(shop_id=shop.id or 0, customer_id=customer.id, number="+15142361301")
    session.add(thread)
    session.flush()
    _waiting(session, thread, "+14386013562", 2)
    assert sender_numbers.remove_number(session, "marie", "+14386013562") == 2
    assert session.exec(select(SenderNumber.number)).all().count("+14386013562") == 0
    left = session.exec(select(Message)).all()
    assert [message.from_number for message in left] == [None, None]
    assert thread.sender_number is None
    # The last number of a pool with messages waiting for it stays.
    _waiting(session, thread, "+14386013492", 1)
    with pytest.raises(InvalidNumber, match="last transactional number and 1 message waits"):
        sender_numbers.remove_number(session, "marie", "+14386013492")


async def test_the_account_check_lists_sms_numbers_and_says_what_is_wrong(sandbox):
    sandbox.state.account.add_number("+14386019999", sms=False)
    settings = ProviderSettings(
        kind="twilio",
        account_sid=sandbox.state.account_sid,
        auth_token=sandbox.state.auth_token,
        base_url=sandbox.base_url,
    )
    check = await provider_check.check_account(settings, {"+14386013562": "transactional"})
    assert len(check.sms_numbers) == 8
    assert check.summary == "Twilio account tui-sms sandbox is active: 8 numbers that can text."
    assert check.numbers[0].pool == "transactional"
    assert check.numbers[0].proposed_rate == 1.0
    assert check.numbers[-1].problem == (
        "(438) 601-9999 cannot send text messages (no SMS capability on this number)."
    )

    wrong = settings.model_copy(update={"auth_token": "nope"})
    with pytest.raises(provider_check.AccountProblem, match="refused the account SID"):
        await provider_check.check_account(wrong, {})
    sandbox.state.account.status = "suspended"
    with pytest.raises(provider_check.AccountProblem, match="is suspended"):
        await provider_check.check_account(settings, {})
    with pytest.raises(provider_check.AccountProblem, match=r"provider\.account_sid"):
        await provider_check.check_account(ProviderSettings(kind="twilio"), {})
