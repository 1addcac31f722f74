"""One staff action from the interface, one transaction; the change markers it wrote are
reported before the commit, so the interface can leave them out of the change feed it polls
(it reloads after its own action already, and would otherwise reload twice)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tui_sms.store.engine import session_scope
from tui_sms.store.models import Change

T = TypeVar("T")


def perform(
    engine: Engine,
    work: Callable[[Session], T],
    *,
    wrote_changes: Callable[[Iterable[int]], None] | None = None,
) -> T:
    """Run `work` in its own transaction: committed on success, rolled back on any error."""
    with session_scope(engine) as session:
        if wrote_changes is not None:
            _report_changes(session, wrote_changes)
        result = work(session)
        # Markers written in bulk (store.queries.outbox) skip the flush: reported here,
        # still before the commit.
        bulk = session.info.pop("change_ids", [])
        if wrote_changes is not None and bulk:
            wrote_changes(bulk)
        return result


def _report_changes(session: Session, wrote_changes: Callable[[Iterable[int]], None]) -> None:
    # After a flush the new rows have their ids; reporting them before the commit means a
    # poll that sees the committed rows already knows they are this action's own.
    @event.listens_for(session, "after_flush")
    def _after_flush(flushed: Session, _context: object) -> None:
        ids = [row.id for row in flushed.new if isinstance(row, Change) and row.id is not None]
        if ids:
            wrote_changes(ids)
