"""The reminder scheduler: one reminder per job occurrence, queued as a scheduled message a
day before it is due; moved when the job moves, cancelled when the job is.

Every text goes through the outbox gate (`outbox_gate.Gate`), a page of reminders at a time.
Idempotence comes from the `Reminder` row: its occurrence key is unique, so however many
workers run and however often they restart, one job occurrence gets one reminder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from tui_sms.domain.errors import UserError
from tui_sms.domain.templates import (
    occurrence_key,
    render,
)
from tui_sms.services.outbox import SendOptions, require_shop
from tui_sms.services.outbox_gate import Gate, Outgoing, Queued
from tui_sms.services.reminder_changes import follow_job_changes
from tui_sms.services.reminder_texts import (
    JobContext,
    context_for,
    fields_for,
    language_of,
    missing_template,
    render_job,
)
from tui_sms.services.reminder_timing import (
    ScheduleReport,
    recipient_zone,
    send_time,
    validity_seconds,
)
from tui_sms.store.models import Job, JobStatus, JobType, Queue, Reminder, ReminderState, Shop
from tui_sms.store.queries import job_texts as job_text_queries
from tui_sms.store.queries import jobs as job_queries
from tui_sms.store.queries import reminder_candidates as candidate_queries

__all__ = [
    "ScheduleReport",
    "queue_reminder",
    "recipient_zone",
    "schedule_due_reminders",
    "schedule_reminders",
    "send_time",
    "validity_seconds",
]

# Reminders become real (scheduled) messages this long before they are due, so the review
# screen shows them as scheduled and a consent withdrawn in the meantime is still honoured.
SCHEDULE_AHEAD = timedelta(days=1)
# Reminders created per scheduler transaction (see schedule_due_reminders): through the
# gate's batch form a round of this size is a fraction of a second.
ROUND_LIMIT = 1000
# Candidates read per query, and so the gate's batch size: the query's cost hardly grows
# with its page, the gate's per-batch reads do not at all.
CANDIDATE_PAGE = 500


def _reminder_options(context: JobContext, send_at: datetime) -> SendOptions:
    return SendOptions(
        queue=Queue.TRANSACTIONAL,
        kind="reminder",
        automated=True,
        scheduled_for=send_at,
        validity_seconds=validity_seconds(context.job.start, send_at),
    )


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
    gate: Gate | None = None,
) -> Reminder:
    """Queue the message and record its reminder row (new, or a skipped one re-used) in one
    savepoint: a second worker that got there first makes the insert fail and nothing stays."""
    if context.number is None:
        raise UserError(f"{context.customer.name} has no mobile number: add one first.")
    body = body if body is not None else render_job(session, context, shop)
    key = occurrence_key(context.job.external_id, context.job.start)
    gate = gate or Gate(session, now)
    with gate.savepoint():
        message = gate.queue_one(
            Outgoing(
                body,
                number=context.number,
                author_id=author_id,
                options=_reminder_options(context, send_at),
            )
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


@dataclass(frozen=True)
class _Due:
    """An occurrence whose reminder is rendered and goes in this round's next batch."""

    context: JobContext
    body: str
    send_at: datetime
    canceled: Reminder | None


def _queue_batch(
    session: Session, gate: Gate, due: list[_Due], now: datetime, report: ScheduleReport
) -> int:
    """Queue a page's reminders through the gate as one batch and write their rows;
    returns how many stay without a reminder (refused: reported, tried again next round)."""
    try:
        with gate.savepoint():
            results = gate.queue(
                [
                    Outgoing(
                        d.body,
                        number=d.context.number or "",
                        options=_reminder_options(d.context, d.send_at),
                    )
                    for d in due
                ]
            )
            rows = []
            for d, result in zip(due, results, strict=True):
                if isinstance(result, Queued):
                    _record(session, d, result.message_id, now, rows)
            job_text_queries.insert_reminders(session, rows)
            session.flush()
    except sa.exc.IntegrityError:
        # Another worker scheduled one of these occurrences first: one at a time, then.
        return sum(not _queue_alone(session, gate, d, now, report) for d in due)
    stays = 0
    for d, result in zip(due, results, strict=True):
        if isinstance(result, UserError):
            report.problems.append((d.context.job.external_id, result.sentence))
            stays += 1
        else:
            report.created += 1
    return stays


def _record(
    session: Session, due: _Due, message_id: int, now: datetime, rows: list[dict[str, Any]]
) -> None:
    """The occurrence's reminder row: a cancelled one re-used, or a new one to insert."""
    if due.canceled is not None:
        due.canceled.message_id = message_id
        due.canceled.state = ReminderState.SCHEDULED
        due.canceled.send_at = due.send_at
        due.canceled.reason = ""
        session.add(due.canceled)
        return
    job = due.context.job
    rows.append(
        {
            "occurrence_key": occurrence_key(job.external_id, job.start),
            "kind": "reminder",
            "job_id": job.id or 0,
            "message_id": message_id,
            "state": ReminderState.SCHEDULED,
            "job_start": job.start,
            "send_at": due.send_at,
            "reason": "",
            "created_at": now,
        }
    )


def _queue_alone(
    session: Session, gate: Gate, due: _Due, now: datetime, report: ScheduleReport
) -> bool:
    """Queue one occurrence's reminder in its own savepoint; True when it got one."""
    try:
        queue_reminder(
            session,
            due.context,
            gate.shop,
            now,
            send_at=due.send_at,
            author_id=None,
            body=due.body,
            reminder=due.canceled,
            gate=gate,
        )
    except sa.exc.IntegrityError:
        # Another worker scheduled this occurrence first. Paged past like a refusal: were
        # its candidate to stay (a key held by another row), the round would retry it forever;
        # when it did leave, the next round picks up the one candidate this skips.
        return False
    except UserError as refusal:
        report.problems.append((due.context.job.external_id, refusal.sentence))
        return False
    report.created += 1
    return True


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
    follow_job_changes(session, shop, now, report)
    templates = job_queries.templates_by_key(session, "reminder")
    gate = Gate(session, now)
    for job_type in job_queries.job_types(session):
        if not job_type.auto_send or report.more:
            continue
        # Quiet hours only move a reminder earlier, by less than a day: a job further out
        # than this cannot have its reminder due within SCHEDULE_AHEAD.
        before = now + SCHEDULE_AHEAD + timedelta(days=max(job_type.days_ahead, 1) + 1)
        _schedule_type(session, gate, job_type, templates, before, limit, report)
    return report


def _schedule_type(
    session: Session,
    gate: Gate,
    job_type: JobType,
    templates: dict[tuple[int, str], str],
    before: datetime,
    limit: int,
    report: ScheduleReport,
) -> None:
    # Jobs that stay without a reminder (no number, no template, not due yet, refused) are
    # paged past; the ones that get a reminder or are skipped leave the candidates.
    now, passed = gate.now, 0
    while report.created < limit:
        page = candidate_queries.auto_send_candidates(
            session, job_type.id or 0, now, before, limit=CANDIDATE_PAGE, offset=passed
        )
        if not page:
            return
        numbers = job_queries.primary_numbers(session, (c.id for _, c, _ in page))
        gate.numbers.recall(numbers.values())
        due: list[_Due] = []
        for job, customer, canceled_id in page:
            if report.created + len(due) >= limit:
                break
            context = JobContext(job, customer, job_type, numbers.get(customer.id))
            canceled = None if canceled_id is None else session.get(Reminder, canceled_id)
            found = _prepare(session, gate, context, templates, report, canceled)
            if isinstance(found, _Due):
                due.append(found)
            elif not found:
                passed += 1
        passed += _queue_batch(session, gate, due, now, report)
        if report.created >= limit:
            report.more = True
            return


def _prepare(
    session: Session,
    gate: Gate,
    context: JobContext,
    templates: dict[tuple[int, str], str],
    report: ScheduleReport,
    canceled: Reminder | None,
) -> _Due | bool:
    """The occurrence's reminder to queue; else True when it was skipped for good, False
    when it stays without one for now."""
    job, customer, job_type = context.job, context.customer, context.job_type
    shop, now = gate.shop, gate.now
    # The gate's zone for the number: known once (recalled for the page) for timing and checks.
    zone = gate.zone_for(context.number) if context.number else None
    at = send_time(context, shop, now, zone)
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
    if context.number is None:
        report.problems.append(
            (job.external_id, f"{customer.name} has no mobile number: add one first.")
        )
        return False
    try:
        body = render(template, fields_for(job, customer, job_type, shop))
    except UserError as refusal:
        report.problems.append((job.external_id, refusal.sentence))
        return False
    return _Due(context, body, at, canceled)


def schedule_reminders(
    session: Session, job_ids: Iterable[int], now: datetime, *, author_id: int | None
) -> ScheduleReport:
    """The review screen's "mark to be auto-sent": each job's reminder, at its planned time."""
    gate = Gate(session, now)
    shop = gate.shop
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
                session,
                context,
                shop,
                now,
                send_at=at,
                author_id=author_id,
                reminder=current,
                gate=gate,
            )
        except UserError as refusal:
            report.problems.append((job.external_id, refusal.sentence))
            continue
        report.created += 1
    return report
