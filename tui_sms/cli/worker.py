"""`tui-sms worker`: the sender and poller as a long-running service, stopped by a signal."""

from __future__ import annotations

import argparse
import asyncio
import signal

from tui_sms.config import Settings


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    worker = sub.add_parser(
        "worker", parents=[common], help="run the sender and poller as a service"
    )
    worker.set_defaults(handler=run_worker)


def run_worker(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.services.runtime import open_provider, open_runtime
    from tui_sms.services.worker import Worker

    runtime = open_runtime(settings)

    async def serve() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        async with open_provider(settings) as provider:
            print(f"tui-sms worker running on {settings.resolved_database_url()}", flush=True)
            await Worker(runtime.engine, provider, settings.worker, mail=settings.mail).run(stop)

    asyncio.run(serve())
    return 0
