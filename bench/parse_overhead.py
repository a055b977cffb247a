"""What parsing feeds in worker processes costs: ``python -m bench.parse_overhead``.

For a small, a typical and a large feed, the wall time of one parse in this
process, in a thread (``asyncio.to_thread``, what fetch_feed did before) and in
the worker pool (``watchers.parsing``), one parse at a time; then the pool's
throughput with parses in flight together; then how long a worker takes to start
(paid once per worker, and again after one is killed for passing its limit).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable

from watchers.feeds import parse_feed_bytes
from watchers.parsing import ParserPool

_ITEM = (
    "<item><title>Minister speaks on story {0}</title><link>https://news.example/{0}</link>"
    "<guid>https://news.example/{0}</guid><pubDate>Sat, 30 Sep 2017 18:00:00 +0000</pubDate>"
    "<description>&lt;p&gt;The minister said the offer stands, and that talks on item {0} "
    "would resume once the committee had reported.&lt;/p&gt;&lt;p&gt;Critics said the "
    "plan came too late.&lt;/p&gt;</description></item>\n"
)


def feed(entries: int) -> bytes:
    items = "".join(_ITEM.format(number) for number in range(entries))
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Wire</title>{items}</channel></rss>"
    ).encode()


async def _median_ms(parse: Callable[[], Awaitable[object]], repeats: int) -> float:
    await parse()  # warm: imports, the worker's first use
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        await parse()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


async def main(repeats: int, workers: int) -> None:
    pool = ParserPool(workers)
    try:
        started = time.perf_counter()
        await pool.parse(feed(1), source="start")
        print(f"first parse, including a worker's start: {time.perf_counter() - started:.2f} s")
        print(f"\none parse at a time (median of {repeats}), ms")
        print(f"{'feed':>22} {'in process':>11} {'thread':>8} {'workers':>8} {'overhead':>9}")
        for entries in (1, 30, 300):
            data = feed(entries)

            async def inline(data: bytes = data) -> object:
                return parse_feed_bytes(data, source="bench")

            async def thread(data: bytes = data) -> object:
                return await asyncio.to_thread(parse_feed_bytes, data, source="bench")

            async def worker(data: bytes = data) -> object:
                return await pool.parse(data, source="bench")

            own = await _median_ms(inline, repeats)
            threaded = await _median_ms(thread, repeats)
            pooled = await _median_ms(worker, repeats)
            label = f"{entries} entries, {len(data) // 1024} KB"
            print(f"{label:>22} {own:11.2f} {threaded:8.2f} {pooled:8.2f} {pooled - own:9.2f}")
        data = feed(30)
        count = repeats * 4
        started = time.perf_counter()
        for _ in range(count):
            parse_feed_bytes(data, source="bench")
        alone = (time.perf_counter() - started) / count * 1000
        # Every worker started before the clock does.
        await asyncio.gather(*(pool.parse(data, source="warm") for _ in range(2 * workers)))
        started, cpu = time.perf_counter(), time.process_time()
        await asyncio.gather(*(pool.parse(data, source="bench") for _ in range(count)))
        together = (time.perf_counter() - started) / count * 1000
        ours = (time.process_time() - cpu) / count * 1000
        print(
            f"\n{count} parses of the 30-entry feed: {alone:.2f} ms each in process, one by "
            f"one; {together:.2f} ms each through {workers} workers, all in flight together, "
            f"of which {ours:.2f} ms CPU in this process"
        )
        pool.close()
        fresh = ParserPool(1)
        started = time.perf_counter()
        await fresh.parse(feed(1), source="start")
        print(f"a new worker's first parse: {time.perf_counter() - started:.2f} s")
        fresh.close()
    finally:
        pool.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.repeats, arguments.workers))
