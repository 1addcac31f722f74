"""Inbound latency: a customer's reply reaching the database by webhook vs by polling.

    python bench/webhook_latency.py [--replies 20] [--poll-interval 1.0]

A throw-away SQLite file, the sandbox on loopback playing Twilio, and the real worker (its
poller, and for the webhook run the webhook server the worker serves). For each reply the
time from the customer sending it (the sandbox filing it) to its row being in the database.
The webhook run polls only every 30 s, so what arrives sooner came by webhook. Prints the
median and the slowest of each, and their ratio; exits 1 when a reply never arrived.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from reply_wait import seconds_until
from sqlmodel import select

from tui_sms.config import WebhookSettings, WorkerSettings
from tui_sms.provider.sandbox.server import SandboxServer
from tui_sms.provider.sandbox.state import SandboxState
from tui_sms.provider.twilio import TwilioClient
from tui_sms.services.webhooks import Account, WebhookServer
from tui_sms.services.worker import Worker
from tui_sms.store import migrate
from tui_sms.store.engine import make_engine, session_scope
from tui_sms.store.models import Message, SenderNumber, Shop

OUR_NUMBER = "+14386013562"


def _database(folder: Path, name: str):
    engine = make_engine(f"sqlite:///{folder / name}")
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        session.add(Shop(name="Bench", country="CA", province="QC", time_zone="America/Toronto"))
        session.add(SenderNumber(number=OUR_NUMBER, queue="transactional"))
    return engine


def _stored(engine, sid: str) -> bool:
    with session_scope(engine) as session:
        return (
            session.exec(select(Message.id).where(Message.provider_sid == sid)).first() is not None
        )


async def _measure(engine, sandbox: SandboxServer, replies: int) -> list[float | None]:
    """Seconds from the reply being sent to its row existing; None when it never came."""
    latencies: list[float | None] = []
    for i in range(replies):
        # Replies come at random moments, not in step with the poller's rounds.
        await asyncio.sleep(random.uniform(0.1, 0.6))
        sent = time.perf_counter()
        filed = sandbox.state.receive_inbound(
            from_=f"+1514555{i:04d}", to=OUR_NUMBER, body=f"Reply {i}"
        )

        async def stored(sid=filed.sid) -> bool:
            return await asyncio.to_thread(_stored, engine, sid)

        latencies.append(await seconds_until(stored, sent))
    return latencies


async def _run(folder: Path, replies: int, poll_interval: float, webhooks: bool) -> list:
    engine = _database(folder, "webhooks.db" if webhooks else "polling.db")
    state = SandboxState()
    with SandboxServer(state, webhooks=webhooks) as sandbox:
        client = TwilioClient(state.account_sid, state.auth_token, sandbox.base_url)
        stop = asyncio.Event()
        tasks = []
        worker_settings = WorkerSettings(poll_interval=30.0 if webhooks else poll_interval)
        if webhooks:
            server = WebhookServer(
                engine,
                WebhookSettings(listen="127.0.0.1:0", public_url="http://placeholder"),
                [Account(state.account_sid, state.auth_token)],
            )
            sock = server.bind()
            server.handler.public_url = server.local_url
            assert sandbox.poster is not None
            sandbox.poster.inbound_url = f"{server.local_url}/inbound"
            tasks.append(asyncio.create_task(server.serve(sock, stop)))
        worker = Worker(engine, client, worker_settings, owner="bench")
        tasks.append(asyncio.create_task(worker.run(stop)))
        await asyncio.sleep(0.5)  # the worker's first rounds, before the first reply
        try:
            return await _measure(engine, sandbox, replies)
        finally:
            stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)
            await client.aclose()
            engine.dispose()


def _summary(name: str, latencies: list) -> float | None:
    arrived = [s for s in latencies if s is not None]
    lost = len(latencies) - len(arrived)
    if not arrived:
        print(f"{name:>9}: no reply arrived")
        return None
    median = statistics.median(arrived)
    print(
        f"{name:>9}: median {median * 1000:7.1f} ms, slowest {max(arrived) * 1000:7.1f} ms"
        f" ({len(arrived)} replies, {lost} lost)"
    )
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=20)
    parser.add_argument("--poll-interval", type=float, default=1.0, help="as worker.poll_interval")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        polling = asyncio.run(_run(Path(folder), args.replies, args.poll_interval, False))
        webhooks = asyncio.run(_run(Path(folder), args.replies, args.poll_interval, True))
    by_polling = _summary("polling", polling)
    by_webhook = _summary("webhooks", webhooks)
    if by_polling is None or by_webhook is None or None in polling + webhooks:
        sys.exit(1)
    print(f"    ratio: polling takes {by_polling / by_webhook:.1f}x as long as a webhook")


if __name__ == "__main__":
    main()
