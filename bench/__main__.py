"""Every benchmark at one size, and one table of the figures against their references.

    python -m bench [--size full|small] [--only NAME ...]

References are measured in the same run, side by side: an empty Textual app (a header, a
40-row list, a footer) for the message center's start-up and memory; a plain sequential
httpx loop to the same sandbox for the sender; the configured aggregate rate for the
sender under limits. Reminders and imports are held to the goal's seconds, which are for
the full size.

Exits non-zero when a benchmark's workload did not happen (nothing queued, nothing sent,
an import that created nothing), never because a figure missed its goal: the table says that.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
SIZES = {
    # seed: threads, messages, the long thread; sender: near, far, limited messages;
    # reminders; import rows (and twice that); whole-process start-up runs; customers'
    # replies timed from the sandbox to the screen (each way: polling, webhooks).
    "full": {
        "seed": (100_000, 1_000_000, 10_000),
        "sender": (500, 200, 120),
        "reminders": 10_000,
        "imports": 50_000,
        "runs": 5,
        "replies": 40,
    },
    "small": {
        "seed": (2_000, 20_000, 2_000),
        "sender": (60, 30, 36),
        "reminders": 200,
        "imports": 500,
        "runs": 2,
        "replies": 10,
    },
}
LATENCY = 0.15  # seconds each way: a 300 ms round trip


@dataclass
class Row:
    measure: str
    figure: str  # the measure, as measured
    ratio: float | None  # against the reference, when there is one
    goal: str
    met: bool | None  # None: not judged at this size


class Failed(Exception):
    """A benchmark's workload did not happen."""


def _python(*args: str) -> list[str]:
    return [sys.executable, *args]


def _frame(command: list[str]) -> tuple[float, float, int]:
    """(wall seconds of the whole process, seconds to its first frame, peak KiB)."""
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    wall = time.perf_counter() - began
    lines = [line for line in done.stdout.splitlines() if line.startswith("frame ")]
    if done.returncode != 0 or not lines:
        raise Failed(f"{' '.join(command)} drew no frame: {done.stderr[-500:]}")
    _, seconds, peak = lines[-1].split()
    return wall, float(seconds), int(peak)


def _figures(failure: str, script: str, *args: str) -> dict:
    """Run one of bench/'s scripts with `--json`: its figures are its last line."""
    done = subprocess.run(
        _python(str(HERE / script), *args, "--json"), capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        raise Failed(f"{failure}: {done.stderr[-800:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def database(size: str) -> Path:
    from tui_sms.store.migrate import head_revision

    threads, messages, big = SIZES[size]["seed"]
    # The schema's head in the name: a file seeded by an older checkout is never reused.
    name = f"tui-sms-bench-{size}-{threads}-{messages}-{big}-{head_revision()}.db"
    path = Path(tempfile.gettempdir()) / name
    if not path.exists():
        subprocess.run(
            _python(
                str(HERE / "seed_large.py"),
                str(path),
                "--threads",
                str(threads),
                "--messages",
                str(messages),
                "--big",
                str(big),
            ),
            check=True,
        )
    return path


def message_center(size: str) -> list[Row]:
    path = database(size)
    script = str(HERE / "first_frame.py")
    app_runs, empty_runs = [], []
    _frame(_python(script, "empty"))  # warm the disk cache for both, outside the figures
    _frame(_python(script, "app", str(path)))
    for _ in range(SIZES[size]["runs"]):  # side by side, so a drift of the machine hits both
        empty_runs.append(_frame(_python(script, "empty")))
        app_runs.append(_frame(_python(script, "app", str(path))))
    wall = statistics.median(a[0] / e[0] for a, e in zip(app_runs, empty_runs, strict=True))
    app_wall = statistics.median(a[0] for a in app_runs)
    empty_wall = statistics.median(e[0] for e in empty_runs)
    app_kib = statistics.median(a[2] for a in app_runs)
    empty_kib = statistics.median(e[2] for e in empty_runs)
    inbox = _figures("the message center bench failed", "inbox.py", str(path))
    switch = max(v for k, v in inbox.items() if k.startswith("switch") and "settled" in k)
    opened = inbox["open the 10,000-message thread: settled"]
    after_kib = inbox["peak KiB after opening and scrolling"]
    return [
        Row(
            "first frame with rows, whole process ÷ empty app",
            f"{app_wall:.2f} s ÷ {empty_wall:.2f} s",
            wall,
            "≤ 1.5×",
            wall <= 1.5,
        ),
        Row(
            "peak memory at first frame ÷ empty app",
            f"{app_kib / 1024:.0f} ÷ {empty_kib / 1024:.0f} MiB",
            app_kib / empty_kib,
            "≤ 2×",
            app_kib / empty_kib <= 2,
        ),
        Row(
            "peak memory after opening and scrolling the long thread ÷ empty app",
            f"{after_kib / 1024:.0f} ÷ {empty_kib / 1024:.0f} MiB",
            after_kib / empty_kib,
            "≤ 3×",
            after_kib / empty_kib <= 3,
        ),
        Row(
            "switch view, settled: last frame (slowest view's median of 3)",
            f"{switch * 1000:.0f} ms",
            None,
            "≤ 100 ms",
            switch <= 0.1,
        ),
        Row(
            "open the long thread, settled: last frame (median of 3)",
            f"{opened * 1000:.0f} ms",
            None,
            "≤ 100 ms",
            opened <= 0.1,
        ),
    ]


def sender(size: str) -> list[Row]:
    from bench import sender as bench_sender

    near, far, limited = SIZES[size]["sender"]
    figures = asyncio.run(bench_sender.measure(near, far, limited, 1.0, LATENCY))
    if any(f["unsent"] for f in figures.values()):
        raise Failed(f"the sender left messages unsent: {figures}")
    off, off_far, on = figures["off near"], figures["off far"], figures["on near"]
    on_far = figures["on far"]
    violations = int(on["violations"] + on_far["violations"])
    return [
        Row(
            "sender, no latency, no limits ÷ sequential httpx loop",
            f"{off['sender']:.0f} ÷ {off['loop']:.0f} msg/s, median of {off['rounds']:.0f} "
            f"rounds ({off['lowest']:.2f}–{off['highest']:.2f})",
            off["ratio"],
            "≥ 0.8×",
            off["ratio"] >= 0.8,
        ),
        Row(
            "sender at a 300 ms round trip ÷ that loop",
            f"{off_far['sender']:.0f} ÷ {off_far['loop']:.1f} msg/s, "
            f"ceiling {off_far['ceiling']:.0f}×",
            off_far["ratio"],
            "≥ 30×",
            off_far["ratio"] >= 30,
        ),
        Row(
            "limits on: achieved ÷ configured rate, steady (loopback; 300 ms) [whole backlog]",
            f"{on['steady']:.3f}; {on_far['steady']:.3f} [{on['ratio']:.3f}; "
            f"{on_far['ratio']:.3f}], {violations} violations",
            on["steady"],
            "≥ 0.97, 0 violations",
            on["steady"] >= 0.97 and violations == 0,
        ),
    ]


def reminders(size: str) -> list[Row]:
    from bench import reminders as bench_reminders

    count = SIZES[size]["reminders"]
    figures = bench_reminders.measure(count)
    if figures["messages"] < count:
        raise Failed(f"only {figures['messages']:g} of {count} reminders were queued")
    seconds = figures["schedule"]
    full = size == "full"
    return [
        Row(
            f"job reminders: {count:,} rendered and queued through the gate",
            f"{seconds:.2f} s ({count / seconds:,.0f}/s; CPU {figures['schedule cpu']:.2f} s)",
            seconds / 3 if full else None,
            "≤ 3 s for 10,000",
            seconds <= 3 if full else None,
        )
    ]


def imports(size: str) -> list[Row]:
    from bench import imports as bench_imports

    rows = SIZES[size]["imports"]
    with tempfile.TemporaryDirectory() as folder:
        one = bench_imports.measure(rows, Path(folder))
        two = bench_imports.measure(rows * 2, Path(folder))
    if not (one.done and two.done):
        raise Failed("an import did not create and then update every row")
    full = size == "full"
    growth = two.first / one.first
    return [
        Row(
            f"import {rows:,} customers (re-import)",
            f"{one.first:.2f} s ({one.again:.2f} s; CPU {one.cpu[0]:.2f} s)",
            one.first / 15 if full else None,
            "≤ 15 s for 50,000",
            one.first <= 15 if full else None,
        ),
        Row(
            f"import {rows * 2:,} ÷ {rows:,} customers",
            f"{two.first:.2f} ÷ {one.first:.2f} s",
            growth,
            "≤ 2×",
            growth <= 2,
        ),
    ]


def replies(size: str) -> list[Row]:
    count = SIZES[size]["replies"]
    figures = _figures(
        "a reply never showed in the app", "reply_latency.py", "--replies", str(count)
    )
    polling, webhooks = figures["polling"]["p95"], figures["webhooks"]["p95"]
    return [
        Row(
            f"a customer's reply → visible in a running app, p95 of {count} (polling)",
            f"{polling:.2f} s (median {figures['polling']['median']:.2f} s)",
            None,
            "≤ 1.5 s polling",
            polling <= 1.5,
        ),
        Row(
            f"a customer's reply → visible in a running app, p95 of {count} (webhooks)",
            f"{webhooks:.2f} s (median {figures['webhooks']['median']:.2f} s)",
            None,
            "≤ 0.3 s with webhooks",
            webhooks <= 0.3,
        ),
    ]


BENCHES: dict[str, Callable[[str], list[Row]]] = {
    "message-center": message_center,
    "sender": sender,
    "reminders": reminders,
    "imports": imports,
    "replies": replies,
}


def table(rows: list[Row]) -> str:
    header = ("measure", "figure", "ratio", "goal", "met")
    lines = [
        (
            r.measure,
            r.figure,
            "" if r.ratio is None else f"{r.ratio:.2f}",
            r.goal,
            {True: "yes", False: "NO", None: "n/a at this size"}[r.met],
        )
        for r in rows
    ]
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(line) + " |" for line in lines]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHES), help="some benchmarks")
    args = parser.parse_args()
    rows: list[Row] = []
    failures: list[str] = []
    for name, bench in BENCHES.items():
        if args.only and name not in args.only:
            continue
        print(f"--- {name} ({args.size})", flush=True)
        try:
            rows += bench(args.size)
        except Failed as failure:
            failures.append(f"{name}: {failure}")
    print()
    print(table(rows))
    for failure in failures:
        print(f"workload did not happen — {failure}", file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
