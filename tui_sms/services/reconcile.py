"""Reconciliation: settle the messages whose lease ran out while `sending`.

A sender killed between its claim and the provider's answer, or a request whose fate is
unknown, leaves such a message. The reconciler asks the provider whether a copy went out and
adopts its sid, so the text is never posted twice; only when no copy is found does the
message queue again, after a back-off.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from tui_sms.domain.sending import backoff
from tui_sms.provider.base import Provider, ProviderMessage
from tui_sms.services.claims import SendPolicy
from tui_sms.services.send_outcomes import record_answer, release_for_retry
from tui_sms.store.engine import in_loop_transaction, in_transaction
from tui_sms.store.models import Message, utcnow
from tui_sms.store.queries import sending

# How far before the claim time the provider's list is searched for a lost answer.
RECONCILE_MARGIN = timedelta(minutes=2)
# Conversations whose lost answers are looked up at once.
RECONCILE_AT_ONCE = 8


@dataclass(frozen=True)
class _Expired:
    id: int
    from_: str | None
    to: str | None
    body: str
    claimed_at: datetime | None
    sid: str | None
    attempts: int


def take_expired(session: Session, owner: str, now: datetime, lease: timedelta) -> list[_Expired]:
    """Lease the messages whose lease ran out to `owner`, so one worker reconciles each."""
    taken = []
    for message in sending.expired_leases(session, now):
        message.lease_owner = owner
        message.lease_until = now + lease
        session.add(message)
        taken.append(
            _Expired(
                id=message.id or 0,
                from_=message.from_number,
                to=message.to_number,
                body=message.body,
                claimed_at=message.claimed_at,
                sid=message.provider_sid,
                attempts=message.attempts,
            )
        )
    return taken


async def reconcile_expired(
    engine: Engine,
    provider: Provider,
    owner: str = "reconciler",
    policy: SendPolicy | None = None,
    draw: Callable[[], float] = random.random,
) -> int:
    """Settle messages whose sender died mid-send: adopt the provider's sid, or queue again.

    Conversations are settled side by side; the messages of one conversation one after the
    other, so two copies of one text never adopt the same sid.
    """
    policy = policy or SendPolicy()
    # Most rounds find nothing: on SQLite that look costs less on the loop than in a thread.
    expired = await in_loop_transaction(
        engine, lambda s: take_expired(s, owner, utcnow(), policy.hold)
    )
    conversations: dict[tuple[str | None, str | None], list[_Expired]] = {}
    for item in expired:
        conversations.setdefault((item.from_, item.to), []).append(item)
    at_once = asyncio.Semaphore(RECONCILE_AT_ONCE)

    async def settle(items: list[_Expired]) -> int:
        async with at_once:
            adopted = 0
            for item in items:
                adopted += await _settle_one(engine, provider, owner, policy, draw, item)
            return adopted

    results = await asyncio.gather(
        *(settle(items) for items in conversations.values()), return_exceptions=True
    )
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return sum(r for r in results if isinstance(r, int))


async def _settle_one(
    engine: Engine,
    provider: Provider,
    owner: str,
    policy: SendPolicy,
    draw: Callable[[], float],
    item: _Expired,
) -> int:
    sid = item.sid
    if sid is None and item.from_ and item.to and item.claimed_at:
        sid = await _find_sent_copy(
            engine, provider, item.from_, item.to, item.body, item.claimed_at
        )
    if sid is None:
        delay = backoff(item.attempts, policy.retry_base, policy.retry_max, None, draw())
        retry_at = utcnow() + timedelta(seconds=delay)
        await in_transaction(engine, lambda s: release_for_retry(s, item.id, retry_at, owner))
        return 0
    report = await provider.fetch_message(sid)
    adopted = await in_transaction(engine, lambda s: _adopt(s, item.id, owner, report, utcnow()))
    return int(adopted)


def _adopt(
    session: Session, message_id: int, owner: str, report: ProviderMessage, now: datetime
) -> bool:
    message = session.get(Message, message_id)
    if message is None or message.status != "sending" or message.lease_owner != owner:
        return False
    record_answer(session, message_id, report, now)
    return True


async def _find_sent_copy(
    engine: Engine, provider: Provider, from_: str, to: str, body: str, claimed_at: datetime
) -> str | None:
    # No DateSent filter: a message the provider still holds as `queued` has no date_sent
    # and would be left out, then posted a second time.
    since = claimed_at - RECONCILE_MARGIN
    candidates: list[str] = []
    async for found in provider.list_messages(to=to, from_=from_, page_size=100):
        if found.date_created < since:
            break  # newest first: everything after this is older still
        if found.body == body and not found.is_inbound:
            candidates.append(found.sid)
    if not candidates:
        return None
    known = await in_transaction(engine, lambda s: sending.known_sids(s, candidates))
    fresh = [sid for sid in candidates if sid not in known]
    # Newest first from the provider: the oldest unclaimed copy is the one this claim sent.
    return fresh[-1] if fresh else None
