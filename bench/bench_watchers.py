"""``make bench``: the Poller against a naive loop, over N feeds served on loopback.

One server process plays N feeds spread over several loopback hosts (127.0.0.1,
127.0.0.2, ...: every 127/8 address is loopback on Linux), answering conditional
requests with 304 unless the feed changed in the current cycle (``--changed``, 5%
by default, each changed feed gaining one entry). Each client runs in its own
process, so its CPU time and peak memory are its own:

- the Poller, as ``stancewatch run`` uses it: concurrent under the default
  connection limits (20 overall, 2 per host), conditional GET with each feed's
  last validators, parsing only what changed;
- the naive loop: for each feed in turn, ``httpx.get`` then ``feedparser.parse``,
  no validators, so every feed is downloaded and parsed every cycle.

Each client runs a warm-up cycle (every feed new to it) and then ``--cycles``
steady-state cycles; the figures are for the steady state. Not part of the test
suite: run it by hand or with ``make bench``.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import resource
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

ENTRIES = 20  # entries per feed document
WARM_UP_NAIVE = 20  # feeds the naive loops poll before measuring
PARAGRAPH = (
    "The minister said the council would review the levy before the summer recess, "
    "adding that ferry operators had been consulted and that a decision on the rate "
    "would follow the harbour board's report. Opposition members asked for the figures "
    "to be published in full. "
)


# --- the server ------------------------------------------------------------------------


def version_of(feed: int, cycle: int, changed: float) -> int:
    """How many times ``feed`` has changed by ``cycle`` (cycle 0 is the first look)."""
    return sum(random.Random(f"{step}:{feed}").random() < changed for step in range(1, cycle + 1))


def feed_document(feed: int, version: int) -> bytes:
    items = "".join(
        f"<item><guid>https://news{feed % 97}.example/{feed}/{n}</guid>"
        f"<title>Story {n} of feed {feed}</title>"
        f"<link>https://news{feed % 97}.example/{feed}/{n}</link>"
        f"<pubDate>Fri, 02 May 2025 {n % 24:02d}:00:00 GMT</pubDate>"
        f"<description>{PARAGRAPH * 3}</description></item>"
        for n in range(version + ENTRIES - 1, version - 1, -1)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Feed {feed}</title><link>https://news{feed % 97}.example/</link>"
        f"{items}</channel></rss>"
    ).encode()


class FeedServer(asyncio.Protocol):
    """Just enough HTTP/1.1 (GET, keep-alive) to answer feed polls fast."""

    cycle = 0

    def __init__(self, changed: float, cache: dict[tuple[int, int], bytes], latency: float) -> None:
        self.changed = changed
        self.cache = cache
        self.latency = latency
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            self.answer(head.decode("latin-1"))

    def answer(self, head: str) -> None:
        assert self.transport is not None
        request, *lines = head.split("\r\n")
        target = request.split(" ")[1]
        headers = {
            name.strip().lower(): value.strip()
            for name, _, value in (line.partition(":") for line in lines)
        }
        if target.startswith("/cycle/"):
            FeedServer.cycle = int(target.removeprefix("/cycle/"))
            self.send(204, b"", {})
            return
        feed = int(target.removeprefix("/feed/").removesuffix(".xml"))
        version = version_of(feed, FeedServer.cycle, self.changed)
        etag = f'"{feed}-{version}"'
        if headers.get("if-none-match") == etag:
            self.send(304, b"", {"ETag": etag})
            return
        body = self.cache.get((feed, version))
        if body is None:
            body = self.cache[(feed, version)] = feed_document(feed, version)
        self.send(200, body, {"ETag": etag, "Content-Type": "application/rss+xml"})

    def send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        if self.latency:
            asyncio.get_running_loop().call_later(self.latency, self.write, status, body, headers)
        else:
            self.write(status, body, headers)

    def write(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        assert self.transport is not None
        if self.transport.is_closing():
            return
        reason = {200: "OK", 204: "No Content", 304: "Not Modified"}[status]
        lines = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        self.transport.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)


def serve(hosts: Sequence[str], changed: float, latency: float, ports: Connection) -> None:
    """The server process: report the port of each host, then serve until killed."""

    async def main() -> None:
        loop = asyncio.get_running_loop()
        cache: dict[tuple[int, int], bytes] = {}
        bound = []
        for host in hosts:
            server = await loop.create_server(
                lambda: FeedServer(changed, cache, latency), host, 0, backlog=1024
            )
            bound.append(server.sockets[0].getsockname()[1])
        ports.send(bound)
        await asyncio.Event().wait()

    asyncio.run(main())


# --- the clients -----------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    name: str
    cycle_seconds: float  # steady-state wall time per cycle (mean)
    cpu_per_poll: float  # steady-state CPU seconds per feed poll (all threads)
    peak_rss_mb: float  # the client process's peak resident memory
    entries_per_cycle: float  # entries parsed per steady-state cycle


def set_cycle(control: str, cycle: int) -> None:
    import httpx

    httpx.get(f"{control}/cycle/{cycle}", timeout=10).raise_for_status()


def run_poller(urls: list[str], control: str, cycles: int, hosts: list[str]) -> Figures:
    from watchers.poller import Poller

    async def main() -> tuple[float, float, int]:
        validators: dict[str, tuple[str | None, str | None]] = {}
        wall = cpu = 0.0
        entries = 0
        async with Poller(allow_hosts=hosts) as poller:

            async def poll(url: str) -> int:
                etag, modified = validators.get(url, (None, None))
                result = await poller.poll(url, etag=etag, last_modified=modified)
                if result.problems:
                    raise SystemExit(f"{url}: {result.problems}")
                if not result.not_modified:
                    validators[url] = (result.etag, result.last_modified)
                return len(result.articles)

            for cycle in range(cycles + 1):
                set_cycle(control, cycle)
                started, started_cpu = time.perf_counter(), time.process_time()
                found = sum(await asyncio.gather(*(poll(url) for url in urls)))
                if cycle:  # cycle 0 is the warm-up
                    wall += time.perf_counter() - started
                    cpu += time.process_time() - started_cpu
                    entries += found
        return wall, cpu, entries

    wall, cpu, entries = asyncio.run(main())
    return _figures("Poller (concurrent, conditional GET)", wall, cpu, entries, len(urls), cycles)


def run_naive_get(urls: list[str], control: str, cycles: int, hosts: list[str]) -> Figures:
    import httpx

    return _naive("naive loop (httpx.get, feedparser.parse)", httpx.get, urls, control, cycles)


def run_naive_client(urls: list[str], control: str, cycles: int, hosts: list[str]) -> Figures:
    import httpx

    with httpx.Client() as client:
        return _naive("naive loop, one httpx.Client", client.get, urls, control, cycles)


def _naive(name: str, get: Any, urls: list[str], control: str, cycles: int) -> Figures:
    """Every feed fetched in full and parsed, one after the other, ``cycles`` times.

    The loop keeps nothing between cycles, so each cycle is steady state already; the
    warm-up is a few feeds, enough to load and exercise the libraries.
    """
    import feedparser

    for url in urls[:WARM_UP_NAIVE]:
        feedparser.parse(get(url, timeout=20).content)
    wall = cpu = 0.0
    entries = 0
    for cycle in range(1, cycles + 1):
        set_cycle(control, cycle)
        started, started_cpu = time.perf_counter(), time.process_time()
        for url in urls:
            entries += len(feedparser.parse(get(url, timeout=20).content).entries)
        wall += time.perf_counter() - started
        cpu += time.process_time() - started_cpu
    return _figures(name, wall, cpu, entries, len(urls), cycles)


def _figures(name: str, wall: float, cpu: float, entries: int, feeds: int, cycles: int) -> Figures:
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux
    return Figures(name, wall / cycles, cpu / (feeds * cycles), peak_kb / 1024, entries / cycles)


def client(
    run: Callable[[list[str], str, int, list[str]], Figures],
    args: tuple[list[str], str, int, list[str]],
    out: Connection,
) -> None:
    out.send(run(*args))


# --- the command -----------------------------------------------------------------------


def in_process(
    context: Any, run: Callable[..., Figures], args: tuple[list[str], str, int, list[str]]
) -> Figures:
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=client, args=(run, args, send))
    process.start()
    figures: Figures = receive.recv()
    process.join()
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_watchers", description=__doc__)
    parser.add_argument("--feeds", type=int, default=2000, help="how many feeds (default 2000)")
    parser.add_argument("--hosts", type=int, default=50, help="loopback hosts they are spread on")
    parser.add_argument(
        "--cycles", type=int, default=3, help="measured cycles of the Poller (default 3)"
    )
    parser.add_argument(
        "--naive-cycles",
        type=int,
        default=1,
        help="measured cycles of each naive loop (default 1: they keep no state, so every "
        "cycle is the same work)",
    )
    parser.add_argument(
        "--changed", type=float, default=0.05, help="share of feeds changed per cycle"
    )
    parser.add_argument(
        "--latency",
        type=float,
        default=0.0,
        help="milliseconds the server waits before each answer, as a distant server would "
        "(default 0: loopback speed, which favours the sequential loops)",
    )
    args = parser.parse_args(argv)
    hosts = [f"127.0.0.{n}" for n in range(1, min(args.hosts, args.feeds) + 1)]
    # spawn: each client starts clean, so its peak memory is its own.
    context = multiprocessing.get_context("spawn")
    ports_in, ports_out = context.Pipe(duplex=False)
    server = context.Process(
        target=serve, args=(hosts, args.changed, args.latency / 1000, ports_out), daemon=True
    )
    server.start()
    try:
        ports = ports_in.recv()
        bases = [f"http://{host}:{port}" for host, port in zip(hosts, ports, strict=True)]
        urls = [f"{bases[n % len(bases)]}/feed/{n}.xml" for n in range(args.feeds)]
        print(
            f"{args.feeds} feeds on {len(hosts)} loopback hosts, {args.changed:.0%} changed "
            f"per cycle, {args.latency:g} ms server latency. Poller: a warm-up cycle, then "
            f"{args.cycles} measured; naive loops: {args.naive_cycles} measured "
            "(each client in its own process)",
            flush=True,
        )
        ours = in_process(context, run_poller, (urls, bases[0], args.cycles, hosts))
        naive = [
            in_process(context, run, (urls, bases[0], args.naive_cycles, hosts))
            for run in (run_naive_get, run_naive_client)
        ]
    finally:
        server.kill()
        server.join()
    report(ours, naive)
    return 0


def report(ours: Figures, naive: list[Figures]) -> None:
    rows = [ours, *naive]
    ratios = [(f"{row.name}: x Poller", row) for row in naive]
    width = max(len(label) for label, _row in ratios)
    print(f"\n{'':{width}}  {'cycle time':>10}  {'CPU per poll':>12}  {'peak RSS':>8}")
    for row in rows:
        print(
            f"{row.name:{width}}  {row.cycle_seconds:>8.2f} s  "
            f"{row.cpu_per_poll * 1000:>9.3f} ms  {row.peak_rss_mb:>5.0f} MB"
        )
    for label, row in ratios:
        print(
            f"{label:{width}}  {row.cycle_seconds / ours.cycle_seconds:>9.1f}x  "
            f"{row.cpu_per_poll / ours.cpu_per_poll:>11.1f}x  "
            f"{row.peak_rss_mb / ours.peak_rss_mb:>7.2f}x"
        )
    print(
        f"\nentries parsed per cycle: Poller {ours.entries_per_cycle:.0f} (changed feeds only), "
        f"naive {naive[0].entries_per_cycle:.0f} (every feed)"
    )


if __name__ == "__main__":
    sys.exit(main())
