"""Alembic, driven from code: `tui-sms db upgrade` and the app's own start-up both call this.

Start-up only needs to know whether the schema is current, and Alembic costs a noticeable
share of an app's start to import: the database's revision is one read of
`alembic_version`, and the head is read from the `revision` / `down_revision` lines of the
files in migrations/versions/. Alembic itself loads only when a migration must run.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"^revision(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision(?::[^=]*)?=\s*(?:['\"]([^'\"]+)['\"]|None)", re.MULTILINE)


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def upgrade_if_needed(engine: Engine) -> bool:
    """Bring the schema to the head, loading Alembic only when it is behind. True if it ran."""
    if is_up_to_date(engine):
        return False
    upgrade(engine)
    return True


def current_revision(engine: Engine) -> str | None:
    """The database's revision, None for an empty database (or one with several heads,
    which only Alembic can sort out)."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        rows = connection.execute(sa.text("SELECT version_num FROM alembic_version")).all()
    return rows[0][0] if len(rows) == 1 else None


@cache
def head_revision() -> str | None:
    """The newest revision of the versions folder: the one no other revision comes after.
    Several heads (two migrations added side by side) give None, so start-up runs Alembic,
    which says what is wrong."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN.search(text)
        if revision is None:
            continue
        revisions.add(revision[1])
        if down is not None and down[1]:
            parents.add(down[1])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def is_up_to_date(engine: Engine) -> bool:
    head = head_revision()
    return head is not None and current_revision(engine) == head
