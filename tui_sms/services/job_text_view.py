"""What the job-text dialog reads: a thread's jobs with what was already texted about each,
and the text of a kind as it would go (for the clerk to edit before sending)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from tui_sms.services import job_texts
from tui_sms.services.job_texts import Draft
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Customer, Job, JobType, Thread
from tui_sms.store.queries import job_texts as job_text_queries

__all__ = ["Draft", "JobLine", "draft", "job_line", "jobs_of_thread"]

# A job a few days past still gets its "work completed" and "thank you" texts.
RECENT = timedelta(days=14)


@dataclass(frozen=True)
class JobLine:
    job_id: int
    external_id: str
    start: datetime
    job_type: str
    customer: str
    confirmed_at: datetime | None
    sent: dict[str, int]  # kind → message id, for the kinds already texted


def _line(session: Session, job: Job, customer: str) -> JobLine:
    job_type = session.get(JobType, job.job_type_id)
    state = job_texts.state_of(session, job.id or 0)
    return JobLine(
        job.id or 0,
        job.external_id,
        job.start,
        job_type.name if job_type else "",
        customer,
        state.confirmed_at,
        state.sent,
    )


def job_line(engine: Engine, job_id: int) -> JobLine:
    with session_scope(engine) as session:
        found = job_texts.draft(session, job_id, "confirmation")
        job = session.get(Job, found.job_id)
        if job is None:  # draft found it a moment ago, in this same transaction
            raise LookupError(job_id)
        return _line(session, job, found.customer)


def jobs_of_thread(engine: Engine, thread_id: int, now: datetime) -> list[JobLine]:
    """The jobs of the thread's customer from two weeks ago on (none for an unknown number)."""
    with session_scope(engine) as session:
        thread = session.get(Thread, thread_id)
        if thread is None or thread.customer_id is None:
            return []
        jobs = job_text_queries.jobs_of_customer(session, thread.customer_id, now - RECENT)
        customer = session.get(Customer, thread.customer_id)
        name = customer.name if customer else ""
        return [_line(session, job, name) for job in jobs]


def draft(engine: Engine, job_id: int, kind: str) -> Draft:
    with session_scope(engine) as session:
        return job_texts.draft(session, job_id, kind)
