"""How long a customer's reply takes to arrive somewhere: shared by the reply benches
(webhook_latency.py: into the database; reply_latency.py: onto a running app's screen)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

GIVE_UP = 10.0  # seconds: a reply later than this is counted as lost
LOOK_EVERY = 0.002  # seconds between two looks: far below the latencies measured


async def seconds_until(arrived: Callable[[], Awaitable[bool]], sent: float) -> float | None:
    """Seconds from `sent` (time.perf_counter()) until `arrived()`; None past GIVE_UP."""
    while not await arrived():
        if time.perf_counter() - sent > GIVE_UP:
            return None
        await asyncio.sleep(LOOK_EVERY)
    return time.perf_counter() - sent
