"""Every sentence of a shop's first day (setup, roles, numbers, account check, customers)
has its French line: each is produced by the real service, then translated."""

from __future__ import annotations

import pytest

from tui_sms.config import ProviderSettings, Settings
from tui_sms.domain.errors import UserError
from tui_sms.services import customers, provider_check, sender_numbers, shop_setup, staff_admin
from tui_sms.services.customers import CustomerChanges
from tui_sms.services.runtime import open_runtime
from tui_sms.services.shop_setup import ShopChanges
from tui_sms.store.models import Thread
from tui_sms.ui import i18n


def _refusal(action) -> str:
    with pytest.raises(UserError) as refused:
        action()
    return refused.value.sentence


def _sentences(session, sandbox, tmp_path) -> list[str]:
    found = [
        _refusal(lambda: shop_setup.show_shop(session)),
        _refusal(lambda: shop_setup.save_shop(session, "marie", ShopChanges(name="X"))),
    ]
    for changes in (
        ShopChanges(name="X", country="FR", province="QC"),
        ShopChanges(name="X", country="CA", province="NY"),
        ShopChanges(name="X", country="US", province="QC"),
        ShopChanges(name="X", country="CA", province="QC", time_zone="Mars/Base"),
        ShopChanges(name="X", country="CA", province="QC", quiet_hours="9pm"),
        ShopChanges(name="X", country="CA", province="QC", language="de"),
        ShopChanges(name=" ", country="CA", province="QC"),
    ):
        found.append(_refusal(lambda c=changes: shop_setup.save_shop(session, "marie", c)))
    shop_setup.save_shop(session, "marie", ShopChanges(name="Garage", country="CA", province="QC"))
    staff_admin.add_staff(session, "marie", "paul", name="Paul")
    sender_numbers.add_number(session, "marie", "4386013562", queue="transactional")
    session.add(Thread(shop_id=1, number="staff:1", kind="employee"))
    session.flush()
    found += [
        _refusal(lambda: shop_setup.save_shop(session, "paul", ShopChanges(name="Y"))),
        _refusal(lambda: sender_numbers.add_number(session, "paul", "1", queue="x")),
        _refusal(lambda: staff_admin.add_staff(session, "paul", "gil", name="Gil")),
        _refusal(lambda: staff_admin.add_staff(session, "marie", "gil", name="G", role="boss")),
        _refusal(lambda: staff_admin.change_staff(session, "marie", "marie", active=False)),
        _refusal(lambda: sender_numbers.add_number(session, "marie", "abc", queue="promotional")),
        _refusal(lambda: sender_numbers.add_number(session, "marie", "4386013562", queue="x")),
        _refusal(lambda: sender_numbers.add_number(session, "marie", "55123", queue="promotional")),
        _refusal(
            lambda: sender_numbers.add_number(
                session, "marie", "55124", queue="promotional", rate=-1
            )
        ),
        _refusal(
            lambda: sender_numbers.add_number(session, "marie", "4386013562", queue="promotional")
        ),
        _refusal(lambda: sender_numbers.remove_number(session, "marie", "4386011575")),
        _refusal(lambda: customers.add_customer(session, CustomerChanges(name=""))),
        _refusal(lambda: customers.add_customer(session, CustomerChanges(name="A", language="de"))),
        _refusal(lambda: customers.edit_contact(session, 99)),
        _refusal(lambda: customers.edit_customer(session, 99, CustomerChanges())),
        _refusal(lambda: customers.link_thread(session, 1, 1)),
        _refusal(lambda: open_runtime(Settings(database_url=f"sqlite:///{tmp_path}/no/x.db"))),
    ]
    julie = customers.add_customer(session, CustomerChanges(name="Julie"), [("", "5142361301")])
    found.append(_refusal(lambda: customers.add_contact(session, julie.id or 0, "", "5142361301")))
    return found


async def _account_sentences(sandbox) -> list[str]:
    sandbox.state.account.add_number("+14386019999", sms=False)
    good = ProviderSettings(
        kind="twilio",
        account_sid=sandbox.state.account_sid,
        auth_token=sandbox.state.auth_token,
        base_url=sandbox.base_url,
    )
    check = await provider_check.check_account(good, {})
    found = [check.summary, check.numbers[-1].problem]
    for settings in (good.model_copy(update={"auth_token": "x"}), ProviderSettings()):
        with pytest.raises(UserError) as refused:
            await provider_check.check_account(settings, {})
        found.append(refused.value.sentence)
    sandbox.state.account.status = "suspended"
    with pytest.raises(UserError) as refused:
        await provider_check.check_account(good, {})
    return [*found, refused.value.sentence]


async def test_every_setup_sentence_has_a_french_line(sqlite_engine, sandbox, tmp_path):
    from tui_sms.store.engine import session_scope

    with session_scope(sqlite_engine) as session:
        english = _sentences(session, sandbox, tmp_path)
        session.rollback()
    english += await _account_sentences(sandbox)
    english.append(shop_setup.disclaimer_preview("fr", "Garage", "")[1])
    i18n.set_language("fr")
    try:
        untranslated = [text for text in english if i18n.sentence(text) == text]
    finally:
        i18n.set_language("en")
    assert untranslated == []


def test_an_admin_refusal_reads_in_french():
    i18n.set_language("fr")
    try:
        french = i18n.sentence("Only an administrator can change the shop's settings: ask Marie.")
    finally:
        i18n.set_language("en")
    assert (
        french == "Seul un administrateur peut changer les réglages du garage : demandez à Marie."
    )
