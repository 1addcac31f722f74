"""What the CSV imports read for a chunk of rows, one query per table, and write for it, one
statement per table (plain INSERT / UPDATE on the tables: no ORM object per row)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from tui_sms.store.models import Consent, Contact, Customer

IN_CHUNK = 500


def _chunks(values: Iterable[Any]) -> list[list[Any]]:
    wanted = sorted(set(values))
    return [wanted[start : start + IN_CHUNK] for start in range(0, len(wanted), IN_CHUNK)]


def customer_ids_by_external_id(session: Session, external_ids: Iterable[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(external_ids):
        found.update(
            (external_id or "", customer_id or 0)
            for customer_id, external_id in session.exec(
                select(Customer.id, Customer.external_id).where(
                    col(Customer.external_id).in_(chunk)
                )
            ).all()
        )
    return found


@dataclass
class StoredContacts:
    """A customer's contacts as stored: the primary one (id, number) and every number."""

    primary: tuple[int, str] | None = None
    numbers: set[str] = field(default_factory=set)


def contacts_of_customers(
    session: Session, customer_ids: Iterable[int]
) -> dict[int, StoredContacts]:
    """Each customer's contacts; the primary is the one `jobs.primary_contacts` gives."""
    found: dict[int, StoredContacts] = {}
    for chunk in _chunks(customer_ids):
        rows = session.exec(
            select(Contact.id, Contact.customer_id, Contact.number)
            .where(col(Contact.customer_id).in_(chunk))
            .order_by(col(Contact.is_primary).desc(), col(Contact.id))
        ).all()
        for contact_id, customer_id, number in rows:
            stored = found.setdefault(customer_id, StoredContacts())
            if stored.primary is None:
                stored.primary = (contact_id or 0, number)
            stored.numbers.add(number)
    return found


def insert_customers(session: Session, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """New customers (each of a different external_id); external_id → the new id."""
    if not rows:
        return {}
    table = _table(Customer)
    result = session.execute(
        sa.insert(table).returning(table.c.id, table.c.external_id), list(rows)
    )
    return {external_id: customer_id for customer_id, external_id in result.all()}


def update_customers(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Each row: `row_id` and the columns to set (the same columns in every row)."""
    _update_by_id(session, _table(Customer), rows)


def insert_contacts(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.execute(sa.insert(_table(Contact)), list(rows))


def renumber_contacts(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Each row: `row_id` and the contact's new `number`."""
    _update_by_id(session, _table(Contact), rows)


def insert_consents(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.execute(sa.insert(_table(Consent)), list(rows))


def _update_by_id(session: Session, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = [name for name in rows[0] if name != "row_id"]
    # A bound parameter may not be named as the column it sets.
    session.execute(
        sa.update(table)
        .where(table.c.id == sa.bindparam("row_id"))
        .values({name: sa.bindparam(f"new_{name}") for name in columns}),
        [{f"new_{k}" if k != "row_id" else k: v for k, v in row.items()} for row in rows],
    )


def _table(model: Any) -> sa.Table:
    return model.__table__
