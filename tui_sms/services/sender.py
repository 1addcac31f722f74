"""The sender: claims queued messages with a lease, posts them, records the provider's answer.

Crash safety (DESIGN.md §4): the claim (with the chosen sender number) is committed before
the HTTP request, and the answer is committed after it. A process killed in between leaves
a `sending` message whose lease expires; `reconcile_expired` then asks the provider whether
the message went out and adopts its sid, so it is never posted twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session

from tui_sms.domain.compliance import local_time
from tui_sms.domain.phone import sentence_for_provider_error
from tui_sms.provider.base import Provider, ProviderError, ProviderMessage, ProviderUnavailable
from tui_sms.services import consent
from tui_sms.services.statuses import apply_provider_report, set_status
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Message, Thread, utcnow

T = TypeVar("T")

RETRY_DELAY = timedelta(seconds=5)
UNSUBSCRIBED = 21610  # Twilio: the recipient replied STOP to this sender
# How far around the claim time the provider's list is searched for a lost answer.
RECONCILE_MARGIN = timedelta(minutes=2)


@dataclass(frozen=True)
class Claimed:
    id: int
    to: str
    from_: str
    body: str
    claimed_at: datetime
    validity_seconds: int | None


@dataclass
class SendReport:
    sent: int = 0
    refused: int = 0
    retried: int = 0
    adopted: int = 0
    unavailable: ProviderUnavailable | None = None


async def in_transaction(engine: Engine, work: Callable[[Session], T]) -> T:
    """Run one transaction in a thread, so a slow disk never stalls the event loop."""

    def run() -> T:
        with session_scope(engine) as session:
            return work(session)

    return await asyncio.to_thread(run)


def claim_batch(
    session: Session, owner: str, now: datetime, lease: timedelta, limit: int
) -> list[Claimed]:
    queries.promote_due_scheduled(session, now)
    claimed: list[Claimed] = []
    for message in queries.claim_outbound_batch(session, owner, now, lease, limit):
        from_number = _sender_for(session, message)
        if from_number is None:
            set_status(
                session,
                message,
                "failed",
                now,
                error_message=f"No active sender number in the {message.queue} queue.",
            )
            continue
        message.from_number = from_number
        session.add(message)
        queries.add_status_event(session, message, now, None)
        claimed.append(
            Claimed(
                id=message.id or 0,
                to=message.to_number or "",
                from_=from_number,
                body=message.body,
                claimed_at=now,
                validity_seconds=message.validity_seconds,
            )
        )
    return claimed


def _sender_for(session: Session, message: Message) -> str | None:
    """The pool number for this message: the thread's own (sticky) while it stays active."""
    pool = [sender.number for sender in queries.active_sender_numbers(session, message.queue)]
    if not pool:
        return None
    if message.from_number in pool:
        return message.from_number
    thread = session.get(Thread, message.thread_id)
    if thread is not None and thread.sender_number in pool:
        return thread.sender_number
    chosen = pool[message.thread_id % len(pool)]
    if thread is not None:
        thread.sender_number = chosen
        session.add(thread)
    return chosen


def record_answer(
    session: Session, message_id: int, report: ProviderMessage, now: datetime
) -> None:
    message = session.get(Message, message_id)
    if message is None:
        return
    message.lease_owner = None
    message.lease_until = None
    apply_provider_report(session, message, report, now)


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
        known = queries.opt_out_for(session, number) is not None
        consent.record_opt_out(session, number, now, source=f"provider {UNSUBSCRIBED}")
        if not known:
            shop = queries.get_shop(session)
            day = local_time(now, shop.time_zone if shop else "UTC").strftime("%Y-%m-%d")
            consent.record_event(
                session,
                number,
                f"The carrier says this number unsubscribed — texting disabled on {day}.",
                now,
            )


def release_for_retry(session: Session, message_id: int, retry_at: datetime) -> None:
    message = session.get(Message, message_id)
    if message is None or message.status != "sending":
        return
    message.status = "queued"
    message.lease_owner = None
    message.lease_until = None
    message.next_attempt_at = retry_at
    session.add(message)


async def send_one(
    engine: Engine, provider: Provider, claimed: Claimed, report: SendReport
) -> None:
    try:
        answer = await provider.create_message(
            to=claimed.to,
            from_=claimed.from_,
            body=claimed.body,
            validity_period=claimed.validity_seconds,
        )
    except ProviderError as error:
        report.refused += 1
        refusal = error
        await in_transaction(engine, lambda s: record_refusal(s, claimed.id, refusal, utcnow()))
    except ProviderUnavailable as trouble:
        report.retried += 1
        report.unavailable = trouble
        delay = timedelta(seconds=trouble.retry_after) if trouble.retry_after else RETRY_DELAY
        await in_transaction(engine, lambda s: release_for_retry(s, claimed.id, utcnow() + delay))
    else:
        report.sent += 1
        await in_transaction(engine, lambda s: record_answer(s, claimed.id, answer, utcnow()))


async def send_due_messages(
    engine: Engine,
    provider: Provider,
    owner: str,
    *,
    lease: timedelta = timedelta(seconds=30),
    limit: int = 20,
) -> SendReport:
    report = SendReport()
    report.adopted = await reconcile_expired(engine, provider)
    batch = await in_transaction(engine, lambda s: claim_batch(s, owner, utcnow(), lease, limit))
    for position, claimed in enumerate(batch):
        await send_one(engine, provider, claimed, report)
        if report.unavailable is not None:
            # The provider is down: hand the rest back at once rather than hammer it.
            rest = [c.id for c in batch[position + 1 :]]
            await in_transaction(
                engine, lambda s, ids=rest: _release_all(s, ids, utcnow() + RETRY_DELAY)
            )
            break
    return report


def _release_all(session: Session, message_ids: list[int], retry_at: datetime) -> None:
    for message_id in message_ids:
        release_for_retry(session, message_id, retry_at)


async def reconcile_expired(engine: Engine, provider: Provider) -> int:
    """Settle messages whose sender died mid-send: adopt the provider's sid, or queue again."""
    expired = await in_transaction(
        engine,
        lambda s: [
            (m.id, m.from_number, m.to_number, m.body, m.claimed_at, m.provider_sid)
            for m in queries.expired_leases(s, utcnow())
        ],
    )
    adopted = 0
    for message_id, from_, to, body, claimed_at, sid in expired:
        if sid is None and from_ and to and claimed_at:
            sid = await _find_sent_copy(engine, provider, from_, to, body, claimed_at)
        if sid is None:
            await in_transaction(engine, lambda s, mid=message_id: _requeue(s, mid))
            continue
        adopted += 1
        report = await provider.fetch_message(sid)
        await in_transaction(
            engine, lambda s, mid=message_id, r=report: record_answer(s, mid, r, utcnow())
        )
    return adopted


async def _find_sent_copy(
    engine: Engine, provider: Provider, from_: str, to: str, body: str, claimed_at: datetime
) -> str | None:
    candidates: list[str] = []
    async for found in provider.list_messages(
        to=to, from_=from_, date_sent_after=claimed_at - RECONCILE_MARGIN
    ):
        if found.date_created < claimed_at - RECONCILE_MARGIN:
            break
        if found.body == body and not found.is_inbound:
            candidates.append(found.sid)
    if not candidates:
        return None
    known = await in_transaction(engine, lambda s: queries.known_sids(s, candidates))
    fresh = [sid for sid in candidates if sid not in known]
    # Newest first from the provider: the oldest unclaimed copy is the one this claim sent.
    return fresh[-1] if fresh else None


def _requeue(session: Session, message_id: int) -> None:
    message = session.get(Message, message_id)
    if message is not None and message.status == "sending" and message.provider_sid is None:
        message.status = "queued"
        message.lease_owner = None
        message.lease_until = None
        session.add(message)
