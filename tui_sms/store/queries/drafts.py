"""Reply drafts: keep, read and drop what a staff member is writing to a thread."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from tui_sms.store.draft_models import ReplyDraft


def keep_draft(session: Session, staff_id: int, thread_id: int, body: str, now: datetime) -> None:
    """Insert or replace the draft in one statement, so two saves never collide on the
    (staff, thread) key."""
    dialect = session.get_bind().dialect.name
    # The dialect modules load on the first save, not with the app.
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    values = {"staff_id": staff_id, "thread_id": thread_id, "body": body, "updated_at": now}
    statement = insert(ReplyDraft).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["staff_id", "thread_id"],
        set_={"body": statement.excluded.body, "updated_at": statement.excluded.updated_at},
    )
    session.execute(statement)


def drop_draft(session: Session, staff_id: int, thread_id: int) -> None:
    session.execute(
        sa.delete(ReplyDraft).where(
            col(ReplyDraft.staff_id) == staff_id, col(ReplyDraft.thread_id) == thread_id
        )
    )


def draft_body(session: Session, staff_id: int, thread_id: int) -> str | None:
    return session.exec(
        select(ReplyDraft.body).where(
            col(ReplyDraft.staff_id) == staff_id, col(ReplyDraft.thread_id) == thread_id
        )
    ).first()


def threads_with_drafts(session: Session, staff_id: int) -> set[int]:
    return set(
        session.exec(select(ReplyDraft.thread_id).where(col(ReplyDraft.staff_id) == staff_id))
    )
