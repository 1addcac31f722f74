"""Writes what came of many posts in one transaction.

The sender's posts answer a few milliseconds apart; a transaction (and, on SQLite, a
commit to disk) for each answer made the database the sender's bottleneck. Outcomes queue
here and are written together: the first waits for nothing, the ones that arrive while a
batch is being written go in the next. An outcome is still written before its post's task
ends, and a crash before the batch commits leaves the messages `sending` under their
lease, which reconciliation settles as it does any answer lost between "HTTP 201" and
"COMMIT" (docs/architecture.md, "One reply out").
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session

from tui_sms.store.engine import in_loop_transaction
from tui_sms.store.queries import sending

T = TypeVar("T")
# Outcomes written in one transaction at most, so a batch's locks are held briefly.
BATCH_LIMIT = 200

_Pending = tuple[Callable[[Session], Any], int | None, "asyncio.Future[Any]"]


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
        self._pending.append((work, message_id, future))
        if self._writing is None or self._writing.done():
            self._writing = asyncio.create_task(self._write())
        return await future

    async def _write(self) -> None:
        while self._pending:
            batch, self._pending = self._pending[:BATCH_LIMIT], self._pending[BATCH_LIMIT:]
            try:
                async with self.turn:
                    results = await in_loop_transaction(self.engine, lambda s, b=batch: _run(s, b))
            except Exception:
                # One outcome that cannot be written must not lose the others: each alone.
                for work, _, future in batch:
                    try:
                        async with self.turn:
                            result = await in_loop_transaction(self.engine, work)
                    except Exception as error:  # handed to the post that recorded it
                        _settle(future, error=error)
                    else:
                        _settle(future, result)
                continue
            for (_, _, future), result in zip(batch, results, strict=True):
                _settle(future, result)


def _run(session: Session, batch: list[_Pending]) -> list[Any]:
    sending.load_messages(session, {i for _, i, _ in batch if i is not None})
    return [work(session) for work, _, _ in batch]


def _settle(
    future: asyncio.Future[Any], result: Any = None, error: Exception | None = None
) -> None:
    if future.done():  # its post was cancelled meanwhile
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
