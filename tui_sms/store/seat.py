"""The sender seat: one row naming the process that sends for this database.

Taking, keeping and giving up the seat are each one compare-and-set UPDATE, so exactly one
process holds it on SQLite (BEGIN IMMEDIATE) and on PostgreSQL (the row lock re-checks the
WHERE clause). A `tui-sms worker` takes the seat from an app; an app never takes it from a
worker; anyone takes it once its holder stopped renewing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, Session, SQLModel, col

from tui_sms.store.column_types import UTCDateTime

SEAT_ID = 1
WORKER = "worker"
APP = "app"


class SenderSeat(SQLModel, table=True):
    """Who sends: `holder` until `held_until`; `last_held_at` is the last time anyone did."""

    id: int = Field(default=SEAT_ID, primary_key=True)
    holder: str | None = None
    kind: str = ""
    held_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    taken_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_held_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


@dataclass(frozen=True)
class SeatState:
    holder: str | None
    kind: str
    held_until: datetime | None
    last_held_at: datetime | None

    def held(self, now: datetime) -> bool:
        return self.holder is not None and self.held_until is not None and self.held_until >= now


def take_or_keep(session: Session, me: str, kind: str, now: datetime, until: datetime) -> bool:
    """Hold the seat until `until` if it is free, stale, ours, or an app's and we are a
    worker. True when we hold it after this statement."""
    seat = SenderSeat.__table__  # type: ignore[attr-defined]
    free = sa.or_(
        seat.c.holder == me,
        seat.c.holder.is_(None),
        seat.c.held_until.is_(None),
        seat.c.held_until < now,
    )
    if kind == WORKER:
        free = sa.or_(free, seat.c.kind == APP)
    statement = (
        sa.update(SenderSeat)
        .where(col(SenderSeat.id) == SEAT_ID, free)
        .values(
            holder=me,
            kind=kind,
            held_until=until,
            last_held_at=now,
            taken_at=sa.case(
                (seat.c.holder == me, seat.c.taken_at), else_=sa.literal(now, UTCDateTime())
            ),
        )
    )
    result = session.execute(statement)
    if (result.rowcount or 0) == 0 and session.get(SenderSeat, SEAT_ID) is None:
        # A database made before the seat row existed, or emptied by hand: make it once.
        session.add(
            SenderSeat(holder=me, kind=kind, held_until=until, taken_at=now, last_held_at=now)
        )
        session.flush()
        return True
    return (result.rowcount or 0) == 1


def give_up(session: Session, me: str, now: datetime) -> None:
    """Leave the seat at once, so another process takes it on its next try."""
    session.execute(
        sa.update(SenderSeat)
        .where(col(SenderSeat.id) == SEAT_ID, col(SenderSeat.holder) == me)
        .values(holder=None, kind="", held_until=now, last_held_at=now)
    )


def read_seat(session: Session) -> SeatState:
    row = session.get(SenderSeat, SEAT_ID)
    if row is None:
        return SeatState(None, "", None, None)
    return SeatState(row.holder, row.kind, row.held_until, row.last_held_at)
