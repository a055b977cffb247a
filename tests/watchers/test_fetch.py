from __future__ import annotations

import gzip
import ipaddress
import socket
import time
import zlib
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from watchers import addresses
from watchers.errors import FeedError
from watchers.fetch import MAX_REDIRECTS, BoundedDecoder, fetch_bytes, retry_after_seconds

LOOPBACK = {"127.0.0.1"}


def _decode_all(encoding: str, data: bytes, limit: int, chunk: int = 1000) -> bytes:
    decoder = BoundedDecoder(encoding, limit)
    parts = [decoder.decode(data[i : i + chunk]) for i in range(0, len(data), chunk)]
    return b"".join([*parts, decoder.flush()])


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("", lambda b: b),
        ("identity", lambda b: b),
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda b: zlib.compress(b)[2:-4]),  # raw deflate, no zlib header
        ("gzip", lambda b: gzip.compress(b[:500]) + gzip.compress(b[500:])),  # two members
    ],
)
def test_fetch_bounded_decoder_decodes(encoding: str, compress: Any) -> None:
    body = b"<rss>" + b"x" * 5000 + b"</rss>"
    assert _decode_all(encoding, compress(body), limit=10_000) == body


def test_fetch_bounded_decoder_stops_a_gzip_bomb_early() -> None:
    bomb = gzip.compress(b"\0" * 50_000_000)  # about 50 KB on the wire
    decoder = BoundedDecoder("gzip", 1_000_000)
    produced = 0
    with pytest.raises(FeedError, match="too large"):
        for i in range(0, len(bomb), 65536):
            produced += len(decoder.decode(bomb[i : i + 65536]))
    assert produced <= 1_000_000


@pytest.mark.parametrize("encoding", ["br", "gzip, gzip", "compress"])
def test_fetch_bounded_decoder_refuses_unknown_encodings(encoding: str) -> None:
    with pytest.raises(FeedError, match="unsupported Content-Encoding"):
        BoundedDecoder(encoding, 100)


def test_fetch_bounded_decoder_reports_a_corrupt_body() -> None:
    with pytest.raises(FeedError, match="corrupt gzip"):
        _decode_all("gzip", b"this is not gzip at all", 1000)


async def test_fetch_bytes_returns_body_and_headers(http_server: Any) -> None:
    url = http_server.serve("/f", b"hello", headers={"ETag": '"v1"'}, content_type="text/plain")
    fetched = await fetch_bytes(url, allow_hosts=LOOPBACK)
    assert (fetched.status, fetched.body, fetched.headers["etag"]) == (200, b"hello", '"v1"')
    sent = http_server.requests_to("/f")[0]
    assert sent.headers["user-agent"].startswith("stancewatch/")
    assert sent.headers["accept-encoding"] == "gzip, deflate"


async def test_fetch_bytes_follows_relative_redirects(http_server: Any) -> None:
    http_server.redirect("/a", "/b", status=301)
    http_server.redirect("/b", http_server.url("/c"), status=307)
    http_server.serve("/c", b"done")
    fetched = await fetch_bytes(http_server.url("/a"), allow_hosts=LOOPBACK)
    assert fetched.body == b"done"
    assert fetched.url == http_server.url("/c")


async def test_fetch_bytes_stops_after_too_many_redirects(http_server: Any) -> None:
    http_server.redirect("/loop", "/loop")
    with pytest.raises(FeedError, match="redirects"):
        await fetch_bytes(http_server.url("/loop"), allow_hosts=LOOPBACK)
    assert len(http_server.requests_to("/loop")) == MAX_REDIRECTS + 1


async def test_fetch_bytes_connects_to_the_checked_address_only(
    http_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hostname is resolved once, checked, and that address is the one connected to."""
    answers = iter([["127.0.0.1"]])

    async def resolve_once(host: str, port: int) -> list[str]:
        return next(answers)  # a second lookup (a rebinding chance) would raise

    real_reason = addresses.refusal_reason

    def loopback_counts_as_public(address: Any) -> str | None:
        return None if address == ipaddress.ip_address("127.0.0.1") else real_reason(address)

    monkeypatch.setattr(addresses, "resolve", resolve_once)
    monkeypatch.setattr(addresses, "refusal_reason", loopback_counts_as_public)
    http_server.serve("/feed", b"pinned")
    fetched = await fetch_bytes(f"http://feeds.example:{http_server.port}/feed")
    assert fetched.body == b"pinned"
    assert fetched.url == f"http://feeds.example:{http_server.port}/feed"
    assert (
        http_server.requests_to("/feed")[0].headers["host"] == f"feeds.example:{http_server.port}"
    )


async def test_fetch_bytes_times_out_on_a_slow_server(http_server: Any) -> None:
    url = http_server.serve("/slow", b"late", delay=10.0)
    started = time.monotonic()
    with pytest.raises(FeedError, match="timed out"):
        await fetch_bytes(url, allow_hosts=LOOPBACK, timeout=0.3)
    assert time.monotonic() - started < 5  # well before the server would have answered


async def test_fetch_bytes_refuses_other_schemes() -> None:
    with pytest.raises(FeedError, match="scheme"):
        await fetch_bytes("file:///etc/passwd")


NOW = datetime(2025, 5, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "120"}, 120.0),
        ({"retry-after": " 0 "}, 0.0),
        ({"retry-after": "Fri, 02 May 2025 10:00:00 GMT"}, 3600.0),
        # Measured on the server's clock when it sends one: ours may be off.
        (
            {
                "retry-after": "Fri, 02 May 2025 10:00:00 GMT",
                "date": "Fri, 02 May 2025 09:59:00 GMT",
            },
            60.0,
        ),
        ({"retry-after": "Fri, 02 May 2025 08:00:00 GMT"}, 0.0),  # already past
        ({"retry-after": "9" * 400}, 365 * 24 * 3600.0),  # absurd: capped, still a number
        ({"retry-after": "-5"}, None),
        ({"retry-after": "1.5"}, None),
        ({"retry-after": "soon"}, None),
        ({"retry-after": ""}, None),
        ({}, None),
    ],
)
def test_fetch_retry_after_seconds(headers: dict[str, str], seconds: float | None) -> None:
    assert retry_after_seconds(headers, NOW) == seconds


def test_fetch_loopback_server_turns_nagle_off(
    http_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The test server writes a reply's headers and body apart; with Nagle's algorithm
    # on, every request after the first on a kept-alive connection waits for a delayed ACK.
    handler_class = http_server._server.RequestHandlerClass
    options: list[int] = []
    setup = handler_class.setup

    def noting_setup(handler: Any) -> None:
        setup(handler)
        options.append(handler.connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

    monkeypatch.setattr(handler_class, "setup", noting_setup)
    url = http_server.serve("/feed.xml", b"<rss/>", content_type="application/rss+xml")
    with httpx.Client() as client:
        assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    assert len(options) == 1 and options[0] != 0  # one connection, Nagle off
