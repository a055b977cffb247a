"""Guarded HTTP GET: public addresses only, redirects checked hop by hop, bounded bodies.

Everything a remote server controls is treated as hostile: where redirects
point, how large the body is, and how far a compressed body expands. That is
why redirects are followed here rather than by httpx, and why the body is read
raw and decompressed here with a limit rather than by httpx's decoders, which
inflate a whole network chunk at once (a 64 KB gzip chunk can become 64 MB).
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import re
import ssl
import zlib
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from watchers.addresses import check_destination
from watchers.errors import FeedError
from watchers.poll import DEFAULT_MAX_BYTES

USER_AGENT = "stancewatch/0.1 (news feed watcher)"
MAX_REDIRECTS = 5
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_READ_CHUNK = 64 * 1024
_DELTA_SECONDS = re.compile(r"[0-9]+")
# A Retry-After further off than this is as good as "stop"; the cap keeps the
# number a finite float whatever a server sends.
_RETRY_AFTER_CAP = 365 * 24 * 3600.0


@dataclass(frozen=True)
class Fetched:
    """One HTTP response whose body was read within the limits."""

    url: str
    status: int
    reason: str
    headers: dict[str, str]
    body: bytes


# A guarded GET of a URL with extra request headers: fetch_bytes with its limits
# bound, or a Poller's fetch, which also waits for a connection slot.
Fetch = Callable[[str, Mapping[str, str]], Awaitable[Fetched]]


async def fetch_bytes(
    url: str,
    *,
    client: httpx.AsyncClient | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = 20.0,
    allow_hosts: Collection[str] = (),
    request_headers: Mapping[str, str] | None = None,
) -> Fetched:
    """GET ``url`` and return the final response with its decoded body.

    Raises FeedError, with a message for a user, for a refused address, too many
    redirects, a body over ``max_bytes`` (counted after decompression), an
    undecodable body, a timeout (``timeout`` bounds the whole exchange, not each
    read) or any transport failure. A non-2xx status is returned, with an empty
    body, for the caller to judge (a 304 is not an error to a poller).
    """
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    headers.update(request_headers or {})
    try:
        async with asyncio.timeout(timeout):
            if client is not None:
                return await _follow(client, url, headers, max_bytes, timeout, allow_hosts)
            # trust_env=False: go straight to the address that was checked, not through
            # a proxy some environment variable names (it would resolve names itself).
            async with httpx.AsyncClient(trust_env=False, verify=tls_context()) as own_client:
                return await _follow(own_client, url, headers, max_bytes, timeout, allow_hosts)
    except TimeoutError as error:
        raise FeedError(f"timed out after {timeout:g} s") from error
    except httpx.InvalidURL as error:
        raise FeedError(f"invalid URL {url!r}: {error}") from error
    except httpx.HTTPError as error:
        raise FeedError(_transport_message(error)) from error


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One TLS context for every poll: loading the CA bundle costs more than a request."""
    return httpx.create_ssl_context(trust_env=False)


def retry_after_seconds(headers: Mapping[str, str], now: datetime) -> float | None:
    """How long a server asked us to wait, in seconds, from its Retry-After header.

    Both forms are read: delta-seconds and an HTTP-date. ``headers`` have lower-case
    names (as in Fetched). None when the header is absent or unreadable.
    """
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if _DELTA_SECONDS.fullmatch(value):
        return min(float(value), _RETRY_AFTER_CAP)
    until = _http_date(value)
    if until is None:
        return None
    # Counted from the server's own Date when it sent one: the date it asks us to
    # wait until is on its clock, which need not agree with ours.
    reference = _http_date(headers.get("date", "")) or now
    return min(max(0.0, (until - reference).total_seconds()), _RETRY_AFTER_CAP)


def _http_date(value: str) -> datetime | None:
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    # HTTP-dates are always GMT; "-0000" comes back naive.
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _transport_message(error: httpx.HTTPError) -> str:
    """A short, user-facing sentence for an httpx failure."""
    kinds: list[tuple[type[httpx.HTTPError], str]] = [
        (httpx.ConnectError, "cannot connect"),
        (httpx.TimeoutException, "timed out"),
        (httpx.RemoteProtocolError, "the server broke the HTTP exchange"),
        (httpx.UnsupportedProtocol, "unsupported URL scheme"),
    ]
    label = next((text for kind, text in kinds if isinstance(error, kind)), "HTTP failure")
    detail = str(error) or type(error).__name__
    return f"{label}: {detail}"


async def _follow(
    client: httpx.AsyncClient,
    url: str,
    headers: dict[str, str],
    max_bytes: int,
    timeout: float,
    allow_hosts: Collection[str],
) -> Fetched:
    """Request ``url``, following at most MAX_REDIRECTS redirects, checking every hop."""
    target = httpx.URL(url)
    for _hop in range(MAX_REDIRECTS + 1):
        request = await _build_request(client, target, headers, timeout, allow_hosts)
        response = await client.send(request, stream=True, follow_redirects=False)
        try:
            location = response.headers.get("location")
            if response.status_code in _REDIRECT_STATUSES and location:
                # Join against the URL as written, not the pinned address we connected to.
                target = target.join(location)
                continue
            body = b""
            if response.is_success:
                body = await _read_body(response, max_bytes)
            return Fetched(
                url=str(target),
                status=response.status_code,
                reason=response.reason_phrase,
                headers={name.lower(): value for name, value in response.headers.items()},
                body=body,
            )
        finally:
            await response.aclose()
    raise FeedError(f"more than {MAX_REDIRECTS} redirects")


async def _build_request(
    client: httpx.AsyncClient,
    target: httpx.URL,
    headers: dict[str, str],
    timeout: float,
    allow_hosts: Collection[str],
) -> httpx.Request:
    """A request for ``target`` that connects only to the address that was checked."""
    if target.scheme not in ("http", "https"):
        raise FeedError(f"refused URL scheme {target.scheme!r}: only http and https are fetched")
    if not target.host:
        raise FeedError(f"URL has no host: {target}")
    port = target.port or (443 if target.scheme == "https" else 80)
    destination = await check_destination(target.host, port, allow_hosts)
    if destination.address is None or destination.address == destination.host:
        return client.build_request("GET", target, headers=headers, timeout=timeout)
    # Connect to the checked address, so a second DNS answer cannot differ
    # (DNS rebinding); Host and TLS SNI still name the original host.
    pinned = target.copy_with(host=destination.address)
    extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
    return client.build_request(
        "GET",
        pinned,
        headers={**headers, "Host": target.netloc.decode("ascii")},
        timeout=timeout,
        extensions=extensions,
    )


async def _read_body(response: httpx.Response, max_bytes: int) -> bytes:
    """The decoded body, refusing it as soon as it passes ``max_bytes``."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FeedError(f"body too large: {int(declared)} bytes declared, limit {max_bytes}")
    decoder = BoundedDecoder(response.headers.get("content-encoding", ""), max_bytes)
    parts: list[bytes] = []
    async for chunk in response.aiter_raw(_READ_CHUNK):
        parts.append(decoder.decode(chunk))
    parts.append(decoder.flush())
    return b"".join(parts)


class BoundedDecoder:
    """Undo a Content-Encoding (identity, gzip or deflate) without passing a size limit."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",")]
        codings = [c for c in codings if c and c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise FeedError(f"unsupported Content-Encoding {content_encoding!r}")
        self._coding = codings[0] if codings else "identity"
        self._limit = limit
        self._produced = 0
        self._zlib: zlib._Decompress | None = None
        self._first = True
        if self._coding != "identity":
            # 32 + MAX_WBITS accepts a gzip or a zlib header: servers mix them up.
            self._zlib = zlib.decompressobj(32 + zlib.MAX_WBITS)

    def decode(self, data: bytes) -> bytes:
        """Decode one raw chunk; raise FeedError once the output passes the limit."""
        if self._zlib is None:
            return self._count(data)
        first, self._first = self._first, False
        try:
            return self._inflate(data)
        except zlib.error as error:
            if not (first and self._coding == "deflate"):
                raise FeedError(f"corrupt {self._coding} body: {error}") from error
        # "deflate" is often sent as a raw deflate stream, without the zlib header.
        self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            return self._inflate(data)
        except zlib.error as error:
            raise FeedError(f"corrupt deflate body: {error}") from error

    def flush(self) -> bytes:
        """Whatever the decompressor still holds (a truncated stream yields what it can)."""
        if self._zlib is None:
            return b""
        return self._count(self._zlib.flush())

    def _inflate(self, data: bytes) -> bytes:
        assert self._zlib is not None
        out: list[bytes] = []
        pending = data
        while pending:
            # Ask for at most one byte more than the room left: enough to detect
            # the overflow without ever holding the whole expansion.
            room = self._limit - self._produced + 1
            out.append(self._count(self._zlib.decompress(pending, room)))
            if self._zlib.eof:
                pending = self._zlib.unused_data
                if not pending.startswith(b"\x1f\x8b"):
                    break  # trailing garbage after the stream, not another gzip member
                self._zlib = zlib.decompressobj(32 + zlib.MAX_WBITS)
            else:
                pending = self._zlib.unconsumed_tail
        return b"".join(out)

    def _count(self, data: bytes) -> bytes:
        self._produced += len(data)
        if self._produced > self._limit:
            raise FeedError(f"body too large: more than {self._limit} bytes (after decompression)")
        return data
