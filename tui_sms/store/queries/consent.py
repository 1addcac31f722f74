"""Opt-outs, consents, and what decides whether the disclaimer is still owed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlmodel import Session, col, select

from tui_sms.store.models import (
    Consent,
    Contact,
    Direction,
    Message,
    OptOut,
    Thread,
)
from tui_sms.store.queries.one_of import one_of

# Outbound messages that did not reach the customer, and keyword answers, do not count as
# "the first message": the disclaimer is owed until one of the shop's own texts went out.
NOT_REACHED = ("failed", "undelivered", "canceled")


def opt_out_for(session: Session, number: str) -> OptOut | None:
    return session.get(OptOut, number)


def active_consent(session: Session, number: str) -> Consent | None:
    return session.exec(
        select(Consent)
        .where(Consent.number == number, col(Consent.withdrawn_at).is_(None))
        .order_by(col(Consent.recorded_at).desc(), col(Consent.id).desc())
        .limit(1)
    ).first()


def numbers_with_active_consent(session: Session, numbers: Iterable[str]) -> set[str]:
    """Those of the numbers with a consent on file that was not withdrawn (any scope)."""
    wanted = sorted(set(numbers))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        found.update(
            session.exec(
                select(Consent.number)
                .where(
                    one_of(session, Consent.number, wanted[start : start + 500]),
                    col(Consent.withdrawn_at).is_(None),
                )
                .distinct()
            ).all()
        )
    return found


def latest_consent(session: Session, number: str) -> Consent | None:
    """The newest consent for the number, withdrawn or not."""
    return session.exec(
        select(Consent)
        .where(Consent.number == number)
        .order_by(col(Consent.recorded_at).desc(), col(Consent.id).desc())
        .limit(1)
    ).first()


def consents_for_number(session: Session, number: str) -> Sequence[Consent]:
    return session.exec(
        select(Consent)
        .where(Consent.number == number)
        .order_by(col(Consent.recorded_at), col(Consent.id))
    ).all()


def numbers_of_customer(session: Session, customer_id: int) -> list[str]:
    return list(
        session.exec(
            select(Contact.number)
            .where(Contact.customer_id == customer_id)
            .order_by(col(Contact.is_primary).desc(), col(Contact.id))
        ).all()
    )


def has_reached_thread(session: Session, thread_id: int) -> bool:
    """Whether one of the shop's own texts went (or is going) to this thread's number."""
    return thread_id in reached_threads(session, [thread_id])


def reached_threads(session: Session, thread_ids: Iterable[int]) -> set[int]:
    """Those of the threads that one of the shop's own texts went (or is going) to."""
    wanted = sorted(set(thread_ids))
    found: set[int] = set()
    for start in range(0, len(wanted), 500):
        found.update(
            session.exec(
                select(Message.thread_id)
                .where(
                    one_of(session, Message.thread_id, wanted[start : start + 500]),
                    Message.direction == Direction.OUTBOUND,
                    Message.kind != "keyword_reply",
                    col(Message.status).not_in(NOT_REACHED),
                )
                .distinct()
            ).all()
        )
    return found


def threads_for_number(session: Session, number: str) -> Sequence[Thread]:
    """Every shop's conversation with the number: an opt-out concerns them all."""
    return session.exec(
        select(Thread).where(Thread.number == number).order_by(col(Thread.id))
    ).all()
