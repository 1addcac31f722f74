"""The shop's sending numbers, by pool: add, list, change and remove them (admins only).

Removing a number never strands a message: the ones waiting for it go back to the rest of
its pool (the sender then picks whichever number is free first), and conversations that
were answered from it get a new number on their next text.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from tui_sms.domain.errors import InvalidNumber, NotFound
from tui_sms.domain.senders import check_queue, check_rate, parse_sender, shown
from tui_sms.services import roles
from tui_sms.store import queries
from tui_sms.store.models import Direction, Message, SenderNumber, Thread

MANAGE = "manage the shop's sending numbers"
_WAITING = ("queued", "scheduled")


@dataclass(frozen=True)
class SenderRow:
    number: str
    shown: str
    queue: str
    rate: float
    active: bool
    waiting: int  # messages queued for this number in particular


def _region(session: Session) -> str:
    shop = queries.get_shop(session)
    return (shop.country if shop else None) or "CA"


def _find(session: Session, raw: str) -> SenderNumber:
    number, _kind = parse_sender(raw, _region(session))
    row = queries.lock_sender_number(session, number)
    if row is None:
        raise NotFound(f"{shown(number)} is not one of the shop's sending numbers.")
    return row


def _waiting_for(session: Session, number: str) -> sa.Select:  # type: ignore[type-arg]
    return select(Message).where(
        Message.from_number == number,
        Message.direction == Direction.OUTBOUND,
        col(Message.status).in_(_WAITING),
        col(Message.lease_owner).is_(None),
    )


def add_number(
    session: Session, login: str, raw: str, *, queue: str, rate: float | None = None
) -> SenderNumber:
    roles.require_admin(session, login, MANAGE)
    number, kind = parse_sender(raw, _region(session))
    row = queries.lock_sender_number(session, number)
    if row is not None and row.active:
        raise InvalidNumber(f"{shown(number)} is already in the {row.queue} pool.")
    row = row or SenderNumber(number=number)
    row.queue = check_queue(queue)
    row.rate_limit = check_rate(rate, kind, shown(number))
    row.active = True
    session.add(row)
    session.flush()
    return row


def set_number(
    session: Session,
    login: str,
    raw: str,
    *,
    queue: str | None = None,
    rate: float | None = None,
    active: bool | None = None,
) -> SenderNumber:
    roles.require_admin(session, login, MANAGE)
    row = _find(session, raw)
    if queue is not None and queue != row.queue:
        _release_waiting(session, row)
        row.queue = check_queue(queue)
    if rate is not None:
        _number, kind = parse_sender(row.number, _region(session))
        row.rate_limit = check_rate(rate, kind, shown(row.number))
    if active is False and row.active:
        _release_waiting(session, row)
    if active is not None:
        row.active = active
    session.add(row)
    session.flush()
    return row


def remove_number(session: Session, login: str, raw: str) -> int:
    """Remove a number; returns how many waiting messages moved to the rest of its pool."""
    roles.require_admin(session, login, MANAGE)
    row = _find(session, raw)
    moved = _release_waiting(session, row)
    session.delete(row)
    session.flush()
    return moved


def _release_waiting(session: Session, row: SenderNumber) -> int:
    """Hand this number's waiting messages and sticky conversations to the rest of its pool."""
    pool = [other for other in queries.lock_sender_pool(session, row.queue) if other.id != row.id]
    waiting = list(session.exec(_waiting_for(session, row.number)))
    if waiting and not pool:
        count = len(waiting)
        texts = "message waits" if count == 1 else "messages wait"
        raise InvalidNumber(
            f"{shown(row.number)} is the last {row.queue} number and {count} {texts} for it: "
            "add another number to that pool first."
        )
    for message in waiting:
        message.from_number = None
        session.add(message)
    for thread in session.exec(select(Thread).where(Thread.sender_number == row.number)):
        thread.sender_number = None
        session.add(thread)
    return len(waiting)


def list_numbers(session: Session) -> list[SenderRow]:
    waiting = dict(
        session.exec(
            select(Message.from_number, sa.func.count())
            .where(
                Message.direction == Direction.OUTBOUND,
                col(Message.status).in_(_WAITING),
                col(Message.from_number).is_not(None),
            )
            .group_by(Message.from_number)
        ).all()
    )
    rows = session.exec(
        select(SenderNumber).order_by(col(SenderNumber.queue), col(SenderNumber.number))
    )
    return [
        SenderRow(
            number=row.number,
            shown=shown(row.number),
            queue=row.queue,
            rate=row.rate_limit,
            active=row.active,
            waiting=waiting.get(row.number, 0),
        )
        for row in rows
    ]
