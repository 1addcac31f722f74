"""The reminder review screen and the template editor, driven with real keys on a SQLite file."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from tests.factories import make_customer, make_job, make_shop
from tests.ui.conftest import until
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import (
    Consent,
    Contact,
    Customer,
    Message,
    Reminder,
    ReminderTemplate,
    utcnow,
)
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.screens.reminders import ReminderReview
from tui_sms.ui.screens.template_editor import TemplateEditor

HOSTILE = "[bold]Evil[/] Corp"


def _prepare(settings):
    runtime = open_runtime(settings)
    soon = utcnow() + timedelta(days=3)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        jane = make_customer(session, shop, "Jane Doe", "+15142361201")
        emilie = make_customer(session, shop, "Émilie Côté", "+15142361202", language="fr")
        evil = make_customer(session, shop, HOSTILE, "+15142361203")
        silent = make_customer(session, shop, "No Consent", "+15142361204", consent=False)
        phoneless = Customer(shop_id=shop.id or 0, name="Paul Sansfil", external_id="C-P")
        session.add(phoneless)
        session.flush()
        session.add(
            Consent(
                number="",
                customer_id=phoneless.id,
                recorded_by="marie",
                method="verbal",
                wording="Opted in at the counter.",
            )
        )
        make_job(session, jane, soon, external_id="J-1", auto_send=False)
        make_job(session, jane, soon + timedelta(days=7), external_id="J-1b", auto_send=False)
        make_job(session, emilie, soon, external_id="J-2", technician="Marc")
        make_job(session, evil, soon, external_id="J-3")
        make_job(session, silent, soon, external_id="J-4")
        make_job(session, phoneless, soon, external_id="J-5")
        me = queries.staff_by_login(session, "marie")
        me.language = "en"  # these tests read the screen's English; French has its own test
    return runtime, me


def _column(table, key: str) -> list[str]:
    return [str(table.get_cell(row, key)) for row in table.rows]


async def test_filter_select_all_confirm_and_see_them_scheduled(settings):
    runtime, me = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(170, 45)) as pilot:
        await pilot.press("ctrl+r")
        assert await until(pilot, lambda: isinstance(app.screen, ReminderReview))
        screen = app.screen
        table = screen.query_one("#review-jobs")
        assert await until(pilot, lambda: table.row_count == 5, 10.0)  # not the one without consent
        customers = _column(table, "customer")
        assert not any("No Consent" in name for name in customers)
        assert any(HOSTILE in name for name in customers)  # shown literally, never as markup
        assert "No mobile number: press n to add one." in _column(table, "message")

        await pilot.click("#filter-technician")
        await pilot.press("L", "enter")  # typing jumps to the technician Luc
        assert await until(pilot, lambda: table.row_count == 4, 10.0)
        assert set(_column(table, "technician")) == {"Luc"}
        summary = str(screen.query_one("#review-summary").render())
        assert "Several texts to one customer" in summary and "Jane Doe (2)" in summary

        await pilot.click("#review-jobs")
        await pilot.press("a")
        assert await until(pilot, lambda: len(screen.selected) == 3, 10.0)
        await pilot.press("m")
        assert await until(pilot, lambda: app.screen is not screen, 10.0)
        confirm = str(app.screen.query_one("#confirm-summary").render())
        # Jane (two jobs) and the hostile name are new numbers: one disclaimer each is counted.
        assert "3 reminders" in confirm and "5 segments" in confirm and "$" in confirm
        assert "First texts to 2 numbers start with the disclaimer" in confirm
        await pilot.press("y")

        def scheduled() -> bool:
            return _column(table, "state").count("scheduled") == 3

        assert await until(pilot, scheduled, 10.0)
        # The customer without a number: not sent, and the row says it needs attention.
        assert _column(table, "state").count("needs attention") == 1
    with session_scope(runtime.engine) as session:
        messages = session.exec(select(Message)).all()
        assert sorted(m.status for m in messages if m.kind == "reminder") == ["scheduled"] * 3
        notices = [m for m in messages if m.kind == "disclaimer"]
        assert sorted(m.to_number for m in notices) == ["+15142361201", "+15142361203"]
        assert {m.status for m in notices} == {"scheduled"}
        assert len(session.exec(select(Reminder)).all()) == 3


async def test_add_a_missing_mobile_on_the_spot_then_send_now(settings):
    runtime, me = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(170, 45)) as pilot:
        await pilot.press("ctrl+r")
        assert await until(pilot, lambda: isinstance(app.screen, ReminderReview))
        screen = app.screen
        table = screen.query_one("#review-jobs")
        assert await until(pilot, lambda: table.row_count == 5, 10.0)
        row = _column(table, "customer").index(
            next(n for n in _column(table, "customer") if "Paul" in n)
        )
        await pilot.click("#review-jobs")
        table.move_cursor(row=row)
        await pilot.press("n")
        await pilot.press(*"514 236-1299", "enter")
        assert await until(pilot, lambda: "No mobile" not in str(table.get_cell_at((row, 5))))
        await pilot.press("s")
        assert await until(pilot, lambda: str(table.get_cell_at((row, 7))) == "scheduled")
    with session_scope(runtime.engine) as session:
        contact = session.exec(select(Contact).where(Contact.number == "+15142361299")).one()
        consents = session.exec(select(Consent).where(Consent.number == "+15142361299")).all()
        assert len(consents) == 1 and consents[0].method == "verbal"
        notice, message = session.exec(select(Message).order_by(Message.id)).all()
        assert message.status == "queued" and message.to_number == contact.number
        assert message.kind == "reminder"
        # A new number: the disclaimer goes first, at once too.
        assert (notice.kind, notice.status, notice.to_number) == (
            "disclaimer",
            "queued",
            contact.number,
        )


async def test_template_editor_inserts_codes_previews_and_refuses_unknown_codes(settings):
    runtime, me = _prepare(settings)
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(170, 45)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Reminder templates")
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, TemplateEditor))
        editor = app.screen
        body = editor.query_one("#editor-body")
        preview = editor.query_one("#editor-preview")
        assert await until(pilot, lambda: "Preview for Jane Doe" in str(preview.render()))

        body.focus()
        await pilot.press("f7", "delete")  # TextArea: select all, delete
        await pilot.press(*"Salut ")
        await pilot.press("f2", "enter")  # the first code in the list: {first_name}
        assert await until(pilot, lambda: body.text == "Salut {first_name}", 10.0)
        assert await until(pilot, lambda: "Salut Jane" in str(preview.render()))
        cost = str(editor.query_one("#editor-cost").render())
        assert "1 segment" in cost and "GSM-7" in cost

        await pilot.press(*" fête")  # ê is outside GSM-7
        assert await until(
            pilot, lambda: "three times" in str(editor.query_one("#editor-cost").render())
        )

        await pilot.press(*" {nope}")
        await pilot.press("ctrl+s")
        assert await until(
            pilot,
            lambda: any("Unknown field code {nope}" in str(n.message) for n in app._notifications),
        )
    with session_scope(runtime.engine) as session:
        bodies = [t.body for t in session.exec(select(ReminderTemplate)).all()]
        assert not any("nope" in b for b in bodies)


async def test_at_80x24_in_french_the_filters_take_two_rows_and_the_jobs_stay_in_view(settings):
    runtime, me = _prepare(settings)
    me.language = "fr"  # the longest filter labels
    app = TuiSmsApp(runtime, me, run_worker_inside=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+r")
        assert await until(pilot, lambda: isinstance(app.screen, ReminderReview))
        table = app.screen.query_one("#review-jobs")
        assert await until(pilot, lambda: table.row_count >= 5), table.row_count
        await pilot.pause(0.2)
        # Two rows of three boxes (a label wrapped letter by letter made them 17 lines tall).
        assert app.screen.query_one("#review-filters").size.height == 6
        assert table.size.height >= 10
        labels = app.screen.query("#review-filters SelectCurrent Static#label")
        assert all(label.size.height == 1 for label in labels)
