"""Make a large shop-group database: 100,000 threads and 1,000,000 messages in a SQLite file.

    python bench/seed_large.py [PATH] [--threads N] [--messages N] [--big N]

Thread 1 is the long one (`--big` messages, 10,000 by default); most threads are resolved,
as years of texts are. Bulk inserts go through SQLAlchemy Core executemany in chunks.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from tui_sms.store import migrate
from tui_sms.store.engine import make_engine
from tui_sms.store.models import (
    Contact,
    Customer,
    Message,
    SenderNumber,
    Shop,
    Staff,
    Thread,
)

CHUNK = 50_000
STAFF = [("marie", "Marie Gagnon", "fr"), ("luc", "Luc Bouchard", "en")]
STAFF += [("sam", "Sam Tremblay", "en"), ("nadia", "Nadia Roy", "fr")]
FIRST = ["Émilie", "John", "Ana", "Luc", "Zoé", "David", "Priya", "Noël", "Sarah", "Hélène"]
LAST = ["Côté", "Smith", "Pereira", "Roy", "Chen", "Patel", "Gagnon", "Lee", "Dubé", "Brown"]
BODIES = [
    "Your car is ready for pick-up.",
    "Votre véhicule sera prêt demain à 15 h.",
    "Great, thanks! Can I pay by card?",
    "Est-ce que les pneus d'hiver sont inclus?",
    "Yes, we take debit and credit.",
]


def insert(connection: sa.Connection, table: sa.Table, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        connection.execute(sa.insert(table), rows[start : start + CHUNK])


def seed(path: Path, threads: int, messages: int, big: int, seed_value: int = 7) -> None:
    rng = random.Random(seed_value)
    path.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    now = datetime.now(UTC).replace(microsecond=0)
    start = now - timedelta(days=3 * 365)
    span = (now - start).total_seconds()
    with engine.begin() as connection:
        connection.execute(
            sa.insert(Shop.__table__),  # type: ignore[attr-defined]
            [
                {
                    "id": 1,
                    "name": "Garage Large",
                    "phone": "",
                    "country": "CA",
                    "province": "QC",
                    "time_zone": "America/Toronto",
                    "return_email": "",
                    "disclaimer_en": "",
                    "disclaimer_fr": "",
                    "quiet_start": datetime(2000, 1, 1, 21).time(),
                    "quiet_end": datetime(2000, 1, 1, 8).time(),
                    "currency": "CAD",
                }
            ],
        )
        insert(
            connection,
            Staff.__table__,  # type: ignore[attr-defined]
            [
                {
                    "id": i + 1,
                    "login": login,
                    "display_name": name,
                    "language": lang,
                    "active": True,
                }
                for i, (login, name, lang) in enumerate(STAFF)
            ],
        )
        insert(
            connection,
            SenderNumber.__table__,  # type: ignore[attr-defined]
            [
                {"number": n, "queue": "transactional", "rate_limit": 1.0, "active": True}
                for n in ("+14386013562", "+14386013492")
            ],
        )
        numbers = [f"+1514{2000000 + i:07d}" for i in range(threads)]
        insert(
            connection,
            Customer.__table__,  # type: ignore[attr-defined]
            [
                {
                    "id": i + 1,
                    "shop_id": 1,
                    "name": f"{FIRST[i % 10]} {LAST[(i // 10) % 10]} {i}",
                    "language": "fr" if i % 3 == 0 else "en",
                    "customer_type": "",
                    "customer_class": "",
                    "notes": "",
                }
                for i in range(threads)
            ],
        )
        insert(
            connection,
            Contact.__table__,  # type: ignore[attr-defined]
            [
                {"customer_id": i + 1, "name": "", "number": numbers[i], "is_primary": True}
                for i in range(threads)
            ],
        )
        # Messages per thread: thread 1 gets `big`, the rest share what is left evenly.
        counts = [big] + [0] * (threads - 1)
        for k in range(messages - big):
            counts[1 + k % (threads - 1)] += 1
        thread_rows, message_rows = [], []
        message_id = 0
        for i in range(threads):
            first_at = start + timedelta(seconds=rng.random() * span * 0.95)
            at = first_at
            for k in range(counts[i]):
                message_id += 1
                at = at + timedelta(minutes=rng.randint(1, 90) if i else 1)
                inbound = k % 2 == 1
                message_rows.append(
                    {
                        "id": message_id,
                        "thread_id": i + 1,
                        "direction": "inbound" if inbound else "outbound",
                        "kind": "reply",
                        "body": BODIES[(i + k) % len(BODIES)],
                        "status": "received" if inbound else "delivered",
                        "queue": "transactional",
                        "to_number": None if inbound else numbers[i],
                        "from_number": numbers[i] if inbound else "+14386013562",
                        "segments": 1,
                        "encoding": "GSM-7",
                        "attempts": 1,
                        "created_at": at,
                        "updated_at": at,
                    }
                )
            open_ = i < threads // 20 or i == 0
            thread_rows.append(
                {
                    "id": i + 1,
                    "shop_id": 1,
                    "customer_id": i + 1,
                    "number": numbers[i],
                    "state": "open" if open_ else "resolved",
                    "assignee_id": rng.choice([None, 1, 2, 3, 4]),
                    "sender_number": "+14386013562",
                    "last_activity_at": at,
                    "last_preview": BODIES[i % len(BODIES)],
                    "unread_count": 1 if open_ and i % 7 == 0 else 0,
                    "flagged": "",
                    "created_at": first_at,
                }
            )
            if len(message_rows) >= CHUNK:
                if thread_rows and thread_rows[-1]["id"] == i + 1:
                    insert(connection, Thread.__table__, thread_rows)  # type: ignore[attr-defined]
                    thread_rows = []
                insert(connection, Message.__table__, message_rows)  # type: ignore[attr-defined]
                message_rows = []
        insert(connection, Thread.__table__, thread_rows)  # type: ignore[attr-defined]
        insert(connection, Message.__table__, message_rows)  # type: ignore[attr-defined]
    with engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", default="/tmp/tui-sms-large.db", type=Path)
    parser.add_argument("--threads", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--big", type=int, default=10_000)
    args = parser.parse_args()
    began = time.perf_counter()
    seed(args.path, args.threads, args.messages, args.big)
    took = time.perf_counter() - began
    print(f"{args.path}: {args.threads:,} threads, {args.messages:,} messages in {took:.1f} s")


if __name__ == "__main__":
    main()
