"""The jobs a reminder round reads: those coming up whose current start has no reminder in
force, as the few columns their text and timing need (rows, not ORM objects: a round of a
shop group reads thousands, and building an object per job and customer cost more than the
query)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from tui_sms.store.models import Customer, Job, JobStatus, Reminder, ReminderState


@dataclass(frozen=True)
class JobRow:
    """A job as a reminder round reads it: what its text, its timing and its key need."""

    id: int
    external_id: str
    start: datetime
    technician: str
    vehicle: str


@dataclass(frozen=True)
class CustomerRow:
    """A job's customer as a reminder round reads it."""

    id: int
    name: str
    language: str


def auto_send_candidates(
    session: Session,
    job_type_id: int,
    after: datetime,
    before: datetime,
    *,
    limit: int,
    offset: int = 0,
) -> list[tuple[JobRow, CustomerRow, int | None]]:
    """Active jobs of one type starting in (after, before] whose current start has no reminder
    in force, soonest first, with their customer and the id of the canceled reminder of that
    start if there is one (a job cancelled, then booked again at the same time: its row is
    re-used)."""
    job, customer = _table(Job), _table(Customer)
    reminder, canceled = _table(Reminder), _table(Reminder).alias("canceled")
    in_force = (
        sa.select(reminder.c.id)
        .where(
            reminder.c.job_id == job.c.id,
            reminder.c.kind == "reminder",
            reminder.c.job_start == job.c.start,
            reminder.c.state != ReminderState.CANCELED,
        )
        .exists()
    )
    rows = session.execute(
        sa.select(
            job.c.id,
            job.c.external_id,
            job.c.start,
            job.c.technician,
            job.c.vehicle,
            customer.c.id,
            customer.c.name,
            customer.c.language,
            canceled.c.id,
        )
        .join(customer, customer.c.id == job.c.customer_id)
        .outerjoin(
            canceled,
            sa.and_(
                canceled.c.job_id == job.c.id,
                canceled.c.kind == "reminder",
                canceled.c.job_start == job.c.start,
                canceled.c.state == ReminderState.CANCELED,
            ),
        )
        .where(
            job.c.job_type_id == job_type_id,
            job.c.status == JobStatus.ACTIVE,
            job.c.start > after,
            job.c.start <= before,
            ~in_force,
        )
        .order_by(job.c.start, job.c.id)
        .offset(offset)
        .limit(limit)
    ).all()
    return [
        (
            JobRow(job_id, external_id, start, technician, vehicle),
            CustomerRow(customer_id, name, language),
            canceled_id,
        )
        for (
            job_id,
            external_id,
            start,
            technician,
            vehicle,
            customer_id,
            name,
            language,
            canceled_id,
        ) in rows
    ]


def _table(model: type) -> sa.Table:
    return model.__table__  # type: ignore[attr-defined,no-any-return]
