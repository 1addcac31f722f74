"""Pending reminders follow their job: cancelled with a cancelled job, moved (text and
send time) when the job's time changes, cancelled when it moved too close to remind."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from tui_sms.domain.segments import estimate
from tui_sms.domain.templates import TemplateError, occurrence_key
from tui_sms.services.reminder_texts import context_for, render_job
from tui_sms.services.reminder_timing import ScheduleReport, send_time, validity_seconds
from tui_sms.store.models import JobStatus, ReminderState, Shop
from tui_sms.store.queries import jobs as job_queries


def follow_job_changes(session: Session, shop: Shop, now: datetime, report: ScheduleReport) -> None:
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
