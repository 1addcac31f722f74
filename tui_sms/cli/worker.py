"""`tui-sms worker`: the sender and poller as a long-running service, stopped by a signal.

It takes the sender seat from any app (services/sender_lease.py); a second worker stands by.
With `[webhooks] public_url` set it also serves Twilio's webhooks (docs/webhooks.md), whether
it holds the seat or stands by: storing a webhook is idempotent, so two listeners are safe.
"""

from __future__ import annotations

import argparse
import asyncio
import signal

from tui_sms.config import Settings, mask_password
from tui_sms.domain.errors import ConfigError
from tui_sms.ui.i18n import _


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    worker = sub.add_parser(
        "worker", parents=[common], help="run the sender and poller as a service"
    )
    worker.set_defaults(handler=run_worker)


def run_worker(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.cli.language import open_runtime
    from tui_sms.provider.base import Provider
    from tui_sms.provider.status_callback import WithStatusCallback
    from tui_sms.services.sender_lease import serve_as_sender
    from tui_sms.services.webhooks import WebhookServer, accounts_from
    from tui_sms.store.seat import WORKER

    runtime = open_runtime(settings)
    where = mask_password(settings.resolved_database_url())
    hooks = settings.webhooks
    webhooks = None
    worker_settings = settings.worker
    if hooks.enabled:
        webhooks = WebhookServer(runtime.engine, hooks, accounts_from(settings))
        try:
            sock = webhooks.bind()
        except OSError as exc:
            raise ConfigError(
                _(
                    "The worker cannot listen for webhooks on {listen} (webhooks.listen): "
                    "{reason}.",
                    listen=hooks.listen,
                    reason=exc.strerror or exc,
                )
            ) from exc
        # Polling stays, as the safety net for what a webhook outage misses: less often.
        interval = max(worker_settings.poll_interval, hooks.poll_interval)
        worker_settings = worker_settings.model_copy(update={"poll_interval": interval})

    def with_callback(provider: Provider) -> Provider:
        return WithStatusCallback(provider, f"{hooks.public_url}/status")

    def said(holding: bool) -> None:
        # A service log line per change: who sends is what an operator asks first.
        if holding:
            print(_("tui-sms worker sending for {where}", where=where), flush=True)
        else:
            print(
                _("tui-sms worker standing by: another sender holds {where}", where=where),
                flush=True,
            )

    async def serve() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        print(_("tui-sms worker running on {where}", where=where), flush=True)
        async with asyncio.TaskGroup() as group:
            if webhooks is not None:
                group.create_task(webhooks.serve(sock, stop))
                print(
                    _(
                        "webhooks: {url}/inbound and /status, served on {local}",
                        url=hooks.public_url,
                        local=webhooks.local_url,
                    ),
                    flush=True,
                )
            group.create_task(
                serve_as_sender(
                    settings,
                    runtime.engine,
                    WORKER,
                    stop,
                    on_change=said,
                    wrap_provider=with_callback if webhooks is not None else None,
                    worker_settings=worker_settings,
                )
            )

    asyncio.run(serve())
    return 0
