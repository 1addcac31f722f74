"""When a job's reminder goes out, and how long it stays worth sending: in the customer's
time zone (the outbox reckons quiet hours in the same zone, so a time chosen here passes it
as is). Also the report a scheduling round gives back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from tui_sms.domain.phone import time_zone_for
from tui_sms.domain.templates import reminder_send_at
from tui_sms.services.reminder_texts import JobContext
from tui_sms.store.models import Shop


@dataclass
class ScheduleReport:
    created: int = 0
    moved: int = 0
    canceled: int = 0
    skipped: int = 0
    more: bool = False  # the round stopped at its limit: run another one now
    # (job external id, sentence) for jobs that could not get a reminder this round.
    problems: list[tuple[str, str]] = field(default_factory=list)


def recipient_zone(context: JobContext, shop: Shop) -> str:
    # The outbox reckons quiet hours in this same zone, so a time chosen here passes it as is.
    return time_zone_for(context.number, shop.time_zone) if context.number else shop.time_zone


def send_time(
    context: JobContext, shop: Shop, now: datetime, zone: str | None = None
) -> datetime | None:
    """When the reminder goes; `zone` is the recipient's when the caller has it already."""
    zone = zone or recipient_zone(context, shop)
    return reminder_send_at(
        context.job.start,
        max(context.job_type.days_ahead, 1),
        zone,
        shop.quiet_start,
        shop.quiet_end,
        now,
        tz_shop=shop.time_zone,
    )


def validity_seconds(job_start: datetime, send_at: datetime) -> int:
    # A reminder that could not leave before the appointment must expire, not arrive late.
    return max(60, int((job_start - send_at).total_seconds()))
