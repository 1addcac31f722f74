"""What the outbox gate reads about a batch of numbers, one query per fact, and the rows it
writes for a batch, one statement per table (on PostgreSQL, after one drawing their ids):
a batch costs the same few round trips whether it holds one message or thousands."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from tui_sms.store.models import (
    Change,
    Contact,
    Customer,
    Message,
    OptOut,
    StatusEvent,
    Thread,
    utcnow,
)

# Well under SQLite's and PostgreSQL's limits on bound parameters in one statement.
IN_CHUNK = 500


def _chunks(values: Iterable[Any]) -> list[list[Any]]:
    wanted = sorted(set(values))
    return [wanted[start : start + IN_CHUNK] for start in range(0, len(wanted), IN_CHUNK)]


def opt_outs(session: Session, numbers: Iterable[str]) -> dict[str, OptOut]:
    found: dict[str, OptOut] = {}
    for chunk in _chunks(numbers):
        found.update(
            (row.number, row)
            for row in session.exec(select(OptOut).where(col(OptOut.number).in_(chunk))).all()
        )
    return found


def threads_by_numbers(session: Session, shop_id: int, numbers: Iterable[str]) -> dict[str, Thread]:
    found: dict[str, Thread] = {}
    for chunk in _chunks(numbers):
        found.update(
            (thread.number, thread)
            for thread in session.exec(
                select(Thread).where(Thread.shop_id == shop_id, col(Thread.number).in_(chunk))
            ).all()
        )
    return found


def customers_for_numbers(
    session: Session, shop_id: int, numbers: Iterable[str]
) -> dict[str, tuple[int, str]]:
    """number → (customer id, language) of the customer a new conversation belongs to: the
    one whose primary contact it is, else the oldest (as `people.customer_for_number`)."""
    found: dict[str, tuple[int, str]] = {}
    for chunk in _chunks(numbers):
        rows = session.exec(
            select(Contact.number, Customer.id, Customer.language)
            .join(Contact, col(Contact.customer_id) == col(Customer.id))
            # `+ 0`: SQLite otherwise walks every customer of the shop (its one shop, in most
            # cases) for the few hundred numbers, instead of looking each number up.
            .where(col(Contact.number).in_(chunk), col(Customer.shop_id) + 0 == shop_id)
            .order_by(col(Contact.is_primary).desc(), col(Customer.id))
        ).all()
        for number, customer_id, language in rows:
            found.setdefault(number, (customer_id or 0, language))
    return found


def customer_languages(session: Session, customer_ids: Iterable[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for chunk in _chunks(customer_ids):
        found.update(
            (customer_id or 0, language)
            for customer_id, language in session.exec(
                select(Customer.id, Customer.language).where(col(Customer.id).in_(chunk))
            ).all()
        )
    return found


def insert_threads(session: Session, rows: Sequence[dict[str, Any]]) -> list[int]:
    """New conversations; their ids in the order of `rows`."""
    return _insert_returning_ids(session, Thread, rows, ("shop_id", "number"))


# What tells a batch's messages apart; rows alike in all of these are interchangeable. A
# batch whose messages differ in thread or kind (a reminder round: a disclaimer and a
# reminder per conversation) is told apart by those two, read back far cheaper than texts
# and times.
_MESSAGE_BRIEF_KEY = ("thread_id", "kind")
_MESSAGE_KEY = (
    "thread_id",
    "kind",
    "body",
    "to_number",
    "status",
    "scheduled_for",
    "validity_seconds",
    "author_id",
)


def insert_messages(session: Session, rows: Sequence[dict[str, Any]]) -> list[int]:
    """New messages, each with its first status event; their ids in the order of `rows`."""
    key = _MESSAGE_BRIEF_KEY if _tells_apart(rows, _MESSAGE_BRIEF_KEY) else _MESSAGE_KEY
    ids = _insert_returning_ids(session, Message, rows, key)
    # Each first status event copied from its message in SQL, a chunk of ids at a time: the
    # same rows as one dict per message, without Python handling each of them.
    message, event = _table(Message), _table(StatusEvent)
    for chunk in _chunks(ids):
        session.execute(
            sa.insert(event).from_select(
                ["message_id", "status", "at"],
                sa.select(message.c.id, message.c.status, message.c.created_at).where(
                    message.c.id.in_(chunk)
                ),
            )
        )
    return ids


def insert_changes(session: Session, thread_ids: Sequence[int], kind: str) -> None:
    """Change markers, one per thread id given (as `threads.record_change` writes one); their
    ids are kept in `session.info["change_ids"]` for the interface's own-change filter."""
    if not thread_ids:
        return
    change = _table(Change)
    # One instant for the batch, as its one statement: the default would call the clock
    # (and convert its answer) for every row.
    at = utcnow()
    rows = [{"thread_id": thread_id, "kind": kind, "at": at} for thread_id in thread_ids]
    if _on_postgresql(session):
        ids = _insert_with_drawn_ids(session, change, rows)
    else:
        ids = [row[0] for row in session.execute(sa.insert(change).returning(change.c.id), rows)]
    session.info.setdefault("change_ids", []).extend(ids)


def _table(model: Any) -> sa.Table:
    # The table itself, not the ORM entity: a plain INSERT skips the ORM's per-row work.
    return model.__table__


def _tells_apart(rows: Sequence[dict[str, Any]], key: tuple[str, ...]) -> bool:
    """Whether no two rows agree on every column of `key`."""
    return len({tuple(row[name] for name in key) for row in rows}) == len(rows)


def _insert_returning_ids(
    session: Session, table: Any, rows: Sequence[dict[str, Any]], key: tuple[str, ...]
) -> list[int]:
    """Insert `rows` in one statement (a few for big batches) and give each row its id.

    RETURNING in the order of the rows would make SQLite insert them one at a time (it
    cannot promise the order), so the rows come back in any order with the columns of `key`,
    and are matched to the rows given by them."""
    if not rows:
        return []
    core = _table(table)
    if _on_postgresql(session):
        return _insert_with_drawn_ids(session, core, rows)
    columns = [core.c[name] for name in key]
    result = session.execute(sa.insert(core).returning(core.c.id, *columns), list(rows))
    ids: dict[tuple[Any, ...], list[int]] = {}
    for found in sorted(result.all(), key=lambda r: r[0], reverse=True):
        ids.setdefault(tuple(found[1:]), []).append(found[0])
    return [ids[tuple(row[name] for name in key)].pop() for row in rows]


def _on_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _insert_with_drawn_ids(
    session: Session, core: sa.Table, rows: Sequence[dict[str, Any]]
) -> list[int]:
    """PostgreSQL: draw the rows' ids from the table's sequence (one query), then insert the
    rows with them in one executemany, which psycopg pipelines; INSERT ... RETURNING over
    thousands of VALUES rows cost four times the client's time. The ids rise in the order
    of the rows, as the column's default would have given them."""
    sequence = sa.func.pg_get_serial_sequence(core.name, "id")
    drawn = session.execute(
        sa.select(sa.func.nextval(sequence)).select_from(sa.func.generate_series(1, len(rows)))
    )
    ids = sorted(drawn.scalars())
    session.execute(sa.insert(core), [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
    return ids
