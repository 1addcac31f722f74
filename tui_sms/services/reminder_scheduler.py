"""The reminder scheduler: one reminder per job occurrence, queued as a scheduled message a
day before it is due; moved when the job moves, cancelled when the job is.

Every text goes through the outbox gate (`outbox.queue_to_number`). Idempotence comes from the
`Reminder` row: its occurrence key is unique, so however many workers run and however often
they restart, one job occurrence gets one reminder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from tui_sms.domain.errors import UserError
from tui_sms.domain.phone import time_zone_for
from tui_sms.domain.segments import estimate
from tui_sms.domain.templates import (
    TemplateError,
    occurrence_key,
    reminder_send_at,
    render,
)
from tui_sms.services.outbox import GateBatch, SendOptions, queue_to_number, require_shop
from tui_sms.services.reminder_texts import (
    JobContext,
    context_for,
    fields_for,
    language_of,
    missing_template,
    render_job,
)
from tui_sms.store.models import Job, JobStatus, JobType, Queue, Reminder, ReminderState, Shop
from tui_sms.store.queries import jobs as job_queries

# Reminders become real (scheduled) messages this long before they are due, so the review
# screen shows them as scheduled and a consent withdrawn in the meantime is still honoured.
SCHEDULE_AHEAD = timedelta(days=1)
# Reminders created per scheduler transaction (see schedule_due_reminders).
ROUND_LIMIT = 500
CANDIDATE_PAGE = 200


@dataclass
class ScheduleReport:
    created: int = 0
    moved: int = 0
    canceled: int = 0
    skipped: int = 0
    more: bool = False  # the round stopped at its limit: run another one now
    # (job external id, sentence) for jobs that could not get a reminder this round.
    problems: list[tuple[str, str]] = field(default_factory=list)


def recipient_zone(context: JobContext, shop: Shop) -> str:
    # The outbox reckons quiet hours in this same zone, so a time chosen here passes it as is.
    return time_zone_for(context.number, shop.time_zone) if context.number else shop.time_zone


def send_time(context: JobContext, shop: Shop, now: datetime) -> datetime | None:
    zone = recipient_zone(context, shop)
    return reminder_send_at(
        context.job.start,
        max(context.job_type.days_ahead, 1),
        zone,
        shop.quiet_start,
        shop.quiet_end,
        now,
        tz_shop=shop.time_zone,
    )


def validity_seconds(job_start: datetime, send_at: datetime) -> int:
    # A reminder that could not leave before the appointment must expire, not arrive late.
    return max(60, int((job_start - send_at).total_seconds()))


def queue_reminder(
    session: Session,
    context: JobContext,
    shop: Shop,
    now: datetime,
    *,
    send_at: datetime,
    author_id: int | None,
    reminder: Reminder | None = None,
    body: str | None = None,
    batch: GateBatch | None = None,
) -> Reminder:
    """Queue the message and record its reminder row (new, or a skipped one re-used) in one
    savepoint: a second worker that got there first makes the insert fail and nothing stays."""
    if context.number is None:
        raise UserError(f"{context.customer.name} has no mobile number: add one first.")
    body = body if body is not None else render_job(session, context, shop)
    key = occurrence_key(context.job.external_id, context.job.start)
    with session.begin_nested():
        message = queue_to_number(
            session,
            context.number,
            body,
            author_id=author_id,
            now=now,
            options=SendOptions(
                queue=Queue.TRANSACTIONAL,
                kind="reminder",
                automated=True,
                scheduled_for=send_at,
                validity_seconds=validity_seconds(context.job.start, send_at),
            ),
            batch=batch,
        )
        if reminder is None:
            reminder = Reminder(
                occurrence_key=key,
                job_id=context.job.id or 0,
                job_start=context.job.start,
                created_at=now,
            )
        reminder.message_id = message.id
        reminder.state = ReminderState.SCHEDULED
        reminder.send_at = send_at
        reminder.reason = ""
        session.add(reminder)
        session.flush()
    return reminder


def _skip(
    session: Session,
    context: JobContext,
    now: datetime,
    reason: str,
    reminder: Reminder | None = None,
) -> None:
    """Record that this occurrence gets no reminder, so later rounds do not try again."""
    key = occurrence_key(context.job.external_id, context.job.start)
    with session.begin_nested():
        if reminder is None:
            reminder = Reminder(
                occurrence_key=key,
                job_id=context.job.id or 0,
                job_start=context.job.start,
                created_at=now,
            )
        reminder.state = ReminderState.SKIPPED
        reminder.reason = reason
        session.add(reminder)
        session.flush()


def schedule_due_reminders(
    session: Session, now: datetime, *, limit: int = ROUND_LIMIT
) -> ScheduleReport:
    """One scheduler round: cancel, move, then create up to `limit` reminders coming due.

    The limit keeps a round's transaction short, so the sender and the screens are not held
    up behind a big import; `report.more` says another round should follow at once.
    """
    shop = require_shop(session)
    report = ScheduleReport()
    _follow_changes(session, shop, now, report)
    templates = job_queries.templates_by_key(session, "reminder")
    batch = GateBatch(session)
    for job_type in job_queries.job_types(session):
        if not job_type.auto_send or report.more:
            continue
        # Quiet hours only move a reminder earlier, by less than a day: a job further out
        # than this cannot have its reminder due within SCHEDULE_AHEAD.
        before = now + SCHEDULE_AHEAD + timedelta(days=max(job_type.days_ahead, 1) + 1)
        _schedule_type(session, shop, job_type, templates, now, before, limit, report, batch)
    return report


def _schedule_type(
    session: Session,
    shop: Shop,
    job_type: JobType,
    templates: dict[tuple[int, str], str],
    now: datetime,
    before: datetime,
    limit: int,
    report: ScheduleReport,
    batch: GateBatch,
) -> None:
    # Jobs that stay without a reminder (no number, no template, not due yet) are paged past;
    # the ones that get a reminder or are skipped leave the candidates by themselves.
    passed = 0
    while report.created < limit:
        page = job_queries.auto_send_candidates(
            session, job_type.id or 0, now, before, limit=CANDIDATE_PAGE, offset=passed
        )
        if not page:
            return
        numbers = job_queries.primary_numbers(session, (c.id or 0 for _, c, _ in page))
        for job, customer, canceled in page:
            context = JobContext(job, customer, job_type, numbers.get(customer.id or 0))
            if not _schedule_one(session, shop, context, templates, now, report, canceled, batch):
                passed += 1
            if report.created >= limit:
                report.more = True
                return


def _schedule_one(
    session: Session,
    shop: Shop,
    context: JobContext,
    templates: dict[tuple[int, str], str],
    now: datetime,
    report: ScheduleReport,
    canceled: Reminder | None,
    batch: GateBatch,
) -> bool:
    """Schedule or skip one occurrence's reminder; False when it stays without one for now."""
    job, customer, job_type = context.job, context.customer, context.job_type
    at = send_time(context, shop, now)
    if at is None:
        _skip(session, context, now, "Too late to remind before the job.", canceled)
        report.skipped += 1
        return True
    if at > now + SCHEDULE_AHEAD:
        return False
    language = language_of(customer)
    template = templates.get((job_type.id or 0, language))
    if template is None:
        report.problems.append((job.external_id, missing_template(job_type, language)))
        return False
    try:
        body = render(template, fields_for(job, customer, job_type, shop))
        queue_reminder(
            session,
            context,
            shop,
            now,
            send_at=at,
            author_id=None,
            body=body,
            reminder=canceled,
            batch=batch,
        )
    except sa.exc.IntegrityError:
        return True  # another worker scheduled this occurrence first
    except UserError as refusal:
        report.problems.append((job.external_id, refusal.sentence))
        return False
    report.created += 1
    return True


def _follow_changes(session: Session, shop: Shop, now: datetime, report: ScheduleReport) -> None:
    """Cancel the pending reminders of cancelled jobs; move those of jobs whose time changed."""
    for reminder, job, message in job_queries.changed_pending_reminders(session):
        disclaimer = job_queries.disclaimer_held_for(session, message)
        if job.status == JobStatus.CANCELLED:
            if disclaimer is not None:
                job_queries.cancel_scheduled_message(session, disclaimer.id or 0, now)
            if job_queries.cancel_scheduled_message(session, message.id or 0, now):
                reminder.state = ReminderState.CANCELED
                reminder.reason = "The job was cancelled."
                session.add(reminder)
                report.canceled += 1
            continue
        key = occurrence_key(job.external_id, job.start)
        if reminder.occurrence_key == key or message.status != "scheduled":
            continue
        context = context_for(session, job)
        at = send_time(context, shop, now)
        taken = job_queries.reminder_by_key(session, key) is not None
        if at is None or taken:
            if disclaimer is not None:
                job_queries.cancel_scheduled_message(session, disclaimer.id or 0, now)
            job_queries.cancel_scheduled_message(session, message.id or 0, now)
            reminder.state = ReminderState.CANCELED
            reminder.reason = "The job moved too close to remind before it."
            session.add(reminder)
            report.canceled += 1
            continue
        try:
            body = render_job(session, context, shop)
        except TemplateError as problem:
            report.problems.append((job.external_id, problem.sentence))
            continue
        found = estimate(body)
        message.body = body
        message.segments = found.segments
        message.encoding = found.encoding
        message.scheduled_for = at
        message.validity_seconds = validity_seconds(job.start, at)
        message.updated_at = now
        if disclaimer is not None:
            disclaimer.scheduled_for = at
            disclaimer.validity_seconds = message.validity_seconds
            disclaimer.updated_at = now
            session.add(disclaimer)
        reminder.occurrence_key = key
        reminder.job_start = job.start
        reminder.send_at = at
        session.add(message)
        session.add(reminder)
        report.moved += 1
    session.flush()


def schedule_reminders(
    session: Session, job_ids: Iterable[int], now: datetime, *, author_id: int | None
) -> ScheduleReport:
    """The review screen's "mark to be auto-sent": each job's reminder, at its planned time."""
    shop = require_shop(session)
    report = ScheduleReport()
    ids = list(job_ids)
    existing = job_queries.reminders_for_jobs(session, ids)
    for job_id in ids:
        job = session.get(Job, job_id)
        if job is None or job.status != JobStatus.ACTIVE:
            continue
        key = occurrence_key(job.external_id, job.start)
        current = next((r for r in existing.get(job_id, []) if r.occurrence_key == key), None)
        if current is not None and current.state not in (
            ReminderState.SKIPPED,
            ReminderState.CANCELED,
        ):
            continue
        context = context_for(session, job)
        at = send_time(context, shop, now)
        if at is None:
            report.problems.append((job.external_id, "Too late to remind before the job."))
            continue
        try:
            queue_reminder(
                session, context, shop, now, send_at=at, author_id=author_id, reminder=current
            )
        except UserError as refusal:
            report.problems.append((job.external_id, refusal.sentence))
            continue
        report.created += 1
    return report
