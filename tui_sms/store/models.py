"""SQLModel tables (their column types are in column_types.py)."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

# Older migrations name the types as tui_sms.store.models.UTCDateTime and .Money: keep them here.
from tui_sms.store.column_types import Money, UTCDateTime, utcnow


class Direction(StrEnum):
    OUTBOUND = "outbound"
    INBOUND = "inbound"
    NOTE = "note"


class Queue(StrEnum):
    TRANSACTIONAL = "transactional"
    PROMOTIONAL = "promotional"


class ThreadState(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class Shop(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    phone: str = ""
    country: str | None = None  # ISO 3166 alpha-2, e.g. "CA"
    province: str | None = None  # e.g. "QC"
    time_zone: str = "America/Toronto"
    return_email: str = ""
    disclaimer_en: str = ""
    disclaimer_fr: str = ""
    quiet_start: time = Field(default=time(21, 0))
    quiet_end: time = Field(default=time(8, 0))
    currency: str = "USD"
    # `return_email` holds one or several addresses, comma-separated.
    language: str = ""  # en | fr; empty: French in Quebec, English elsewhere
    forward_keywords: bool = False  # also e-mail STOP/START/HELP replies
    forward_sms_staff_id: int | None = Field(default=None, foreign_key="staff.id")
    # Whether the prepaid balance may go below zero, and how far (in segments).
    allow_negative_balance: bool = Field(
        default=False, sa_column_kwargs={"server_default": sa.false()}
    )
    negative_balance_limit: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # Answers to STOP / START / HELP in each language; empty means the default text.
    stop_reply_en: str = ""
    stop_reply_fr: str = ""
    start_reply_en: str = ""
    start_reply_fr: str = ""
    help_reply_en: str = ""
    help_reply_fr: str = ""
    after_hours_reply: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    closed_reply_en: str = Field(default="", sa_column_kwargs={"server_default": ""})
    closed_reply_fr: str = Field(default="", sa_column_kwargs={"server_default": ""})


class Role(StrEnum):
    """What a staff member may change: admins keep the shop's settings, numbers, bundles,
    templates and staff; everybody works the conversations."""

    ADMIN = "admin"
    STAFF = "staff"


class Staff(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(unique=True, index=True)
    display_name: str
    sms_number: str | None = None
    email: str | None = None
    gateway_address: str | None = None
    # Empty: no language of their own yet; the `language` setting, the shop's, then the
    # locale speak for them. A default of "en" answered a French shop's staff in English.
    language: str = ""
    active: bool = True
    role: str = Field(default=Role.STAFF, sa_column_kwargs={"server_default": Role.STAFF.value})


class Customer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    shop_id: int = Field(foreign_key="shop.id", index=True)
    external_id: str | None = Field(default=None, index=True)
    name: str
    language: str = "en"
    customer_type: str = ""
    customer_class: str = ""
    notes: str = ""
    car_club: str = Field(default="", sa_column_kwargs={"server_default": ""})


class Contact(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    name: str
    number: str = Field(index=True)  # E.164
    is_primary: bool = True


class Consent(SQLModel, table=True):
    """The proof that a number agreed to be texted: who recorded it, when, how, and what it said."""

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(index=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    recorded_by: str
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    method: str  # signed_paper | electronic | verbal
    wording: str
    withdrawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    withdrawn_by: str | None = None
    # What it covers: "transactional" (service texts only) or "promotions" (those too).
    scope: str = Field(
        default="transactional", sa_column_kwargs={"server_default": "transactional"}
    )


class OptOut(SQLModel, table=True):
    """Keyed by number, not customer: a STOP blocks every customer and shop sharing it."""

    number: str = Field(primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    keyword: str = ""
    source: str = ""  # "keyword", "provider 21610", "staff: <login>"


class Thread(SQLModel, table=True):
    # No index of its own for shop_id or state: the unique (shop_id, number) and the
    # (state, ...) indexes begin with them, and every index more is written for every thread
    # a batch opens.
    __table_args__ = (sa.UniqueConstraint("shop_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    shop_id: int = Field(foreign_key="shop.id")
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    number: str  # the customer's E.164 number; "staff:<id>" for an employee thread
    kind: str = Field(default="customer", index=True)  # customer | employee
    state: str = Field(default=ThreadState.OPEN)
    assignee_id: int | None = Field(default=None, foreign_key="staff.id", index=True)
    sender_number: str | None = None  # sticky: the pool number this customer hears from
    last_activity_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    last_preview: str = ""
    unread_count: int = 0
    flagged: str = ""  # why staff should look (e.g. a reply that resembles STOP)
    # Out of the lists until then or until the customer writes; back unread.
    snoozed_until: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Message(SQLModel, table=True):
    # thread_id and status are looked up through (thread_id, id) and (status, queue), which
    # begin with them: an index of each alone would be one more written per message.
    __table_args__ = (sa.Index("ix_message_status_queue", "status", "queue"),)

    id: int | None = Field(default=None, primary_key=True)
    thread_id: int = Field(foreign_key="thread.id")
    direction: str  # outbound | inbound | note
    kind: str = "reply"  # reply | disclaimer | keyword_reply | reminder | promotion | note ...
    body: str
    status: str
    queue: str = Queue.TRANSACTIONAL
    from_number: str | None = None
    to_number: str | None = None
    provider_sid: str | None = Field(default=None, unique=True)
    segments: int = 0
    encoding: str = "GSM-7"
    cost: Decimal | None = Field(default=None, sa_type=Money)
    author_id: int | None = Field(default=None, foreign_key="staff.id")
    scheduled_for: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    validity_seconds: int | None = None
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    lease_owner: str | None = None
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    error_code: int | None = None
    error_message: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    final_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # A retry is a new queued copy; it points at the failed message it replaces.
    retry_of_id: int | None = Field(default=None, index=True)


class StatusEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", index=True)
    status: str
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    raw_code: str | None = None


class SenderNumber(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True)
    queue: str = Field(default=Queue.TRANSACTIONAL, index=True)
    rate_limit: float = 1.0  # segments per second the carrier allows this number (0: unmetered)
    active: bool = True
    # The number's line is booked until then: every worker reserves its sends here, in the
    # claim transaction, so the carrier's limit holds across processes and machines.
    next_free_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Who made the last booking (one sender's run) and when that sender itself may post
    # again: it waits for its own previous answer, so it needs less slack than a stranger.
    booked_by: str | None = None
    own_free_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Change(SQLModel, table=True):
    """A monotonically increasing marker: the UI polls max(id) and refreshes what changed."""

    id: int | None = Field(default=None, primary_key=True)
    thread_id: int | None = Field(default=None, index=True)
    kind: str
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Cursor(SQLModel, table=True):
    """Durable positions of pollers (e.g. the newest inbound date seen)."""

    name: str = Field(primary_key=True)
    value: str


class WorkerHeartbeat(SQLModel, table=True):
    """Who runs the sender and poller: a TUI starts its own only when nobody is beating."""

    owner: str = Field(primary_key=True)
    beat_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    provider_ok: bool = True
    provider_down_since: datetime | None = Field(default=None, sa_type=UTCDateTime)


class EntryKind(StrEnum):
    PURCHASE = "purchase"
    DRAW = "draw"


class BalanceEntry(SQLModel, table=True):
    """One line of a shop's prepaid ledger; the balance is the sum of `segments`, never a counter.

    A purchase adds a bundle's segments and records the price paid; a draw takes a message's
    segments (sent when the provider accepted it, received when stored) and records their value
    at the price of the latest bundle. A message draws at most once (unique `message_id`).
    """

    id: int | None = Field(default=None, primary_key=True)
    shop_id: int = Field(foreign_key="shop.id", index=True)
    kind: str  # purchase | draw
    segments: int  # + for a purchase, - for a draw
    price: Decimal = Field(default=Decimal(0), sa_type=Money)
    bundle: int | None = None  # size of the bundle bought (purchases only)
    message_id: int | None = Field(default=None, foreign_key="message.id", unique=True)
    direction: str | None = None  # the drawing message's: outbound | inbound
    recorded_by: str = ""
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class JobStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"


class ReminderState(StrEnum):
    """Where one occurrence's reminder stands; the message carries the delivery details."""

    SCHEDULED = "scheduled"  # a message exists and waits for its time (or is on its way)
    CANCELED = "canceled"  # the job was cancelled before the reminder left
    SKIPPED = "skipped"  # too late to remind before the job, or the gate refused it


class JobType(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    auto_send: bool = False
    days_ahead: int = 1
    # One follow-up when an appointment confirmation is still unanswered after this; 0: none.
    confirm_follow_up_hours: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class Job(SQLModel, table=True):
    """One occurrence of a job: a recurring job is one row per date, sharing a series_id."""

    id: int | None = Field(default=None, primary_key=True)
    external_id: str = Field(unique=True)  # the shop system's id: re-imports update this row
    customer_id: int = Field(foreign_key="customer.id", index=True)
    job_type_id: int = Field(foreign_key="jobtype.id")  # indexed by (job_type_id, status, start)
    start: datetime = Field(sa_type=UTCDateTime, index=True)
    technician: str = Field(default="", index=True)
    job_class: str = ""
    vehicle: str = ""
    status: str = Field(default=JobStatus.ACTIVE, index=True)
    series_id: str | None = Field(default=None, index=True)
    confirmed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ReminderTemplate(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("job_type_id", "language", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    job_type_id: int = Field(foreign_key="jobtype.id", index=True)
    language: str  # en | fr
    kind: str = "reminder"  # reminder | confirmation | completed
    body: str
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Reminder(SQLModel, table=True):
    """The link from a job occurrence to its reminder message: at most one per occurrence key,
    which is what keeps the scheduler idempotent across restarts and several workers."""

    id: int | None = Field(default=None, primary_key=True)
    occurrence_key: str = Field(unique=True)
    kind: str = "reminder"  # reminder | confirmation | completed
    job_id: int = Field(foreign_key="job.id")  # indexed by (job_id, job_start)
    message_id: int | None = Field(default=None, foreign_key="message.id", index=True)
    state: str = Field(default=ReminderState.SCHEDULED, index=True)
    # The job's start this reminder was made for: a job whose start differs has moved.
    job_start: datetime = Field(sa_type=UTCDateTime)
    send_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reason: str = ""  # why it was skipped, in the clerk's words
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ThreadKind(StrEnum):
    CUSTOMER = "customer"
    EMPLOYEE = "employee"


class MailOut(SQLModel, table=True):
    """The durable mail outbox: a row stays until the SMTP server accepted it.

    `lease_until` reserves a row for the worker sending it, so several workers never send
    the same row at once; `message_id` links the text message it forwards or carries.
    """

    id: int | None = Field(default=None, primary_key=True)
    kind: str = "forward"  # forward | employee | test
    recipients: str  # comma-separated addresses
    subject: str
    body: str
    header_message_id: str = ""  # the Message-ID header, fixed at enqueue: retries reuse it
    message_id: int | None = Field(default=None, foreign_key="message.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    last_error: str | None = None
    server_answer: str | None = None


class Shortcut(SQLModel, table=True):
    """A canned reply staff insert while composing, then edit before sending."""

    id: int | None = Field(default=None, primary_key=True)
    title: str
    body: str
    language: str = Field(default="en", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    is_default: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})


# Lists page by (state, last activity), (thread, id); the failed count is (direction, status);
# the views' counts and Mine read (state, assignee, kind, snoozed) without touching a row;
# a reminder round pages a job type's active jobs by start, and finds a job's reminder by start.
# The migration adds a partial index of the snoozed threads, not declared here: its WHERE
# for PostgreSQL would load that dialect at every start, SQLite's too.
sa.Index("ix_thread_state_activity", Thread.state, Thread.last_activity_at, Thread.id)  # type: ignore[arg-type]
sa.Index(
    "ix_thread_state_assignee",
    Thread.state,  # type: ignore[arg-type]
    Thread.assignee_id,  # type: ignore[arg-type]
    Thread.kind,  # type: ignore[arg-type]
    Thread.snoozed_until,  # type: ignore[arg-type]
)
sa.Index("ix_message_thread_id_id", Message.thread_id, Message.id)  # type: ignore[arg-type]
sa.Index("ix_message_direction_status", Message.direction, Message.status)  # type: ignore[arg-type]
sa.Index("ix_job_type_status_start", Job.job_type_id, Job.status, Job.start)  # type: ignore[arg-type]
sa.Index("ix_reminder_job_id_job_start", Reminder.job_id, Reminder.job_start)  # type: ignore[arg-type]
