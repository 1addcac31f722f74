"""Serving the sandbox: in a background thread (tests, demo mode) or in the foreground."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from types import TracebackType

import uvicorn

from tui_sms.provider.sandbox.app import create_app
from tui_sms.provider.sandbox.state import SandboxState

LOOPBACK = "127.0.0.1"
_DROP_NOISE = "ASGI callable returned without completing response."


class _DropNoiseFilter(logging.Filter):
    """Drop mode cuts responses short on purpose; uvicorn would log each one as an error."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != _DROP_NOISE


def _quiet_drop_noise() -> None:
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _DropNoiseFilter) for f in logger.filters):
        logger.addFilter(_DropNoiseFilter())


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # An explicit IPPROTO_TCP: asyncio only sets TCP_NODELAY on accepted sockets whose
    # proto says TCP, and without it every keep-alive request waits ~40 ms on delayed ACKs.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class SandboxServer:
    """The sandbox served by uvicorn on a loopback port, in a daemon thread with its own loop.

    Port 0 lets the system pick a free port; `base_url` names the one in use.
    """

    def __init__(
        self, state: SandboxState | None = None, *, host: str = LOOPBACK, port: int = 0
    ) -> None:
        self.state = state if state is not None else SandboxState()
        self.host = host
        self.port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None

    @property
    def base_url(self) -> str:
        return _url(self.host, self.port)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, timeout: float = 10.0) -> SandboxServer:
        """Serve, returning once the server accepts connections."""
        if self.running:
            raise RuntimeError("The sandbox server is already running.")
        sock = _bind(self.host, self.port)
        self.port = sock.getsockname()[1]
        # log_config=None leaves the host program's logging alone (the TUI owns the
        # terminal in demo mode); only uvicorn's own loggers are quietened.
        config = uvicorn.Config(
            create_app(self.state),
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="off",
        )
        logging.getLogger("uvicorn").addHandler(logging.NullHandler())
        _quiet_drop_noise()
        self._server = uvicorn.Server(config)
        self._failure = None
        self._thread = threading.Thread(
            target=self._run, args=(self._server, sock), name="tui-sms-sandbox", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"The sandbox server did not start: {self._failure!r}")
            time.sleep(0.01)
        return self

    def _run(self, server: uvicorn.Server, sock: socket.socket) -> None:
        try:
            asyncio.run(server.serve(sockets=[sock]))
        except BaseException as exc:  # SystemExit on startup failure included
            self._failure = exc
        finally:
            sock.close()

    def stop(self, timeout: float = 10.0) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
        self._server = None
        self._thread = None

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve(host: str, port: int, state: SandboxState | None = None) -> None:
    """Serve the sandbox in the foreground until interrupted (`tui-sms sandbox`)."""
    state = state if state is not None else SandboxState()
    sock = _bind(host, port)
    url = _url(host, sock.getsockname()[1])
    config = uvicorn.Config(create_app(state), log_level="warning", lifespan="off")
    _quiet_drop_noise()
    print("tui-sms sandbox: a local server speaking Twilio's 2010-04-01 Messages API")
    print(f"  account SID: {state.account_sid}")
    print(f"  auth token:  {state.auth_token}")
    print(f"  base URL:    {url}")
    numbers = ", ".join(number.friendly_name for number in state.account.numbers if number.sms)
    print(f"  numbers:     {numbers}")
    print("Press Ctrl+C to stop.", flush=True)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        # uvicorn shuts down cleanly, then re-raises the Ctrl+C it caught.
        pass
    finally:
        sock.close()
