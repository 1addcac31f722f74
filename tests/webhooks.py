"""The worker's webhook server, run in the test's event loop on a free loopback port."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.engine import Engine

from tui_sms.config import WebhookSettings
from tui_sms.services.webhooks import Account, WebhookServer


@asynccontextmanager
async def webhook_server(
    engine: Engine, account: Account, public_url: str = ""
) -> AsyncIterator[WebhookServer]:
    """Served until the block ends. Without `public_url`, the server's own loopback URL is
    the public one (the sandbox then posts straight to it, as Twilio would to a proxy)."""
    settings = WebhookSettings(listen="127.0.0.1:0", public_url=public_url or "http://x")
    server = WebhookServer(engine, settings, [account])
    sock = server.bind()
    if not public_url:
        server.handler.public_url = server.local_url
    stop = asyncio.Event()
    task = asyncio.create_task(server.serve(sock, stop))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield server
    finally:
        stop.set()
        await task
