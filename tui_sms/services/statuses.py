"""Recording what the provider says about a message, with an audit trail entry per change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlmodel import Session

from tui_sms.domain.status import is_final, may_move
from tui_sms.provider.base import ProviderMessage
from tui_sms.store.models import Message
from tui_sms.store.queries import sending, threads


def set_status(
    session: Session,
    message: Message,
    status: str,
    now: datetime,
    *,
    raw: str | None = None,
    error_code: int | None = None,
    error_message: str | None = None,
) -> None:
    mark(message, status, now, error_code=error_code, error_message=error_message)
    session.add(message)
    session.flush()
    sending.add_status_event(session, message, now, raw)
    threads.record_change(session, message.thread_id, "status")


@dataclass
class AnsweredRow:
    """A message as a batch of answers reads it (`sending.answered_facts`): its columns, not
    the stored object, changed by the same rules (`take_report`, `mark`) and written back
    with the others in one statement."""

    id: int
    thread_id: int
    direction: str
    body: str
    status: str
    provider_sid: str | None
    segments: int
    cost: Decimal | None
    sent_at: datetime | None
    updated_at: datetime
    error_code: int | None
    error_message: str | None
    final_at: datetime | None


def mark(
    message: Message | AnsweredRow,
    status: str,
    now: datetime,
    *,
    error_code: int | None = None,
    error_message: str | None = None,
) -> None:
    """The message's new status, in memory only: its caller writes the event and the change
    (`set_status` for one message, `send_outcomes.record_answers` for a batch)."""
    message.status = status
    message.updated_at = now
    if error_code is not None or error_message is not None:
        message.error_code = error_code
        message.error_message = error_message
    if is_final(status):
        message.final_at = now


def take_report(message: Message | AnsweredRow, report: ProviderMessage) -> bool:
    """The provider's facts about a message (sid, segments, price, when sent), in memory;
    returns whether its status may move to the report's (never backwards)."""
    if message.provider_sid is None:
        message.provider_sid = report.sid
    if report.num_segments:
        message.segments = report.num_segments
    if report.price is not None:
        message.cost = abs(report.price)
    if report.date_sent is not None and message.sent_at is None:
        message.sent_at = report.date_sent
    return may_move(message.status, report.status)


def report_code(report: ProviderMessage) -> str | None:
    """The raw code a status event keeps for the provider's report."""
    return str(report.error_code) if report.error_code else None


def apply_provider_report(
    session: Session, message: Message, report: ProviderMessage, now: datetime
) -> bool:
    """Take the provider's view of a message. Returns whether anything changed."""
    if not take_report(message, report):
        session.add(message)
        return False
    set_status(
        session,
        message,
        report.status,
        now,
        raw=report_code(report),
        error_code=report.error_code,
        error_message=report.error_message,
    )
    return True
