"""A copy of a SQLite database taken while staff work: SQLite's online backup API copies a
consistent snapshot page by page, letting writers go on between steps."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import Engine

from tui_sms.store.engine import create_private_file

# Pages copied per step; the writers of the live database get their turn between steps.
PAGES_PER_STEP = 1024


def backup_sqlite(engine: Engine, target: Path, group: str = "") -> int:
    """Copy the database behind `engine` into the new file `target` (private like the
    database); returns its size in bytes."""
    create_private_file(target, group)
    source = engine.raw_connection()
    try:
        live = source.driver_connection
        assert isinstance(live, sqlite3.Connection)
        copy = sqlite3.connect(target)
        try:
            live.backup(copy, pages=PAGES_PER_STEP, sleep=0.005)
        finally:
            copy.close()
    finally:
        source.close()
    return target.stat().st_size
