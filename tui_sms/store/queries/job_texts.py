"""SQL for the texts sent about a job (confirmation, work completed, ...) and their answers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from tui_sms.store.models import Job, JobStatus, JobType, Message, Reminder, ReminderTemplate
from tui_sms.store.queries import bulk

CONFIRMATION_KINDS = ("confirmation", "confirmation_follow_up")


def template(session: Session, job_type_id: int, language: str, kind: str) -> str | None:
    return session.exec(
        select(ReminderTemplate.body).where(
            ReminderTemplate.job_type_id == job_type_id,
            ReminderTemplate.language == language,
            ReminderTemplate.kind == kind,
        )
    ).first()


def reminder_by_key(session: Session, key: str) -> Reminder | None:
    return session.exec(select(Reminder).where(Reminder.occurrence_key == key)).first()


def texts_of_job(session: Session, job_id: int) -> Sequence[Reminder]:
    return session.exec(
        select(Reminder).where(Reminder.job_id == job_id).order_by(col(Reminder.id))
    ).all()


def latest_open_confirmation(session: Session, number: str) -> Job | None:
    """The job of the newest confirmation texted to `number` that is not confirmed yet."""
    return session.exec(
        select(Job)
        .join(Reminder, col(Reminder.job_id) == col(Job.id))
        .join(Message, col(Message.id) == col(Reminder.message_id))
        .where(
            col(Reminder.kind).in_(CONFIRMATION_KINDS),
            Message.to_number == number,
            col(Job.confirmed_at).is_(None),
            Job.status == JobStatus.ACTIVE,
        )
        .order_by(col(Message.created_at).desc(), col(Message.id).desc())
        .limit(1)
    ).first()


def unanswered_confirmations(session: Session, now: datetime) -> Sequence[tuple[Reminder, Job]]:
    """Confirmations of jobs still ahead, unconfirmed, whose job type asks for a follow-up."""
    return session.exec(
        select(Reminder, Job)
        .join(Job, col(Job.id) == col(Reminder.job_id))
        .join(JobType, col(JobType.id) == col(Job.job_type_id))
        .where(
            Reminder.kind == "confirmation",
            col(Reminder.message_id).is_not(None),
            col(Job.confirmed_at).is_(None),
            Job.status == JobStatus.ACTIVE,
            col(Job.start) > now,
            JobType.confirm_follow_up_hours > 0,
        )
    ).all()


def jobs_of_customer(session: Session, customer_id: int, since: datetime) -> Sequence[Job]:
    """The customer's active jobs starting after `since`, soonest first (a thread's jobs)."""
    return session.exec(
        select(Job)
        .where(Job.customer_id == customer_id, Job.status == JobStatus.ACTIVE, Job.start >= since)
        .order_by(col(Job.start), col(Job.id))
        .limit(20)
    ).all()


def insert_reminders(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """New Reminder rows in one statement; a key already taken fails them all (IntegrityError)."""
    bulk.insert_plain(session, Reminder.__table__, rows)  # type: ignore[attr-defined]
