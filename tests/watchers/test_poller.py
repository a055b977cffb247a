"""The Poller: one client for a run, conditional GET, bounded connections, Retry-After."""

from __future__ import annotations

import asyncio
import email.utils
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from watchers.errors import FeedError
from watchers.fetch import MAX_REDIRECTS
from watchers.poller import Poller

LOOPBACK = ("127.0.0.1", "127.0.0.2")
RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Harbour Gazette</title>
<item><guid>levy-1</guid><title>Levy kept</title><link>https://example.org/levy-1</link>
<description>The ferry levy stays, the minister said.</description></item>
</channel></rss>
"""


class Gauge:
    """Counts requests in flight in a server's handler threads and keeps the peak."""

    def __init__(self, hold: float = 0.15) -> None:
        self.hold = hold
        self.now = 0
        self.peak = 0
        self.total = 0
        self._lock = threading.Lock()

    def enter(self) -> None:
        with self._lock:
            self.now += 1
            self.total += 1
            self.peak = max(self.peak, self.now)
        # Held long enough that the client has queued everything it is allowed to send.
        time.sleep(self.hold)
        with self._lock:
            self.now -= 1


def gauged(http_server: Any, gauge: Gauge) -> Callable[[Any], Any]:
    def answer(_request: Any) -> Any:
        gauge.enter()
        return http_server.Reply(RSS, headers={"Content-Type": "application/rss+xml"})

    return answer


class _GaugedHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    gauge: Gauge

    def do_GET(self) -> None:
        self.gauge.enter()
        body = RSS.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def second_host() -> Iterator[tuple[str, Gauge]]:
    """A feed server on 127.0.0.2, another loopback host than http_server's 127.0.0.1."""
    gauge = Gauge()
    handler = type("Handler", (_GaugedHandler,), {"gauge": gauge})
    server = ThreadingHTTPServer(("127.0.0.2", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.2:{server.server_address[1]}", gauge
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


async def test_poller_conditional_get_and_304(http_server: Any) -> None:
    def answer(request: Any) -> Any:
        if request.headers.get("if-none-match") == '"v1"':
            return http_server.Reply(status=304, headers={"ETag": '"v1"'})
        headers = {
            "Content-Type": "application/rss+xml",
            "ETag": '"v1"',
            "Last-Modified": "Fri, 02 May 2025 09:00:00 GMT",
        }
        return http_server.Reply(RSS, headers=headers)

    url = http_server.handle("/feed.xml", answer)
    async with Poller(allow_hosts=LOOPBACK) as poller:
        first = await poller.poll(url, feed_id="harbour")
        second = await poller.poll(
            url, feed_id="harbour", etag=first.etag, last_modified=first.last_modified
        )
    assert (first.status, len(first.articles), first.etag) == (200, 1, '"v1"')
    assert first.articles[0].feed_id == "harbour"
    plain, conditional = http_server.requests_to("/feed.xml")
    assert "if-none-match" not in plain.headers and "if-modified-since" not in plain.headers
    assert conditional.headers["if-none-match"] == '"v1"'
    assert conditional.headers["if-modified-since"] == "Fri, 02 May 2025 09:00:00 GMT"
    assert second.not_modified and second.ok and second.articles == ()
    assert (second.status, second.etag, second.last_modified) == (304, '"v1"', first.last_modified)


@pytest.mark.parametrize(
    ("max_connections", "per_host", "peak"),
    [(10, 2, 2), (3, 10, 3), (1, 5, 1)],
    ids=["per-host-bound", "overall-bound", "one-at-a-time"],
)
async def test_poller_bounds_concurrent_requests(
    http_server: Any, max_connections: int, per_host: int, peak: int
) -> None:
    gauge = Gauge()
    http_server.handle("/feed.xml", gauged(http_server, gauge))
    async with Poller(
        max_connections=max_connections, max_connections_per_host=per_host, allow_hosts=LOOPBACK
    ) as poller:
        results = await asyncio.gather(
            *(poller.poll(http_server.url(f"/feed.xml?n={n}")) for n in range(6))
        )
    assert all(result.ok and len(result.articles) == 1 for result in results)
    assert (gauge.total, gauge.peak) == (6, peak)


async def test_poller_limits_each_host_separately(
    http_server: Any, second_host: tuple[str, Gauge]
) -> None:
    """One host's queue does not hold back another host: each gets its own slots."""
    first = Gauge()
    http_server.handle("/feed.xml", gauged(http_server, first))
    base, second = second_host
    urls = [http_server.url("/feed.xml"), f"{base}/feed.xml"] * 3
    async with Poller(
        max_connections=10, max_connections_per_host=1, allow_hosts=LOOPBACK
    ) as poller:
        results = await asyncio.gather(*(poller.poll(url) for url in urls))
    assert all(result.ok for result in results)
    assert (first.peak, second.peak, first.total, second.total) == (1, 1, 3, 3)


@pytest.mark.parametrize(
    ("max_connections", "per_host"), [(10, 1), (1, 5)], ids=["host-queue", "overall-queue"]
)
async def test_poller_queueing_does_not_count_against_the_timeout(
    http_server: Any, max_connections: int, per_host: int
) -> None:
    """Three requests, one at a time, each 0.25 s long, with a 0.6 s limit: the third
    waits 0.5 s for its turn, which is not the server's fault."""
    http_server.serve("/feed.xml", RSS, content_type="application/rss+xml", delay=0.25)
    async with Poller(
        max_connections=max_connections,
        max_connections_per_host=per_host,
        allow_hosts=LOOPBACK,
        timeout=0.6,
    ) as poller:
        results = await asyncio.gather(*(poller.poll(http_server.url("/feed.xml")) for _ in "abc"))
    assert [result.problems for result in results] == [(), (), ()]


async def test_poller_refuses_too_many_redirects(http_server: Any) -> None:
    for hop in range(MAX_REDIRECTS + 1):
        http_server.redirect(f"/hop{hop}", f"/hop{hop + 1}")
    http_server.serve(f"/hop{MAX_REDIRECTS + 1}", RSS, content_type="application/rss+xml")
    async with Poller(allow_hosts=LOOPBACK) as poller:
        refused = await poller.poll(http_server.url("/hop0"))
        followed = await poller.poll(http_server.url("/hop1"))  # exactly MAX_REDIRECTS hops
    assert refused.status is None and refused.articles == ()
    [problem] = refused.problems
    assert f"more than {MAX_REDIRECTS} redirects" in problem
    assert followed.ok and len(followed.articles) == 1
    assert len(http_server.requests_to(f"/hop{MAX_REDIRECTS}")) == 2


async def test_poller_refuses_loopback_unless_allowed(http_server: Any) -> None:
    url = http_server.serve("/feed.xml", RSS, content_type="application/rss+xml")
    async with Poller() as poller:
        result = await poller.poll(url)
        with pytest.raises(FeedError, match="loopback"):
            await poller.fetch(url)
    assert "loopback address 127.0.0.1 is not public" in result.problems[0]
    assert http_server.requests == []


def _http_date(moment: datetime) -> str:
    return email.utils.format_datetime(moment, usegmt=True)


@pytest.mark.parametrize(
    ("status", "retry_after", "expected"),
    [
        (429, "120", 120.0),
        (503, "7200", 7200.0),
        (429, "in a while", None),
        (429, None, None),
        (500, "120", None),  # only 429 and 503 ask a client to wait
    ],
)
async def test_poller_failures_carry_status_and_retry_after(
    http_server: Any, status: int, retry_after: str | None, expected: float | None
) -> None:
    headers = {"Retry-After": retry_after} if retry_after else {}
    url = http_server.serve("/feed.xml", "busy", status=status, headers=headers)
    async with Poller(allow_hosts=LOOPBACK) as poller:
        result = await poller.poll(url)
    assert (result.status, result.retry_after, result.articles) == (status, expected, ())
    assert result.problems == (f"{url}: HTTP {status} {http_server_reason(status)}",)


async def test_poller_retry_after_as_an_http_date(http_server: Any) -> None:
    """Counted from the server's Date header, which http.server sends with every reply."""
    later = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)
    url = http_server.serve("/feed.xml", status=503, headers={"Retry-After": _http_date(later)})
    async with Poller(allow_hosts=LOOPBACK) as poller:
        result = await poller.poll(url)
    assert result.retry_after is not None
    assert 3500 <= result.retry_after <= 3600


def http_server_reason(status: int) -> str:
    return BaseHTTPRequestHandler.responses[status][0]


async def test_poller_fetch_serves_pages_under_the_same_limits(http_server: Any) -> None:
    gauge = Gauge(hold=0.1)

    def page(_request: Any) -> Any:
        gauge.enter()
        return http_server.Reply("<html><p>Text</p></html>", headers={"Content-Type": "text/html"})

    url = http_server.handle("/page.html", page)
    async with Poller(max_connections_per_host=2, allow_hosts=LOOPBACK) as poller:
        pages = await asyncio.gather(
            *(poller.fetch(url, {"Accept": "text/html"}) for _ in range(5))
        )
        with pytest.raises(FeedError, match="too large"):
            await poller.fetch(url, max_bytes=10)
    assert {(fetched.status, fetched.body) for fetched in pages} == {
        (200, b"<html><p>Text</p></html>")
    }
    assert gauge.peak == 2
    assert http_server.requests_to("/page.html")[0].headers["accept"] == "text/html"


@pytest.mark.parametrize("url", ["http://[not-an-address/feed", "ftp://example.org/feed"])
async def test_poller_bad_urls_are_problems(url: str) -> None:
    async with Poller() as poller:
        result = await poller.poll(url)
    assert result.articles == () and len(result.problems) == 1
    assert result.status is None


async def test_poller_after_aclose_refuses_to_fetch(http_server: Any) -> None:
    url = http_server.serve("/feed.xml", RSS, content_type="application/rss+xml")
    poller = Poller(allow_hosts=LOOPBACK)
    await poller.aclose()
    result = await poller.poll(url)
    assert result.problems == (f"{url}: the poller is closed",)
    assert http_server.requests == []


def test_poller_bench_runs_on_a_few_feeds() -> None:
    """`make bench` at toy size: it runs, measures both sides and compares them."""
    root = Path(__file__).resolve().parents[2]
    command = ["-m", "bench.bench_watchers", "--feeds", "10", "--hosts", "2", "--cycles", "1"]
    done = subprocess.run(
        [sys.executable, *command],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for name in ("Poller (concurrent, conditional GET)", "naive loop, one httpx.Client"):
        assert any(line.startswith(name) and line.endswith(" MB") for line in lines), name
    assert sum(line.endswith("x") and "x Poller" in line for line in lines) == 2
    assert "naive 200 (every feed)" in done.stdout  # 10 feeds of 20 entries, all parsed
