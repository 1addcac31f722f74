"""The habits of a shared inbox: opening hours, the automatic answers already sent, texts
scheduled for later, snoozed threads coming due, and mentions of a colleague in a note."""

from __future__ import annotations

from datetime import datetime, time

import sqlalchemy as sa
from sqlmodel import Session, col, select

from tui_sms.store.inbox_models import Mention, OpeningHours
from tui_sms.store.models import Direction, Message, Thread


def opening_hours(session: Session, shop_id: int) -> list[OpeningHours]:
    return list(
        session.exec(
            select(OpeningHours)
            .where(OpeningHours.shop_id == shop_id)
            .order_by(col(OpeningHours.weekday))
        ).all()
    )


def set_day_hours(
    session: Session, shop_id: int, weekday: int, hours: tuple[time, time] | None
) -> None:
    """One weekday's range, or None: closed that day."""
    row = session.exec(
        select(OpeningHours).where(OpeningHours.shop_id == shop_id, OpeningHours.weekday == weekday)
    ).first()
    if hours is None:
        if row is not None:
            session.delete(row)
        return
    row = row or OpeningHours(shop_id=shop_id, weekday=weekday, opens=hours[0], closes=hours[1])
    row.opens, row.closes = hours
    session.add(row)


def latest_outbound(
    session: Session, thread_id: int, *, kind: str | None = None, automatic: bool = False
) -> Message | None:
    """The newest outbound text of a thread (of one kind; or written by nobody: automatic)."""
    query = select(Message).where(
        Message.thread_id == thread_id, col(Message.direction) == Direction.OUTBOUND
    )
    if kind is not None:
        query = query.where(Message.kind == kind)
    if automatic:
        query = query.where(col(Message.author_id).is_(None))
    return session.exec(query.order_by(col(Message.id).desc()).limit(1)).first()


def scheduled_messages(session: Session, thread_id: int) -> list[Message]:
    return list(
        session.exec(
            select(Message)
            .where(
                Message.thread_id == thread_id,
                col(Message.direction) == Direction.OUTBOUND,
                col(Message.status) == "scheduled",
            )
            .order_by(col(Message.scheduled_for), col(Message.id))
        ).all()
    )


def due_scheduled(
    session: Session, now: datetime, *, except_kinds: tuple[str, ...]
) -> list[Message]:
    """Scheduled texts (but those kinds) whose time has come, locked for this transaction."""
    return list(
        session.exec(
            select(Message)
            .where(
                col(Message.direction) == Direction.OUTBOUND,
                col(Message.status) == "scheduled",
                col(Message.scheduled_for) <= now,
                col(Message.kind).not_in(except_kinds),
            )
            .with_for_update(skip_locked=True)
        ).all()
    )


def due_snoozed(session: Session, now: datetime) -> list[Thread]:
    return list(
        session.exec(
            select(Thread)
            .where(col(Thread.snoozed_until).is_not(None), col(Thread.snoozed_until) <= now)
            .with_for_update(skip_locked=True)
        ).all()
    )


def add_mention(
    session: Session, thread_id: int, staff_id: int, message_id: int, at: datetime
) -> None:
    session.add(
        Mention(thread_id=thread_id, staff_id=staff_id, message_id=message_id, created_at=at)
    )


def unseen_mention_threads(staff_id: int | None) -> sa.Select[tuple[int]]:
    """The threads with a note naming this colleague that they have not opened yet."""
    return select(Mention.thread_id).where(
        col(Mention.staff_id) == staff_id, col(Mention.seen_at).is_(None)
    )


def mentioned_thread_ids(session: Session, staff_id: int) -> set[int]:
    found = session.exec(
        select(Mention.thread_id).where(
            Mention.staff_id == staff_id, col(Mention.seen_at).is_(None)
        )
    )
    return set(found)


def mark_mentions_seen(session: Session, thread_id: int, staff_id: int, at: datetime) -> int:
    result = session.execute(
        sa.update(Mention)
        .where(
            col(Mention.thread_id) == thread_id,
            col(Mention.staff_id) == staff_id,
            col(Mention.seen_at).is_(None),
        )
        .values(seen_at=at)
    )
    return result.rowcount or 0
