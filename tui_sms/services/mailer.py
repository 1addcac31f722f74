"""The mail outbox: reply forwards and texts to carrier gateways, sent with aiosmtplib.

Mails are rows first (`MailOut`, written in the transaction that creates the reason for
them), SMTP second: an outage keeps them, retries back off, and a row is marked sent only
after the server accepted it. A worker killed between the server's "250" and the commit
sends that mail again after its lease: SMTP has no idempotency key, but the Message-ID is
fixed at enqueue time, so mail clients show the two copies as one message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from sqlalchemy.engine import Engine
from sqlmodel import Session

from tui_sms.config import MailSettings
from tui_sms.domain.errors import ConfigError, UserError
from tui_sms.domain.mailtext import check_address
from tui_sms.domain.text import one_line
from tui_sms.services.statuses import set_status
from tui_sms.store.engine import in_transaction
from tui_sms.store.models import MailOut, Message, utcnow
from tui_sms.store.queries import workers

log = logging.getLogger(__name__)

MAIL_LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(minutes=30)
# After this long unsent, the message center shows a banner.
MAIL_ALARM_AFTER = timedelta(days=1)


class MailFailed(UserError):
    """The mail server could not be reached, refused the login, or refused the message."""

    def __init__(self, sentence: str, *, server_down: bool = False) -> None:
        super().__init__(sentence)
        self.server_down = server_down


@dataclass
class MailReport:
    sent: int = 0
    failed: int = 0
    last_error: str | None = None


@dataclass(frozen=True)
class _Due:
    id: int
    recipients: list[str]
    subject: str
    body: str
    header_message_id: str
    created_at: datetime


def enqueue_mail(
    session: Session,
    recipients: list[str],
    subject: str,
    body: str,
    *,
    kind: str,
    now: datetime,
    message_id: int | None = None,
) -> MailOut:
    """Add one mail to the outbox, in the caller's transaction."""
    row = MailOut(
        kind=kind,
        recipients=", ".join(check_address(address) for address in recipients),
        subject=one_line(subject, 200),
        body=body,
        header_message_id=make_msgid(domain="tui-sms.invalid"),
        message_id=message_id,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def build_email(
    sender: str,
    recipients: list[str],
    subject: str,
    body: str,
    *,
    header_message_id: str | None = None,
    date: datetime | None = None,
) -> EmailMessage:
    """A plain-text UTF-8 message. Header values go through the header registry, which
    refuses CR/LF, and the subject is flattened to one line before that."""
    message = EmailMessage()
    message["From"] = Address(addr_spec=check_address(sender))
    message["To"] = [Address(addr_spec=check_address(address)) for address in recipients]
    message["Subject"] = one_line(subject, 200)
    message["Date"] = format_datetime(date or utcnow())
    message["Message-ID"] = header_message_id or make_msgid(domain="tui-sms.invalid")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body, subtype="plain", charset="utf-8", cte="quoted-printable")
    return message


async def deliver(settings: MailSettings, message: EmailMessage) -> str:
    """Hand one message to the SMTP server; its answer, or MailFailed with one sentence."""
    # Loaded on the first mail, not at start-up: it costs a good share of an app's launch.
    import aiosmtplib

    _require_configured(settings)
    password = settings.resolved_password()
    try:
        refused, answer = await aiosmtplib.send(
            message,
            hostname=settings.host,
            port=settings.resolved_port(),
            username=settings.user or None,
            password=password if settings.user else None,
            use_tls=settings.tls == "tls",
            start_tls=settings.tls == "starttls",
            timeout=settings.timeout,
        )
    except aiosmtplib.SMTPAuthenticationError as error:
        raise MailFailed(
            f"The mail server {settings.host} refused the login of {settings.user!r}: "
            f"{one_line(error.message, 120)}.",
            server_down=True,
        ) from error
    except aiosmtplib.SMTPRecipientsRefused as error:
        raise MailFailed(
            f"The mail server {settings.host} refused every recipient: {one_line(str(error), 160)}."
        ) from error
    except aiosmtplib.SMTPResponseException as error:
        raise MailFailed(
            f"The mail server {settings.host} answered {error.code} {one_line(error.message, 120)}."
        ) from error
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
        raise MailFailed(
            f"The mail server {settings.host}:{settings.resolved_port()} cannot be reached: "
            f"{one_line(str(error), 120) or type(error).__name__}.",
            server_down=True,
        ) from error
    if refused:
        who = ", ".join(sorted(refused))
        return f"accepted, except for {who}: {one_line(answer, 120)}"
    return one_line(answer, 160)


async def send_test(settings: MailSettings, to: str | None) -> str:
    """Send a test message now (not through the outbox); the server's answer in one line."""
    _require_configured(settings)
    recipient = to or settings.sender
    message = build_email(
        settings.sender,
        [recipient],
        "tui-sms test message",
        "This is a test message from tui-sms: the mail settings work.\n"
        "Ceci est un message d'essai de tui-sms : les réglages du courriel fonctionnent.\n",
    )
    answer = await deliver(settings, message)
    return f"{settings.host}:{settings.resolved_port()} accepted the test for {recipient}: {answer}"


def _require_configured(settings: MailSettings) -> None:
    if not settings.configured:
        raise ConfigError(
            "E-mail is not set up: give mail.host and mail.sender in the settings file."
        )


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … at most 30 min between attempts."""
    delay = FIRST_RETRY * (2 ** max(attempts - 1, 0))
    return min(delay, LONGEST_RETRY)


async def send_due_mail(
    engine: Engine, settings: MailSettings, *, limit: int = 20, now: datetime | None = None
) -> MailReport:
    """One round: claim due mails, send each, record the answer or schedule a retry.

    When the server cannot be reached the rest of the batch is handed back at once, with
    the same back-off, rather than trying each mail against a dead server.
    """
    report = MailReport()
    started = now or utcnow()
    due = await in_transaction(engine, lambda s: _claim(s, started, limit))
    for position, item in enumerate(due):
        try:
            message = build_email(
                settings.sender,
                item.recipients,
                item.subject,
                item.body,
                header_message_id=item.header_message_id,
                date=item.created_at,
            )
            answer = await deliver(settings, message)
        except (UserError, ValueError) as error:
            report.failed += 1
            report.last_error = getattr(error, "sentence", None) or str(error)
            # Settings or a dead server fail every mail alike: hand the whole rest back.
            whole_rest = not isinstance(error, MailFailed) or error.server_down
            retry = [other.id for other in due[position:]] if whole_rest else [item.id]
            await in_transaction(
                engine, lambda s, ids=retry, why=report.last_error: _retry_later(s, ids, why)
            )
            log.warning("mail not sent: %s", report.last_error)
            if whole_rest:
                break
            continue
        report.sent += 1
        await in_transaction(engine, lambda s, mid=item.id, a=answer: _mark_sent(s, mid, a))
    return report


def _claim(session: Session, now: datetime, limit: int) -> list[_Due]:
    return [
        _Due(
            id=row.id or 0,
            recipients=[part.strip() for part in row.recipients.split(",") if part.strip()],
            subject=row.subject,
            body=row.body,
            header_message_id=row.header_message_id,
            created_at=row.created_at,
        )
        for row in workers.claim_due_mail(session, now, MAIL_LEASE, limit)
    ]


def _mark_sent(session: Session, mail_id: int, answer: str) -> None:
    row = session.get(MailOut, mail_id)
    if row is None:
        return
    now = utcnow()
    row.sent_at = now
    row.lease_until = None
    row.last_error = None
    row.server_answer = answer
    session.add(row)
    if row.message_id is not None:
        message = session.get(Message, row.message_id)
        if message is not None and message.status == "mailing":
            message.sent_at = now
            set_status(session, message, "sent", now, raw="smtp")


def _retry_later(session: Session, mail_ids: list[int], error: str) -> None:
    now = utcnow()
    for mail_id in mail_ids:
        row = session.get(MailOut, mail_id)
        if row is None or row.sent_at is not None:
            continue
        row.lease_until = None
        row.last_error = error
        row.next_attempt_at = now + retry_delay(row.attempts)
        session.add(row)
