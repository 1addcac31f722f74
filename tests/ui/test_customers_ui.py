"""Customers from the message center: an unknown sender linked to a customer or made into
a new one, and consent for a number with no conversation, from the new-conversation dialog."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from tests.factories import make_customer, make_shop
from tests.ui.first_day_helpers import until
from tui_sms.provider.base import ProviderMessage
from tui_sms.services import consent, inbox
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Consent, Contact, Customer, Message, Thread
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.first_day_commands import open_customers
from tui_sms.ui.screens.consent import ConsentScreen
from tui_sms.ui.screens.customers import ContactDialog, CustomerDialog, CustomersScreen
from tui_sms.ui.screens.link_customer import LinkCustomer
from tui_sms.ui.screens.new_conversation import NewConversation

STRANGER = "+15142361299"


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def _runtime(settings):
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        make_customer(session, shop, "Julie Caron", "+15142361301", consent=True)
        at = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
        incoming = ProviderMessage(
            sid="SM" + "7" * 32,
            status="received",
            direction="inbound",
            from_=STRANGER,
            to="+14386013562",
            body="Bonjour, mon auto est-elle prête?",
            num_segments=1,
            price=None,
            price_unit=None,
            error_code=None,
            error_message=None,
            date_created=at,
            date_updated=at,
            date_sent=at,
        )
        inbox.receive_inbound(session, shop, incoming)
        consent.record_consent(session, STRANGER, "marie", "verbal", "Oui, textez-moi.")
        me = queries.staff_by_login(session, "marie")
        me.language = "en"  # the sentences below are the English ones
        session.add(me)
    return runtime, me


async def test_an_unknown_sender_is_linked_to_a_customer_and_shows_its_consent(settings):
    runtime, me = _runtime(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(140, 40)) as pilot:
        assert await until(pilot, lambda: "Unknown sender" in _text(app, "#thread-header"))
        await pilot.press("L")
        assert await until(pilot, lambda: isinstance(app.screen, LinkCustomer))
        await pilot.press(*"Julie")
        assert await until(pilot, lambda: app.screen.query_one("#link-matches").option_count == 2)
        await pilot.press("enter")
        assert await until(pilot, lambda: "Julie Caron" in _text(app, "#thread-header"))
        assert "Consent: verbal" in _text(app, "#thread-consent")
    with session_scope(runtime.engine) as session:
        julie = session.exec(select(Customer).where(Customer.name == "Julie Caron")).one()
        numbers = {
            c.number for c in session.exec(select(Contact).where(Contact.customer_id == julie.id))
        }
        assert STRANGER in numbers
        assert (
            session.exec(select(Consent).where(Consent.number == STRANGER)).one().customer_id
            == julie.id
        )


async def test_an_unknown_sender_becomes_a_new_customer(settings):
    runtime, me = _runtime(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await until(pilot, lambda: "Unknown sender" in _text(app, "#thread-header"))
        await pilot.press("L")
        assert await until(pilot, lambda: isinstance(app.screen, LinkCustomer))
        await pilot.press(*"Marc Nadeau")
        assert await until(pilot, lambda: app.screen.query_one("#link-matches").option_count == 1)
        await pilot.press("enter")
        assert await until(pilot, lambda: "Marc Nadeau" in _text(app, "#thread-header"))
    with session_scope(runtime.engine) as session:
        marc = session.exec(select(Customer).where(Customer.name == "Marc Nadeau")).one()
        thread = session.exec(select(Thread).where(Thread.number == STRANGER)).one()
        assert thread.customer_id == marc.id


async def test_consent_for_a_new_number_is_recorded_from_the_new_conversation_dialog(settings):
    runtime, me = _runtime(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(100, 30)) as pilot:
        assert await until(pilot, lambda: "Unknown sender" in _text(app, "#thread-header"))
        await pilot.press("w")
        assert await until(pilot, lambda: isinstance(app.screen, NewConversation))
        await pilot.press(*"514 236-1377", "enter")
        await pilot.press(*"Bonjour", "enter")
        assert await until(pilot, lambda: "press F2" in _text(app, "#new-error"))
        await pilot.press("f2")
        assert await until(pilot, lambda: isinstance(app.screen, ConsentScreen))
        await pilot.press("tab", "enter")  # signed paper, the proposed wording: Enter records
        assert await until(
            pilot, lambda: not isinstance(app.screen, (ConsentScreen, NewConversation))
        )
    with session_scope(runtime.engine) as session:
        row = session.exec(select(Consent).where(Consent.number == "+15142361377")).one()
        assert (row.method, row.recorded_by) == ("signed_paper", "marie")
        sent = session.exec(select(Message).where(Message.body == "Bonjour")).one()
        assert sent.status == "queued"


async def test_tab_after_a_new_number_goes_on_to_the_message(settings):
    runtime, me = _runtime(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(100, 30)) as pilot:
        assert await until(pilot, lambda: "Unknown sender" in _text(app, "#thread-header"))
        await pilot.press("w")
        assert await until(pilot, lambda: isinstance(app.screen, NewConversation))
        await pilot.press(*"514 236-1377", "tab")
        assert await until(pilot, lambda: app.focused is app.screen.query_one("#new-body"))
        await pilot.press(*"Bonjour", "enter")
        # The number was chosen: the refusal is about its consent, not a missing number.
        assert await until(pilot, lambda: "press F2" in _text(app, "#new-error"))


async def test_a_customer_is_added_with_contacts_each_with_its_own_consent(settings):
    runtime, me = _runtime(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(120, 40)) as pilot:
        open_customers(app)
        assert await until(pilot, lambda: isinstance(app.screen, CustomersScreen))
        screen = app.screen
        assert await until(pilot, lambda: len(screen.rows) == 1)
        await pilot.press("a")
        assert await until(pilot, lambda: isinstance(app.screen, CustomerDialog))
        await pilot.press(*"Atelier Nadeau", "tab", "tab", *"fleet", "tab", "tab", *"514 236-1400")
        await pilot.press("enter")
        assert await until(pilot, lambda: len(screen.rows) == 2)
        await pilot.press("down")  # Atelier Nadeau sorts first: Julie Caron is below
        await pilot.press("up")
        assert await until(
            pilot, lambda: screen.card and screen.card.customer.name == "Atelier Nadeau"
        )
        await pilot.press("n")
        assert await until(pilot, lambda: isinstance(app.screen, ContactDialog))
        await pilot.press(*"Luc Nadeau", "enter", *"514 236-1401", "enter")
        assert await until(pilot, lambda: screen.card and len(screen.card.contacts) == 2)
        screen.query_one("#contacts-table").focus()
        await pilot.press("down", "C")
        assert await until(pilot, lambda: isinstance(app.screen, ConsentScreen))
        await pilot.press("tab", "enter")
        assert await until(
            pilot,
            lambda: (
                screen.card and [c.consent for c in screen.card.contacts] == ["", "signed_paper"]
            ),
        )
    with session_scope(runtime.engine) as session:
        atelier = session.exec(select(Customer).where(Customer.name == "Atelier Nadeau")).one()
        assert atelier.customer_type == "fleet"
        numbers = [
            c.number for c in session.exec(select(Contact).where(Contact.customer_id == atelier.id))
        ]
        assert sorted(numbers) == ["+15142361400", "+15142361401"]
