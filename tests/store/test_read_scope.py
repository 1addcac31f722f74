"""The app's frequent looks at the change feed read without SQLite's write lock: a sender
in the middle of a write never makes them wait, and they never make the sender wait."""

from __future__ import annotations

import sqlalchemy as sa

from tui_sms.services import status_view
from tui_sms.store import migrate
from tui_sms.store.engine import make_engine, read_scope, session_scope
from tui_sms.store.models import Change


def test_a_look_at_the_changes_reads_while_a_writer_holds_the_lock(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'shop.db'}")
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        session.add(Change(thread_id=None, kind="test"))
    assert len(status_view.changes_since(engine, 0)) == 1
    with session_scope(engine) as writer:
        writer.add(Change(thread_id=None, kind="test"))
        writer.flush()  # the write lock is held from here until the commit
        with read_scope(engine) as session:
            # A look taking the write lock would fail at once instead of reading.
            session.connection().exec_driver_sql("PRAGMA busy_timeout=0")
            seen = session.exec(sa.select(Change.id)).all()
        assert len(seen) == 1  # the snapshot before the writer's commit
    assert len(status_view.changes_since(engine, 0)) == 2
    engine.dispose()
