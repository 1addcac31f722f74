"""What came of one post, written down: the provider's answer, its refusal, a retry, a hold
for reconciliation, an expiry, or a later slot for a post that woke too late.

Each function is one piece of a transaction the sender or the reconciler runs; the `owner`
checks make a worker whose lease was taken over leave the message alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session

from tui_sms.domain.compliance import local_time
from tui_sms.domain.phone import sentence_for_provider_error
from tui_sms.domain.sending import Bookings, book
from tui_sms.provider.base import ProviderError, ProviderMessage
from tui_sms.services import billing, consent
from tui_sms.services.claims import (
    NAMELESS,
    BookingTerms,
    Claimed,
    SendPolicy,
    bookings_of,
    expire_message,
    keep_bookings,
)
from tui_sms.services.statuses import AnsweredRow, mark, report_code, set_status, take_report
from tui_sms.store.models import Message
from tui_sms.store.queries import consent as consent_queries
from tui_sms.store.queries import people, sending

UNSUBSCRIBED = 21610  # Twilio: the recipient replied STOP to this sender


def record_answer(
    session: Session, message_id: int, report: ProviderMessage, now: datetime
) -> None:
    record_answers(session, [(message_id, report)], now)


def record_answers(
    session: Session, answers: Sequence[tuple[int, ProviderMessage]], now: datetime
) -> None:
    """The provider accepted these posts: each message takes its sid and status, leaves its
    lease, and draws from the ledger, in a few statements for the whole batch. The messages
    are read and written as columns: loading each as an object and flushing it was most of
    the cost of a batch."""
    facts = sending.answered_facts(session, {message_id for message_id, _ in answers})
    found = {row.id: AnsweredRow(**row._mapping) for row in facts}
    events: list[dict[str, object]] = []
    changed: list[int] = []
    accepted: dict[int, AnsweredRow] = {}
    for message_id, report in answers:
        message = found.get(message_id)
        if message is None:
            continue
        if take_report(message, report):
            mark(
                message,
                report.status,
                now,
                error_code=report.error_code,
                error_message=report.error_message,
            )
            raw = report_code(report)
            events.append(
                {"message_id": message_id, "status": report.status, "at": now, "raw_code": raw}
            )
            changed.append(message.thread_id)
        accepted[message_id] = message
    sending.write_answers(session, [vars(message) for message in accepted.values()])
    # An object of one of these messages this session loaded before (a reconciliation's)
    # reads the row again when next used.
    for loaded in list(session.identity_map.values()):
        if isinstance(loaded, Message) and loaded.id in accepted:
            session.expire(loaded)
    sending.add_status_events(session, events)
    sending.add_changes(session, changed, "status", now)
    # The provider accepted them, so they cost, even if they later fail (once per message).
    billing.draw_for_messages(session, list(accepted.values()), now)


def record_refusal(session: Session, message_id: int, error: ProviderError, now: datetime) -> None:
    message = session.get(Message, message_id)
    if message is None:
        return
    message.lease_owner = None
    message.lease_until = None
    number = message.to_number or ""
    sentence = sentence_for_provider_error(error.code, number) if error.code else None
    set_status(
        session,
        message,
        "failed",
        now,
        raw=str(error.code) if error.code else None,
        error_code=error.code,
        error_message=sentence or error.message,
    )
    if error.code == UNSUBSCRIBED and number:
        # The carrier knows the number said STOP (perhaps to another sender): so do we now.
        known = consent_queries.opt_out_for(session, number) is not None
        consent.record_opt_out(session, number, now, source=f"provider {UNSUBSCRIBED}")
        if not known:
            shop = people.get_shop(session)
            day = local_time(now, shop.time_zone if shop else "UTC").strftime("%Y-%m-%d")
            consent.record_event(
                session,
                number,
                f"The carrier says this number unsubscribed — texting disabled on {day}.",
                now,
            )


def release_for_retry(
    session: Session, message_id: int, retry_at: datetime, owner: str | None = None
) -> None:
    message = _leased(session, message_id, owner)
    if message is None:
        return
    message.status = "queued"
    message.lease_owner = None
    message.lease_until = None
    message.next_attempt_at = retry_at
    message.updated_at = retry_at
    session.add(message)


def release_slowed_down(
    session: Session, message_id: int, owner: str, number: str, retry_at: datetime
) -> None:
    """The carrier said the number goes too fast (429): hold the number, not just the message."""
    sender = sending.lock_sender_number(session, number)
    if sender is not None and (sender.next_free_at is None or sender.next_free_at < retry_at):
        # Nobody's own booking any more: whoever books next keeps the whole guard.
        keep_bookings(sender, Bookings(free_at=retry_at))
        session.add(sender)
    release_for_retry(session, message_id, retry_at, owner)


def hold_for_reconcile(session: Session, message_id: int, owner: str, at: datetime) -> None:
    """The request may have reached the provider: let the lease run out at `at`, so that
    reconciliation, never a blind retry, decides whether it went out."""
    message = _leased(session, message_id, owner)
    if message is not None:
        message.lease_until = at
        session.add(message)


def expire_claimed(session: Session, message_id: int, owner: str, now: datetime) -> None:
    message = _leased(session, message_id, owner)
    if message is not None:
        expire_message(session, message, now)


def rebook(
    session: Session,
    claimed: Claimed,
    owner: str,
    now: datetime,
    policy: SendPolicy,
    *,
    terms: BookingTerms = NAMELESS,
    held: tuple[datetime, datetime] | None = None,
) -> tuple[datetime, datetime, datetime] | None:
    """A new slot for a message whose task woke too late for its own: (start, lease end,
    end of the booking).

    The slot after a missed one may be another worker's; posting late would crowd it. When
    the booking it `held` (start, end) is still the number's last and this booker's, nobody's
    follows it: it moves later where it is, rather than leave a slot's hole behind.
    """
    sender = sending.lock_sender_number(session, claimed.from_)
    message = _leased(session, claimed.id, owner)
    if message is None:
        return None
    if sender is None or not sender.active:
        release_for_retry(session, claimed.id, now, owner)
        return None
    line = bookings_of(sender)
    booker = terms.booker
    last_and_mine = booker is not None and line.booked_by == booker
    if held is not None and last_and_mine and line.own_free_at == held[1]:
        line = Bookings(free_at=held[0], own_free_at=held[0], booked_by=booker)
    slot, line = book(
        line,
        booker,
        policy.earliest(now, sender.rate_limit),
        claimed.segments,
        sender.rate_limit,
        policy.guard + terms.late_allowance,
        terms.own_slack,
    )
    keep_bookings(sender, line)
    message.lease_until = slot.start + policy.hold
    session.add_all([sender, message])
    return slot.start, message.lease_until, slot.next_free


def _leased(session: Session, message_id: int, owner: str | None) -> Message | None:
    """The message, if it is still `sending` without a sid under this owner's lease."""
    message = session.get(Message, message_id)
    if message is None or message.status != "sending" or message.provider_sid is not None:
        return None
    if owner is not None and message.lease_owner != owner:
        return None
    return message
