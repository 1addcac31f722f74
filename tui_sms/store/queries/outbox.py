"""What the outbox gate reads about a batch of numbers, one query per fact, and the rows it
writes for a batch, one executemany per table with the ids known beforehand (bulk.py): a
batch costs the same few round trips whether it holds one message or thousands."""

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
from tui_sms.store.queries import bulk
from tui_sms.store.queries.one_of import one_of

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
            for row in session.exec(
                select(OptOut).where(one_of(session, OptOut.number, chunk))
            ).all()
        )
    return found


def threads_by_numbers(session: Session, shop_id: int, numbers: Iterable[str]) -> dict[str, Thread]:
    found: dict[str, Thread] = {}
    for chunk in _chunks(numbers):
        found.update(
            (thread.number, thread)
            for thread in session.exec(
                select(Thread).where(
                    Thread.shop_id == shop_id, one_of(session, Thread.number, chunk)
                )
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
            .where(one_of(session, Contact.number, chunk), col(Customer.shop_id) + 0 == shop_id)
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
    return bulk.insert_numbered(session, _table(Thread), rows)


def insert_messages(session: Session, rows: Sequence[dict[str, Any]]) -> list[int]:
    """New messages, each with its first status event; their ids in the order of `rows`."""
    ids = bulk.insert_numbered(session, _table(Message), rows)
    # Each first status event copied from its message in SQL, a chunk of ids at a time: the
    # same rows as one dict per message, without Python handling each of them.
    message, event = _table(Message), _table(StatusEvent)
    for chunk in _chunks(ids):
        session.execute(
            sa.insert(event).from_select(
                ["message_id", "status", "at"],
                sa.select(message.c.id, message.c.status, message.c.created_at).where(
                    one_of(session, message.c.id, chunk)
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
    ids = bulk.insert_numbered(session, change, rows)
    session.info.setdefault("change_ids", []).extend(ids)


def _table(model: Any) -> sa.Table:
    # The table itself, not the ORM entity: a plain INSERT skips the ORM's per-row work.
    return model.__table__
