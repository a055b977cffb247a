"""One HTTP client for every feed and page fetch of a run, with bounded concurrency.

A run polls hundreds of feeds, so it shares one connection pool (and one TLS
context) and bounds how many requests are in flight: at most
``max_connections`` over all hosts and ``max_connections_per_host`` to any one
host, so a burst of due feeds never hammers one publisher. A request waits for
its slots before its time limit starts, so a long queue is not mistaken for a
slow server. Parsing happens after the slots are given back.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Collection, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self

import httpx

from watchers.addresses import normalise_host
from watchers.errors import FeedError
from watchers.feeds import fetch_feed
from watchers.fetch import Fetched, fetch_bytes, tls_context
from watchers.parsing import DEFAULT_PARSE_TIMEOUT
from watchers.poll import DEFAULT_MAX_BYTES, PollResult


@dataclass
class _HostSlots:
    semaphore: asyncio.Semaphore
    users: int = field(default=0)


class Poller:
    """Conditional, guarded GETs of feeds and pages under connection limits.

    ``allow_hosts``, ``max_bytes``, ``timeout`` and ``parse_timeout`` are read at each request, so a
    configuration reload may change them; the two limits are fixed when the
    Poller is made. Close it with ``aclose()`` (or use it as an async context).
    """

    def __init__(
        self,
        *,
        max_connections: int = 20,
        max_connections_per_host: int = 2,
        allow_hosts: Collection[str] = (),
        max_bytes: int = DEFAULT_MAX_BYTES,
        timeout: float = 20.0,
        parse_timeout: float = DEFAULT_PARSE_TIMEOUT,
    ) -> None:
        if max_connections < 1 or max_connections_per_host < 1:
            raise ValueError("connection limits must be at least 1")
        self.allow_hosts: Collection[str] = tuple(allow_hosts)
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.parse_timeout = parse_timeout
        self.max_connections = max_connections
        self.max_connections_per_host = max_connections_per_host
        # trust_env=False: connect to the address that was checked, never through a
        # proxy named by an environment variable (it would resolve names itself).
        self._client = httpx.AsyncClient(
            trust_env=False,
            verify=tls_context(),
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
        )
        self._all = asyncio.Semaphore(max_connections)
        self._hosts: dict[str, _HostSlots] = {}

    async def poll(
        self,
        url: str,
        *,
        feed_id: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> PollResult:
        """Fetch (conditionally, given the last validators) and parse one feed; never raises."""
        return await fetch_feed(
            url,
            feed_id=feed_id,
            etag=etag,
            last_modified=last_modified,
            fetch=self.fetch,
            parse_timeout=self.parse_timeout,
        )

    async def fetch(
        self, url: str, headers: Mapping[str, str] | None = None, *, max_bytes: int | None = None
    ) -> Fetched:
        """GET ``url`` by the rules of watchers.fetch, once a connection slot is free.

        Raises FeedError in plain words (refused address, too many redirects, too
        large, timeout, transport failure); a non-2xx status is returned.
        """
        if self._client.is_closed:
            raise FeedError("the poller is closed")
        try:
            host = normalise_host(httpx.URL(url).host)
        except httpx.InvalidURL as error:
            raise FeedError(f"invalid URL {url!r}: {error}") from error
        async with self._slot(host):
            return await fetch_bytes(
                url,
                client=self._client,
                max_bytes=self.max_bytes if max_bytes is None else max_bytes,
                timeout=self.timeout,
                allow_hosts=self.allow_hosts,
                request_headers=headers,
            )

    @contextlib.asynccontextmanager
    async def _slot(self, host: str) -> AsyncIterator[None]:
        # The host's slot is taken first: a request queued behind its own host must
        # not sit on one of the shared slots that requests to other hosts could use.
        # The slot is keyed by the first URL's host; redirect hops count against it.
        slots = self._hosts.get(host)
        if slots is None:
            slots = self._hosts[host] = _HostSlots(asyncio.Semaphore(self.max_connections_per_host))
        slots.users += 1
        try:
            async with slots.semaphore, self._all:
                yield
        finally:
            slots.users -= 1
            if slots.users == 0:  # forget hosts seen once (article pages come from many)
                del self._hosts[host]

    async def aclose(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
