"""Texts about a job, sent by a clerk from the app or the command line: appointment
confirmation, work completed, thank you for the visit, on my way.

Each comes from the job type's template of that kind in the customer's language (or the
shipped default), may be edited before it goes, and goes once per job and kind: the `Reminder`
row's unique occurrence key is the guard, as for reminders. A customer answering C / YES / OUI
to the newest open confirmation of their number confirms that one job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from tui_sms.domain.errors import NotFound, UserError
from tui_sms.domain.job_texts import DEFAULT_JOB_TEXTS, JOB_TEXT_KINDS, confirms, with_confirm_ask
from tui_sms.domain.templates import render
from tui_sms.services import consent
from tui_sms.services.outbox import require_shop
from tui_sms.services.outbox_gate import Gate
from tui_sms.services.reminder_actions import queue_job_message
from tui_sms.services.reminder_texts import fields_for, language_of
from tui_sms.store.models import Customer, Job, JobType, Message, Thread
from tui_sms.store.queries import job_texts as job_text_queries
from tui_sms.store.queries import jobs as job_queries


@dataclass(frozen=True)
class Draft:
    job_id: int
    kind: str
    body: str
    number: str | None
    customer: str
    sent: Message | None  # the message already sent for this job and kind, if any


def _key(job: Job, kind: str) -> str:
    return f"{kind}:{job.external_id}:{job.start.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _job(session: Session, job_ref: str | int) -> Job:
    job = (
        session.get(Job, job_ref)
        if isinstance(job_ref, int)
        else job_queries.job_by_id_or_external(session, job_ref)
    )
    if job is None:
        raise NotFound(f"There is no job {job_ref}: import the jobs first.")
    return job


def _check_kind(kind: str) -> None:
    if kind not in JOB_TEXT_KINDS:
        raise UserError(
            f"There is no '{kind}' text: use confirmation, completed, thanks or on_my_way."
        )


def draft(session: Session, job_ref: str | int, kind: str) -> Draft:
    """The text as it would go, for the clerk to read and edit before sending."""
    _check_kind(kind)
    shop = require_shop(session)
    job = _job(session, job_ref)
    customer = session.get(Customer, job.customer_id)
    job_type = session.get(JobType, job.job_type_id)
    if customer is None or job_type is None:
        raise NotFound(f"Job {job.external_id} has lost its customer or job type.")
    language = language_of(customer)
    body = job_text_queries.template(session, job_type.id or 0, language, kind)
    fields = fields_for(job, customer, job_type, shop)
    text = render(body or DEFAULT_JOB_TEXTS[kind][language], fields)
    contact = job_queries.primary_contact(session, customer.id or 0)
    earlier = job_text_queries.reminder_by_key(session, _key(job, kind))
    sent = session.get(Message, earlier.message_id) if earlier and earlier.message_id else None
    return Draft(job.id or 0, kind, text, contact.number if contact else None, customer.name, sent)


def send(
    session: Session,
    job_ref: str | int,
    kind: str,
    now: datetime,
    *,
    author_id: int | None,
    body: str | None = None,
) -> Message:
    """Send the job's text of this kind (edited `body`, or the template's); refused when it
    already went for this job."""
    found = draft(session, job_ref, kind)
    if found.sent is not None:
        raise UserError(
            f"This {kind.replace('_', ' ')} text already went to {found.customer} "
            f"(message {found.sent.id}, {found.sent.status}): it is sent once per job."
        )
    if found.number is None:
        raise UserError(f"{found.customer} has no mobile number: add one first.")
    job = _job(session, found.job_id)
    text = (body if body is not None else found.body).strip()
    if kind == "confirmation":
        customer = session.get(Customer, job.customer_id)
        text = with_confirm_ask(text, language_of(customer) if customer else "en")
    key = _key(job, kind)
    return queue_job_message(session, job, kind, key, found.number, text, now, author_id)


def confirm_from_reply(session: Session, thread: Thread, body: str, at: datetime) -> Job | None:
    """An answer C / YES / Y / OUI / O marks the newest open confirmation's job confirmed;
    any other answer is an ordinary reply. Returns the job confirmed, if any."""
    if not confirms(body):
        return None
    job = job_text_queries.latest_open_confirmation(session, thread.number)
    if job is None:
        return None
    job.confirmed_at = at
    session.add(job)
    consent.record_event(
        session, thread.number, f"Appointment {job.external_id} confirmed by the customer.", at
    )
    return job


def send_follow_ups(session: Session, now: datetime) -> int:
    """One follow-up per unanswered confirmation once the job type's delay has passed."""
    sent = 0
    gate: Gate | None = None  # opened at the first follow-up: the shop and balance read once
    for reminder, job in job_text_queries.unanswered_confirmations(session, now):
        job_type = session.get(JobType, job.job_type_id)
        if job_type is None or reminder.send_at is None:
            continue
        if now < reminder.send_at + timedelta(hours=job_type.confirm_follow_up_hours):
            continue
        key = _key(job, "confirmation_follow_up")
        if job_text_queries.reminder_by_key(session, key) is not None:
            continue
        found = draft(session, job.id or 0, "confirmation")
        if found.number is None:
            continue
        try:
            gate = gate or Gate(session, now)
            queue_job_message(
                session,
                job,
                "confirmation_follow_up",
                key,
                found.number,
                found.body,
                now,
                None,
                gate=gate,
            )
        except UserError:
            continue  # consent withdrawn or opted out since: no follow-up, nothing to say
        sent += 1
    return sent


@dataclass(frozen=True)
class JobTextState:
    confirmed_at: datetime | None
    sent: dict[str, int]  # kind → message id


def state_of(session: Session, job_id: int) -> JobTextState:
    """What the reminders screen and the thread show about a job's texts."""
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound(f"There is no job number {job_id}.")
    sent = {
        r.kind: r.message_id or 0
        for r in job_text_queries.texts_of_job(session, job_id)
        if r.kind in JOB_TEXT_KINDS and r.message_id is not None
    }
    return JobTextState(job.confirmed_at, sent)
