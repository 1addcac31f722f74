"""Replies being written: one draft per staff member and thread, kept while they type so a
dropped connection, a closed terminal or a crash loses nothing."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from tui_sms.store.column_types import UTCDateTime, utcnow


class ReplyDraft(SQLModel, table=True):
    """What `staff_id` has typed in the composer of `thread_id`, as of `updated_at`."""

    __table_args__ = (sa.UniqueConstraint("staff_id", "thread_id"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    thread_id: int = Field(foreign_key="thread.id", index=True)
    body: str = Field(sa_type=sa.Text)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
