"""How fast the sender empties a backlog, and how close it runs to the carriers' limits.

    .venv/bin/python bench/sender.py [--messages 500] [--limited 60] [--rate 1] [--latency 0.05]

The sandbox runs in its own process (`tui-sms sandbox`), so it does not share a GIL with
the sender being measured. Three figures:

1. Limits off: messages/s of the real sender (claims, one task per message, answers
   recorded in SQLite) against a plain sequential loop posting the same batch over the same
   httpx client (no database at all), and their ratio.
   On bare loopback (the median of three rounds, each sender then loop), then once with the
   sandbox's `latency` knob standing in for the network between a shop and Twilio.
2. Limits on: the sandbox refuses (429) any number pushed past `--rate` segments/s; the
   sender books the same rate. Achieved ÷ configured aggregate rate, over the time the pool
   took to push the backlog (from the first post to the end of the last message's segments),
   over the time every number still had work (the steady rate, without the backlog's tail),
   and per number (its busy share of its own span), the sandbox's count of violations, and
   how many posts woke too late for their slot and were booked again.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx
from sqlmodel import select

from tui_sms.domain.segments import estimate
from tui_sms.provider.twilio import TwilioClient
from tui_sms.services.outbox import require_shop
from tui_sms.services.send_pace import MOST_AT_ONCE
from tui_sms.services.sender import Sender, SendPolicy
from tui_sms.store import migrate
from tui_sms.store.engine import make_engine, session_scope
from tui_sms.store.models import Direction, Message, SenderNumber, Shop, Thread

NUMBERS = (
    "+14386013562",
    "+14386013492",
    "+14386011668",
    "+14386011575",
    "+14386014488",
    "+14386013998",
)
BODIES = (
    "Your car is ready for pickup.",
    "Your car is ready for pickup. We replaced the front brake pads and rotors. " * 2,
    "Rappel : votre rendez-vous est demain à 9 h. Répondez C pour confirmer. " * 3,
)


class Sandbox:
    """`tui-sms sandbox` in a child process, on a free loopback port, with the sandbox
    command's further `options` (bench/reply_latency.py gives it a webhook URL)."""

    def __init__(self, *options: str) -> None:
        self.options = options

    def __enter__(self) -> Sandbox:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui_sms", "sandbox", "--port", "0", *self.options],
            stdout=subprocess.PIPE,
            text=True,
        )
        found: dict[str, str] = {}
        assert self.process.stdout is not None
        for line in self.process.stdout:
            match = re.match(r"\s+(account SID|auth token|base URL|control token):\s+(\S+)", line)
            if match:
                found[match[1]] = match[2]
            if len(found) == 4:
                break
        self.sid, self.token, self.url = (
            found["account SID"],
            found["auth token"],
            found["base URL"],
        )
        self.control = {"X-Sandbox-Token": found["control token"]}
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait()

    def configure(self, **settings: object) -> None:
        httpx.post(
            f"{self.url}/sandbox/config", json=settings, headers=self.control
        ).raise_for_status()

    def stats(self) -> dict[str, int]:
        return httpx.get(f"{self.url}/sandbox/stats", headers=self.control).json()


class TimedClient(TwilioClient):
    """The real client, noting when each post starts (for the rate figures)."""

    starts: list[tuple[str, int, float]]

    async def create_message(self, *, to: str, from_: str, body: str, **extra: object):  # type: ignore[override]
        self.starts.append((from_, estimate(body).segments, time.monotonic()))
        return await super().create_message(to=to, from_=from_, body=body, **extra)  # type: ignore[arg-type]


# Rounds of the sender and the loop on loopback, side by side; their median is the figure.
NEAR_ROUNDS = 3
# The bench's claims: 50 messages each, up to 200 claimed and not yet answered.
POLICY = SendPolicy(limit=50)


def ceiling(count: int) -> int:
    """The most the sender can beat the sequential loop by at a long round trip: the loop
    has one post in flight, the sender at most this many (its backlog, what it may hold
    claimed, the posts it keeps in flight at once)."""
    return min(count, POLICY.max_in_flight, MOST_AT_ONCE)


def seed(url: str, count: int, rate: float, first: int) -> list[tuple[str, str, str]]:
    engine = make_engine(url)
    migrate.upgrade(engine)
    batch = []
    with session_scope(engine) as session:
        if session.exec(select(Shop)).first() is None:
            session.add(Shop(name="Bench garage", country="CA", province="QC"))
            for number in NUMBERS:
                session.add(SenderNumber(number=number, queue="transactional", rate_limit=rate))
        for sender in session.exec(select(SenderNumber)).all():
            sender.rate_limit = rate
        shop = require_shop(session)
        for i in range(count):
            to = f"+1514{5550000 + first + i:07d}"
            body = f"#{first + i} {BODIES[i % len(BODIES)]}"
            thread = Thread(shop_id=shop.id or 0, number=to)
            session.add(thread)
            session.flush()
            session.add(
                Message(
                    thread_id=thread.id or 0,
                    direction=Direction.OUTBOUND,
                    body=body,
                    status="queued",
                    to_number=to,
                    segments=estimate(body).segments,
                )
            )
            batch.append((to, NUMBERS[i % len(NUMBERS)], body))
    engine.dispose()
    return batch


async def drain(url: str, client: TwilioClient) -> tuple[float, int, float, float]:
    """Seconds the real sender takes to post every queued message and record the answers,
    how many posts woke too late for their slot and were booked again, and the slack its
    bookings had at the end (seconds added to each): before another worker's booking (the
    guard and the round trips' spread), and before its own."""
    engine = make_engine(url)
    sender = Sender(engine, client, "bench", POLICY)
    started = time.perf_counter()
    while True:
        if await sender.run_round() == 0:
            if sender.in_flight == 0:
                with session_scope(engine) as session:
                    left = session.exec(
                        select(Message.id).where(Message.status == "queued").limit(1)
                    ).first()
                if left is None:
                    break
            await asyncio.sleep(0.02)
    await sender.drain()
    elapsed = time.perf_counter() - started
    engine.dispose()
    others = sender.booking_policy.guard + sender.booker.late_allowance
    return elapsed, sender.report.rebooked, others, sender.booker.own_slack


async def sequential(client: TwilioClient, batch: list[tuple[str, str, str]]) -> float:
    started = time.perf_counter()
    for to, from_, body in batch:
        await client.create_message(to=to, from_=from_, body=body)
    return time.perf_counter() - started


async def limits_off(
    sandbox: Sandbox, client: TimedClient, url: str, count: int, first: int
) -> dict[str, float]:
    batch = seed(url, count, 0, first)
    sender_seconds, *_ = await drain(url, client)
    # The loop's rate does not depend on how many it posts: at a long round trip a few do.
    latency = httpx.get(f"{sandbox.url}/sandbox/config", headers=sandbox.control).json()["latency"]
    looped = batch if latency == 0 else batch[: max(5, min(len(batch), int(3 / latency)))]
    loop_seconds = await sequential(
        client, [(to, from_, f"loop {body}") for to, from_, body in looped]
    )
    sender_rate, loop_rate = count / sender_seconds, len(looped) / loop_seconds
    print(f"limits off, {count} messages, {len(NUMBERS)} numbers, {latency * 2e3:g} ms round trip:")
    print(f"  sender          {sender_rate:8.1f} messages/s ({sender_seconds:.2f} s)")
    print(f"  sequential loop {loop_rate:8.1f} messages/s ({loop_seconds:.2f} s)")
    print(f"  ratio           {sender_rate / loop_rate:8.2f}x (ceiling {ceiling(count)}x)")
    return {
        "ceiling": ceiling(count),
        "sender": sender_rate,
        "loop": loop_rate,
        "ratio": sender_rate / loop_rate,
        "unsent": _unsent(url),
    }


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    """The rounds' median rates and ratio (each round's ratio is its own side by side)."""
    figure = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    figure["unsent"] = sum(run["unsent"] for run in runs)
    figure["rounds"] = len(runs)
    figure["lowest"] = min(run["ratio"] for run in runs)
    figure["highest"] = max(run["ratio"] for run in runs)
    return figure


def _unsent(url: str) -> int:
    engine = make_engine(url)
    with session_scope(engine) as session:
        left = session.exec(
            select(Message.id).where(Message.provider_sid == None)  # noqa: E711
        ).all()
    engine.dispose()
    return len(left)


async def limits_on(
    sandbox: Sandbox, client: TimedClient, url: str, count: int, first: int, rate: float
) -> dict[str, float]:
    sandbox.configure(rate_limits=dict.fromkeys(NUMBERS, rate))
    before = sandbox.stats()["rate_violations"]
    seed(url, count, rate, first)
    client.starts = []
    _, rebooked, slack, own_slack = await drain(url, client)
    lines: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for number, segments, at in client.starts:
        lines[number].append((segments, at))
    start = min(at for starts in lines.values() for _, at in starts)
    end = max(starts[-1][1] + starts[-1][0] / rate for starts in lines.values())
    segments = sum(segments for starts in lines.values() for segments, _ in starts)
    achieved = segments / (end - start)
    steady = _steady(lines, rate, start)
    # Each number on its own: busy time over its span (the pool's tail left out).
    busy = [
        sum(n for n, _ in starts) / rate / (starts[-1][1] + starts[-1][0] / rate - starts[0][1])
        for starts in lines.values()
    ]
    configured = rate * len(NUMBERS)
    violations = sandbox.stats()["rate_violations"] - before
    latency = httpx.get(f"{sandbox.url}/sandbox/config", headers=sandbox.control).json()["latency"]
    print(
        f"limits on, {count} messages ({segments} segments), {rate:g} segments/s per number, "
        f"{latency * 2e3:g} ms round trip:"
    )
    print(f"  achieved        {achieved:8.2f} segments/s, first post to last segment")
    print(f"  configured      {configured:8.2f} segments/s")
    print(f"  achieved/config {achieved / configured:8.3f}")
    print(f"  steady/config   {steady / configured:8.3f} (while every number had work)")
    print(f"  per number      {sum(busy) / len(busy):8.3f} (mean busy share of its span)")
    print(f"  violations      {violations:8d}")
    print(f"  late, rebooked  {rebooked:8d}")
    # What the bookings alone leave of a number's line: each segment's 1/rate plus the slack
    # (one sender: each booking follows its own).
    spans = [n / rate + own_slack for starts in lines.values() for n, _ in starts]
    booked = segments / rate / sum(spans)
    print(
        f"  slack           {own_slack * 1e3:8.1f} ms after its own booking ({slack * 1e3:.1f} "
        f"after another worker's): lines at most {booked:.3f} busy"
    )
    return {
        "ratio": achieved / configured,
        "steady": steady / configured,
        "violations": violations,
        "rebooked": rebooked,
        "unsent": _unsent(url),
    }


def _steady(lines: dict[str, list[tuple[int, float]]], rate: float, start: float) -> float:
    """Segments per second from the first post until the first number ran out of work: the
    pool's steady rate. What comes after is the backlog's tail, numbers finishing at
    different times because their last texts differ in length (up to 3 segments, 3 s at
    1 segment/s), which a longer backlog makes small and a shorter one large."""
    until = min(starts[-1][1] + starts[-1][0] / rate for starts in lines.values())
    busy = 0.0
    for starts in lines.values():
        for segments, at in starts:
            busy += max(min(at + segments / rate, until) - max(at, start), 0.0)
    return busy * rate / (until - start)


async def measure(
    messages: int, far_messages: int, limited: int, rate: float, latency: float
) -> dict[str, dict[str, float]]:
    """Every figure, keyed by what was measured; "unsent" counts messages the sender left."""
    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp, Sandbox() as sandbox:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        async with TimedClient(sandbox.sid, sandbox.token, sandbox.url) as client:
            client.starts = []
            # Warm the connection and the sandbox once, outside every measurement, and the
            # sender too: one text through it (its statements compiled, as a running worker's
            # are), as the loop's first post opens the connection.
            await sequential(client, [("+15145559999", NUMBERS[0], "warm-up")])
            seed(url, 1, 0, 0)
            await drain(url, client)
            first = 1
            for name, far, count in (("near", 0.0, messages), ("far", latency, far_messages)):
                sandbox.configure(latency=far, rate_limits={})
                runs = []
                # On loopback a round takes seconds and the shared machine's load swings
                # between rounds: the figure is the median of a few, each side by side.
                for _ in range(NEAR_ROUNDS if far == 0 else 1):
                    runs.append(await limits_off(sandbox, client, url, count, first))
                    first += count
                figures[f"off {name}"] = _median(runs)
            for name, far in (("near", 0.0), ("far", latency)):
                sandbox.configure(latency=far)
                figures[f"on {name}"] = await limits_on(sandbox, client, url, limited, first, rate)
                first += limited
    return figures


def main(args: argparse.Namespace) -> None:
    figures = asyncio.run(
        measure(args.messages, args.far_messages, args.limited, args.rate, args.latency)
    )
    if any(figure["unsent"] for figure in figures.values()):
        print(f"the sender left messages unsent: {figures}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=500, help="limits off, on loopback")
    parser.add_argument("--far-messages", type=int, default=200, help="limits off, far away")
    parser.add_argument("--limited", type=int, default=120)
    parser.add_argument("--rate", type=float, default=1.0, help="segments/s per number")
    parser.add_argument(
        "--latency", type=float, default=0.15, help="seconds each way for the far provider"
    )
    main(parser.parse_args())
