"""`tui-sms worker`: the sender and poller as a long-running service, stopped by a signal.

It takes the sender seat from any app (services/sender_lease.py); a second worker stands by."""

from __future__ import annotations

import argparse
import asyncio
import signal

from tui_sms.config import Settings, mask_password


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    worker = sub.add_parser(
        "worker", parents=[common], help="run the sender and poller as a service"
    )
    worker.set_defaults(handler=run_worker)


def run_worker(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.services.runtime import open_runtime
    from tui_sms.services.sender_lease import serve_as_sender
    from tui_sms.store.seat import WORKER

    runtime = open_runtime(settings)
    where = mask_password(settings.resolved_database_url())

    def said(holding: bool) -> None:
        # A service log line per change: who sends is what an operator asks first.
        if holding:
            print(f"tui-sms worker sending for {where}", flush=True)
        else:
            print(f"tui-sms worker standing by: another sender holds {where}", flush=True)

    async def serve() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        print(f"tui-sms worker running on {where}", flush=True)
        await serve_as_sender(settings, runtime.engine, WORKER, stop, on_change=said)

    asyncio.run(serve())
    return 0
