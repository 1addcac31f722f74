"""The sender's queue: scheduled texts coming due, claimable messages and their leases,
the sender numbers and their pools, status events and provider sids."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, func, select

from tui_sms.store.models import (
    Direction,
    Message,
    SenderNumber,
    StatusEvent,
)

OUTBOUND_IN_FLIGHT = ("queued", "sending", "accepted", "sent")


def message_by_sid(session: Session, sid: str) -> Message | None:
    return session.exec(select(Message).where(Message.provider_sid == sid)).first()


def known_sids(session: Session, sids: Iterable[str]) -> set[str]:
    wanted = list(sids)
    if not wanted:
        return set()
    found = session.exec(select(Message.provider_sid).where(col(Message.provider_sid).in_(wanted)))
    return {sid for sid in found if sid}


def load_messages(session: Session, ids: Iterable[int]) -> list[Message]:
    """Messages by id in one query; later `session.get` calls find them without a query."""
    wanted = list(ids)
    if not wanted:
        return []
    return list(session.exec(select(Message).where(col(Message.id).in_(wanted))).all())


def add_status_event(session: Session, message: Message, at: datetime, raw: str | None) -> None:
    session.add(StatusEvent(message_id=message.id or 0, status=message.status, at=at, raw_code=raw))


def promote_due_scheduled(session: Session, now: datetime) -> int:
    result = session.execute(
        sa.update(Message)
        .where(
            col(Message.status) == "scheduled",
            col(Message.direction) == Direction.OUTBOUND,
            col(Message.scheduled_for) <= now,
        )
        .values(status="queued", updated_at=now)
    )
    return result.rowcount or 0


def lock_sender_pool(session: Session, queue: str) -> list[SenderNumber]:
    """The active numbers of a queue, locked for this transaction (the rate reservations).

    On PostgreSQL the row locks make concurrent claims on one pool take turns; on SQLite
    the transaction already holds the database's write lock (BEGIN IMMEDIATE).
    """
    return list(
        session.exec(
            select(SenderNumber)
            .where(SenderNumber.queue == queue, col(SenderNumber.active).is_(True))
            .order_by(col(SenderNumber.id))
            .with_for_update()
        ).all()
    )


def lock_sender_number(session: Session, number: str) -> SenderNumber | None:
    return session.exec(
        select(SenderNumber).where(SenderNumber.number == number).with_for_update()
    ).first()


def claimable_messages(session: Session, queue: str, now: datetime, limit: int) -> list[Message]:
    """Queued outbound messages of one queue that are due, oldest first, locked.

    Notes are never picked: the direction filter is part of the claim itself. Rows another
    transaction holds are skipped (`FOR UPDATE SKIP LOCKED` on PostgreSQL).
    """
    return list(
        session.exec(
            select(Message)
            .where(
                col(Message.status) == "queued",
                col(Message.direction) == Direction.OUTBOUND,
                col(Message.queue) == queue,
                sa.or_(col(Message.next_attempt_at).is_(None), col(Message.next_attempt_at) <= now),
            )
            .order_by(col(Message.id))
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
    )


def lease_claimed(
    session: Session,
    message: Message,
    owner: str,
    now: datetime,
    lease_until: datetime,
    from_number: str,
) -> bool:
    """Move one queued message this transaction loaded to `sending` under a lease; False if
    it is no longer queued. Its loaded attributes follow.

    The update skips the ORM's search of every loaded object for rows it touched (a claim
    holds hundreds: that search made a claim quadratic); this one object is set by hand.
    """
    attempts = _lease(session, message.id or 0, owner, now, lease_until, from_number)
    if attempts is None:
        return False
    values = {
        "status": "sending",
        "lease_owner": owner,
        "lease_until": lease_until,
        "claimed_at": now,
        "from_number": from_number,
        "attempts": attempts,
        "updated_at": now,
    }
    for name, value in values.items():
        set_committed_value(message, name, value)
    return True


def _lease(
    session: Session,
    message_id: int,
    owner: str,
    now: datetime,
    lease_until: datetime,
    from_number: str,
) -> int | None:
    """The lease's update, leaving loaded objects alone; the message's new attempt count,
    or None if it was not queued."""
    result = session.execute(
        sa.update(Message)
        .where(col(Message.id) == message_id, col(Message.status) == "queued")
        .values(
            status="sending",
            lease_owner=owner,
            lease_until=lease_until,
            claimed_at=now,
            from_number=from_number,
            attempts=Message.attempts + 1,
            updated_at=now,
        )
        .returning(col(Message.attempts))
        .execution_options(synchronize_session=False)
    )
    row = result.first()
    return None if row is None else int(row[0])


def expired_leases(session: Session, now: datetime, limit: int = 100) -> list[Message]:
    return list(
        session.exec(
            select(Message)
            .where(
                col(Message.status) == "sending",
                col(Message.lease_until) < now,
                col(Message.direction) == Direction.OUTBOUND,
            )
            .order_by(col(Message.id))
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
    )


def messages_awaiting_status(session: Session, since: datetime, limit: int = 200) -> list[Message]:
    return list(
        session.exec(
            select(Message)
            .where(
                col(Message.direction) == Direction.OUTBOUND,
                col(Message.status).in_(OUTBOUND_IN_FLIGHT),
                col(Message.provider_sid).is_not(None),
                col(Message.created_at) >= since,
            )
            .order_by(col(Message.updated_at))
            .limit(limit)
        ).all()
    )


def count_waiting(session: Session) -> int:
    return session.exec(
        select(func.count())
        .select_from(Message)
        .where(col(Message.status).in_(("queued", "sending")))
    ).one()


def active_sender_numbers(session: Session, queue: str) -> Sequence[SenderNumber]:
    return session.exec(
        select(SenderNumber)
        .where(SenderNumber.queue == queue, col(SenderNumber.active).is_(True))
        .order_by(col(SenderNumber.id))
    ).all()


def all_sender_numbers(session: Session) -> Sequence[SenderNumber]:
    return session.exec(select(SenderNumber).order_by(col(SenderNumber.id))).all()


def sender_queue(session: Session, sender_number: str | None) -> str | None:
    if sender_number is None:
        return None
    return session.exec(
        select(SenderNumber.queue).where(SenderNumber.number == sender_number)
    ).first()
