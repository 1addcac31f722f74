"""The one gate for outbound text: every message a customer receives is created here.

The gate's checks, in order (the first that fails refuses, and nothing is written):
1. the shop's country and province/state are configured;
2. the body is not empty, fits 1600 characters, and names a known queue;
3. the number is valid and not known to be a landline (phonenumbers, shop's region);
4. the number has not opted out (per number, whichever customer or shop it belongs to);
5. an active consent is on file for the number (`needs_consent`); a promotion goes only
   through the promotional queue, and that queue only to a consent covering promotions;
6. quiet hours in the recipient's zone: automated messages are held as `scheduled` until
   the next allowed minute, a staff reply needs `confirmed_quiet_hours=True`.
Then the first text ever to the thread's number is preceded by the disclaimer message.
Answers to STOP/START/HELP (`queue_keyword_reply`) pass only checks 1-3: carriers require
them at once, whatever the consent, and the answer to STOP is the last text the number gets.

Batches (reminder rounds) pass a `GateBatch`: the same checks, but the prepaid balance is
read once for the batch and each message takes its segments from it, rather than summing
the ledger and every waiting message again for each one (which grows with the batch).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlmodel import Session

from tui_sms.domain.compliance import (
    QuietHours,
    disclaimer_text,
    language_for,
    local_time,
    send_time,
)
from tui_sms.domain.errors import (
    ComplianceError,
    ConsentMissing,
    EmptyMessage,
    InsufficientBalance,
    NotFound,
    OptedOut,
)
from tui_sms.domain.phone import format_national, parse_number, region_is_configured, time_zone_for
from tui_sms.domain.segments import check_length, estimate
from tui_sms.services import billing
from tui_sms.services.promotion_rules import check_promotional
from tui_sms.store.models import (
    Customer,
    Direction,
    Message,
    OptOut,
    Queue,
    Shop,
    Thread,
    ThreadKind,
    utcnow,
)
from tui_sms.store.queries import consent as consent_queries
from tui_sms.store.queries import people, sending, threads


class GateBatch:
    """The prepaid balance for many messages queued in one transaction: read once, with the
    shop row locked until the commit (as `billing.require_balance` does for one message)."""

    def __init__(self, session: Session) -> None:
        shop = require_shop(session)
        people.lock_shop(session, shop.id or 0)
        self.shop_id = shop.id or 0
        self.summary = billing.balance(session, shop_id=self.shop_id)

    def take(self, segments: int) -> None:
        """Book `segments` more, or refuse with the same sentence as a single message."""
        if not self.summary.covers(segments):
            raise InsufficientBalance(billing.shortfall_sentence(self.summary, segments))
        self.summary = replace(self.summary, waiting=self.summary.waiting + segments)


def require_shop(session: Session) -> Shop:
    shop = people.get_shop(session)
    if shop is None or not region_is_configured(shop.country, shop.province):
        raise ComplianceError(
            "Set the shop's country and province first (tui-sms shop set): "
            "nothing can be texted until they are configured."
        )
    return shop


@dataclass(frozen=True)
class SendOptions:
    """How a message goes out. Automated messages (reminders, promotions, confirmations)
    are held out of quiet hours and may carry a validity period; staff replies are not."""

    queue: str = Queue.TRANSACTIONAL
    kind: str = "reply"
    automated: bool = False
    scheduled_for: datetime | None = None
    validity_seconds: int | None = None


def needs_consent(thread: Thread) -> bool:
    """Whether texting this thread's number needs a recorded consent.

    A customer conversation needs one; a thread with a member of staff does not: staff agree
    to work texts when they are hired. Opt-out is not asked here and is checked for every
    thread, so a STOP from an employee blocks them too.
    """
    return thread.kind != ThreadKind.EMPLOYEE


def queue_reply(
    session: Session,
    thread_id: int,
    body: str,
    *,
    author_id: int | None,
    queue: str = Queue.TRANSACTIONAL,
    now: datetime | None = None,
    options: SendOptions | None = None,
    confirmed_quiet_hours: bool = False,
) -> Message:
    """Queue a staff reply in an existing thread."""
    thread = session.get(Thread, thread_id)
    if thread is None:
        raise NotFound(f"There is no conversation number {thread_id}.")
    options = options or SendOptions(queue=queue)
    return _queue(
        session,
        thread,
        body,
        author_id=author_id,
        options=options,
        now=now or utcnow(),
        confirmed_quiet_hours=confirmed_quiet_hours,
    )


def queue_to_number(
    session: Session,
    raw_number: str,
    body: str,
    *,
    author_id: int | None,
    queue: str = Queue.TRANSACTIONAL,
    now: datetime | None = None,
    options: SendOptions | None = None,
    confirmed_quiet_hours: bool = False,
    batch: GateBatch | None = None,
) -> Message:
    """Queue a message to a number, opening its conversation if there is none yet."""
    options = options or SendOptions(queue=queue)
    shop = require_shop(session)
    number = parse_number(raw_number, shop.country or "CA").e164
    thread = threads.thread_by_number(session, shop.id or 0, number)
    if thread is None:
        # Not added to the session yet: the gate may still refuse, and then no empty
        # conversation is left behind.
        customer = people.customer_for_number(session, shop.id or 0, number)
        thread = Thread(
            shop_id=shop.id or 0,
            number=number,
            customer_id=customer.id if customer else None,
        )
    return _queue(
        session,
        thread,
        body,
        author_id=author_id,
        options=options,
        now=now or utcnow(),
        confirmed_quiet_hours=confirmed_quiet_hours,
        batch=batch,
    )


def queue_keyword_reply(
    session: Session, thread: Thread, body: str, *, now: datetime | None = None
) -> Message:
    """Answer STOP, START or HELP at once, past opt-out, consent and quiet hours."""
    options = SendOptions(kind="keyword_reply", automated=True)
    return _queue(
        session, thread, body, author_id=None, options=options, now=now or utcnow(), answer=True
    )


def queue_employee_text(
    session: Session,
    thread: Thread,
    number: str,
    body: str,
    *,
    author_id: int | None,
    now: datetime,
) -> Message:
    """Queue a text to an employee: transactional, in the employee's own thread,
    whose `number` is not a phone number, so the recipient is given here."""
    options = SendOptions(queue=Queue.TRANSACTIONAL, kind="employee")
    return _queue(
        session, thread, body, author_id=author_id, options=options, now=now, to_number=number
    )


def _queue(
    session: Session,
    thread: Thread,
    body: str,
    *,
    author_id: int | None,
    options: SendOptions,
    now: datetime,
    confirmed_quiet_hours: bool = False,
    answer: bool = False,
    to_number: str | None = None,
    batch: GateBatch | None = None,
) -> Message:
    shop = require_shop(session)
    if not body.strip():
        raise EmptyMessage("The message is empty: type something to send.")
    check_length(body)
    if options.queue not in (Queue.TRANSACTIONAL, Queue.PROMOTIONAL):
        raise ComplianceError(
            f"There is no '{options.queue}' queue: use transactional or promotional."
        )
    # An employee's thread is keyed "staff:<id>": the recipient is then given separately.
    recipient = to_number or thread.number
    parse_number(recipient, shop.country or "CA")
    scheduled_for = options.scheduled_for
    if not answer:
        check_may_text(session, shop, thread, recipient)
        check_promotional(session, options.queue, options.kind, recipient)
        due = max(now, scheduled_for) if scheduled_for is not None else now
        allowed = send_time(
            due,
            time_zone_for(recipient, shop.time_zone),
            QuietHours(shop.quiet_start, shop.quiet_end),
            automated=options.automated,
            confirmed=confirmed_quiet_hours,
        )
        if allowed != due:
            scheduled_for = allowed
    later = scheduled_for is not None and scheduled_for > now

    if thread.id is None:
        session.add(thread)
        session.flush()
    if (
        not answer
        and needs_consent(thread)
        and not consent_queries.has_reached_thread(session, thread.id or 0)
    ):
        _add_outbound(
            session,
            thread,
            _disclaimer_for(session, shop, thread),
            kind="disclaimer",
            author_id=None,
            options=options,
            scheduled_for=scheduled_for,
            later=later,
            now=now,
            batch=batch,
        )
    message = _add_outbound(
        session,
        thread,
        body,
        kind=options.kind,
        author_id=author_id,
        options=options,
        scheduled_for=scheduled_for,
        later=later,
        now=now,
        to_number=recipient,
        batch=batch,
    )
    thread.last_activity_at = now
    thread.last_preview = body
    session.add(thread)
    threads.record_change(session, thread.id, "outbound")
    return message


def check_may_text(
    session: Session, shop: Shop, thread: Thread, recipient: str | None = None
) -> None:
    """Refuse with the clerk's sentence when the number opted out or never consented."""
    number = recipient or thread.number
    opt_out = consent_queries.opt_out_for(session, number)
    if opt_out is not None:
        raise OptedOut(opted_out_sentence(opt_out, shop.time_zone))
    if needs_consent(thread) and consent_queries.active_consent(session, number) is None:
        raise ConsentMissing(consent_missing_sentence(session, number, shop.time_zone))


def opted_out_sentence(opt_out: OptOut, time_zone: str) -> str:
    shown = format_national(opt_out.number)
    day = local_time(opt_out.at, time_zone).strftime("%Y-%m-%d")
    if opt_out.source.startswith("staff"):
        how = f"asked not to be texted (recorded by staff on {day})"
    elif opt_out.source.startswith("provider"):
        how = f"unsubscribed (the carrier refused a text on {day})"
    else:
        how = f"replied {opt_out.keyword.strip().upper() or 'STOP'} on {day}"
    return (
        f"{shown} {how}: texting is disabled until the customer texts START to the shop's number."
    )


def consent_missing_sentence(session: Session, number: str, time_zone: str) -> str:
    shown = format_national(number)
    how = (
        f"tui-sms customer consent record --number {number} --method verbal --wording …, "
        "or press C in the conversation"
    )
    latest = consent_queries.latest_consent(session, number)
    if latest is not None and latest.withdrawn_at is not None:
        day = local_time(latest.withdrawn_at, time_zone).strftime("%Y-%m-%d")
        return (
            f"Record the customer's consent first: {shown} withdrew consent on {day}; "
            f"record it again only if they agreed again ({how})."
        )
    return f"Record the customer's consent first: {shown} has no consent on file ({how})."


def _disclaimer_for(session: Session, shop: Shop, thread: Thread) -> str:
    customer = session.get(Customer, thread.customer_id) if thread.customer_id else None
    language = language_for(customer.language if customer else None, shop.province)
    shop_text = shop.disclaimer_fr if language == "fr" else shop.disclaimer_en
    text = disclaimer_text(language, shop.name, shop_text)
    check_length(text)
    return text


def _add_outbound(
    session: Session,
    thread: Thread,
    body: str,
    *,
    kind: str,
    author_id: int | None,
    options: SendOptions,
    scheduled_for: datetime | None,
    later: bool,
    now: datetime,
    to_number: str | None = None,
    batch: GateBatch | None = None,
) -> Message:
    found = estimate(body)
    # Refuse what the prepaid balance cannot cover (InsufficientBalance).
    if batch is None:
        billing.require_balance(session, found.segments, shop_id=thread.shop_id)
    else:
        batch.take(found.segments)
    message = Message(
        thread_id=thread.id or 0,
        direction=Direction.OUTBOUND,
        body=body,
        status="scheduled" if later else "queued",
        kind=kind,
        queue=options.queue,
        scheduled_for=scheduled_for,
        validity_seconds=options.validity_seconds,
        to_number=to_number or thread.number,
        segments=found.segments,
        encoding=found.encoding,
        author_id=author_id,
        created_at=now,
        updated_at=now,
    )
    session.add(message)
    session.flush()
    sending.add_status_event(session, message, now, None)
    return message
