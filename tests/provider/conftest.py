"""Fixtures: the sandbox served by uvicorn on a loopback port and the real httpx client."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
import uvicorn
from starlette.types import ASGIApp

from tui_sms.provider.sandbox.server import SandboxServer
from tui_sms.provider.sandbox.state import SandboxState
from tui_sms.provider.twilio import TwilioClient

SHOP = "+15145550100"
CUSTOMER = "+15145550123"


class FakeClock:
    """A clock the test moves by hand, so statuses and replies advance without sleeping."""

    def __init__(self) -> None:
        self.now = datetime(2024, 3, 5, 14, 30, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def shared_sandbox() -> Iterator[SandboxServer]:
    # One server for the session: starting and stopping uvicorn costs more than most tests.
    with SandboxServer() as server:
        yield server


@pytest.fixture
def sandbox(shared_sandbox: SandboxServer, clock: FakeClock) -> SandboxServer:
    """The shared server with a fresh state: no messages, counters, outages or opt-outs."""
    shared_sandbox.state.reset(status_delays=(1.0, 1.0, 1.0), auto_reply_delay=5.0, clock=clock)
    return shared_sandbox


@pytest.fixture
def state(sandbox: SandboxServer) -> SandboxState:
    return sandbox.state


@pytest.fixture
def own_sandbox() -> Iterator[SandboxServer]:
    """A server of the test's own, for tests that stop it."""
    with SandboxServer() as server:
        yield server


@pytest.fixture
async def client(sandbox: SandboxServer) -> AsyncIterator[TwilioClient]:
    state = sandbox.state
    async with TwilioClient(state.account_sid, state.auth_token, sandbox.base_url) as twilio:
        yield twilio


async def eventually(check: Callable[[], Awaitable[bool]], limit: float = 10.0) -> None:
    """Poll until `check` passes; the limit only stops a broken test from hanging."""
    deadline = time.monotonic() + limit
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError("condition never became true")
        await asyncio.sleep(0.02)


@contextmanager
def serve_asgi(app: ASGIApp) -> Iterator[str]:
    """Serve any ASGI app on a loopback port; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_config=None, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    while not server.started and thread.is_alive():
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
