"""Tables for the habits of a shared inbox: the shop's opening hours (for the after-hours
answer) and the mentions of a colleague in an internal note (for their Mine view).

The after-hours answer's switch and texts are the shop's columns `after_hours_reply`,
`closed_reply_en` and `closed_reply_fr` (empty: the default sentence in that language)."""

from __future__ import annotations

from datetime import datetime, time

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from tui_sms.store.column_types import UTCDateTime, utcnow


class OpeningHours(SQLModel, table=True):
    """When the shop is open on one weekday (0 is Monday); a day without a row is closed.
    A shop without any row has no hours set, and then never answers "we are closed"."""

    __table_args__ = (sa.UniqueConstraint("shop_id", "weekday"),)

    id: int | None = Field(default=None, primary_key=True)
    shop_id: int = Field(foreign_key="shop.id", index=True)
    weekday: int
    opens: time
    closes: time


class Mention(SQLModel, table=True):
    """`@login` in an internal note: the thread shows in that colleague's Mine, marked, until
    they open it (`seen_at`)."""

    id: int | None = Field(default=None, primary_key=True)
    thread_id: int = Field(foreign_key="thread.id", index=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    message_id: int = Field(foreign_key="message.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    seen_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
