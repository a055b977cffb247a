from __future__ import annotations

import asyncio
import os
import pickle
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from watchers.feeds import parse_feed_bytes
from watchers.parsing import (
    ParserPool,
    load_result,
    parse_off_loop,
    shared_pool,
    shutdown_parsers,
)
from watchers.poll import PollResult

SMALL = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Envoy hints at talks</title><guid>wire-1</guid>
<pubDate>Sat, 30 Sep 2017 18:00:00 +0000</pubDate>
<description>&lt;p&gt;"Channels are open," the envoy said.&lt;/p&gt;</description></item>
<item><title>Undated</title><link>https://news.example/2</link>
<description>The minister said the offer stands.</description></item>
</channel></rss>
"""

_ITEM = (
    "<item><title>Story {0}</title><link>https://news.example/{0}</link>"
    "<pubDate>Sat, 30 Sep 2017 18:00:00 +0000</pubDate>"
    "<description>&lt;p&gt;The minister said the offer stands, item {0}.&lt;/p&gt;</description>"
    "</item>\n"
)


def _slow_feed(entries: int = 20_000) -> bytes:
    """A legitimate feed that keeps feedparser busy for seconds (about 0.5 ms an entry)."""
    items = "".join(_ITEM.format(number) for number in range(entries))
    return f'<rss version="2.0"><channel><title>Big</title>{items}</channel></rss>'.encode()


@pytest.fixture
def pool() -> Iterator[ParserPool]:
    own = ParserPool(1)
    yield own
    own.close()


async def _wait_until(condition: Callable[[], object]) -> None:
    """Poll ``condition()`` until it holds; the timeout is a hang guard, not a measurement."""
    async with asyncio.timeout(10):
        while not condition():
            await asyncio.sleep(0.01)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_parsing_off_loop_gives_what_parsing_in_process_gives() -> None:
    fetched = datetime(2017, 10, 1, 9, 0, tzinfo=UTC)
    headers = {"Content-Type": "application/rss+xml; charset=utf-8"}
    source = "https://news.example/rss"
    result = await parse_off_loop(
        SMALL, source=source, feed_id="wire", headers=headers, fetched_at=fetched
    )
    in_process = parse_feed_bytes(
        SMALL, source=source, feed_id="wire", headers=headers, fetched_at=fetched
    )
    assert result == in_process
    assert [a.id for a in result.articles] == ["wire-1", "https://news.example/2"]
    assert [a.extra for a in result.articles] == [a.extra for a in in_process.articles]
    assert result.articles[1].date_source == "fetched"


async def test_parsing_a_parse_over_its_limit_is_a_problem_and_its_worker_replaced(
    pool: ParserPool,
) -> None:
    assert (await pool.parse(SMALL, source="warm-up")).ok
    [first] = pool.worker_pids()
    result = await pool.parse(_slow_feed(), source="https://big.example/rss", timeout=0.2)
    assert result.articles == ()
    assert result.problems == ("https://big.example/rss: parsing took longer than 0.2 s",)
    await _wait_until(lambda: not _running(first))
    after = await pool.parse(SMALL, source="s")
    assert len(after.articles) == 2
    assert pool.worker_pids() != [first]
    assert pool.replaced == 1


async def test_parsing_one_slow_feed_does_not_hold_up_the_others() -> None:
    pool = ParserPool(2)
    try:
        slow = asyncio.create_task(pool.parse(_slow_feed(), source="slow", timeout=60))
        results = await asyncio.gather(*(pool.parse(SMALL, source=f"s{n}") for n in range(20)))
        assert all(len(result.articles) == 2 for result in results)
        assert not slow.done()  # the other feeds were all read while it was still parsing
        slow.cancel()
        with pytest.raises(asyncio.CancelledError):
            await slow
        assert (await pool.parse(SMALL, source="after")).ok
    finally:
        pool.close()


async def test_parsing_a_worker_killed_mid_parse_is_a_problem(pool: ParserPool) -> None:
    parse = asyncio.create_task(pool.parse(_slow_feed(), source="doomed", timeout=60))
    await _wait_until(pool.worker_pids)
    os.kill(pool.worker_pids()[0], signal.SIGKILL)
    async with asyncio.timeout(10):
        result = await parse
    assert result.articles == ()
    assert result.problems == ("doomed: the parser process died (signal 9)",)
    assert (await pool.parse(SMALL, source="next")).ok


async def test_parsing_an_idle_worker_that_died_is_replaced(pool: ParserPool) -> None:
    assert (await pool.parse(SMALL, source="s")).ok
    [first] = pool.worker_pids()
    os.kill(first, signal.SIGKILL)
    await _wait_until(lambda: not pool.worker_pids())
    result = await pool.parse(SMALL, source="s")
    assert result.ok and len(result.articles) == 2
    assert first not in pool.worker_pids()


async def test_parsing_a_cancelled_parse_takes_its_worker_with_it(pool: ParserPool) -> None:
    parse = asyncio.create_task(pool.parse(_slow_feed(), source="s", timeout=60))
    await _wait_until(pool.worker_pids)
    [worker] = pool.worker_pids()
    parse.cancel()
    with pytest.raises(asyncio.CancelledError):
        await parse
    await _wait_until(lambda: not _running(worker))
    assert (await pool.parse(SMALL, source="s")).ok


async def test_parsing_waiting_parses_all_get_a_worker(pool: ParserPool) -> None:
    results = await asyncio.gather(*(pool.parse(SMALL, source=f"s{n}") for n in range(10)))
    assert [len(result.articles) for result in results] == [2] * 10
    assert len(pool.worker_pids()) == 1


def test_parsing_one_pool_serves_several_event_loops() -> None:
    """The bot polls from one loop while a CLI command or a test runs another."""
    pool = ParserPool(1)
    outcomes: list[list[PollResult]] = []

    async def batch(name: str) -> list[PollResult]:
        return list(await asyncio.gather(*(pool.parse(SMALL, source=name) for _ in range(5))))

    def run(name: str) -> None:
        outcomes.append(asyncio.run(batch(name)))

    try:
        threads = [threading.Thread(target=run, args=(f"loop{n}",)) for n in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert len(outcomes) == 3
        assert all(
            result.ok and len(result.articles) == 2 for batch in outcomes for result in batch
        )
    finally:
        pool.close()


async def test_parsing_close_stops_the_workers_and_later_parses_are_problems() -> None:
    pool = ParserPool(2)
    await asyncio.gather(pool.parse(SMALL, source="a"), pool.parse(SMALL, source="b"))
    workers = pool.worker_pids()
    assert len(workers) == 2
    await pool.aclose()
    assert not any(_running(pid) for pid in workers)
    result = await pool.parse(SMALL, source="late")
    assert result.problems == ("late: the feed parser was shut down",)


async def test_parsing_close_ends_parses_in_flight_and_waiting_with_a_problem() -> None:
    pool = ParserPool(1)
    parse = asyncio.create_task(pool.parse(_slow_feed(), source="s", timeout=60))
    await _wait_until(pool.worker_pids)
    waiting = asyncio.create_task(pool.parse(SMALL, source="w"))
    await asyncio.sleep(0.05)  # let it queue for the only worker
    await pool.aclose()
    async with asyncio.timeout(10):
        results = await asyncio.gather(parse, waiting)
    assert [result.problems for result in results] == [
        ("s: the feed parser was shut down",),
        ("w: the feed parser was shut down",),
    ]


async def test_parsing_shutdown_parsers_stops_the_shared_pool_until_next_use() -> None:
    assert (await parse_off_loop(SMALL, source="s")).ok
    workers = shared_pool().worker_pids()
    assert workers
    await shutdown_parsers()
    assert not any(_running(pid) for pid in workers)
    assert (await parse_off_loop(SMALL, source="s")).ok  # a new pool starts on demand


async def test_parsing_a_document_that_needs_too_much_memory_is_a_problem() -> None:
    """A worker caps its address space: a document that balloons costs it a MemoryError."""
    pool = ParserPool(1, memory_headroom=20 * 1024 * 1024)
    body = "Words said here. " * 250_000  # 4 MB of text in one entry
    huge = f'<rss version="2.0"><channel><item><description>{body}</description></item>'
    try:
        result = await pool.parse(f"{huge}</channel></rss>".encode(), source="s", timeout=60)
        assert result.problems == ("s: parsing needed more memory than a feed parser may use",)
        assert (await pool.parse(SMALL, source="s")).ok  # and the worker carries on
    finally:
        pool.close()


@pytest.mark.parametrize(
    "answer",
    [
        pickle.dumps(os.system),  # what a subverted worker would send to run a command
        pickle.dumps({"articles": []}),
        pickle.dumps(PollResult())[:-5],
        b"",
    ],
    ids=["foreign-callable", "not-a-result", "truncated", "empty"],
)
def test_parsing_an_answer_that_is_not_a_result_is_refused(answer: bytes) -> None:
    with pytest.raises(Exception, match="the parser process answered"):
        load_result(answer)


def test_parsing_load_result_rebuilds_a_result() -> None:
    result = parse_feed_bytes(
        SMALL, source="s", feed_id="f", fetched_at=datetime(2017, 10, 1, tzinfo=UTC)
    )
    assert load_result(pickle.dumps(result)) == result


def test_parsing_works_from_a_plain_script_run_with_python_c() -> None:
    """No ``if __name__ == "__main__"`` guard needed (multiprocessing's spawn would run
    this script again in every worker), and the script's own directory ("" on sys.path)
    is the one the workers import from."""
    script = (
        "import asyncio\n"
        "from watchers.parsing import parse_off_loop\n"
        "feed = b'<rss version=\"2.0\"><channel><item><title>x</title></item></channel></rss>'\n"
        "result = asyncio.run(parse_off_loop(feed, source='s'))\n"
        "print(len(result.articles), result.problems)\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert (ran.returncode, ran.stdout.strip(), ran.stderr) == (0, "1 ()", "")
