"""`tui-sms worker`: the sender and poller as a long-running service, stopped by a signal.

With `[webhooks] public_url` set it also serves Twilio's webhooks (docs/webhooks.md).
"""

from __future__ import annotations

import argparse
import asyncio
import signal

from tui_sms.config import Settings
from tui_sms.domain.errors import ConfigError


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    worker = sub.add_parser(
        "worker", parents=[common], help="run the sender and poller as a service"
    )
    worker.set_defaults(handler=run_worker)


def run_worker(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.provider.base import Provider
    from tui_sms.provider.status_callback import WithStatusCallback
    from tui_sms.services.runtime import open_provider, open_runtime
    from tui_sms.services.webhooks import WebhookServer, accounts_from
    from tui_sms.services.worker import Worker

    runtime = open_runtime(settings)
    hooks = settings.webhooks
    webhooks = None
    worker_settings = settings.worker
    if hooks.enabled:
        webhooks = WebhookServer(runtime.engine, hooks, accounts_from(settings))
        try:
            sock = webhooks.bind()
        except OSError as exc:
            raise ConfigError(
                f"The worker cannot listen for webhooks on {hooks.listen} "
                f"(webhooks.listen): {exc.strerror or exc}."
            ) from exc
        # Polling stays, as the safety net for what a webhook outage misses: less often.
        interval = max(worker_settings.poll_interval, hooks.poll_interval)
        worker_settings = worker_settings.model_copy(update={"poll_interval": interval})

    async def serve() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        async with open_provider(settings) as opened:
            provider: Provider = opened
            print(f"tui-sms worker running on {settings.resolved_database_url()}", flush=True)
            async with asyncio.TaskGroup() as group:
                if webhooks is not None:
                    provider = WithStatusCallback(opened, f"{hooks.public_url}/status")
                    group.create_task(webhooks.serve(sock, stop))
                    print(
                        f"webhooks: {hooks.public_url}/inbound and /status, "
                        f"served on {webhooks.local_url}",
                        flush=True,
                    )
                worker = Worker(runtime.engine, provider, worker_settings, mail=settings.mail)
                group.create_task(worker.run(stop))

    asyncio.run(serve())
    return 0
