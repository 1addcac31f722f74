"""How fast the messages report and the usage chart are on a year of a busy shop.

    python bench/report.py [--per-day 300] [--database URL]

Builds a throw-away SQLite file (or uses the empty database URL given) with one shop, 2,000
customers and a year of outbound texts (N a day, one in twenty failed, each with its balance
draw), then times:

- day: one day's report, first page of 200 rows, and its totals;
- year: the whole year's totals, and its last page reached by paging from the first;
- failed: the year's failed texts, first page and totals;
- usage: one month's segments per day.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from tui_sms.services import billing, reports
from tui_sms.store import migrate
from tui_sms.store.engine import make_engine, session_scope
from tui_sms.store.models import (
    BalanceEntry,
    Contact,
    Customer,
    Direction,
    EntryKind,
    Message,
    Shop,
    Thread,
)

START = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


def build(url: str, per_day: int) -> None:
    engine = make_engine(url)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        shop = Shop(name="Bench", country="CA", province="QC")
        session.add(shop)
        session.flush()
        billing.record_purchase(session, 1_000_000, Decimal("12000"), START, shop_id=shop.id)
        threads = []
        for i in range(2000):
            customer = Customer(shop_id=shop.id or 0, name=f"Customer {i}")
            session.add(customer)
            session.flush()
            number = f"+1514{5550000 + i:07d}"
            session.add(Contact(customer_id=customer.id or 0, name=customer.name, number=number))
            threads.append(Thread(shop_id=shop.id or 0, number=number, customer_id=customer.id))
        session.add_all(threads)
        session.flush()
        thread_ids = [t.id for t in threads]
    n = 0
    for day in range(365):
        rows, draws = [], []
        for k in range(per_day):
            at = START + timedelta(days=day, seconds=k * 100)
            n += 1
            rows.append(
                {
                    "thread_id": thread_ids[n % len(thread_ids)],
                    "direction": Direction.OUTBOUND,
                    "kind": "reply",
                    "body": "Your car is ready.",
                    "status": "failed" if n % 20 == 0 else "delivered",
                    "queue": "transactional",
                    "to_number": "+15145550000",
                    "segments": 1,
                    "encoding": "GSM-7",
                    "attempts": 1,
                    "created_at": at,
                    "updated_at": at,
                }
            )
        with session_scope(engine) as session:
            ids = session.execute(
                Message.__table__.insert().returning(Message.__table__.c.id), rows
            ).scalars()
            for message_id, row in zip(ids, rows, strict=True):
                draws.append(
                    {
                        "shop_id": 1,
                        "kind": EntryKind.DRAW,
                        "segments": -1,
                        "price": Decimal("0.012"),
                        "message_id": message_id,
                        "direction": Direction.OUTBOUND,
                        "recorded_by": "",
                        "at": row["created_at"],
                    }
                )
            session.execute(BalanceEntry.__table__.insert(), draws)
    engine.dispose()


def timed(label: str, action):  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    result = action()
    print(f"{label:<40} {1000 * (time.perf_counter() - began):8.1f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-day", type=int, default=300)
    parser.add_argument("--database")
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    url = args.database or f"sqlite:///{Path(folder) / 'bench.db'}"
    began = time.perf_counter()
    build(url, args.per_day)
    print(f"built {365 * args.per_day:,} messages in {time.perf_counter() - began:.1f} s")
    engine = make_engine(url)
    with session_scope(engine) as session:
        day = reports.make_filter(session, date(2025, 6, 16))
        timed("day: first page", lambda: reports.report_page(session, day))
        timed("day: totals", lambda: reports.report_totals(session, day))
        year = reports.make_filter(session, date(2025, 1, 1), date(2025, 12, 31))
        timed("year: first page", lambda: reports.report_page(session, year))
        timed("year: totals", lambda: reports.report_totals(session, year))

        def last_page():  # type: ignore[no-untyped-def]
            after, pages = None, 0
            while True:
                rows = reports.report_page(session, year, after=after, limit=200)
                pages += 1
                if len(rows) < 200:
                    return pages
                after = (rows[-1].at, rows[-1].message_id)

        pages = timed("year: every page (200 rows) to the last", last_page)
        print(f"  ({pages} pages)")
        failed = reports.make_filter(session, date(2025, 1, 1), date(2025, 12, 31), status="failed")
        timed("year, failed only: first page", lambda: reports.report_page(session, failed))
        timed("year, failed only: totals", lambda: reports.report_totals(session, failed))
        timed(
            "usage: a month per day",
            lambda: reports.usage(session, date(2025, 6, 1), now=datetime(2025, 6, 20, tzinfo=UTC)),
        )
    engine.dispose()


if __name__ == "__main__":
    main()
