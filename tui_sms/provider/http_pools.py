"""Several small httpx connection pools in place of one large one.

The sender keeps up to 64 posts in flight to a far provider, one kept-alive connection each.
httpcore (1.0.x) hands out connections by walking every connection of its pool, and asking
each whether it has expired (a `poll()` of its socket), on every request and every release:
the cost of a post grows with the pool. Measured against the sandbox on loopback with 32
posts in flight, one pool of 32 connections cost 3.1–3.9 ms of the client's CPU per post and
sent fewer posts a second than one post at a time (2.0–2.2 ms); the same 32 in flight over
8 pools of 4 cost 2.1–2.2 ms and sent 450 posts/s against 320–370 one at a time. (The scan is
a known httpcore cost, encode/httpcore#1035, fixed only in forks so far.)

Each request goes to the pool with the fewest requests in flight, so no pool holds more
than its share while another waits. The pools share one TLS context: building one (reading
the CA bundle) takes about 50 ms, which sixteen clients would pay sixteen times.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from functools import partial

import httpx

POOLS = 16
# Connections each pool keeps open between posts: 16 × 4 = the sender's 64 in flight, with no
# new TCP and TLS handshake once warm. A pool may open a few more (to 16 × 6 = 96, under
# Twilio's 100 requests at once) when other requests (the poller's, a reconciliation's) come
# on top.
KEPT_PER_POOL = 4
MOST_PER_POOL = 6


class PooledClient:
    """The part of `httpx.AsyncClient` the provider uses, spread over up to `POOLS` clients,
    each made the first time a request needs it (a clerk's provider check uses one)."""

    def __init__(
        self,
        *,
        base_url: str,
        auth: httpx.Auth,
        headers: Mapping[str, str],
        timeout: float,
    ) -> None:
        self._new_client = partial(
            httpx.AsyncClient,
            base_url=base_url,
            auth=auth,
            headers=dict(headers),
            timeout=timeout,
            limits=httpx.Limits(
                max_connections=MOST_PER_POOL, max_keepalive_connections=KEPT_PER_POOL
            ),
        )
        self._tls: ssl.SSLContext | None = None
        self._clients: list[httpx.AsyncClient | None] = [None] * POOLS
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
            client = self._clients[index] or self._open(index)
            return await client.request(method, url, params=params, data=data)
        finally:
            self._in_flight[index] -= 1

    def _open(self, index: int) -> httpx.AsyncClient:
        if self._tls is None:
            self._tls = httpx.create_ssl_context()
        client = self._new_client(verify=self._tls)
        self._clients[index] = client
        return client

    async def aclose(self) -> None:
        for client in self._clients:
            if client is not None:
                await client.aclose()
