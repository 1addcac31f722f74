"""The poller: status changes of messages in flight, and new inbound messages.

Inbound messages are read through the provider's list API from a durable cursor (the
newest inbound date already stored), minus a margin for late-listed messages; the unique
provider sid makes a second sighting harmless.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from tui_sms.provider.base import Provider, ProviderError, ProviderMessage
from tui_sms.services import inbox
from tui_sms.services.statuses import apply_provider_report
from tui_sms.store.engine import in_transaction
from tui_sms.store.models import Message, utcnow
from tui_sms.store.queries import people, sending, workers

INBOUND_CURSOR = "inbound.newest"
INBOUND_MARGIN = timedelta(minutes=5)
# Seeds: past 72 hours a further status update is unlikely; we stop asking then.
STATUS_HORIZON = timedelta(hours=72)
FIRST_LOOK_BACK = timedelta(days=1)
# Messages whose status is asked at once: a backlog in flight is not read one by one.
STATUS_LOOKUPS_AT_ONCE = 8


@dataclass
class PollReport:
    statuses: int = 0
    inbound: int = 0


async def poll_statuses(engine: Engine, provider: Provider) -> int:
    pending = await in_transaction(
        engine,
        lambda s: [
            (m.id, m.provider_sid)
            for m in sending.messages_awaiting_status(s, utcnow() - STATUS_HORIZON)
        ],
    )
    at_once = asyncio.Semaphore(STATUS_LOOKUPS_AT_ONCE)

    async def look_up(message_id: int, sid: str) -> bool:
        async with at_once:
            try:
                report = await provider.fetch_message(sid)
            except ProviderError:
                return False
        return await in_transaction(engine, lambda s: _apply(s, message_id, report))

    results = await asyncio.gather(
        *(look_up(message_id, sid or "") for message_id, sid in pending), return_exceptions=True
    )
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return sum(result is True for result in results)


def _apply(session: Session, message_id: int, report: ProviderMessage) -> bool:
    message = session.get(Message, message_id)
    return message is not None and apply_provider_report(session, message, report, utcnow())


async def poll_inbound(engine: Engine, provider: Provider) -> int:
    cursor = await in_transaction(engine, lambda s: workers.get_cursor(s, INBOUND_CURSOR))
    newest_stored = datetime.fromisoformat(cursor) if cursor else utcnow() - FIRST_LOOK_BACK
    since = newest_stored - INBOUND_MARGIN
    found: list[ProviderMessage] = []
    async for message in provider.list_messages(date_sent_after=since, page_size=100):
        stamp = message.date_sent or message.date_created
        if stamp < since:
            break  # newest first: everything after this is older still
        if message.is_inbound and message.status == "received":
            found.append(message)
    if not found:
        return 0
    return await in_transaction(engine, lambda s: _store_inbound(s, found, newest_stored))


def _store_inbound(session: Session, found: list[ProviderMessage], newest_stored: datetime) -> int:
    shop = people.lock_shop(session)
    if shop is None:
        return 0
    stored = 0
    newest = newest_stored
    # The provider lists newest first, and its dates have whole seconds: a burst of texts
    # sent within one second shares a date. Reversing the listing before the (stable) sort
    # by date stores each burst in the order it was sent, and a conversation reads in
    # insertion order (message id).
    oldest_first = list(reversed(found))
    for message in sorted(oldest_first, key=lambda m: m.date_sent or m.date_created):
        newest = max(newest, message.date_sent or message.date_created)
        try:
            with session.begin_nested():
                if inbox.receive_inbound(session, shop, message) is not None:
                    stored += 1
        except IntegrityError:
            continue  # another worker's poller stored it a moment ago
    workers.set_cursor(session, INBOUND_CURSOR, newest.isoformat())
    return stored


async def poll_once(engine: Engine, provider: Provider) -> PollReport:
    return PollReport(
        statuses=await poll_statuses(engine, provider),
        inbound=await poll_inbound(engine, provider),
    )
