"""Inserting a batch's rows into one table in one executemany, each row's id known without
RETURNING: a reminder round writes tens of thousands of rows, and the per-row work of
SQLAlchemy's parameter handling cost more than the inserts themselves.

The ids are the ones the database would have given, in the order of the rows: on PostgreSQL
drawn from the table's sequence (one query); on SQLite, max(id) + 1 on, which is what SQLite
gives a table without AUTOINCREMENT, and safe because every SQLite transaction here begins
IMMEDIATE (store/engine.py), holding the database's one write lock until it ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session


def insert_numbered(session: Session, table: sa.Table, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert `rows` (dicts with the same keys) into `table`; their ids, in their order.
    A column left out takes its default, worked out once for the batch."""
    if not rows:
        return []
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        return _insert_with_drawn_ids(session, table, rows)
    top = connection.execute(sa.select(sa.func.max(table.c.id))).scalar() or 0
    ids = list(range(top + 1, top + 1 + len(rows)))
    _insert_sqlite(connection, table, rows, ids)
    return ids


def insert_plain(session: Session, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert `rows` (dicts with the same keys) into `table`, their ids left to the database."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        session.execute(sa.insert(table), list(rows))
        return
    _insert_sqlite(connection, table, rows, None)


def _insert_sqlite(
    connection: sa.Connection,
    table: sa.Table,
    rows: Sequence[dict[str, Any]],
    ids: list[int] | None,
) -> None:
    """One executemany of plain tuples: each column's conversion (its type's bind processor)
    and the defaults of the columns left out are looked up once for the batch."""
    dialect = connection.dialect
    names = list(rows[0])
    if any(row.keys() != rows[0].keys() for row in rows):
        raise ValueError(f"rows for {table.name} differ in their columns")
    convert = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names]
    defaults = _defaults(table, set(names) | {"id"}, dialect)
    columns = (["id"] if ids is not None else []) + names + list(defaults)
    statement = (
        f"INSERT INTO {dialect.identifier_preparer.format_table(table)} "
        f"({', '.join(dialect.identifier_preparer.quote(c) for c in columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    tail = tuple(defaults.values())
    # The values as given, picked in C; only the columns whose type converts are touched.
    get, single = itemgetter(*names), len(names) == 1
    converted = [(index, to) for index, to in enumerate(convert) if to is not None]
    values: list[tuple[Any, ...]] = []
    for number, row in enumerate(rows):
        given = [get(row)] if single else list(get(row))
        for index, to in converted:
            given[index] = to(given[index])
        values.append((ids[number], *given, *tail) if ids is not None else (*given, *tail))
    connection.exec_driver_sql(statement, values)


def _defaults(table: sa.Table, given: set[str], dialect: sa.Dialect) -> dict[str, Any]:
    """The converted Python-side default of each column of `table` not in `given`."""
    found: dict[str, Any] = {}
    for column in table.c:
        default = column.default
        if column.name in given or default is None:
            continue
        if default.is_scalar:
            value = default.arg
        elif default.is_callable:
            value = default.arg(None)  # SQLAlchemy's wrapper of a no-argument callable
        else:
            raise ValueError(f"{table.name}.{column.name}: a default SQL must compute")
        to = column.type.dialect_impl(dialect).bind_processor(dialect)
        found[column.name] = value if to is None else to(value)
    return found


def _insert_with_drawn_ids(
    session: Session, table: sa.Table, rows: Sequence[dict[str, Any]]
) -> list[int]:
    """PostgreSQL: draw the rows' ids from the table's sequence (one query), then insert the
    rows with them in one executemany, which psycopg pipelines; INSERT ... RETURNING over
    thousands of VALUES rows cost four times the client's time. The ids rise in the order
    of the rows, as the column's default would have given them."""
    sequence = sa.func.pg_get_serial_sequence(table.name, "id")
    drawn = session.execute(
        sa.select(sa.func.nextval(sequence)).select_from(sa.func.generate_series(1, len(rows)))
    )
    ids = sorted(drawn.scalars())
    session.execute(sa.insert(table), [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
    return ids
