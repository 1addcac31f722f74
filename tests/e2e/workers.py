"""Real `tui-sms worker` processes against a database and the loopback sandbox."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import col, func, select

from tests.factories import make_shop
from tui_sms.domain.segments import estimate
from tui_sms.store import migrate, seat
from tui_sms.store.engine import make_engine, session_scope
from tui_sms.store.models import (
    Direction,
    Message,
    SenderNumber,
    Thread,
    WorkerHeartbeat,
    utcnow,
)

TRANSACTIONAL = (
    "+14386013562",
    "+14386013492",
    "+14386011668",
    "+14386011575",
    "+14386014488",
    "+14386013998",
)
PROMOTIONAL = ("+14386013549", "+14386013643")


def seed(
    url: str,
    count: int,
    *,
    rate: float,
    body: Callable[[int], str] = lambda i: f"Message {i:04d}: your car is ready.",
    promotional_every: int = 0,
) -> Engine:
    """A migrated database with the seeds' eight numbers at `rate` segments/s, and `count`
    queued messages, each to its own customer, with distinct bodies."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        shop = make_shop(session)
        for sender in session.exec(select(SenderNumber)).all():
            session.delete(sender)
        session.flush()
        for number in TRANSACTIONAL:
            session.add(SenderNumber(number=number, queue="transactional", rate_limit=rate))
        for number in PROMOTIONAL:
            session.add(SenderNumber(number=number, queue="promotional", rate_limit=rate))
        threads = [
            Thread(shop_id=shop.id or 0, number=f"+1514{5550000 + i:07d}") for i in range(count)
        ]
        session.add_all(threads)
        session.flush()
        for i, thread in enumerate(threads):
            text = body(i)
            promotional = promotional_every and i % promotional_every == 0
            session.add(
                Message(
                    thread_id=thread.id or 0,
                    direction=Direction.OUTBOUND,
                    body=text,
                    status="queued",
                    queue="promotional" if promotional else "transactional",
                    to_number=thread.number,
                    segments=estimate(text).segments,
                )
            )
    return engine


def worker_env(url: str, sandbox, provider_timeout: float = 2, **worker: float) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "TUI_SMS_DATABASE_URL": url,
            "TUI_SMS_PROVIDER__SANDBOX_URL": sandbox.base_url,
            "TUI_SMS_PROVIDER__ACCOUNT_SID": sandbox.state.account_sid,
            "TUI_SMS_PROVIDER__AUTH_TOKEN": sandbox.state.auth_token,
            "TUI_SMS_PROVIDER__TIMEOUT": str(provider_timeout),
            "TUI_SMS_WORKER__POLL_INTERVAL": "0.3",
            "TUI_SMS_WORKER__SEND_INTERVAL": "0.05",
        }
    )
    for name, value in worker.items():
        env[f"TUI_SMS_WORKER__{name.upper()}"] = str(value)
    return env


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "tui_sms", "worker"], env=env, stdout=out, stderr=out
        )
    process.log_path = log  # type: ignore[attr-defined]  # said when it exits on its own
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def unsent(engine: Engine) -> int:
    """Outbound messages without a provider sid that have not failed."""
    with session_scope(engine) as session:
        return session.exec(
            select(func.count())
            .select_from(Message)
            .where(
                col(Message.direction) == Direction.OUTBOUND,
                col(Message.provider_sid).is_(None),
                col(Message.status) != "failed",
            )
        ).one()


def statuses(engine: Engine) -> Counter[str]:
    with session_scope(engine) as session:
        return Counter(session.exec(select(Message.status)).all())


def wait_for(check: Callable[[], bool], seconds: float, processes=()) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        for process in processes:
            if process.poll() is not None:
                log = getattr(process, "log_path", None)
                said = log.read_text(errors="replace")[-3000:] if log else ""
                raise AssertionError(
                    f"a worker exited on its own (exit {process.returncode}):\n{said}"
                )
        time.sleep(0.1)
    return check()


def ledger_counts(sandbox) -> Counter[str]:
    return Counter(m.sent_body for m in sandbox.state.ledger())


def assert_each_sent_once(engine: Engine, sandbox, count: int) -> None:
    counts = ledger_counts(sandbox)
    twice = {body: n for body, n in counts.items() if n > 1}
    assert not twice, f"sent more than once: {twice}"
    assert len(counts) == count, f"{count - len(counts)} messages never reached the provider"
    sids = {m.sid for m in sandbox.state.ledger()}
    with session_scope(engine) as session:
        stored = session.exec(
            select(Message.provider_sid).where(Message.direction == Direction.OUTBOUND)
        ).all()
    assert set(stored) == sids


def provider_down(engine: Engine) -> bool:
    with session_scope(engine) as session:
        beats = session.exec(select(WorkerHeartbeat)).all()
    return any(beat.provider_down_since is not None for beat in beats)


def inbound_bodies(engine: Engine) -> list[str]:
    with session_scope(engine) as session:
        return list(
            session.exec(select(Message.body).where(Message.direction == Direction.INBOUND))
        )


def assert_no_errors(logs: list[Path]) -> None:
    """Nothing went wrong that a worker had to log (a deadlock, a failed round)."""
    for log in logs:
        text = log.read_text()
        assert "Traceback" not in text, text[-3000:]


def holder_pid(engine: Engine) -> int | None:
    """The process id of the sender seat's live holder (`host:pid`), if any."""
    with session_scope(engine) as session:
        state = seat.read_seat(session)
    if not state.held(utcnow()) or state.holder is None:
        return None
    return int(state.holder.rsplit(":", 1)[1])
