"""The messages report and usage on a real database; CSV export that a spreadsheet cannot
turn into formulas; the sales import's line-numbered refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlmodel import select

from tests.factories import make_customer, make_shop
from tui_sms.services import billing, csv_export, reports, sales_import
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Direction, Message, Staff, Thread

DAY = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)  # 10:00 in Montreal


def _message(session, thread, status, at, *, segments=1, author=None, error=None):
    message = Message(
        thread_id=thread.id,
        direction=Direction.OUTBOUND,
        body="hello",
        status=status,
        to_number=thread.number,
        segments=segments,
        author_id=author,
        error_code=error,
        error_message="Unknown destination" if error else None,
        created_at=at,
        updated_at=at,
    )
    session.add(message)
    session.flush()
    if status != "queued":
        billing.draw_for_message(session, message, at)
    return message


def _day_of_messages(session):
    shop = make_shop(session)
    jane = make_customer(session, shop, "Jane Doe", "+15142361201")
    thread = Thread(shop_id=shop.id, number="+15142361201", customer_id=jane.id)
    other = Thread(shop_id=shop.id, number="+15142361202")
    session.add_all([thread, other])
    session.flush()
    marie = session.exec(select(Staff).where(Staff.login == "marie")).one()
    _message(session, thread, "delivered", DAY, segments=2, author=marie.id)
    _message(session, thread, "failed", DAY + timedelta(hours=1), error=30003)
    _message(session, other, "sent", DAY + timedelta(hours=2))
    _message(session, other, "delivered", DAY + timedelta(days=1))  # the next day
    # 23:30 in Montreal on the 10th is already the 11th in UTC: it belongs to the 10th.
    _message(session, other, "undelivered", datetime(2026, 3, 11, 3, 30, tzinfo=UTC))
    return shop, jane


def test_report_rows_and_totals_for_a_day_by_status_staff_and_customer(engine):
    with session_scope(engine) as session:
        _shop, _jane = _day_of_messages(session)
        both = reports.make_filter(session, date(2026, 3, 10))
        rows = reports.report_page(session, both)
        assert [r.status for r in rows] == ["delivered", "failed", "sent", "undelivered"]
        assert rows[0].customer == "Jane Doe" and rows[0].staff == "marie"
        assert rows[1].error_code == 30003
        totals = reports.report_totals(session, both)
        assert (totals.messages, totals.sent, totals.failed, totals.segments) == (4, 2, 2, 5)
        assert totals.cost == Decimal("0.075")  # 5 segments at $37.50 / 2,500
        failed = reports.make_filter(session, date(2026, 3, 10), status="failed")
        assert reports.report_totals(session, failed).messages == 2
        mine = reports.make_filter(session, date(2026, 3, 10), staff="marie")
        assert [r.status for r in reports.report_page(session, mine)] == ["delivered"]
        janes = reports.make_filter(session, date(2026, 3, 10), date(2026, 3, 11), customer="jane")
        assert reports.report_totals(session, janes).messages == 2
        # Paging by the last row seen gives the rest, in order.
        first = reports.report_page(session, both, limit=3)
        rest = reports.report_page(session, both, after=(first[-1].at, first[-1].message_id))
        assert [r.message_id for r in first + rest] == [r.message_id for r in rows]


def test_usage_per_day_percentage_and_run_out_forecast(engine):
    with session_scope(engine) as session:
        _shop, _jane = _day_of_messages(session)
        found = reports.usage(session, date(2026, 3, 1), now=DAY + timedelta(days=1))
        by_day = {d.day: d.sent for d in found.days}
        assert len(found.days) == 31
        assert by_day[date(2026, 3, 10)] == 5 and by_day[date(2026, 3, 11)] == 1
        assert found.sent == 6 and found.available == 2_500
        assert round(found.percent, 2) == 0.24
        # 6 segments in 11 days: 2,494 left last about 4,572 days at that pace.
        assert found.runs_out == date(2026, 3, 11) + timedelta(days=int(2494 / (6 / 11)))


def test_csv_cells_that_look_like_formulas_are_neutralised(tmp_path):
    path = tmp_path / "report.csv"
    rows = [['=HYPERLINK("x")', "+1514", "-2", "@SUM(A1)", "\tx", "\rx", "Émilie", 3]]
    csv_export.write_csv(path, ["a", "b", "c", "d", "e", "f", "g", "h"], rows)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[1].startswith('"\'=HYPERLINK(""x"")",\'+1514,\'-2,\'@SUM(A1),')
    assert "Émilie,3" in text
    assert path.stat().st_mode & 0o777 == 0o600


def test_sales_import_refuses_rows_by_line_and_updates_on_reimport(engine, tmp_path):
    with session_scope(engine) as session:
        shop = make_shop(session)
        jane = make_customer(session, shop, "Jane Doe", "+15142361201")
        jane.external_id = "C-1"
        path = tmp_path / "sales.csv"
        path.write_text(
            "customer,date,item,category,amount,invoice\n"
            "C-1,2026-01-09,Oil change,Service,79.95,I-1\n"
            "C-9,2026-01-09,Oil change,Service,79.95,I-2\n"
            "C-1,09/01/2026,Tires,Tires,600,I-3\n"
            "C-1,2026-01-10,Wipers,Parts,abc,I-4\n"
            'C-1,2026-01-11,Wipers,Parts,"24,50",I-5\n',
            encoding="utf-8",
        )
        report = sales_import.import_sales(session, path)
        assert (report.created, report.updated) == (2, 0)
        assert [(r.line, r.error) for r in report.rejected] == [
            (3, "customer C-9 is not known: import the customers first."),
            (4, "date '09/01/2026' is not a date like 2026-03-10."),
            (5, "amount 'abc' is not an amount like 129.95."),
        ]
        again = sales_import.import_sales(session, path)
        assert (again.created, again.updated) == (0, 2)
