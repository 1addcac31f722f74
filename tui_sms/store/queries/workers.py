"""Worker bookkeeping: poll cursors, heartbeats, and the mail outbox's claims and backlog."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from tui_sms.store.models import (
    Cursor,
    MailOut,
    WorkerHeartbeat,
)


def get_cursor(session: Session, name: str) -> str | None:
    row = session.get(Cursor, name)
    return None if row is None else row.value


def set_cursor(session: Session, name: str, value: str) -> None:
    row = session.get(Cursor, name)
    if row is None:
        session.add(Cursor(name=name, value=value))
    else:
        row.value = value
        session.add(row)


def beat(session: Session, owner: str, now: datetime, provider_down_since: datetime | None) -> None:
    row = session.get(WorkerHeartbeat, owner) or WorkerHeartbeat(owner=owner)
    row.beat_at = now
    row.provider_ok = provider_down_since is None
    row.provider_down_since = provider_down_since
    session.add(row)


def drop_heartbeat(session: Session, owner: str) -> None:
    row = session.get(WorkerHeartbeat, owner)
    if row is not None:
        session.delete(row)


def live_workers(session: Session, fresh_after: datetime) -> Sequence[WorkerHeartbeat]:
    return session.exec(
        select(WorkerHeartbeat).where(col(WorkerHeartbeat.beat_at) >= fresh_after)
    ).all()


def claim_due_mail(session: Session, now: datetime, lease: timedelta, limit: int) -> list[MailOut]:
    """Reserve up to `limit` unsent mails whose time has come, oldest first."""
    ids = session.exec(
        select(MailOut.id)
        .where(
            col(MailOut.sent_at).is_(None),
            sa.or_(col(MailOut.next_attempt_at).is_(None), col(MailOut.next_attempt_at) <= now),
            sa.or_(col(MailOut.lease_until).is_(None), col(MailOut.lease_until) < now),
        )
        .order_by(col(MailOut.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    if not ids:
        return []
    session.execute(
        sa.update(MailOut)
        .where(col(MailOut.id).in_(ids))
        .values(lease_until=now + lease, attempts=MailOut.attempts + 1)
    )
    return list(
        session.exec(select(MailOut).where(col(MailOut.id).in_(ids)).order_by(col(MailOut.id)))
    )


@dataclass(frozen=True)
class MailBacklog:
    waiting: int
    oldest: datetime | None
    last_error: str | None


def mail_backlog(session: Session) -> MailBacklog:
    """Unsent mails: how many, since when, and the newest error (cheap: sent_at is indexed)."""
    waiting, oldest = session.exec(
        select(func.count(), func.min(MailOut.created_at)).where(col(MailOut.sent_at).is_(None))
    ).one()
    last_error = None
    if waiting:
        last_error = session.exec(
            select(MailOut.last_error)
            .where(col(MailOut.sent_at).is_(None), col(MailOut.last_error).is_not(None))
            .order_by(col(MailOut.id).desc())
            .limit(1)
        ).first()
    return MailBacklog(waiting=waiting, oldest=oldest, last_error=last_error)
