"""The stored classification of numbers (`TextableNumber`): read for a batch's numbers at
once, and written when a number is saved or first checked."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from tui_sms.store.number_models import TextableNumber
from tui_sms.store.queries.one_of import one_of

# Well under SQLite's and PostgreSQL's limits on bound parameters in one statement.
_CHUNK = 500


def known(session: Session, numbers: Iterable[str], metadata_version: str) -> dict[str, str | None]:
    """number → its stored zone, for those of `numbers` classified under `metadata_version`
    (a classification made with other metadata is not one to trust: the caller checks anew)."""
    wanted = sorted(set(numbers))
    found: dict[str, str | None] = {}
    for start in range(0, len(wanted), _CHUNK):
        rows = session.exec(
            select(TextableNumber.number, TextableNumber.time_zone).where(
                one_of(session, TextableNumber.number, wanted[start : start + _CHUNK]),
                TextableNumber.metadata_version == metadata_version,
            )
        ).all()
        found.update(rows)
    return found


def remember(session: Session, zones: dict[str, str | None], metadata_version: str) -> None:
    """Store that each number of `zones` takes texts and lives in its zone, replacing what
    older metadata said. Sorted, so two transactions writing the same numbers on PostgreSQL
    lock them in the same order and cannot deadlock."""
    if not zones:
        return
    table: Any = TextableNumber.__table__  # type: ignore[attr-defined]
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    insert = dialect.insert(table)
    statement = insert.on_conflict_do_update(
        index_elements=[table.c.number],
        set_={
            "time_zone": insert.excluded.time_zone,
            "metadata_version": insert.excluded.metadata_version,
        },
    )
    rows = [
        {"number": number, "time_zone": zones[number], "metadata_version": metadata_version}
        for number in sorted(zones)
    ]
    session.execute(statement, rows)
