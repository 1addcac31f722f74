"""The Promotion screen with real keys: criteria, the customers found (each one can be left
out), the total before the one question, the batch queued on the promotional queue only to
numbers whose consent covers promotions, and the promotion's report; in English and French."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlmodel import select

from tests.factories import make_customer, make_shop
from tests.ui.conftest import until
from tui_sms.services import consent
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.marketing_models import Sale
from tui_sms.store.models import Direction, Message, OptOut, Queue
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.screens.promotion import Promotions

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # 10:00 in Toronto, outside quiet hours

PEOPLE = {
    # name: (number, promotional consent, bought winter tires)
    "Ana Promo": ("+15142361201", True, True),
    "Ben Service": ("+15142361202", False, True),  # consent for service texts only
    "Cal Stopped": ("+15142361203", True, True),  # opted out
    "Dan Promo": ("+15142361204", True, True),
    "Eve Promo": ("+15142361205", True, True),
    "Fay Other": ("+15142361206", True, False),  # bought something else
}


def _prepare(settings, language: str = "en"):
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        for index, (name, (number, promotional, tires)) in enumerate(PEOPLE.items()):
            customer = make_customer(session, shop, name, number)
            if promotional:
                consent.record_consent(
                    session, number, "marie", "verbal", "Promotions: yes.", NOW, promotions=True
                )
            session.add(
                Sale(
                    customer_id=customer.id or 0,
                    sold_on=date(2025, 11, 3),
                    item="Winter tires" if tires else "Oil change",
                    category="Tires" if tires else "Service",
                    amount=Decimal("640.00"),
                    invoice=f"I-{index}",
                )
            )
        session.add(OptOut(number="+15142361203", keyword="STOP", source="keyword"))
        me = queries.staff_by_login(session, "marie")
        me.language = language
    return runtime, me


async def _open(app, pilot, title: str) -> Promotions:
    await pilot.press("ctrl+p")
    await pilot.press(*title)
    await pilot.press("enter")
    assert await until(pilot, lambda: isinstance(app.screen, Promotions))
    return app.screen


def _outbound(engine) -> list[Message]:
    with session_scope(engine) as session:
        query = select(Message).where(Message.direction == Direction.OUTBOUND)
        return list(session.exec(query.order_by(Message.id)).all())


async def test_criteria_list_unselect_one_confirm_and_queue(settings):
    runtime, me = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, "Promotion")
        await pilot.press(*"winter tires", "enter")
        table = screen.query_one("#promotion-matches")
        assert await until(pilot, lambda: table.row_count == 5)
        found = screen.query_one("#promotion-found")
        assert "5 found · 3 selected" in str(found.render())
        assert "1 no consent for promotions" in str(found.render())
        assert "1 opted out" in str(found.render())

        # The cursor is on Ana (first by name): Space leaves her out and moves down; Space on
        # her again takes her back; then Dan (fourth row) is left out.
        assert table.has_focus
        await pilot.press("space")
        assert "2 selected" in str(found.render())
        await pilot.press("up", "space")
        assert "3 selected" in str(found.render())
        await pilot.press("down", "down", "space")
        assert "2 selected" in str(found.render())
        assert "1 unselected" in str(found.render())

        await pilot.click("#promotion-name")
        await pilot.press(*"Tire week")
        await pilot.click("#promotion-body")
        await pilot.press(*"Winter tires 10% off this week.")
        estimate = screen.query_one("#promotion-estimate")
        assert "1 segment" in str(estimate.render())
        total = screen.query_one("#promotion-total")
        assert await until(pilot, lambda: "Total: 2 texts, 2 segments" in str(total.render()))

        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: app.screen is not screen)
        question = str(app.screen.query_one("#promotion-question").render())
        assert "Tire week" in question and "2 texts" in question
        assert "1 no consent for promotions" in question and "1 unselected" in question
        await pilot.press("y")
        assert await until(pilot, lambda: app.screen.query("#promotion-report-lines"))
        report = str(app.screen.query_one("#promotion-report-lines").render())
        assert "2 queued" in report

    sent = _outbound(runtime.engine)
    promotions_out = [m for m in sent if m.kind == "promotion"]
    assert sorted(m.to_number for m in promotions_out) == [
        "+15142361201",
        "+15142361205",
    ]  # not Dan, not Ben, not Cal
    assert {m.queue for m in sent} == {Queue.PROMOTIONAL}  # the disclaimers too
    assert all("Reply STOP to opt out." in m.body for m in promotions_out)


async def test_in_french_the_past_promotions_list_opens_a_report(settings):
    runtime, me = _prepare(settings, "fr")
    app = TuiSmsApp(runtime, me, run_worker_inside=False, clock=lambda: NOW)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await _open(app, pilot, "Promotion")
        await pilot.press("f3")
        assert await until(pilot, lambda: app.screen is not screen)
        assert "Aucune promotion" in str(app.screen.query_one("#past-none").render())
        await pilot.press("escape")

        await pilot.click("#criteria-category")
        await pilot.press(*"tires", "enter")
        found = screen.query_one("#promotion-found")
        assert await until(pilot, lambda: "5 trouvés · 3 sélectionnés" in str(found.render()))
        await pilot.click("#promotion-name")
        await pilot.press(*"Pneus")
        await pilot.click("#promotion-body")
        await pilot.press(*"Pneus d'hiver -10 %.")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: app.screen is not screen)
        assert "Envoyer la promotion « Pneus »" in str(
            app.screen.query_one("#promotion-question").render()
        )
        await pilot.press("y")
        assert await until(pilot, lambda: app.screen.query("#promotion-report-lines"))
        await pilot.press("escape")
        assert await until(pilot, lambda: app.screen is screen)

        await pilot.press("f3")
        assert await until(pilot, lambda: app.screen.query("#past-table"))
        await pilot.press("enter")
        assert await until(pilot, lambda: app.screen.query("#promotion-report-lines"))
        report = str(app.screen.query_one("#promotion-report-lines").render())
        assert "3 mis en file" in report and "Écartés" in report


async def test_a_bad_criterion_is_one_sentence_and_nothing_searched(settings):
    runtime, me = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, "Promotion")
        found = screen.query_one("#promotion-found")
        for selector, typed, said in (
            ("#criteria-visits", "-", "“-” is not a number of visits like 3."),
            ("#criteria-spent", "Infinity", "“Infinity” is not an amount like 500."),
            ("#criteria-since", "2026-13-01", "“2026-13-01” is not a date like 2026-03-10."),
        ):
            box = screen.query_one(selector)
            box.value = typed
            await pilot.click(selector)
            await pilot.press("enter")
            assert await until(pilot, lambda said=said: str(found.render()) == said)
            box.value = ""
        assert screen.found is None
        await pilot.press("ctrl+s")
        assert await until(
            pilot, lambda: any("Find the customers first" in n.message for n in app._notifications)
        )
