"""A customer's reply → visible in a running message center, by polling and by webhook.

    python bench/reply_latency.py [--replies 20] [--json]

A shop's real set-up, each part in its own process: the sandbox playing Twilio
(`tui-sms sandbox`), the worker (`tui-sms worker`, provider in `twilio` mode pointed at the
sandbox; for the webhook run with its webhook server on, the sandbox posting each reply
to it and the worker polling only every 30 s), and the message center, headless in this
process, on the same SQLite file. Each reply comes from a new customer at a random moment;
its time is from posting it to the sandbox (which files it as the customer's text) to its
thread being in the app's list. Prints the
median, p95 and slowest of each run; exits 1 when a reply never showed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from reply_wait import seconds_until
from sender import Sandbox

from tui_sms.config import Settings
from tui_sms.services.runtime import open_runtime
from tui_sms.store import migrate
from tui_sms.store.engine import make_engine, session_scope
from tui_sms.store.models import SenderNumber, Shop, Staff
from tui_sms.ui.app import TuiSmsApp
from tui_sms.ui.widgets.thread_list import ThreadList

OUR_NUMBER = "+14386013562"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _shop(path: Path) -> None:
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        session.add(Shop(name="Bench", country="CA", province="QC", time_zone="America/Toronto"))
        session.add(SenderNumber(number=OUR_NUMBER, queue="transactional"))
        session.add(Staff(login="marie", display_name="Marie", role="manager", language="en"))
    engine.dispose()


class Processes:
    """The sandbox and the worker, started the way a shop starts them."""

    def __init__(self, database: Path, webhooks: bool) -> None:
        self.database, self.webhooks = database, webhooks

    def __enter__(self) -> Processes:
        hook_port = _free_port()
        public = f"http://127.0.0.1:{hook_port}"
        options = ("--webhook-url", f"{public}/inbound") if self.webhooks else ()
        self.sandbox = Sandbox(*options).__enter__()
        # One connection kept open: the clock starts before each reply is posted, so a new
        # connection per reply would count its set-up against the app.
        self.http = httpx.Client(headers=self.sandbox.control)
        env = dict(
            os.environ,
            TUI_SMS_DATABASE_URL=f"sqlite:///{self.database}",
            TUI_SMS_PROVIDER__KIND="twilio",
            TUI_SMS_PROVIDER__BASE_URL=self.sandbox.url,
            TUI_SMS_PROVIDER__ACCOUNT_SID=self.sandbox.sid,
            TUI_SMS_PROVIDER__AUTH_TOKEN=self.sandbox.token,
        )
        if self.webhooks:
            env |= {
                "TUI_SMS_WEBHOOKS__LISTEN": f"127.0.0.1:{hook_port}",
                "TUI_SMS_WEBHOOKS__PUBLIC_URL": public,
            }
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "tui_sms", "worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        if self.webhooks:
            self._wait_for_port(hook_port, self.worker)
        return self

    def _wait_for_port(self, port: int, worker: subprocess.Popen) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if worker.poll() is not None:
                raise SystemExit(f"the worker stopped: {worker.stderr.read()[-500:]}")  # type: ignore[union-attr]
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("the worker's webhook server never listened")

    def reply(self, number: str, body: str) -> None:
        self.http.post(
            f"{self.sandbox.url}/sandbox/inbound",
            json={"From": number, "To": OUR_NUMBER, "Body": body},
        ).raise_for_status()

    def __exit__(self, *exc: object) -> None:
        self.http.close()
        self.worker.terminate()
        self.worker.wait(timeout=30)
        self.sandbox.__exit__(*exc)


async def _measure(database: Path, processes: Processes, replies: int) -> list[float | None]:
    runtime = open_runtime(Settings(database_url=f"sqlite:///{database}", staff="marie"))
    app = TuiSmsApp(runtime, runtime.staff(), run_worker_inside=False)
    latencies: list[float | None] = []
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause(1.5)  # the first frame, and the worker's first rounds
        for i in range(replies):
            # Replies come at random moments, not in step with any poller's rounds.
            await asyncio.sleep(random.uniform(0.1, 0.6))
            threads = app.screen.query_one(ThreadList)
            sent = time.perf_counter()
            await asyncio.to_thread(processes.reply, f"+1514555{i:04d}", f"Reply {i}")

            async def listed(threads=threads, i=i) -> bool:
                return threads.row_count > i

            latencies.append(await seconds_until(listed, sent))
    runtime.engine.dispose()
    return latencies


def _run(replies: int, webhooks: bool) -> list[float | None]:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "shop.db"
        _shop(database)
        with Processes(database, webhooks) as processes:
            return asyncio.run(_measure(database, processes, replies))


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="one JSON line of the figures")
    args = parser.parse_args()
    figures: dict[str, dict[str, float]] = {}
    lost = 0
    for name, webhooks in (("polling", False), ("webhooks", True)):
        latencies = _run(args.replies, webhooks)
        arrived = [s for s in latencies if s is not None]
        lost += len(latencies) - len(arrived)
        if not arrived:
            print(f"{name}: no reply showed", file=sys.stderr)
            sys.exit(1)
        figures[name] = {
            "median": statistics.median(arrived),
            "p95": _p95(arrived),
            "slowest": max(arrived),
            "shown": len(arrived),
        }
    if args.json:
        print(json.dumps(figures))
    else:
        for name, row in figures.items():
            print(
                f"{name:>9}: median {row['median'] * 1000:6.0f} ms, p95 {row['p95'] * 1000:6.0f}"
                f" ms, slowest {row['slowest'] * 1000:6.0f} ms ({row['shown']:g} replies)"
            )
    if lost:
        print(f"{lost} replies never showed", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
