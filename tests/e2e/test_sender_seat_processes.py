"""The sender moves between apps: three app processes on one database, the holder killed
with -9 or quitting, and a reply queued by another still goes out (SQLite, PostgreSQL).
The takeover times are printed, never asserted."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.workers import (
    assert_each_sent_once,
    assert_no_errors,
    holder_pid,
    ledger_counts,
    seed,
    stop,
    unsent,
    wait_for,
    worker_env,
)
from tui_sms.domain.segments import estimate
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Direction, Message, Thread

pytestmark = pytest.mark.slow


def start_app(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.e2e.seat_app"],
            env=env,
            stdout=out,
            stderr=out,
            cwd=Path(__file__).parents[2],
        )


def queue_reply(engine, body: str) -> None:
    """A reply typed in another app: one more queued text on the first thread."""
    with session_scope(engine) as session:
        thread = session.get(Thread, 1)
        assert thread is not None
        session.add(
            Message(
                thread_id=thread.id or 0,
                direction=Direction.OUTBOUND,
                body=body,
                status="queued",
                to_number=thread.number,
                segments=estimate(body).segments,
            )
        )


def test_the_sender_moves_to_another_app_when_its_holder_is_killed_or_quits(
    tmp_path, sandbox, database_url, capsys
):
    engine = seed(database_url, 3, rate=0)
    env = worker_env(database_url, sandbox, lease_seconds=5)
    logs = [tmp_path / f"app{i}.log" for i in range(3)]
    apps = {}
    try:
        for log in logs:
            process = start_app(env, log)
            apps[process.pid] = process
        assert wait_for(lambda: unsent(engine) == 0, 60, apps.values()), logs[0].read_text()
        first = holder_pid(engine)
        assert first in apps, "the seat is held by one of the three apps"

        apps[first].send_signal(signal.SIGKILL)
        apps.pop(first).wait()
        killed_at = time.monotonic()
        queue_reply(engine, "Killed holder: your car is ready.")
        assert wait_for(lambda: holder_pid(engine) in apps, 30), "nobody took the seat over"
        took_over = time.monotonic() - killed_at
        assert wait_for(lambda: unsent(engine) == 0, 30), "the reply never went out"
        sent_after_kill = time.monotonic() - killed_at

        second = holder_pid(engine)
        assert second in apps and second != first
        apps[second].send_signal(signal.SIGTERM)
        apps.pop(second).wait(timeout=30)
        quit_at = time.monotonic()
        queue_reply(engine, "Quit holder: your car is ready.")
        assert wait_for(lambda: holder_pid(engine) in apps, 30), "nobody took the seat over"
        took_over_quit = time.monotonic() - quit_at
        assert wait_for(lambda: unsent(engine) == 0, 30), "the reply never went out"
        sent_after_quit = time.monotonic() - quit_at
    finally:
        for process in apps.values():
            stop(process)
    assert_each_sent_once(engine, sandbox, 5)
    assert ledger_counts(sandbox)["Killed holder: your car is ready."] == 1
    assert_no_errors(logs)
    engine_name = database_url.split(":", 1)[0]
    with capsys.disabled():
        print(
            f"\n[{engine_name}] holder killed -9: seat taken over after {took_over:.2f} s, "
            f"reply sent after {sent_after_kill:.2f} s; holder quit: seat taken over after "
            f"{took_over_quit:.2f} s, reply sent after {sent_after_quit:.2f} s"
        )
