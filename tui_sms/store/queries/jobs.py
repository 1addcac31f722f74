"""Job types, jobs, reminder templates and reminders: the reminder feature's statements,
read together (the importer, the scheduler and the review screen)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from tui_sms.store.models import (
    Consent,
    Contact,
    Customer,
    Direction,
    Job,
    JobStatus,
    JobType,
    Message,
    Reminder,
    ReminderState,
    ReminderTemplate,
    Thread,
)
from tui_sms.store.queries.consent import NOT_REACHED
from tui_sms.store.queries.one_of import one_of

# --- job types and templates --------------------------------------------------------------


def job_types(session: Session) -> Sequence[JobType]:
    return session.exec(select(JobType).order_by(JobType.name)).all()


def job_type_by_name(session: Session, name: str) -> JobType | None:
    return session.exec(select(JobType).where(JobType.name == name)).first()


def template(
    session: Session, job_type_id: int, language: str, kind: str
) -> ReminderTemplate | None:
    return session.exec(
        select(ReminderTemplate).where(
            ReminderTemplate.job_type_id == job_type_id,
            ReminderTemplate.language == language,
            ReminderTemplate.kind == kind,
        )
    ).first()


def templates_by_key(session: Session, kind: str) -> dict[tuple[int, str], str]:
    """Every body of one kind, by (job type id, language)."""
    rows = session.exec(select(ReminderTemplate).where(ReminderTemplate.kind == kind)).all()
    return {(row.job_type_id, row.language): row.body for row in rows}


# --- customers and jobs for the importer ----------------------------------------------------


def customers_by_external_id(session: Session, external_ids: Iterable[str]) -> dict[str, Customer]:
    wanted = list(set(external_ids))
    found: dict[str, Customer] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for customer in session.exec(
            select(Customer).where(col(Customer.external_id).in_(chunk))
        ).all():
            found[customer.external_id or ""] = customer
    return found


def jobs_by_external_id(session: Session, external_ids: Iterable[str]) -> dict[str, Job]:
    wanted = list(set(external_ids))
    found: dict[str, Job] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for job in session.exec(select(Job).where(col(Job.external_id).in_(chunk))).all():
            found[job.external_id] = job
    return found


def primary_contact(session: Session, customer_id: int) -> Contact | None:
    return session.exec(
        select(Contact)
        .where(Contact.customer_id == customer_id)
        .order_by(col(Contact.is_primary).desc(), col(Contact.id))
        .limit(1)
    ).first()


def primary_contacts(session: Session, customer_ids: Iterable[int]) -> dict[int, Contact]:
    """Each customer's primary contact (as `primary_contact`), for many customers at once."""
    wanted = list(set(customer_ids))
    found: dict[int, Contact] = {}
    for start in range(0, len(wanted), 500):
        rows = session.exec(
            select(Contact)
            .where(col(Contact.customer_id).in_(wanted[start : start + 500]))
            .order_by(col(Contact.is_primary).desc(), col(Contact.id))
        ).all()
        for contact in rows:
            found.setdefault(contact.customer_id, contact)
    return found


def job_by_id_or_external(session: Session, ref: str) -> Job | None:
    job = session.exec(select(Job).where(Job.external_id == ref)).first()
    if job is None and ref.isdigit():
        job = session.get(Job, int(ref))
    return job


# --- reminders ------------------------------------------------------------------------------


def reminder_by_key(session: Session, key: str) -> Reminder | None:
    return session.exec(select(Reminder).where(Reminder.occurrence_key == key)).first()


def reminders_for_jobs(session: Session, job_ids: Iterable[int]) -> dict[int, list[Reminder]]:
    wanted = list(set(job_ids))
    found: dict[int, list[Reminder]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for reminder in session.exec(
            select(Reminder)
            .where(col(Reminder.job_id).in_(chunk), Reminder.kind == "reminder")
            .order_by(col(Reminder.id))
        ).all():
            found.setdefault(reminder.job_id, []).append(reminder)
    return found


def changed_pending_reminders(session: Session) -> list[tuple[Reminder, Job, Message]]:
    """Reminders not yet gone out whose job was cancelled or moved since they were made."""
    return [
        (reminder, job, message)
        for reminder, job, message in session.exec(
            select(Reminder, Job, Message)
            .join(Job, col(Job.id) == col(Reminder.job_id))
            .join(Message, col(Message.id) == col(Reminder.message_id))
            .where(
                Reminder.state == ReminderState.SCHEDULED,
                Reminder.kind == "reminder",
                col(Message.status).in_(("scheduled", "queued")),
                sa.or_(
                    Job.status == JobStatus.CANCELLED,
                    col(Job.start) != col(Reminder.job_start),
                ),
            )
        ).all()
    ]


def cancel_scheduled_message(session: Session, message_id: int, now: datetime) -> bool:
    """Cancel a message only if it is still waiting: a sender may have just taken it."""
    result = session.execute(
        sa.update(Message)
        .where(col(Message.id) == message_id, col(Message.status).in_(("scheduled", "queued")))
        .values(status="canceled", updated_at=now, final_at=now)
    )
    return bool(result.rowcount)


def disclaimer_held_for(session: Session, message: Message) -> Message | None:
    """The first-message disclaimer the outbox queued just ahead of this waiting message (same
    thread, same time), when no other text of the thread counts on it: it moves, goes now or
    is cancelled with the message, so the customer never gets it alone or after the message."""
    disclaimer = session.exec(
        select(Message)
        .where(
            Message.thread_id == message.thread_id,
            Message.kind == "disclaimer",
            col(Message.status).in_(("scheduled", "queued")),
            col(Message.id) < (message.id or 0),
            col(Message.scheduled_for) == message.scheduled_for,
        )
        .order_by(col(Message.id).desc())
        .limit(1)
    ).first()
    if disclaimer is None:
        return None
    others = session.exec(
        select(Message.id).where(
            Message.thread_id == message.thread_id,
            col(Message.id) > (disclaimer.id or 0),
            col(Message.id) != message.id,
            Message.kind != "keyword_reply",
            col(Message.status).not_in(NOT_REACHED),
            Message.direction == Direction.OUTBOUND,
        )
    ).first()
    return disclaimer if others is None else None


# --- the review screen ----------------------------------------------------------------------


@dataclass(frozen=True)
class JobFilter:
    """What the review screen's filters ask for; empty means any."""

    technician: str = ""
    date_from: datetime | None = None
    date_to: datetime | None = None
    job_class: str = ""
    customer_type: str = ""
    job_type_id: int | None = None


@dataclass(frozen=True)
class ReviewJob:
    job: Job
    customer: Customer
    job_type: JobType
    number: str | None


def consented_customer_ids(session: Session, customer_ids: Iterable[int]) -> set[int]:
    """Customers with a consent in force, recorded for them or for one of their numbers."""
    wanted = list(set(customer_ids))
    found: set[int] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        direct = session.exec(
            select(Consent.customer_id).where(
                col(Consent.customer_id).in_(chunk), col(Consent.withdrawn_at).is_(None)
            )
        ).all()
        by_number = session.exec(
            select(Contact.customer_id)
            .join(Consent, col(Consent.number) == col(Contact.number))
            .where(col(Contact.customer_id).in_(chunk), col(Consent.withdrawn_at).is_(None))
        ).all()
        found.update(cid for cid in (*direct, *by_number) if cid is not None)
    return found


def consent_in_force(session: Session, customer_id: int) -> Consent | None:
    return session.exec(
        select(Consent)
        .where(Consent.customer_id == customer_id, col(Consent.withdrawn_at).is_(None))
        .order_by(col(Consent.id).desc())
    ).first()


def jobs_for_review(session: Session, where: JobFilter, limit: int = 2000) -> list[ReviewJob]:
    conditions: list[sa.ColumnElement[bool]] = [Job.status == JobStatus.ACTIVE]
    if where.technician:
        conditions.append(col(Job.technician) == where.technician)
    if where.date_from is not None:
        conditions.append(col(Job.start) >= where.date_from)
    if where.date_to is not None:
        conditions.append(col(Job.start) < where.date_to)
    if where.job_class:
        conditions.append(col(Job.job_class) == where.job_class)
    if where.customer_type:
        conditions.append(col(Customer.customer_type) == where.customer_type)
    if where.job_type_id is not None:
        conditions.append(col(Job.job_type_id) == where.job_type_id)
    rows = session.exec(
        select(Job, Customer, JobType)
        .join(Customer, col(Customer.id) == col(Job.customer_id))
        .join(JobType, col(JobType.id) == col(Job.job_type_id))
        .where(*conditions)
        .order_by(col(Job.start), col(Job.id))
        .limit(limit)
    ).all()
    consented = consented_customer_ids(session, (customer.id or 0 for _, customer, _ in rows))
    numbers = primary_numbers(session, consented)
    return [
        ReviewJob(job, customer, job_type, numbers.get(customer.id or 0))
        for job, customer, job_type in rows
        if customer.id in consented
    ]


def primary_numbers(session: Session, customer_ids: Iterable[int]) -> dict[int, str]:
    wanted = list(set(customer_ids))
    found: dict[int, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        # Ordered so the primary, then the oldest, contact is written last and wins. Two
        # columns, not Contact rows: a reminder round reads thousands.
        for customer_id, number in session.exec(
            select(Contact.customer_id, Contact.number)
            .where(one_of(session, Contact.customer_id, chunk))
            .order_by(col(Contact.is_primary), col(Contact.id).desc())
        ).all():
            found[customer_id] = number
    return found


def filter_choices(session: Session) -> dict[str, list[str]]:
    """The distinct values the review screen offers in its filters."""

    def distinct(column: sa.ColumnElement[str]) -> list[str]:
        return [v for v in session.exec(select(column).distinct().order_by(column)).all() if v]

    return {
        "technician": distinct(col(Job.technician)),
        "job_class": distinct(col(Job.job_class)),
        "customer_type": distinct(col(Customer.customer_type)),
    }


def reached_numbers(session: Session, shop_id: int, numbers: Iterable[str]) -> set[str]:
    """The numbers one of the shop's own texts went (or is going) to: they owe no disclaimer
    (the rule of queries.has_reached_thread, for a whole review list at once)."""
    wanted = list(set(numbers))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(
            session.exec(
                select(Thread.number)
                .join(Message, col(Message.thread_id) == col(Thread.id))
                .where(
                    Thread.shop_id == shop_id,
                    col(Thread.number).in_(chunk),
                    Message.direction == Direction.OUTBOUND,
                    Message.kind != "keyword_reply",
                    col(Message.status).not_in(NOT_REACHED),
                )
                .distinct()
            ).all()
        )
    return found


def messages_by_id(session: Session, ids: Iterable[int]) -> dict[int, Message]:
    wanted = list(set(ids))
    found: dict[int, Message] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for message in session.exec(select(Message).where(col(Message.id).in_(chunk))).all():
            found[message.id or 0] = message
    return found
