"""Engines and sessions. SQLite gets WAL, a busy timeout, foreign keys, and write-ahead locking.

SQLite transactions begin IMMEDIATE: the sender's claim (select then update) must hold the
write lock from its first statement, otherwise two workers could read the same queued rows.
PostgreSQL gets the same guarantee from `FOR UPDATE SKIP LOCKED` in the claim query.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

T = TypeVar("T")

BUSY_TIMEOUT_MS = 15_000
DEFERRED = "tui_sms_deferred"  # execution option: this SQLite transaction only reads


def make_engine(url: str, *, echo: bool = False, group: str = "") -> Engine:
    """An engine for `url`; a new SQLite file and its new directory are private to the
    owner, or to the owner and `group` when the shop shares them between OS accounts."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url, echo=echo, group=group)
    return sa.create_engine(url, echo=echo, pool_pre_ping=True)


def _sqlite_engine(url: str, *, echo: bool, group: str) -> Engine:
    database = sa.engine.make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        create_private_file(Path(database), group)
    engine = sa.create_engine(
        url,
        echo=echo,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Take transaction control from pysqlite so that BEGIN IMMEDIATE is ours to emit.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        # A `read_scope` begins deferred: in WAL mode it reads a snapshot and takes no lock.
        deferred = connection.get_execution_options().get(DEFERRED, False)
        connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")

    return engine


def create_private_file(path: Path, group: str = "") -> None:
    """Create `path` (and missing parents) readable by its owner only (0600 in 0700), or by
    its owner and `group` (0660 in a setgid 0770). SQLite gives its -wal and -shm files
    the database file's mode, so they follow. Existing files are left as they are
    (`tui-sms doctor` reports wide ones)."""
    gid = _group_id(group) if group else None
    dir_mode, file_mode = (0o2770, 0o660) if gid is not None else (0o700, 0o600)
    missing = [parent for parent in [path.parent, *path.parent.parents] if not parent.exists()]
    for directory in reversed(missing):
        directory.mkdir(mode=dir_mode)
        directory.chmod(dir_mode)  # mkdir's mode is narrowed by the umask; setgid is not set
        if gid is not None:
            os.chown(directory, -1, gid)
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, file_mode)
    except FileExistsError:
        return
    os.close(descriptor)
    os.chmod(path, file_mode)
    if gid is not None:
        os.chown(path, -1, gid)


def _group_id(group: str) -> int:
    import grp

    try:
        return grp.getgrnam(group).gr_gid
    except KeyError:
        raise ValueError(f"the group {group!r} does not exist on this machine") from None


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def read_scope(engine: Engine) -> Iterator[Session]:
    """A unit of work that only reads and never holds SQLite's write lock: for the looks a
    running app takes ten times a second, which must not hold up the sender's writes (on
    PostgreSQL a read blocks no writer anyway). Nothing is committed."""
    with engine.connect() as connection:
        connection.execution_options(**{DEFERRED: True})
        with Session(bind=connection) as session:
            yield session


async def in_transaction(engine: Engine, work: Callable[[Session], T]) -> T:
    """Run one transaction in a thread, so a slow disk never stalls the event loop."""

    def run() -> T:
        with session_scope(engine) as session:
            return work(session)

    return await asyncio.to_thread(run)


async def in_loop_transaction(engine: Engine, work: Callable[[Session], T]) -> T:
    """Run one short transaction on the event loop's own thread, when that is cheaper.

    On SQLite a few statements take microseconds each, but a thread that runs them beside
    a busy event loop waits up to the interpreter's switch interval (5 ms) for the GIL at
    every statement: a 50-message claim took hundreds of milliseconds that way. A network
    database (PostgreSQL) waits on its socket instead, so its transactions keep the thread.
    """
    if not is_sqlite(engine):
        return await in_transaction(engine, work)
    with session_scope(engine) as session:
        return work(session)
