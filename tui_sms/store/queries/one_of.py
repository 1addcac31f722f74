"""`column IN (a batch of values)` as one bound parameter on SQLite: a JSON array read back
with json_each. SQLAlchemy renders an IN of 500 values afresh at each execution (500
placeholders and their names) and SQLite prepares that new text each time; the JSON form is
one statement text, prepared once, whatever the values. PostgreSQL keeps the plain IN.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session


def one_of(session: Session, column: Any, values: Sequence[str | int]) -> sa.ColumnElement[bool]:
    """`column` is one of `values` (strings or integers, compared as SQL compares them)."""
    if session.get_bind().dialect.name != "sqlite":
        return column.in_(values)  # type: ignore[no-any-return]
    listed = sa.bindparam(None, json.dumps(list(values)), type_=sa.String)
    return column.in_(  # type: ignore[no-any-return]
        sa.select(sa.column("value")).select_from(sa.func.json_each(listed))
    )
