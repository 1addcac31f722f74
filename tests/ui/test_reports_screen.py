"""The Reports screen with real keys: filters, a table fed a page at a time, the totals, the
CSV export and the month's usage bars, in English and French."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from tests.factories import make_customer, make_shop
from tests.ui.conftest import until as _until
from tui_sms.services import billing
from tui_sms.services.runtime import open_runtime
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Direction, Message, Staff, Thread
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.screens.reports import PAGE, Reports

NOW = datetime(2026, 3, 10, 20, 0, tzinfo=UTC)  # 16:00 in Montreal
DAY = datetime(2026, 3, 10, 13, 0, tzinfo=UTC)


def _prepare(settings, many: int):
    """`many` delivered texts by marie to Jane on the day, one failed one to a stranger."""
    runtime = open_runtime(settings)
    with session_scope(runtime.engine) as session:
        shop = make_shop(session)
        jane = make_customer(session, shop, "Jane Doe", "+15142361201")
        thread = Thread(shop_id=shop.id, number="+15142361201", customer_id=jane.id)
        other = Thread(shop_id=shop.id, number="+15142361202")
        session.add_all([thread, other])
        session.flush()
        marie = session.exec(select(Staff).where(Staff.login == "marie")).one()
        rows = [(thread, "delivered", None, marie.id)] * many + [(other, "failed", 30003, None)]
        for index, (where, status, error, author) in enumerate(rows):
            at = DAY + timedelta(seconds=index)
            message = Message(
                thread_id=where.id,
                direction=Direction.OUTBOUND,
                body="hello",
                status=status,
                to_number=where.number,
                segments=1,
                author_id=author,
                error_code=error,
                error_message="Unknown destination" if error else None,
                created_at=at,
                updated_at=at,
            )
            session.add(message)
            session.flush()
            billing.draw_for_message(session, message, at)
        me = queries.staff_by_login(session, "marie")
    return runtime, me


async def _open_reports(app, pilot) -> Reports:
    await pilot.press("ctrl+p")
    await pilot.press(*app_title(app))
    await pilot.press("enter")
    assert await _until(pilot, lambda: isinstance(app.screen, Reports))
    return app.screen


def app_title(app) -> str:
    return "Rapports" if app.me.language == "fr" else "Reports"


async def test_the_report_pages_filters_totals_and_exports(settings, tmp_path):
    runtime, me = _prepare(settings, PAGE + 50)
    me.language = "en"
    app = TuiSmsApp(runtime, me, run_worker_inside=False, clock=lambda: NOW)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await _open_reports(app, pilot)
        table = screen.query_one("#report-rows")
        totals = screen.query_one("#report-totals")
        assert await _until(pilot, lambda: table.row_count == PAGE)  # one page, not the year
        assert await _until(
            pilot, lambda: "251 messages: 250 sent, 1 failed" in str(totals.render())
        )

        await pilot.click("#report-rows")
        await pilot.press("ctrl+end")  # the cursor near the end asks for the next page
        assert await _until(pilot, lambda: table.row_count == PAGE + 51)
        last = table.get_row_at(table.row_count - 1)
        assert "30003 Unknown destination" in str(last[6])

        await pilot.click("#report-status")
        await pilot.press("down", "down", "enter")  # failed only
        assert await _until(pilot, lambda: table.row_count == 1)
        assert "1 message: 0 sent, 1 failed" in str(totals.render())

        await pilot.click("#report-rows")
        await pilot.press("ctrl+e")
        assert await _until(pilot, lambda: app.screen is not screen)
        target = tmp_path / "failed.csv"
        path = app.screen.query_one("#export-path")
        path.value = str(target)
        await pilot.press("enter")
        assert await _until(pilot, target.exists)
        lines = target.read_text(encoding="utf-8-sig").splitlines()
        assert lines[0].startswith("time,customer,number")
        assert len(lines) == 2 and "30003 Unknown destination" in lines[1]


async def test_a_customer_nobody_has_is_one_sentence(settings):
    runtime, me = _prepare(settings, 3)
    me.language = "en"
    app = TuiSmsApp(runtime, me, run_worker_inside=False, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_reports(app, pilot)
        await pilot.click("#report-customer")
        await pilot.press(*"Nobody", "enter")
        assert await _until(pilot, lambda: any("Nobody" in n.message for n in app._notifications))


async def test_the_usage_tab_draws_a_bar_per_day_in_french(settings):
    runtime, me = _prepare(settings, 12)  # marie works in French
    app = TuiSmsApp(runtime, me, run_worker_inside=False, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_reports(app, pilot)
        await pilot.press("f3")
        chart = screen.query_one("#usage-chart")
        assert await _until(pilot, lambda: "█" in str(chart.render()))
        drawn = str(chart.render())
        assert "13 ┤" in drawn  # the scale tops at the busiest day (13 segments on the 10th)
        assert "13 segments envoyés" in drawn and "mars 2026" in drawn.lower()
