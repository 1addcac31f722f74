"""A real `tui-sms worker` process serving webhooks: the sandbox, playing Twilio, posts a
signed reply and the statuses of what the worker sent, and both land with no poll."""

from __future__ import annotations

import socket

import pytest
from sqlmodel import select

from tests.e2e.workers import TRANSACTIONAL, seed, start_worker, stop, wait_for, worker_env
from tui_sms.provider.sandbox.server import SandboxServer
from tui_sms.provider.sandbox.state import SandboxState
from tui_sms.services.poller import INBOUND_CURSOR
from tui_sms.store import queries
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Direction, Message

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _messages(engine, direction: str) -> list[Message]:
    with session_scope(engine) as session:
        found = session.exec(select(Message).where(Message.direction == direction)).all()
        return [Message.model_validate(m) for m in found]


def test_the_worker_takes_signed_webhooks_and_asks_for_status_callbacks(tmp_path):
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    engine = seed(url, 3, rate=10)
    port = _free_port()
    public = f"http://127.0.0.1:{port}/hooks"
    state = SandboxState(status_delays=(0.05, 0.05, 0.1))
    with SandboxServer(state, webhook_url=f"{public}/inbound") as sandbox:
        env = worker_env(url, sandbox)
        # Polling only once an hour: whatever arrives sooner came by webhook.
        env.update(
            {
                "TUI_SMS_WEBHOOKS__LISTEN": f"127.0.0.1:{port}",
                "TUI_SMS_WEBHOOKS__PUBLIC_URL": public,
                "TUI_SMS_WEBHOOKS__POLL_INTERVAL": "3600",
                "TUI_SMS_WORKER__POLL_INTERVAL": "3600",
            }
        )
        worker = start_worker(env, tmp_path / "worker.log")
        try:
            assert wait_for(
                lambda: (
                    [m.status for m in _messages(engine, Direction.OUTBOUND)] == ["delivered"] * 3
                ),
                30,
                [worker],
            ), (tmp_path / "worker.log").read_text()
            assert {m.status_callback for m in state.ledger()} == {f"{public}/status"}
            state.receive_inbound(from_="+15145550001", to=TRANSACTIONAL[0], body="Thanks!")
            assert wait_for(
                lambda: [m.body for m in _messages(engine, Direction.INBOUND)] == ["Thanks!"],
                30,
                [worker],
            )
        finally:
            stop(worker)
    with session_scope(engine) as session:
        assert queries.get_cursor(session, INBOUND_CURSOR) is None
