"""The sender's queue: scheduled texts coming due, claimable messages and their leases,
the sender numbers and their pools, status events and provider sids."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from tui_sms.store.models import (
    Change,
    Direction,
    Message,
    SenderNumber,
    StatusEvent,
)

OUTBOUND_IN_FLIGHT = ("queued", "sending", "accepted", "sent")


@dataclass(frozen=True)
class Lease:
    """One message a claim moves to `sending`: its new attempt count is the locked row's + 1."""

    message_id: int
    owner: str
    at: datetime
    until: datetime
    from_number: str
    attempts: int


def _table(model: Any) -> sa.Table:
    # The table itself, not the ORM entity: a plain statement skips the ORM's per-row work.
    return model.__table__


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


# What the provider's answer to a post rewrites of its message (besides the lease it ends).
ANSWERED_COLUMNS = (
    "status",
    "provider_sid",
    "segments",
    "cost",
    "sent_at",
    "updated_at",
    "error_code",
    "error_message",
    "final_at",
)


def answered_facts(session: Session, ids: Iterable[int]) -> list[sa.Row[Any]]:
    """What answers to these messages read and rewrite, with the thread, direction and body
    the ledger needs, as rows: an answer touches a dozen columns of each, not the object."""
    wanted = list(ids)
    if not wanted:
        return []
    table = _table(Message)
    columns = [table.c[name] for name in ("id", "thread_id", "direction", "body")]
    columns += [table.c[name] for name in ANSWERED_COLUMNS]
    return list(session.execute(sa.select(*columns).where(table.c.id.in_(wanted))))


def write_answers(session: Session, answered: Sequence[dict[str, Any]]) -> None:
    """Each message's `ANSWERED_COLUMNS` (and its `id`), its lease ended: one statement."""
    if not answered:
        return
    table = _table(Message)
    session.execute(
        sa.update(table)
        .where(table.c.id == sa.bindparam("answered_id"))
        .values(
            lease_owner=None,
            lease_until=None,
            **{name: sa.bindparam(f"new_{name}") for name in ANSWERED_COLUMNS},
        ),
        [
            {"answered_id": row["id"], **{f"new_{name}": row[name] for name in ANSWERED_COLUMNS}}
            for row in answered
        ],
    )


def add_status_event(session: Session, message: Message, at: datetime, raw: str | None) -> None:
    session.add(StatusEvent(message_id=message.id or 0, status=message.status, at=at, raw_code=raw))


def add_status_events(session: Session, events: Sequence[dict[str, Any]]) -> None:
    """Many status events (message_id, status, at, raw_code) in one statement."""
    if events:
        session.execute(sa.insert(_table(StatusEvent)), list(events))


def add_changes(session: Session, thread_ids: Iterable[int], kind: str, at: datetime) -> None:
    """One change marker per thread given, in one statement (as `threads.record_change`)."""
    rows = [{"thread_id": thread_id, "kind": kind, "at": at} for thread_id in thread_ids]
    if rows:
        session.execute(sa.insert(_table(Change)), rows)


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


def queues_with_work(session: Session, queues: Sequence[str], now: datetime) -> set[str]:
    """The queues a claim could take something from now: a due queued message in it, or a
    scheduled text come due (in any queue: the claim promotes them all). One statement;
    it locks nothing, so a claim still reads again what it takes."""
    outbound = col(Message.direction) == Direction.OUTBOUND

    def queued_in(queue: str) -> Any:
        return sa.exists().where(
            col(Message.status) == "queued",
            col(Message.queue) == queue,
            outbound,
            sa.or_(col(Message.next_attempt_at).is_(None), col(Message.next_attempt_at) <= now),
        )

    scheduled = sa.exists().where(
        col(Message.status) == "scheduled", outbound, col(Message.scheduled_for) <= now
    )
    row = session.execute(sa.select(scheduled, *(queued_in(queue) for queue in queues))).one()
    if row[0]:
        return set(queues)
    return {queue for queue, found in zip(queues, row[1:], strict=True) if found}


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


def lease_many(session: Session, leases: Sequence[Lease]) -> None:
    """Move many queued messages this transaction read and locked (`claimable_messages`) to
    `sending` under their leases: one statement for the whole claim.

    The rows are locked until commit (FOR UPDATE on PostgreSQL, the write lock SQLite's
    BEGIN IMMEDIATE took), so none can have left `queued` since they were read; a count that
    disagrees anyway rolls the claim back rather than post a message someone else holds.
    Loaded objects are left alone (the claim reads what it needs from `Lease`)."""
    if not leases:
        return
    table = _table(Message)
    result = session.execute(
        sa.update(table)
        .where(table.c.id == sa.bindparam("lease_id"), table.c.status == "queued")
        .values(
            status="sending",
            lease_owner=sa.bindparam("lease_owner"),
            lease_until=sa.bindparam("lease_end"),
            claimed_at=sa.bindparam("lease_start"),
            from_number=sa.bindparam("lease_from"),
            attempts=sa.bindparam("lease_attempts"),
            updated_at=sa.bindparam("lease_start"),
        ),
        [
            {
                "lease_id": lease.message_id,
                "lease_owner": lease.owner,
                "lease_end": lease.until,
                "lease_start": lease.at,
                "lease_from": lease.from_number,
                "lease_attempts": lease.attempts,
            }
            for lease in leases
        ],
    )
    if session.get_bind().dialect.supports_sane_multi_rowcount and result.rowcount != len(leases):
        raise RuntimeError(
            f"A claim leased {result.rowcount} of the {len(leases)} messages it had locked."
        )


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
