"""Customers and jobs from the shop's management system, as CSV (docs/import.md).

A row that cannot be imported is rejected with its line number and a sentence saying what to
fix; the other rows are imported, and the CLI writes the rejected ones to a file the clerk can
correct and import again. Rows are keyed by `external_id`, so importing the same file twice
updates rows, it never duplicates them. Files go a chunk of rows at a time, one transaction
each (services/csv_import.py); customers are in services/customer_import.py.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session

from tui_sms.services.csv_import import (
    CsvRow,
    ImportRefused,
    ImportReport,
    Progress,
    RejectedRow,
    RowError,
    need,
    read_csv,
    run_rows,
    write_rejected,
)
from tui_sms.services.customer_import import (
    CONSENT_METHODS,
    CUSTOMER_COLUMNS,
    CUSTOMER_REQUIRED,
    import_customers,
)
from tui_sms.services.outbox import require_shop
from tui_sms.store.models import Job, JobStatus, JobType
from tui_sms.store.queries import jobs as job_queries

__all__ = [
    "CONSENT_METHODS",
    "CUSTOMER_COLUMNS",
    "CUSTOMER_REQUIRED",
    "JOB_COLUMNS",
    "JOB_REQUIRED",
    "CsvRow",
    "ImportRefused",
    "ImportReport",
    "Progress",
    "RejectedRow",
    "RowError",
    "import_customers",
    "import_jobs",
    "read_csv",
    "write_rejected",
]

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
_STATUSES = {"": JobStatus.ACTIVE, "active": JobStatus.ACTIVE} | {
    word: JobStatus.CANCELLED for word in ("cancelled", "canceled", "annulé", "annule")
}
FIRST_JOB_YEAR = 1900
LAST_JOB_YEAR = 2999


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
        need(values, *JOB_REQUIRED)
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

    report = run_rows(rows, header, one, progress, chunk_done=session.commit)
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
