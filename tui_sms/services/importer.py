"""Customers and jobs from the shop's management system, as CSV (docs/import.md).

Each file is imported in one transaction. A row that cannot be imported is rejected with its
line number and a sentence saying what to fix; the other rows are imported, and the CLI
writes the rejected ones to a file the clerk can correct and import again. Rows are keyed by
`external_id`, so importing the same file twice updates rows, it never duplicates them.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from tui_sms.domain.errors import UserError
from tui_sms.domain.phone import parse_number
from tui_sms.domain.text import clean
from tui_sms.services.customers import keep_contact
from tui_sms.services.outbox import require_shop
from tui_sms.store.models import Consent, Contact, Customer, Job, JobStatus, JobType, Shop
from tui_sms.store.queries import consent as consent_queries
from tui_sms.store.queries import jobs as job_queries

CUSTOMER_COLUMNS = (
    "external_id",
    "name",
    "language",
    "mobile",
    "customer_type",
    "customer_class",
    "opted_in",
    "notes",
    "car_club",
)
CUSTOMER_REQUIRED = ("external_id", "name")
JOB_COLUMNS = (
    "external_id",
    "customer_id",
    "job_type",
    "start",
    "technician",
    "class",
    "vehicle",
    "status",
    "series_id",
)
JOB_REQUIRED = ("external_id", "customer_id", "job_type", "start")

CONSENT_METHODS = ("signed_paper", "electronic", "verbal")
_LANGUAGES = {"": "en", "en": "en", "english": "en", "anglais": "en"} | {
    "fr": "fr",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
}
_STATUSES = {"": JobStatus.ACTIVE, "active": JobStatus.ACTIVE} | {
    word: JobStatus.CANCELLED for word in ("cancelled", "canceled", "annulé", "annule")
}

Progress = Callable[[int, int], None]
FIRST_JOB_YEAR = 1900
LAST_JOB_YEAR = 2999


class ImportRefused(UserError):
    """The whole file cannot be read: wrong columns, not CSV, not UTF-8."""


class RowError(Exception):
    """One row's problem, in a sentence for the clerk."""


@dataclass(frozen=True)
class CsvRow:
    line: int  # the line in the file where the row starts, as a spreadsheet shows it
    values: dict[str, str]


@dataclass(frozen=True)
class RejectedRow:
    line: int
    error: str
    values: dict[str, str]


@dataclass
class ImportReport:
    columns: list[str]
    total: int = 0
    created: int = 0
    updated: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated


def read_csv(path: Path, required: Iterable[str]) -> tuple[list[str], list[CsvRow]]:
    """The header and rows; a ';' separated file (as French-locale spreadsheets save) works too."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            f"{path.name} is not UTF-8 text: save it from the spreadsheet as CSV UTF-8."
        ) from exc
    except OSError as exc:
        raise ImportRefused(f"{path} cannot be read: {exc.strerror}.") from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter, restval="")
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in required if name not in header]
    if missing:
        raise ImportRefused(
            f"{path.name} has no {', '.join(missing)} column: the first line must name the "
            f"columns (see docs/import.md)."
        )
    reader.fieldnames = header
    rows: list[CsvRow] = []
    line = reader.line_num + 1
    try:
        for record in reader:
            values = {
                key: clean(value or "").strip()
                for key, value in record.items()
                if key is not None and isinstance(value, str)
            }
            if any(values.values()):
                rows.append(CsvRow(line, values))
            line = reader.line_num + 1
    except csv.Error as exc:
        # A cell over the csv module's limit (128 kB), or a NUL byte: nothing is imported.
        raise ImportRefused(
            f"Line {line} of {path.name} cannot be read as CSV ({exc}): fix that line and "
            "import the file again."
        ) from exc
    return header, rows


def _run(
    rows: list[CsvRow],
    header: list[str],
    import_row: Callable[[dict[str, str]], bool],
    progress: Progress | None,
    repeat: Callable[[dict[str, str], int], bool] | None = None,
) -> ImportReport:
    """`repeat` takes a row whose external_id an earlier line had (else it is rejected)."""
    report = ImportReport(columns=header, total=len(rows))
    seen: dict[str, int] = {}
    for done, row in enumerate(rows, start=1):
        key = row.values.get("external_id", "")
        try:
            if key in seen and repeat is None:
                raise RowError(f"external_id {key} is already on line {seen[key]} of this file.")
            if key in seen and repeat is not None:
                created = repeat(row.values, seen[key])
            else:
                seen.update({key: row.line} if key else {})
                created = import_row(row.values)
        except (RowError, UserError) as problem:
            report.rejected.append(RejectedRow(row.line, str(problem), row.values))
        except (ValueError, ArithmeticError) as problem:
            # A value no rule foresaw (a date past year 9999 once converted …): this row is
            # rejected, the good ones are still imported.
            report.rejected.append(RejectedRow(row.line, _unforeseen(problem), row.values))
        else:
            report.created += created
            report.updated += not created
        if progress is not None:
            progress(done, len(rows))
    return report


def _unforeseen(problem: Exception) -> str:
    return f"a value in this row cannot be stored ({problem})."


def _need(values: dict[str, str], *names: str) -> None:
    missing = [name for name in names if not values.get(name)]
    if missing:
        raise RowError(f"{', '.join(missing)} is empty.")


# --- customers ----------------------------------------------------------------------------


def import_customers(
    session: Session,
    path: Path,
    *,
    recorded_by: str,
    now: datetime,
    progress: Progress | None = None,
) -> ImportReport:
    shop = require_shop(session)
    header, rows = read_csv(path, CUSTOMER_REQUIRED)
    known = job_queries.customers_by_external_id(
        session, (row.values.get("external_id", "") for row in rows)
    )
    # Looked up once for the whole file, not once a row: a re-import stays linear.
    known_ids = [customer.id or 0 for customer in known.values()]
    contacts = job_queries.primary_contacts(session, known_ids)
    consented = job_queries.consented_customer_ids(session, known_ids)

    seen: dict[str, set[str]] = {}  # external_id -> numbers, of customers already read

    def one(values: dict[str, str]) -> bool:
        _need(values, "external_id", "name")
        language = _LANGUAGES.get(values.get("language", "").lower())
        if language is None:
            raise RowError(f"language '{values['language']}' is not en or fr.")
        mobile = _mobile(values.get("mobile", ""), shop)
        method = _opted_in(values)
        customer = known.get(values["external_id"])
        created = customer is None
        if customer is None:
            customer = Customer(shop_id=shop.id or 0, external_id=values["external_id"], name="")
        customer.name = values["name"]
        customer.language = language
        for column, attribute in (
            ("customer_type", "customer_type"),
            ("customer_class", "customer_class"),
            ("notes", "notes"),
            ("car_club", "car_club"),
        ):
            if column in values:
                setattr(customer, attribute, values[column])
        session.add(customer)
        session.flush()
        known[values["external_id"]] = customer
        seen[values["external_id"]] = {mobile} if mobile else set()
        if mobile:
            contacts[customer.id or 0] = _set_mobile(
                contacts.get(customer.id or 0), customer, mobile, values.get("contact_name", "")
            )
            session.add(contacts[customer.id or 0])
        # An import never withdraws a consent, and records the shop system's opt-in once.
        if (
            method
            and (customer.id or 0) not in consented
            and consent_queries.active_consent(session, mobile) is None
        ):
            session.add(_consent(customer, mobile, method, recorded_by, path.name, now))
            consented.add(customer.id or 0)
        return created

    def another_contact(values: dict[str, str], first_line: int) -> bool:  # one more contact
        numbers = seen.get(values["external_id"])
        mobile, method = _mobile(values.get("mobile", ""), shop), _opted_in(values)
        if numbers is None or not mobile or mobile in numbers:
            raise RowError(
                f"external_id {values['external_id']} is already on line {first_line} of this "
                "file: a repeated customer adds a contact, and this row has no new mobile."
            )
        numbers.add(mobile)
        customer = known[values["external_id"]]
        keep_contact(session, customer, values.get("contact_name", ""), mobile)
        if method and consent_queries.active_consent(session, mobile) is None:
            session.add(_consent(customer, mobile, method, recorded_by, path.name, now))
        return False

    report = _run(rows, header, one, progress, repeat=another_contact)
    session.flush()
    return report


def _opted_in(values: dict[str, str]) -> str:
    method = values.get("opted_in", "").lower()
    if method in ("no", "non", "n", "0", "false"):
        return ""
    if method and method not in CONSENT_METHODS:
        raise RowError(
            f"opted_in '{values['opted_in']}' is not one of {', '.join(CONSENT_METHODS)} "
            "(or empty when the customer has not agreed to texts)."
        )
    return method


def _mobile(raw: str, shop: Shop) -> str:
    if not raw:
        return ""
    try:
        return parse_number(raw, shop.country or "CA").e164
    except UserError as problem:
        raise RowError(
            f"{problem.sentence} Leave mobile empty to import the customer without one."
        ) from problem


def _set_mobile(contact: Contact | None, customer: Customer, number: str, name: str) -> Contact:
    if contact is None:
        contact = Contact(customer_id=customer.id or 0, name=name or customer.name, number=number)
    contact.number = number
    return contact


def _consent(
    customer: Customer, number: str, method: str, recorded_by: str, source: str, now: datetime
) -> Consent:
    return Consent(
        number=number,
        customer_id=customer.id,
        recorded_by=recorded_by,
        recorded_at=now,
        method=method,
        wording=f"Opted in to texts in the shop's management system (imported from {source}).",
    )


# --- jobs ---------------------------------------------------------------------------------


def import_jobs(
    session: Session, path: Path, *, now: datetime, progress: Progress | None = None
) -> ImportReport:
    shop = require_shop(session)
    header, rows = read_csv(path, JOB_REQUIRED)
    zone = ZoneInfo(shop.time_zone)
    customers = job_queries.customers_by_external_id(
        session, (row.values.get("customer_id", "") for row in rows)
    )
    jobs = job_queries.jobs_by_external_id(
        session, (row.values.get("external_id", "") for row in rows)
    )
    types = {job_type.name.casefold(): job_type for job_type in job_queries.job_types(session)}

    def one(values: dict[str, str]) -> bool:
        _need(values, *JOB_REQUIRED)
        customer = customers.get(values["customer_id"])
        if customer is None:
            raise RowError(
                f"There is no customer {values['customer_id']}: import the customers first."
            )
        start = _start(values["start"], zone)
        status = _STATUSES.get(values.get("status", "").lower())
        if status is None:
            raise RowError(f"status '{values['status']}' is not active or cancelled.")
        job_type = types.get(values["job_type"].casefold())
        if job_type is None:
            job_type = JobType(name=values["job_type"])
            session.add(job_type)
            session.flush()
            types[job_type.name.casefold()] = job_type
        job = jobs.get(values["external_id"])
        created = job is None
        if job is None:
            job = Job(external_id=values["external_id"], customer_id=0, job_type_id=0, start=start)
        job.customer_id = customer.id or 0
        job.job_type_id = job_type.id or 0
        job.start = start
        job.status = status
        job.technician = values.get("technician", job.technician)
        job.job_class = values.get("class", job.job_class)
        job.vehicle = values.get("vehicle", job.vehicle)
        job.series_id = values.get("series_id") or None
        job.updated_at = now
        session.add(job)
        session.flush()
        jobs[job.external_id] = job
        return created

    report = _run(rows, header, one, progress)
    session.flush()
    return report


def _start(raw: str, zone: ZoneInfo) -> datetime:
    """ISO 8601 ('2026-03-10 14:30' or with 'T'); without an offset it is the shop's time."""
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise RowError(f"start '{raw}' is not a date and time like 2026-03-10 14:30.") from None
    if not FIRST_JOB_YEAR <= moment.year <= LAST_JOB_YEAR:
        # Reminders are computed days before and after a job: a start near the calendar's
        # ends would overflow there, long after this import.
        raise RowError(
            f"start '{raw}' is not a date a job can have: give a year between "
            f"{FIRST_JOB_YEAR} and {LAST_JOB_YEAR}."
        )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def write_rejected(report: ImportReport, path: Path) -> None:
    """The rejected rows as they were, with their line number and the reason, to fix and retry."""
    columns = ["line", "error", *report.columns]
    # Customer names and numbers: private to the file's owner, like the database.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    with open(descriptor, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in report.rejected:
            writer.writerow({"line": row.line, "error": row.error, **row.values})
