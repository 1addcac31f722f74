"""Writes what came of many posts in one transaction.

The sender's posts answer a few milliseconds apart; a transaction (and, on SQLite, a
commit to disk) for each answer made the database the sender's bottleneck. Outcomes queue
here and are written together: the first waits `LINGER` for others, the ones that arrive
while a batch is being written go in the next. The provider's answers of a batch take a
few statements for all of them (`send_outcomes.record_answers`); the rarer outcomes
(refusals, retries, holds) each run their own piece of the same transaction.

Why batching cannot text a customer twice: an answer is queued the moment it arrives and
written by the next batch; its post's request was cut off `IN_FLIGHT_MARGIN` (3 s) before
its lease ends, so the answer is written (a linger and a batch or two later: milliseconds)
while the lease is still this worker's and nobody may touch the message. Should the write
be late anyway (a stalled disk, a crash before the commit), the message stays `sending`
under its lease, and once the lease runs out reconciliation asks the provider, finds the
copy that went out and adopts its sid, exactly as for an answer lost between "HTTP 201"
and "COMMIT" (docs/architecture.md, "One reply out"): nothing is posted again. A late
answer written after such an adoption changes nothing: a status never moves backwards and
a message draws once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session

from tui_sms.provider.base import ProviderMessage
from tui_sms.services.send_outcomes import record_answers
from tui_sms.store.engine import in_loop_transaction
from tui_sms.store.models import utcnow
from tui_sms.store.queries import sending

T = TypeVar("T")
# Outcomes written in one transaction at most, so a batch's locks are held briefly.
BATCH_LIMIT = 200
# How long the first outcome of a batch waits for others: a few answers' worth at full speed,
# nothing beside a lease's margin (see above) or a clerk's eye.
LINGER = 0.02


@dataclass
class _Pending:
    message_id: int | None
    future: asyncio.Future[Any]
    work: Callable[[Session], Any] | None = None  # a piece of the transaction, or
    answer: ProviderMessage | None = None  # the provider's answer to record


class OutcomeRecorder:
    def __init__(self, engine: Engine, turn: asyncio.Lock | None = None) -> None:
        self.engine = engine
        # The sender's other transactions (claims) take the same turn: two of one process
        # contending for SQLite's write lock would wait on its busy timeout's back-off sleeps.
        self.turn = turn or asyncio.Lock()
        self._pending: list[_Pending] = []
        self._writing: asyncio.Task[None] | None = None

    async def record(self, work: Callable[[Session], T], message_id: int | None = None) -> T:
        """Run `work` in the next batch's transaction and return its result.

        `message_id` names the message the work reads, so the batch loads them all at once.
        """
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        return await self._queue(_Pending(message_id, future, work=work))

    async def answer(self, message_id: int, answer: ProviderMessage) -> None:
        """Record the provider's answer to a post in the next batch."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        await self._queue(_Pending(message_id, future, answer=answer))

    async def _queue(self, pending: _Pending) -> Any:
        self._pending.append(pending)
        if self._writing is None or self._writing.done():
            self._writing = asyncio.create_task(self._write())
        return await pending.future

    async def _write(self) -> None:
        # Answers arriving together are written together: a transaction's fixed cost (its
        # reads of prices and threads, the commit) is most of a small batch's.
        await asyncio.sleep(LINGER)
        while self._pending:
            batch, self._pending = self._pending[:BATCH_LIMIT], self._pending[BATCH_LIMIT:]
            try:
                async with self.turn:
                    results = await in_loop_transaction(self.engine, lambda s, b=batch: _run(s, b))
            except Exception:
                # One outcome that cannot be written must not lose the others: each alone.
                for pending in batch:
                    try:
                        async with self.turn:
                            result = await in_loop_transaction(
                                self.engine, lambda s, p=pending: _run(s, [p])[0]
                            )
                    except Exception as error:  # handed to the post that recorded it
                        _settle(pending.future, error=error)
                    else:
                        _settle(pending.future, result)
                continue
            for pending, result in zip(batch, results, strict=True):
                _settle(pending.future, result)


def _run(session: Session, batch: list[_Pending]) -> list[Any]:
    answers = [(p.message_id or 0, p.answer) for p in batch if p.answer is not None]
    if answers:
        record_answers(session, answers, utcnow())
    # The rarer outcomes work on loaded messages, read after the answers are written. Held
    # until the batch ends: the session keeps loaded objects only while they are used, and
    # `session.get` finds these without a query (or an autoflush) each.
    loaded = sending.load_messages(
        session, {p.message_id for p in batch if p.work is not None and p.message_id is not None}
    )
    results = [p.work(session) if p.work is not None else None for p in batch]
    del loaded
    return results


def _settle(
    future: asyncio.Future[Any], result: Any = None, error: Exception | None = None
) -> None:
    if future.done():  # its post was cancelled meanwhile
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
