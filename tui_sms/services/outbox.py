"""The one gate for outbound text: every message a customer receives is created here.

The gate's checks, in order (the first that fails refuses, and nothing is written):
1. the shop's country and province/state are configured;
2. the body is not empty, fits 1600 characters, and names a known queue;
3. the number is valid and not known to be a landline (phonenumbers, shop's region);
4. the number has not opted out (per number, whichever customer or shop it belongs to);
5. an active consent is on file for the number (`needs_consent`); a promotion goes only
   through the promotional queue, and that queue only to a consent covering promotions;
6. quiet hours in the recipient's zone: automated messages are held as `scheduled` until
   the next allowed minute, a staff reply needs `confirmed_quiet_hours=True`.
Then the first text ever to the thread's number is preceded by the disclaimer message.
Answers to STOP/START/HELP (`queue_keyword_reply`) pass only checks 1-3: carriers require
them at once, whatever the consent, and the answer to STOP is the last text the number gets.

Each function here queues one message through `outbox_gate.Gate` as a batch of one;
reminder rounds, promotions and job texts queue their batches through the same `Gate`, so
one message and a batch pass the same checks in the same order.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from tui_sms.domain.errors import NotFound
from tui_sms.services.outbox_gate import Gate, Outgoing
from tui_sms.services.outbox_rules import (
    SendOptions,
    check_may_text,
    consent_missing_sentence,
    needs_consent,
    opted_out_sentence,
    require_shop,
)
from tui_sms.store.models import Message, Queue, Thread

__all__ = [
    "Gate",
    "Outgoing",
    "SendOptions",
    "check_may_text",
    "consent_missing_sentence",
    "needs_consent",
    "opted_out_sentence",
    "queue_automatic_answer",
    "queue_employee_text",
    "queue_keyword_reply",
    "queue_reply",
    "queue_to_number",
    "require_shop",
]


def queue_reply(
    session: Session,
    thread_id: int,
    body: str,
    *,
    author_id: int | None,
    queue: str = Queue.TRANSACTIONAL,
    now: datetime | None = None,
    options: SendOptions | None = None,
    confirmed_quiet_hours: bool = False,
) -> Message:
    """Queue a staff reply in an existing thread."""
    thread = session.get(Thread, thread_id)
    if thread is None:
        raise NotFound(f"There is no conversation number {thread_id}.")
    return Gate(session, now).queue_one(
        Outgoing(
            body,
            thread=thread,
            author_id=author_id,
            options=options or SendOptions(queue=queue),
            confirmed_quiet_hours=confirmed_quiet_hours,
        )
    )


def queue_to_number(
    session: Session,
    raw_number: str,
    body: str,
    *,
    author_id: int | None,
    queue: str = Queue.TRANSACTIONAL,
    now: datetime | None = None,
    options: SendOptions | None = None,
    confirmed_quiet_hours: bool = False,
    gate: Gate | None = None,
) -> Message:
    """Queue a message to a number, opening its conversation if there is none yet (only when
    the message passes: a refusal leaves no empty conversation behind)."""
    return (gate or Gate(session, now)).queue_one(
        Outgoing(
            body,
            number=raw_number,
            author_id=author_id,
            options=options or SendOptions(queue=queue),
            confirmed_quiet_hours=confirmed_quiet_hours,
        )
    )


def queue_keyword_reply(
    session: Session, thread: Thread, body: str, *, now: datetime | None = None
) -> Message:
    """Answer STOP, START or HELP at once, past opt-out, consent and quiet hours."""
    return queue_automatic_answer(session, thread, body, kind="keyword_reply", now=now)


def queue_automatic_answer(
    session: Session, thread: Thread, body: str, *, kind: str, now: datetime | None = None
) -> Message:
    """An automatic answer to the customer's own text, at once: checks 1-3 only (the
    caller decides about an opt-out: STOP is answered, the after-hours answer is not)."""
    options = SendOptions(kind=kind, automated=True)
    return Gate(session, now).queue_one(Outgoing(body, thread=thread, options=options, answer=True))


def queue_employee_text(
    session: Session,
    thread: Thread,
    number: str,
    body: str,
    *,
    author_id: int | None,
    now: datetime,
) -> Message:
    """Queue a text to an employee: transactional, in the employee's own thread,
    whose `number` is not a phone number, so the recipient is given here."""
    options = SendOptions(queue=Queue.TRANSACTIONAL, kind="employee")
    return Gate(session, now).queue_one(
        Outgoing(body, thread=thread, to_number=number, author_id=author_id, options=options)
    )
