"""Reminder actions staff and shop systems ask for: a job's reminder now, and its
confirmation or work-completed message."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from tui_sms.domain.errors import NotFound, UserError
from tui_sms.domain.templates import occurrence_key, reminder_send_now
from tui_sms.services.outbox import SendOptions, require_shop
from tui_sms.services.outbox_gate import Gate, Outgoing
from tui_sms.services.reminder_scheduler import queue_reminder
from tui_sms.services.reminder_texts import context_for, render_job
from tui_sms.services.reminder_timing import recipient_zone, validity_seconds
from tui_sms.store.models import Job, JobStatus, Message, Queue, Reminder
from tui_sms.store.queries import jobs as job_queries


def send_reminder_now(
    session: Session, job_id: int, now: datetime, *, author_id: int | None
) -> Message:
    """Send this occurrence's reminder now: bring a scheduled one forward, or queue one.

    "Now" follows the reminder rule: during the customer's quiet hours it is the moment they
    end, and a reminder that could then only arrive after the job is refused. The outbox would
    otherwise hold a new one past the job, or a scheduled one brought forward would skip them.
    """
    shop = require_shop(session)
    job = session.get(Job, job_id)
    if job is None or job.status != JobStatus.ACTIVE:
        raise NotFound("That job is not on the schedule any more.")
    if job.start <= now:
        raise UserError("This job has already started: it is too late for a reminder.")
    context = context_for(session, job)
    at = reminder_send_now(
        job.start, recipient_zone(context, shop), shop.quiet_start, shop.quiet_end, now
    )
    if at is None:
        raise UserError(
            "It is quiet hours for this customer until after the job: too late for a reminder."
        )
    key = occurrence_key(job.external_id, job.start)
    current = job_queries.reminder_by_key(session, key)
    if current is not None and current.message_id is not None:
        message = session.get(Message, current.message_id)
        if message is not None and message.status == "scheduled":
            disclaimer = job_queries.disclaimer_held_for(session, message)
            for moved in filter(None, (disclaimer, message)):
                moved.scheduled_for = at
                moved.status = "queued" if at <= now else "scheduled"
                moved.validity_seconds = validity_seconds(job.start, at)
                moved.updated_at = now
                session.add(moved)
            current.send_at = at
            session.add(current)
            session.flush()
            return message
        if message is not None and message.status not in ("canceled",):
            raise UserError("This reminder has already gone out (see the conversation).")
    reminder = queue_reminder(
        session, context, shop, now, send_at=at, author_id=author_id, reminder=current
    )
    message = session.get(Message, reminder.message_id)
    assert message is not None
    return message


def notify(
    session: Session, job_ref: str, kind: str, now: datetime, *, author_id: int | None
) -> tuple[Message, bool]:
    """Send a job's confirmation or work-completed message now.

    Returns the message and whether it is new: a shop system calling twice for the same
    occurrence gets the first message back instead of texting the customer twice.
    """
    if kind not in ("confirmation", "completed"):
        raise UserError(f"There is no '{kind}' message: use confirmation or completed.")
    shop = require_shop(session)
    job = job_queries.job_by_id_or_external(session, job_ref)
    if job is None:
        raise NotFound(f"There is no job {job_ref}: import the jobs first.")
    key = occurrence_key(job.external_id, job.start, kind)  # type: ignore[arg-type]
    earlier = job_queries.reminder_by_key(session, key)
    if earlier is not None and earlier.message_id is not None:
        message = session.get(Message, earlier.message_id)
        if message is not None:
            return message, False
    context = context_for(session, job)
    if context.number is None:
        raise UserError(f"{context.customer.name} has no mobile number: add one first.")
    body = render_job(session, context, shop, kind)
    message = queue_job_message(session, job, kind, key, context.number, body, now, author_id)
    return message, True


def queue_job_message(
    session: Session,
    job: Job,
    kind: str,
    key: str,
    number: str,
    text: str,
    now: datetime,
    author_id: int | None,
    *,
    gate: Gate | None = None,
) -> Message:
    """Queue a job's text and the Reminder row that keeps it from going out twice (through
    `gate` when the caller queues several: the shop and the balance are then read once)."""
    gate = gate or Gate(session, now)
    with gate.savepoint():
        reminder = Reminder(
            occurrence_key=key, kind=kind, job_id=job.id or 0, job_start=job.start, created_at=now
        )
        session.add(reminder)
        session.flush()
        message = gate.queue_one(
            Outgoing(
                text,
                number=number,
                author_id=author_id,
                options=SendOptions(queue=Queue.TRANSACTIONAL, kind=kind, automated=True),
            )
        )
        reminder.message_id = message.id
        reminder.send_at = now
        session.add(reminder)
        session.flush()
    return message
