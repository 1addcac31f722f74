"""One app's sender as its own process: the election and worker every `tui-sms` app runs
(services/sender_lease.serve_as_sender), without the screen. Settings come from the
environment; SIGTERM is a person quitting, SIGKILL a dropped machine."""

from __future__ import annotations

import asyncio
import signal

from tui_sms.config import load_settings
from tui_sms.services.runtime import open_runtime
from tui_sms.services.sender_lease import serve_as_sender
from tui_sms.store import seat


async def main() -> None:
    settings = load_settings()
    runtime = open_runtime(settings)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)

    def said(holding: bool) -> None:
        print("sending" if holding else "standing by", flush=True)

    await serve_as_sender(settings, runtime.engine, seat.APP, stop, on_change=said)


if __name__ == "__main__":
    asyncio.run(main())
