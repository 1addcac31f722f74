"""Several small httpx connection pools in place of one large one.

The sender keeps up to 32 posts in flight to a far provider, one kept-alive connection each.
httpcore (1.0.x) hands out connections by walking every connection of its pool, and asking
each whether it has expired (a `poll()` of its socket), on every request and every release:
the cost of a post grows with the pool. Measured against the sandbox on loopback with 32
posts in flight, one pool of 32 connections cost 3.1–3.9 ms of the client's CPU per post and
sent fewer posts a second than one post at a time (2.0–2.2 ms); the same 32 in flight over
8 pools of 4 cost 2.1–2.2 ms and sent 450 posts/s against 320–370 one at a time. (The scan is
a known httpcore cost, encode/httpcore#1035, fixed only in forks so far.)

Each request goes to the pool with the fewest requests in flight, so no pool holds more
than its share while another waits. The pools share one TLS context: building one (reading
the CA bundle) takes about 50 ms, which eight clients would pay eight times.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx

POOLS = 8
# Connections each pool keeps open between posts: 8 × 4 = the sender's 32 in flight, with no
# new TCP and TLS handshake once warm. A pool may open more (to 100 ÷ 8) when a burst of
# other requests (the poller's, a reconciliation's) comes on top.
KEPT_PER_POOL = 4
MOST_PER_POOL = 13


class PooledClient:
    """The part of `httpx.AsyncClient` the provider uses, spread over `POOLS` clients."""

    def __init__(
        self,
        *,
        base_url: str,
        auth: httpx.Auth,
        headers: Mapping[str, str],
        timeout: float,
    ) -> None:
        tls = httpx.create_ssl_context()
        self._clients = [
            httpx.AsyncClient(
                verify=tls,
                base_url=base_url,
                auth=auth,
                headers=dict(headers),
                timeout=timeout,
                limits=httpx.Limits(
                    max_connections=MOST_PER_POOL, max_keepalive_connections=KEPT_PER_POOL
                ),
            )
            for _ in range(POOLS)
        ]
        self._in_flight = [0] * POOLS

    async def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        index = min(range(POOLS), key=self._in_flight.__getitem__)
        self._in_flight[index] += 1
        try:
            return await self._clients[index].request(method, url, params=params, data=data)
        finally:
            self._in_flight[index] -= 1

    async def aclose(self) -> None:
        for client in self._clients:
            await client.aclose()
