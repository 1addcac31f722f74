"""What the reminder review screen and template editor show, and the edits they make."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlmodel import Session

from tui_sms.domain.compliance import disclaimer_text, language_for
from tui_sms.domain.errors import NotFound, UserError
from tui_sms.domain.phone import parse_number
from tui_sms.domain.segments import estimate
from tui_sms.domain.templates import (
    DEFAULT_TEMPLATES,
    JobFields,
    Language,
    TemplateError,
    occurrence_key,
    render,
    validate_template,
)
from tui_sms.services import billing, known_numbers, roles
from tui_sms.services.outbox import require_shop
from tui_sms.services.reminder_texts import fields_for
from tui_sms.store.models import (
    Consent,
    Contact,
    Customer,
    Job,
    JobType,
    ReminderState,
    ReminderTemplate,
    Shop,
)
from tui_sms.store.queries import jobs as job_queries
from tui_sms.store.queries.jobs import JobFilter

_SENT = ("accepted", "sent", "delivered", "read")
_FAILED = ("failed", "undelivered")


@dataclass(frozen=True)
class ReviewRow:
    job_id: int
    start: datetime
    customer_id: int
    customer_name: str
    job_type_id: int
    job_type: str
    language: str
    technician: str
    number: str | None
    series_id: str | None
    body: str | None  # None when it cannot be rendered (see problem)
    problem: str  # a sentence when the reminder cannot be sent as things stand
    segments: int
    encoding: str
    state: str  # not sent | scheduled | sent | failed | canceled | skipped
    # The first-message disclaimer the outbox sends ahead when the number was never texted.
    disclaimer_segments: int = 0
    confirmed: bool = False  # the customer answered C to the appointment confirmation

    @property
    def sendable(self) -> bool:
        waiting = self.state in ("not sent", "canceled")  # canceled: the job was booked again
        return self.body is not None and self.number is not None and waiting


@dataclass(frozen=True)
class Review:
    rows: list[ReviewRow]
    segment_price: Decimal
    currency: str
    # Customer name -> how many texts this list would send them (only when more than one).
    repeated: dict[str, int]


def _state(reminder_state: str | None, message_status: str | None) -> str:
    if reminder_state is None:
        return "not sent"
    if reminder_state == ReminderState.SKIPPED:
        return "skipped"
    if reminder_state == ReminderState.CANCELED or message_status == "canceled":
        return "canceled"
    if message_status in _SENT:
        return "sent"
    if message_status in _FAILED:
        return "failed"
    return "scheduled"


def review(session: Session, where: JobFilter, *, limit: int = 2000) -> Review:
    shop = require_shop(session)
    found = job_queries.jobs_for_review(session, where, limit=limit)
    reminders = job_queries.reminders_for_jobs(session, (item.job.id or 0 for item in found))
    jobs = {item.job.id or 0: item.job for item in found}
    current = {
        job_id: next((r for r in rows if r.occurrence_key == _key(jobs[job_id])), None)
        for job_id, rows in reminders.items()
    }
    messages = job_queries.messages_by_id(
        session, (r.message_id for r in current.values() if r and r.message_id)
    )
    templates = job_queries.templates_by_key(session, "reminder")
    reached = job_queries.reached_numbers(
        session, shop.id or 0, (item.number for item in found if item.number)
    )
    rows: list[ReviewRow] = []
    for item in found:
        job, customer, job_type = item.job, item.customer, item.job_type
        language: Language = "fr" if customer.language == "fr" else "en"
        body: str | None = None
        problem = ""
        template = templates.get((job_type.id or 0, language))
        if template is None:
            name = "French" if language == "fr" else "English"
            problem = f"No {name} reminder template for {job_type.name}: press e to write one."
        else:
            try:
                body = render(template, fields_for(job, customer, job_type, shop))
            except TemplateError as error:
                problem = error.sentence
        if item.number is None:
            problem = "No mobile number: press n to add one."
        reminder = current.get(job.id or 0)
        message = messages.get(reminder.message_id or 0) if reminder else None
        state = _state(reminder.state if reminder else None, message.status if message else None)
        if reminder is not None and reminder.state == ReminderState.SKIPPED and not problem:
            problem = reminder.reason
        counted = estimate(body) if body else None
        rows.append(
            ReviewRow(
                job_id=job.id or 0,
                start=job.start,
                customer_id=customer.id or 0,
                customer_name=customer.name,
                job_type_id=job_type.id or 0,
                job_type=job_type.name,
                language=language,
                technician=job.technician,
                number=item.number,
                series_id=job.series_id,
                body=body,
                problem=problem,
                segments=counted.segments if counted else 0,
                encoding=counted.encoding if counted else "",
                state=state,
                confirmed=job.confirmed_at is not None,
                disclaimer_segments=(
                    0
                    if item.number is None or item.number in reached
                    else _disclaimer_segments(shop, customer.language)
                ),
            )
        )
    texts = Counter(row.customer_id for row in rows if row.body is not None)
    names = {row.customer_id: row.customer_name for row in rows}
    repeated = {names[cid]: count for cid, count in texts.items() if count > 1}
    price, currency = billing.current_price(session, shop_id=shop.id)
    return Review(rows, price, currency, repeated)


def _key(job: Job) -> str:
    return occurrence_key(job.external_id, job.start)


def cost_of(segments: int, price: Decimal) -> Decimal:
    return price * segments


def segments_to_send(rows: Iterable[ReviewRow]) -> int:
    """What queueing these rows' reminders costs: each reminder, plus one disclaimer for each
    number that was never texted (however many of its jobs are chosen)."""
    chosen = list(rows)
    owed = {row.number: row.disclaimer_segments for row in chosen if row.number}
    return sum(row.segments for row in chosen) + sum(owed.values())


def _disclaimer_segments(shop: Shop, customer_language: str) -> int:
    language = language_for(customer_language, shop.province)
    shop_text = shop.disclaimer_fr if language == "fr" else shop.disclaimer_en
    return estimate(disclaimer_text(language, shop.name, shop_text)).segments


def add_mobile(
    session: Session, customer_id: int, raw: str, *, staff_login: str, now: datetime
) -> str:
    """Give a customer a mobile number from the review screen; returns it in E.164.

    The customer's consent (recorded for the customer, e.g. by an import) is recorded again
    for the new number, naming the staff member who added it, so the proof follows the number.
    """
    shop = require_shop(session)
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound("That customer no longer exists.")
    parsed = parse_number(raw, shop.country or "CA")
    number = parsed.e164
    known_numbers.remember(session, [parsed])
    contact = job_queries.primary_contact(session, customer_id)
    if contact is None:
        contact = Contact(customer_id=customer_id, name=customer.name, number=number)
    contact.number = number
    session.add(contact)
    existing = job_queries.consent_in_force(session, customer_id)
    if existing is not None and existing.number != number:
        session.add(
            Consent(
                number=number,
                customer_id=customer_id,
                recorded_by=staff_login,
                recorded_at=now,
                method=existing.method,
                wording=f"{existing.wording} Mobile number added by {staff_login}.",
            )
        )
    session.flush()
    return number


# --- the template editor ----------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateDraft:
    job_type: JobType
    language: Language
    kind: str
    body: str
    saved: bool  # False: the body is the shipped default, not yet saved for this job type


def load_template(
    session: Session, job_type_id: int, language: Language, kind: str
) -> TemplateDraft:
    job_type = session.get(JobType, job_type_id)
    if job_type is None:
        raise NotFound("That job type no longer exists.")
    found = job_queries.template(session, job_type_id, language, kind)
    if found is not None:
        return TemplateDraft(job_type, language, kind, found.body, True)
    default = DEFAULT_TEMPLATES[kind][language]  # type: ignore[index]
    return TemplateDraft(job_type, language, kind, default, False)


EDIT_TEMPLATES = "edit the message templates"


def save_template(
    session: Session,
    job_type_id: int,
    language: Language,
    kind: str,
    body: str,
    *,
    auto_send: bool,
    days_ahead: int,
    now: datetime,
    by: str,
) -> ReminderTemplate:
    """Save a template and the job type's auto-send setting (administrators only, `by` is the
    login asking); an unknown code is refused here."""
    roles.require_admin(session, by, EDIT_TEMPLATES)
    validate_template(body)
    if not 1 <= days_ahead <= 60:
        raise UserError(f"Send reminders 1 to 60 days before the job, not {days_ahead}.")
    job_type = session.get(JobType, job_type_id)
    if job_type is None:
        raise NotFound("That job type no longer exists.")
    job_type.auto_send = auto_send
    job_type.days_ahead = days_ahead
    session.add(job_type)
    found = job_queries.template(session, job_type_id, language, kind)
    if found is None:
        found = ReminderTemplate(job_type_id=job_type_id, language=language, kind=kind, body=body)
    found.body = body
    found.updated_at = now
    session.add(found)
    session.flush()
    return found


@dataclass(frozen=True)
class PreviewContext:
    """What the editor renders its preview with, as the clerk types."""

    fields: JobFields
    for_whom: str  # the customer of the next job of this type, or "a sample customer"
    segment_price: Decimal
    currency: str


def preview_context(session: Session, job_type_id: int, language: Language) -> PreviewContext:
    """The next job of this type whose customer reads this language, or a sample one."""
    shop = require_shop(session)
    job_type = session.get(JobType, job_type_id)
    if job_type is None:
        raise NotFound("That job type no longer exists.")
    sample = next(
        (
            item
            for item in job_queries.jobs_for_review(
                session, JobFilter(job_type_id=job_type_id), limit=200
            )
            if (item.customer.language == "fr") == (language == "fr")
        ),
        None,
    )
    if sample is not None:
        fields = fields_for(sample.job, sample.customer, job_type, shop)
        whom = sample.customer.name
    else:
        fields = _sample_fields(shop, job_type, language)
        whom = "a sample customer"
    price, currency = billing.current_price(session, shop_id=shop.id)
    return PreviewContext(fields, whom, price, currency)


def _sample_fields(shop: Shop, job_type: JobType, language: Language) -> JobFields:
    from tui_sms.store.models import utcnow

    return JobFields(
        first_name="Alex",
        last_name="Martin",
        customer_name="Alex Martin",
        technician="Sam",
        job_type=job_type.name,
        shop_name=shop.name,
        shop_phone=shop.phone,
        job_start=utcnow(),
        tz=shop.time_zone,
        language=language,
        vehicle="2019 Honda Civic",
    )
