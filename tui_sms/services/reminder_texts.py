"""Reminder texts: a job's fields in the customer's language, the job type's template (or
the shipped default), and the rendered body."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from tui_sms.domain.errors import NotFound
from tui_sms.domain.templates import (
    DEFAULT_TEMPLATES,
    JobFields,
    Language,
    TemplateError,
    render,
)
from tui_sms.store.models import Customer, Job, JobType, Shop
from tui_sms.store.queries import jobs as job_queries
from tui_sms.store.queries.reminder_candidates import CustomerRow, JobRow


@dataclass(frozen=True)
class JobContext:
    # The rows a reminder round reads, or the ORM objects an action loaded: the same fields.
    job: Job | JobRow
    customer: Customer | CustomerRow
    job_type: JobType
    number: str | None


def language_of(customer: Customer | CustomerRow) -> Language:
    return "fr" if customer.language == "fr" else "en"


def fields_for(
    job: Job | JobRow, customer: Customer | CustomerRow, job_type: JobType, shop: Shop
) -> JobFields:
    first, _, last = customer.name.strip().partition(" ")
    return JobFields(
        first_name=first,
        last_name=last.strip(),
        customer_name=customer.name.strip(),
        technician=job.technician,
        job_type=job_type.name,
        shop_name=shop.name,
        shop_phone=shop.phone,
        job_start=job.start,
        tz=shop.time_zone,
        language=language_of(customer),
        vehicle=job.vehicle,
    )


def template_body(session: Session, job_type: JobType, language: Language, kind: str) -> str:
    """The job type's template; confirmation and completed fall back to the shipped defaults.

    A reminder has no fallback: the shop writes one per job type and language, and a missing
    one is listed as a problem on the review screen rather than sent in words nobody chose.
    """
    found = job_queries.template(session, job_type.id or 0, language, kind)
    if found is not None:
        return found.body
    if kind != "reminder":
        return DEFAULT_TEMPLATES[kind][language]  # type: ignore[index]
    raise TemplateError(missing_template(job_type, language))


def missing_template(job_type: JobType, language: Language) -> str:
    name = "French" if language == "fr" else "English"
    return f"The job type {job_type.name} has no {name} reminder template yet."


def render_job(session: Session, context: JobContext, shop: Shop, kind: str = "reminder") -> str:
    language = language_of(context.customer)
    body = template_body(session, context.job_type, language, kind)
    return render(body, fields_for(context.job, context.customer, context.job_type, shop))


def context_for(session: Session, job: Job) -> JobContext:
    customer = session.get(Customer, job.customer_id)
    job_type = session.get(JobType, job.job_type_id)
    if customer is None or job_type is None:
        raise NotFound(f"Job {job.external_id} has lost its customer or job type.")
    contact = job_queries.primary_contact(session, customer.id or 0)
    return JobContext(job, customer, job_type, contact.number if contact else None)
