"""The prepaid balance: ledger entries (purchases and draws) and the segments still to draw."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from tui_sms.store.models import (
    BalanceEntry,
    Direction,
    Message,
    Thread,
)

# Outbound messages that will draw once the provider accepts them.
OUTBOUND_NOT_YET_ACCEPTED = ("scheduled", "queued", "sending")


def ledger_sum(session: Session, shop_id: int) -> int:
    return session.exec(
        select(func.coalesce(func.sum(BalanceEntry.segments), 0)).where(
            BalanceEntry.shop_id == shop_id
        )
    ).one()


def latest_purchase(session: Session, shop_id: int) -> BalanceEntry | None:
    return session.exec(
        select(BalanceEntry)
        .where(BalanceEntry.shop_id == shop_id, BalanceEntry.kind == "purchase")
        .order_by(col(BalanceEntry.at).desc(), col(BalanceEntry.id).desc())
        .limit(1)
    ).first()


def draw_for_message(session: Session, message_id: int) -> BalanceEntry | None:
    return session.exec(select(BalanceEntry).where(BalanceEntry.message_id == message_id)).first()


def messages_drawn(session: Session, message_ids: Iterable[int]) -> set[int]:
    """Which of these messages already drew from the ledger."""
    wanted = list(message_ids)
    if not wanted:
        return set()
    found = session.exec(
        select(BalanceEntry.message_id).where(col(BalanceEntry.message_id).in_(wanted))
    )
    return {message_id for message_id in found if message_id is not None}


def add_entries(session: Session, entries: Sequence[dict[str, Any]]) -> None:
    """Many ledger lines (every column but the id) in one statement."""
    if entries:
        session.execute(sa.insert(BalanceEntry.__table__), list(entries))  # type: ignore[attr-defined]


def segments_drawn_since(session: Session, shop_id: int, since: datetime) -> dict[str, int]:
    """Segments drawn since `since`, by direction of the messages that drew them."""
    rows = session.exec(
        select(BalanceEntry.direction, func.sum(BalanceEntry.segments))
        .where(
            BalanceEntry.shop_id == shop_id,
            BalanceEntry.kind == "draw",
            col(BalanceEntry.at) >= since,
        )
        .group_by(col(BalanceEntry.direction))
    ).all()
    return {direction or "": -int(total or 0) for direction, total in rows}


def segments_waiting(session: Session, shop_id: int) -> int:
    """Segments of this shop's outbound messages that are waiting to go out and have not drawn."""
    drawn = select(BalanceEntry.id).where(BalanceEntry.message_id == Message.id).exists()
    return session.exec(
        select(func.coalesce(func.sum(Message.segments), 0))
        .join(Thread, col(Thread.id) == col(Message.thread_id))
        .where(
            Thread.shop_id == shop_id,
            col(Message.direction) == Direction.OUTBOUND,
            col(Message.status).in_(OUTBOUND_NOT_YET_ACCEPTED),
            ~drawn,
        )
    ).one()
