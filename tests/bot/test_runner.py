"""``run`` reloads an edited configuration; a bad edit keeps the old rules running."""

from __future__ import annotations

import asyncio
import email.utils
import gc
import io
import logging
import random
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.adapters.console import ConsoleAdapter
from bot.feeds import WatchedFeed, add_feed, remove_feed, watched_feeds
from bot.pipeline import Pipeline
from bot.runner import ConfigReloader, FeedWatch, poller_for, run_forever, run_scheduled
from bot.store import SqlStore
from rules.loader import load_config
from rules.model import FeedConfig
from watchers.article import Article
from watchers.schedule import DISABLE_AFTER, MAX_BACKOFF, FeedState, enabled_again

NOW = datetime(2025, 5, 2, 9, 0, tzinfo=UTC)
OFFICIALS = """\
officials:
  - id: brook
    name: Ada Brook
    pronoun: she
  - id: quarry
    name: Ben Quarry
    pronoun: he
"""
TOPICS = """\
topics:
  - id: ferry-levy
    match: [ferry levy]
    positions:
      - id: keep
        cues: [keep the levy]
      - id: scrap
        cues: [scrap the levy]
    opposed: [[keep, scrap]]
"""
SHIFTS = "rules:\n  - id: shifts\n    type: shift\n    scope: official\n"
FIRSTS = "rules:\n  - id: firsts\n    type: first_position\n    severity: high\n"
TYPO = "rules:\n  - id: firsts\n    type: first_postion\n"


def article(n: int, who: str, position: str) -> Article:
    text = f'"We will {position} the ferry levy for another year," {who} said on Thursday.\n'
    return Article(id=f"levy-{n}", source="Harbour Gazette", text=text, published=date(2025, 5, n))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    config = tmp_path / "config"
    config.mkdir()
    files = {
        "officials.yaml": OFFICIALS,
        "topics.yaml": TOPICS,
        "rules.yaml": SHIFTS,
        "settings.yaml": f"store_url: sqlite:///{tmp_path / 'run.db'}\nadmin_channel: '#ops'\n",
    }
    for name, text in files.items():
        (config / name).write_text(text, encoding="utf-8")
    return config


@pytest.fixture
def console() -> ConsoleAdapter:
    return ConsoleAdapter(stream=io.StringIO())


@pytest.fixture
def pipeline(folder: Path, console: ConsoleAdapter, tmp_path: Path) -> Iterator[Pipeline]:
    config = load_config(folder)
    with SqlStore(config.settings.store_url) as store:
        yield Pipeline(config, store, {"console": console}, clock=lambda: NOW)


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def test_runner_reload_keeps_old_rules_on_a_bad_edit_and_takes_a_good_one(
    folder: Path,
    pipeline: Pipeline,
    console: ConsoleAdapter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    reloader = ConfigReloader(pipeline)
    running = pipeline.config
    assert pipeline.extractor is not None
    nlp = pipeline.extractor.nlp
    assert await reloader.tick() is False  # nothing edited

    (folder / "rules.yaml").write_text(TYPO, encoding="utf-8")
    with caplog.at_level(logging.INFO):
        assert await reloader.tick() is False
        assert await reloader.tick() is False  # the same bad version is reported once
    [logged] = errors(caplog)
    problem = f"{folder}/rules.yaml:3: rules[0].type: unknown rule type 'first_postion'"
    assert problem in logged
    assert pipeline.config is running
    [posted] = console.posted
    assert posted.channel == "#ops"
    assert problem in posted.card.text

    # Still the old rules: a first position fires nothing.
    first = pipeline.ingest(article(1, "Ada Brook", "keep"))
    assert first.attributed and first.events == ()

    (folder / "rules.yaml").write_text(FIRSTS, encoding="utf-8")
    assert await reloader.tick() is True
    assert [r.id for r in pipeline.config.rules] == ["firsts"]
    assert pipeline.extractor is not None and pipeline.extractor.nlp is nlp  # spaCy kept

    # Later articles are judged by the new rules (Brook has taken a position already).
    second = pipeline.ingest(article(2, "Ben Quarry", "scrap"))
    [event] = second.events
    assert (event.alert.type, event.alert.officials, event.alert.severity) == (
        "first_position",
        ("quarry",),
        "high",
    )
    assert len(errors(caplog)) == 1


async def test_runner_reload_reports_each_bad_version_and_takes_topic_edits(
    folder: Path,
    pipeline: Pipeline,
    console: ConsoleAdapter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    reloader = ConfigReloader(pipeline)
    with caplog.at_level(logging.ERROR):
        (folder / "rules.yaml").write_text(TYPO, encoding="utf-8")
        await reloader.tick()
        (folder / "rules.yaml").write_text(TYPO.replace("firsts", "Firsts"), encoding="utf-8")
        await reloader.tick()
    assert len(errors(caplog)) == 2
    assert len(console.posted) == 2

    (folder / "rules.yaml").write_text(SHIFTS, encoding="utf-8")
    fixed = TOPICS.replace("[ferry levy]", "[ferry levy, fare]")
    (folder / "topics.yaml").write_text(fixed, encoding="utf-8")
    assert await reloader.tick() is True
    assert pipeline.config.topics[0].match == ["ferry levy", "fare"]
    assert pipeline.extractor is not None
    assert pipeline.extractor.stance.topics == list(pipeline.config.topics)


async def test_runner_reload_tells_the_admin_channel_when_a_fixed_edit_loads(
    folder: Path, pipeline: Pipeline, console: ConsoleAdapter
) -> None:
    reloader = ConfigReloader(pipeline)
    (folder / "topics.yaml").write_text(TOPICS + "    nmae: typo\n", encoding="utf-8")
    assert await reloader.tick() is False
    fixed = TOPICS.replace("[ferry levy]", "[ferry levy, fare]")
    (folder / "topics.yaml").write_text(fixed, encoding="utf-8")
    assert await reloader.tick() is True
    assert [(p.channel, p.card.kind, p.card.title) for p in console.posted] == [
        ("#ops", "error", "Configuration not reloaded"),
        ("#ops", "notice", "Configuration reloaded"),
    ]
    assert "1 topics, 1 rules" in console.posted[1].card.text
    # A good edit after a good one is only logged, as before.
    (folder / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    assert await reloader.tick() is True
    assert len(console.posted) == 2


async def test_runner_reload_without_admin_channel_only_logs(
    folder: Path, pipeline: Pipeline, console: ConsoleAdapter, caplog: pytest.LogCaptureFixture
) -> None:
    reloader = ConfigReloader(pipeline)
    settings = folder / "settings.yaml"
    settings.write_text(settings.read_text().replace("admin_channel: '#ops'\n", ""))
    assert await reloader.tick() is True
    assert pipeline.config.settings.admin_channel is None
    (folder / "topics.yaml").write_text(TOPICS + "    nmae: typo\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        assert await reloader.tick() is False
    [logged] = errors(caplog)
    assert f"{folder}/topics.yaml:10: topics[0].nmae: unknown key 'nmae'" in logged
    assert console.posted == []


# --- polling ------------------------------------------------------------------------------

INTERVAL = timedelta(seconds=60)


class Clock:
    """The pipeline's clock, moved by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Item:
    guid: str
    who: str
    position: str
    day: int


class FeedHost:
    """A feed on the loopback server: versioned, with validators, or failing on demand."""

    def __init__(self, http_server: Any, *items: Item) -> None:
        self.reply = http_server.Reply
        self.items = list(items)
        self.version = 1
        self.status = 200
        self.headers: dict[str, str] = {}

    def publish(self, item: Item) -> None:
        self.items.append(item)
        self.version += 1

    @property
    def etag(self) -> str:
        return f'"v{self.version}"'

    def __call__(self, request: Any) -> Any:
        if self.status != 200:
            return self.reply("unavailable", self.status, self.headers)
        if request.headers.get("if-none-match") == self.etag:
            return self.reply(status=304, headers={"ETag": self.etag})
        entries = "".join(
            f"<item><guid>{item.guid}</guid><title>{item.who} on the levy</title>"
            f"<pubDate>{item.day:02d} May 2025 09:00:00 GMT</pubDate>"
            f"<description>&quot;We will {item.position} the ferry levy for another "
            f"year,&quot; {item.who} said on Thursday.</description></item>"
            for item in self.items
        )
        body = f'<?xml version="1.0"?><rss version="2.0"><channel>{entries}</channel></rss>'
        return self.reply(
            body,
            headers={
                "Content-Type": "application/rss+xml",
                "ETag": self.etag,
                "Last-Modified": f"Fri, {self.version:02d} May 2025 08:00:00 GMT",
            },
        )


KEEP = Item("levy-1", "Ada Brook", "keep", 1)
SCRAP = Item("levy-2", "Ada Brook", "scrap", 2)
KEEP_AGAIN = Item("levy-3", "Ada Brook", "keep", 3)


@dataclass
class Run:
    """One `run` process: its store, pipeline and watch (a restart makes a new Run)."""

    store: SqlStore
    pipeline: Pipeline
    watch: FeedWatch

    def state(self, feed_id: str) -> FeedState:
        return self.store.feed_states()[feed_id]

    def watch_feeds(self) -> list[WatchedFeed]:
        return watched_feeds(self.pipeline.config, self.store)

    async def tick(self) -> list[str]:
        """One tick, waiting for the polls it started; the ids of the feeds polled."""
        started = await self.watch.tick()
        async with asyncio.timeout(10):  # hang guard
            await asyncio.gather(*started)
        return sorted(task.get_name().removeprefix("poll ") for task in started)


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
async def start(
    folder: Path, console: ConsoleAdapter, clock: Clock
) -> AsyncIterator[Callable[..., Run]]:
    """Start a `run` over feeds.yaml ``feeds``; calling it again is a restart."""
    runs: list[Run] = []

    def start_run(*feeds: dict[str, Any], **settings: Any) -> Run:
        (folder / "feeds.yaml").write_text(yaml.safe_dump({"feeds": list(feeds)}))
        written = yaml.safe_load((folder / "settings.yaml").read_text())
        written.update({"allow_hosts": ["127.0.0.1"], "fetch_timeout_seconds": 5, **settings})
        (folder / "settings.yaml").write_text(yaml.safe_dump(written))
        config = load_config(folder)
        store = SqlStore(config.settings.store_url)
        pipeline = Pipeline(config, store, {"console": console}, clock=clock)
        watch = FeedWatch(pipeline, poller_for(config.settings), rng=random.Random(5))
        runs.append(Run(store, pipeline, watch))
        return runs[-1]

    yield start_run
    for run in runs:
        await run.watch.close()
        run.store.close()


def feed(
    http_server: Any, host: FeedHost, feed_id: str = "harbour", **extra: Any
) -> dict[str, Any]:
    url = http_server.handle(f"/{feed_id}.xml", host)
    return {"id": feed_id, "url": url, "interval_seconds": 60, **extra}


def alerts(console: ConsoleAdapter) -> list[str]:
    return [p.card.title for p in console.posted if p.channel != "#ops"]


def notices(console: ConsoleAdapter) -> list[str]:
    return [p.card.title for p in console.posted if p.channel == "#ops"]


async def test_runner_first_poll_is_spread_then_polls_are_conditional_across_a_restart(
    http_server: Any, start: Callable[..., Run], clock: Clock
) -> None:
    host = FeedHost(http_server, KEEP)
    run = start(feed(http_server, host))
    assert await run.tick() == []  # a new feed is first due somewhere within its interval
    first_due = run.state("harbour").next_poll_at
    assert first_due is not None and NOW <= first_due < NOW + INTERVAL
    clock.now = first_due
    assert await run.tick() == ["harbour"]
    state = run.state("harbour")
    assert (state.etag, state.articles_seen, state.backlog_done) == ('"v1"', 1, True)
    assert len(run.store.statements_by("brook")) == 1
    assert state.next_poll_at is not None

    restarted = start(feed(http_server, host))
    clock.now = state.next_poll_at - timedelta(seconds=1)
    assert await restarted.tick() == []  # the schedule survived the restart
    clock.now = state.next_poll_at
    assert await restarted.tick() == ["harbour"]
    plain, conditional = http_server.requests_to("/harbour.xml")
    assert "if-none-match" not in plain.headers
    assert conditional.headers["if-none-match"] == '"v1"'
    assert conditional.headers["if-modified-since"] == "Fri, 01 May 2025 08:00:00 GMT"
    after_304 = restarted.state("harbour")
    assert (after_304.articles_seen, after_304.last_success_at) == (1, state.next_poll_at)
    assert len(restarted.store.statements_by("brook")) == 1
    assert after_304.next_poll_at is not None and after_304.next_poll_at > clock.now

    host.publish(SCRAP)
    clock.now = after_304.next_poll_at
    assert await restarted.tick() == ["harbour"]
    newest = restarted.state("harbour")
    assert (newest.etag, newest.articles_seen) == ('"v2"', 2)
    assert len(restarted.store.statements_by("brook")) == 2


@pytest.mark.parametrize(
    ("backfill", "first_alerts"),
    [("store", []), ("alert", ["Shift on ferry-levy: Ada Brook, keep → scrap"])],
)
async def test_runner_backfill_stores_the_backlog_and_alerts_only_when_asked(
    http_server: Any,
    start: Callable[..., Run],
    clock: Clock,
    console: ConsoleAdapter,
    backfill: str,
    first_alerts: list[str],
) -> None:
    host = FeedHost(http_server, KEEP, SCRAP)
    run = start(feed(http_server, host, backfill=backfill))
    assert await run.tick() == []
    clock.now = NOW + INTERVAL
    assert await run.tick() == ["harbour"]
    assert len(run.store.statements_by("brook")) == 2  # the backlog is history either way
    assert alerts(console) == first_alerts

    host.publish(KEEP_AGAIN)  # a new article after the backlog: judged and alerted
    clock.now += INTERVAL * 2
    assert await run.tick() == ["harbour"]
    assert alerts(console)[:-1] == first_alerts
    assert alerts(console)[-1].endswith("scrap → keep")


def http_date(moment: datetime) -> str:
    return email.utils.format_datetime(moment, usegmt=True)


@pytest.mark.parametrize(
    ("status", "retry_after"),
    # The date is made when the test runs: one made at collection would be stale by then.
    [(429, lambda: "3600"), (503, lambda: http_date(datetime.now(UTC) + timedelta(hours=1)))],
    ids=["429-seconds", "503-date"],
)
async def test_runner_retry_after_delays_the_next_poll(
    http_server: Any,
    start: Callable[..., Run],
    clock: Clock,
    status: int,
    retry_after: Callable[[], str],
) -> None:
    host = FeedHost(http_server, KEEP)
    host.status, host.headers = status, {"Retry-After": retry_after()}
    run = start(feed(http_server, host))
    await run.tick()
    clock.now = NOW + INTERVAL
    assert await run.tick() == ["harbour"]
    state = run.state("harbour")
    assert state.failures == 1 and f"HTTP {status}" in (state.last_error or "")
    assert state.next_poll_at is not None
    # Not the minute (plus jitter) a first failure would wait, but the hour asked for.
    assert state.next_poll_at - clock.now >= timedelta(minutes=58)
    clock.now += timedelta(minutes=30)
    assert await run.tick() == []
    host.status = 200
    clock.now = state.next_poll_at
    assert await run.tick() == ["harbour"]
    assert run.state("harbour").failures == 0
    assert len(http_server.requests_to("/harbour.xml")) == 2


async def test_runner_backs_off_on_failures_and_disables_a_feed_after_a_day(
    http_server: Any,
    start: Callable[..., Run],
    clock: Clock,
    console: ConsoleAdapter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    host = FeedHost(http_server, KEEP)
    host.status = 500
    run = start(feed(http_server, host))
    await run.tick()
    clock.now = NOW + INTERVAL
    waits: list[timedelta] = []
    with caplog.at_level(logging.INFO, logger="bot.runner"):
        while not run.state("harbour").disabled:
            assert await run.tick() == ["harbour"]
            state = run.state("harbour")
            assert state.next_poll_at is not None
            waits.append(state.next_poll_at - clock.now)
            clock.now = state.next_poll_at
            assert len(waits) < 100  # hang guard
    state = run.state("harbour")
    assert state.failing_since == NOW + INTERVAL
    assert (
        DISABLE_AFTER <= clock.now - waits[-1] - state.failing_since < DISABLE_AFTER + MAX_BACKOFF
    )
    # Doubling from the interval (jitter within 10%), capped at MAX_BACKOFF.
    for failures, wait in enumerate(waits, start=1):
        expected = min(INTERVAL * 2 ** (failures - 1), MAX_BACKOFF)
        assert expected * 0.9 <= wait <= expected * 1.1, failures
    assert len(waits) == len(http_server.requests_to("/harbour.xml"))

    # Disabled: never polled again, reported once in the log and once in #ops.
    for _ in range(3):
        clock.now += timedelta(days=1)
        assert await run.tick() == []
    assert len(http_server.requests_to("/harbour.xml")) == len(waits)
    assert notices(console) == ["Feed harbour disabled"]
    [notice] = [p.card for p in console.posted if p.channel == "#ops"]
    assert "HTTP 500" in notice.text and "stancewatch feeds enable harbour" in notice.text
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert [m for m in messages if "is failing" in m] == [
        f"feed harbour is failing: {http_server.url('/harbour.xml')}: HTTP 500 "
        "Internal Server Error"
    ]
    assert len([m for m in messages if "is disabled" in m]) == 1

    # Enabled again (what `feeds enable` does): polled at once, and it has recovered.
    host.status = 200
    run.store.save_feed_state(enabled_again(state, clock.now))
    assert await run.tick() == ["harbour"]
    assert not run.state("harbour").failing and not run.state("harbour").disabled


async def test_runner_logs_a_feed_going_down_and_recovering_once_across_a_restart(
    http_server: Any,
    start: Callable[..., Run],
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    host = FeedHost(http_server, KEEP)
    run = start(feed(http_server, host))
    await run.tick()

    async def poll(run: Run) -> None:
        state = run.state("harbour")
        assert state.next_poll_at is not None
        clock.now = max(clock.now, state.next_poll_at)
        assert await run.tick() == ["harbour"]

    def logged(text: str) -> list[logging.LogRecord]:
        return [r for r in caplog.records if text in r.getMessage()]

    with caplog.at_level(logging.INFO, logger="bot.runner"):
        await poll(run)  # fine
        host.status = 500
        for _ in range(3):
            await poll(run)
        run = start(feed(http_server, host))  # a restart while the feed is down
        await poll(run)
        assert run.state("harbour").failures == 4
        assert len(logged("is failing")) == 1
        assert logged("is failing")[0].levelno == logging.WARNING
        host.status = 200
        await poll(run)
        await poll(run)
    [recovered] = logged("has recovered")
    assert recovered.getMessage() == "feed harbour has recovered after 4 failed polls"
    assert len(logged("is failing")) == 1


async def test_runner_a_slow_feed_does_not_hold_back_the_others(
    http_server: Any, start: Callable[..., Run], clock: Clock
) -> None:
    gate = threading.Event()
    slow_host, fast_host = FeedHost(http_server, KEEP), FeedHost(http_server, SCRAP)

    def slow(request: Any) -> Any:
        gate.wait(10)  # hang guard: the test opens the gate
        return slow_host(request)

    slow_feed = {"id": "slow", "url": http_server.handle("/slow.xml", slow), "interval_seconds": 60}
    run = start(slow_feed, feed(http_server, fast_host, "fast"))
    await run.tick()
    clock.now = NOW + INTERVAL
    started = {task.get_name(): task for task in await run.watch.tick()}
    try:
        async with asyncio.timeout(10):
            await started["poll fast"]
        assert not started["poll slow"].done()
        assert run.watch.polling == {"slow"}
        assert run.state("fast").articles_seen == 1
        assert run.state("slow").last_polled_at is None
        # A tick meanwhile leaves the slow feed's poll alone rather than starting another.
        clock.now += INTERVAL * 2
        assert [task.get_name() for task in await run.watch.tick()] == ["poll fast"]
    finally:
        gate.set()
    async with asyncio.timeout(10):
        await run.watch.wait()
    assert run.state("slow").articles_seen == 1
    assert len(http_server.requests_to("/slow.xml")) == 1


async def test_runner_an_article_not_stored_is_fetched_again(
    http_server: Any, start: Callable[..., Run], clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Seen" advances only after storing: a failure keeps the old validators."""
    host = FeedHost(http_server, KEEP, SCRAP)
    run = start(feed(http_server, host))
    ingest = run.pipeline.ingest
    broken = True

    def ingest_or_fail(article: Article, *, alert: bool = True) -> Any:
        if broken and "scrap" in article.text:
            raise RuntimeError("disk full")
        return ingest(article, alert=alert)

    monkeypatch.setattr(run.pipeline, "ingest", ingest_or_fail)
    await run.tick()
    clock.now = NOW + INTERVAL
    assert await run.tick() == ["harbour"]
    state = run.state("harbour")
    assert (state.failures, state.etag, state.backlog_done) == (1, None, False)
    assert "could not store article" in (state.last_error or "")
    assert "disk full" in (state.last_error or "")
    assert len(run.store.statements_by("brook")) == 1

    broken = False
    assert state.next_poll_at is not None
    clock.now = state.next_poll_at
    assert await run.tick() == ["harbour"]
    assert "if-none-match" not in http_server.requests_to("/harbour.xml")[1].headers
    state = run.state("harbour")
    assert (state.failures, state.etag, state.articles_seen) == (0, '"v1"', 1)
    assert len(run.store.statements_by("brook")) == 2


async def test_runner_an_unexpected_error_in_a_poll_becomes_the_feed_state(
    http_server: Any,
    start: Callable[..., Run],
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    run = start(feed(http_server, FeedHost(http_server, KEEP)))

    async def explode(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("bug")

    monkeypatch.setattr(run.watch.poller, "poll", explode)
    await run.tick()
    clock.now = NOW + INTERVAL
    with caplog.at_level(logging.ERROR):
        assert await run.tick() == ["harbour"]  # the task ended normally
    state = run.state("harbour")
    assert state.failures == 1 and "RuntimeError('bug')" in (state.last_error or "")
    assert state.next_poll_at is not None and state.next_poll_at > clock.now
    assert await run.tick() == []  # not retried at every tick
    assert [r.exc_info is not None for r in caplog.records] == [True]


async def test_runner_scheduler_ticks_and_never_polls_a_feed_before_it_is_due(
    http_server: Any, start: Callable[..., Run], clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    host = FeedHost(http_server, KEEP)
    run = start(feed(http_server, host))
    ticks = 0
    tick = run.watch.tick

    async def counted() -> list[asyncio.Task[None]]:
        nonlocal ticks
        ticks += 1
        if ticks == 2:
            clock.now = NOW + INTERVAL  # the feed's first poll is due from the second tick
        return await tick()

    monkeypatch.setattr(run.watch, "tick", counted)
    stop = asyncio.Event()
    scheduled = asyncio.create_task(run_scheduled(run.watch, stop, tick_seconds=0.02))
    try:
        async with asyncio.timeout(10):  # hang guard
            while "harbour" not in run.store.feed_states() or (
                run.state("harbour").last_polled_at is None
            ):
                await asyncio.sleep(0.01)
            polled_at = ticks
            while ticks < polled_at + 5:
                await asyncio.sleep(0.01)
    finally:
        stop.set()
        await scheduled
    assert len(http_server.requests_to("/harbour.xml")) == 1  # next due a minute later
    assert run.state("harbour").articles_seen == 1


async def test_runner_run_once_polls_every_feed_and_a_second_run_resumes(
    http_server: Any, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    host = FeedHost(http_server, KEEP, SCRAP)
    down = FeedHost(http_server)
    down.status = 502
    feeds = [feed(http_server, host), feed(http_server, down, "down")]
    (folder / "feeds.yaml").write_text(yaml.safe_dump({"feeds": feeds}))
    with (folder / "settings.yaml").open("a") as settings:
        settings.write("allow_hosts: [127.0.0.1]\n")
    config = load_config(folder)

    await run_forever(config, once=True)
    assert "Shift" not in capsys.readouterr().out  # the first poll stores the backlog
    host.publish(KEEP_AGAIN)
    await run_forever(config, once=True)
    assert "Shift on ferry-levy: Ada Brook, scrap → keep" in capsys.readouterr().out

    assert http_server.requests_to("/harbour.xml")[1].headers["if-none-match"] == '"v1"'
    with SqlStore(config.settings.store_url) as store:
        states = store.feed_states()
    assert (states["harbour"].articles_seen, states["harbour"].etag) == (3, '"v2"')
    assert states["down"].failures == 2 and len(http_server.requests_to("/down.xml")) == 2


async def test_runner_close_drops_fetches_in_flight_and_keeps_their_state(
    http_server: Any, start: Callable[..., Run], clock: Clock
) -> None:
    gate = threading.Event()
    host = FeedHost(http_server, KEEP)

    def stuck(request: Any) -> Any:
        gate.wait(10)  # hang guard
        return host(request)

    run = start({"id": "stuck", "url": http_server.handle("/stuck.xml", stuck)})
    await run.tick()
    clock.now = NOW + timedelta(days=1)
    [poll] = await run.watch.tick()
    try:
        async with asyncio.timeout(5):
            while not http_server.requests_to("/stuck.xml"):
                await asyncio.sleep(0.01)
            await run.watch.close()
    finally:
        gate.set()
    assert poll.cancelled()
    assert run.state("stuck").last_polled_at is None  # due again at the next start
    assert await run.watch.tick() == []


async def test_runner_a_shorter_interval_in_the_configuration_applies_at_once(
    http_server: Any, start: Callable[..., Run], clock: Clock
) -> None:
    host = FeedHost(http_server, KEEP)
    run = start(feed(http_server, host, interval_seconds=86400))
    await run.tick()
    clock.now = NOW + timedelta(days=1)
    assert await run.tick() == ["harbour"]
    polled_at = clock.now

    run = start(feed(http_server, host, interval_seconds=60))  # edited, then restarted
    clock.now = polled_at + INTERVAL * 0.5
    assert await run.tick() == []
    clock.now = polled_at + INTERVAL * 1.1
    assert await run.tick() == ["harbour"]
    state = run.state("harbour")
    assert state.next_poll_at is not None
    assert state.next_poll_at - clock.now <= INTERVAL * 1.1


PAGE = """<!doctype html><html><head><title>Brook on the levy</title>
<meta property="article:published_time" content="2025-04-30T18:00:00+00:00"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all?</div>
<article><h1>Brook on the levy</h1>
<p>The harbour board met on Thursday to decide the future of the crossing charge, which
pays for the new pontoons and the night service to the islands.</p>
<p>"We will keep the ferry levy for another year," Ada Brook said on Thursday, after a
two-hour session in which islanders asked for the charge to be cut for residents.</p>
<p>The board will publish its accounts for the crossing in the spring, when the first
full year of the night service can be judged against what it cost to run.</p>
</article>
<aside class="related"><h2>Related</h2><a href="/x">Ferry timetable changes</a></aside>
<footer>Share this article · Copyright Harbour Gazette</footer></body></html>"""


async def test_runner_fetches_the_page_of_a_summary_only_entry_once(
    http_server: Any, start: Callable[..., Run], clock: Clock
) -> None:
    page_url = http_server.serve("/news/levy.html", PAGE, content_type="text/html")

    def summary_feed(request: Any) -> Any:
        item = (
            f"<item><guid>levy-page</guid><title>Brook on the levy</title><link>{page_url}</link>"
            "<description>The harbour board met on Thursday. Read more</description></item>"
        )
        body = f'<?xml version="1.0"?><rss version="2.0"><channel>{item}</channel></rss>'
        return http_server.Reply(body, headers={"Content-Type": "application/rss+xml"})

    url = http_server.handle("/summaries.xml", summary_feed)
    run = start({"id": "gazette", "url": url, "interval_seconds": 60}, page_delay_seconds=0)
    await run.tick()
    for _ in range(2):  # the second poll finds the article stored: its page is not fetched
        clock.now += timedelta(days=1)
        assert await run.tick() == ["gazette"]
    [statement] = run.store.statements_by("brook")
    assert statement.text.startswith("We will keep the ferry levy")
    stored = run.store.get_article(statement.article_id)
    assert stored is not None and "cookies" not in stored.text and "Related" not in stored.text
    # The feed gave no date (the fetch day stood in for one): the page's own date wins.
    assert (stored.published, stored.date_source) == (date(2025, 4, 30), "page")
    assert len(http_server.requests_to("/news/levy.html")) == 1


async def test_runner_ingests_an_article_file_saved_into_a_watched_folder(
    start: Callable[..., Run], tmp_path: Path
) -> None:
    desk = tmp_path / "desk"
    desk.mkdir()
    run = start({"id": "desk", "path": str(desk), "interval_seconds": 3600})
    [watched] = run.watch_feeds()
    stop, ready = asyncio.Event(), asyncio.Event()
    watching = asyncio.create_task(run.watch.watch_folder(watched, stop, ready=ready))
    try:
        async with asyncio.timeout(15):  # hang guard
            await ready.wait()
            (desk / "levy.txt").write_text(
                '"We will scrap the ferry levy for another year," Ada Brook said on Thursday.\n',
                encoding="utf-8",
            )
            while not run.store.statements_by("brook"):
                await asyncio.sleep(0.05)
    finally:
        stop.set()
        await watching
    [statement] = run.store.statements_by("brook")
    assert statement.stances[0].position == "scrap"
    assert "desk" not in run.store.feed_states()  # the watch, not a poll, brought it


async def _until(condition: Callable[[], object]) -> None:
    """Poll ``condition()`` until it holds; the timeout is a hang guard, not a measurement."""
    async with asyncio.timeout(15):
        while not condition():
            await asyncio.sleep(0.02)


async def test_runner_a_folder_feed_added_while_running_is_watched_live(
    start: Callable[..., Run], tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    run = start()  # no feeds when the run starts
    stop = asyncio.Event()
    scheduled = asyncio.create_task(run_scheduled(run.watch, stop, tick_seconds=0.05))
    try:
        add_feed(run.store, FeedConfig(id="inbox", path=str(inbox), interval_seconds=3600), NOW)
        await _until(lambda: "inbox" in run.watch.folders_watched)
        written = 0

        def arrived() -> bool:
            # The watch may start just after a file is saved (a file there at its start
            # counts as read), so each try saves a new one.
            nonlocal written
            written += 1
            (inbox / f"note-{written}.txt").write_text(
                f'"We will keep the ferry levy for another year," Ada Brook said in note '
                f"{written}.\n",
                encoding="utf-8",
            )
            return bool(run.store.statements_by("brook"))

        await _until(arrived)
        # The clock stands still, so the feed's first poll never came: the watch brought it.
        assert run.state("inbox").last_polled_at is None
        assert remove_feed(run.pipeline.config, run.store, "inbox", NOW)
        await _until(lambda: "inbox" not in run.watch.folders_watched)
    finally:
        stop.set()
        await scheduled
    assert run.watch.folders_watched == frozenset()


async def test_runner_tick_reads_the_schedule_off_the_event_loop(
    http_server: Any, start: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    run = start(feed(http_server, FeedHost(http_server, KEEP)))
    readers: list[int] = []
    feed_states = run.store.feed_states
    saved_feeds = run.store.saved_feeds

    def noting_states() -> dict[str, FeedState]:
        readers.append(threading.get_ident())
        return feed_states()

    def noting_saved() -> list[Any]:
        readers.append(threading.get_ident())
        return saved_feeds()

    monkeypatch.setattr(run.store, "feed_states", noting_states)
    monkeypatch.setattr(run.store, "saved_feeds", noting_saved)
    await run.tick()
    loop_thread = threading.get_ident()
    assert len(readers) >= 2 and loop_thread not in readers


async def test_runner_run_keeps_what_it_loaded_out_of_full_collections(
    start: Callable[..., Run],
) -> None:
    # A full collection stops every thread; walking the objects loaded at start-up made
    # the one a tick's store read sets off stall the event loop for about 100 ms.
    run = start()
    stop = asyncio.Event()
    assert gc.get_freeze_count() == 0
    scheduled = asyncio.create_task(run_scheduled(run.watch, stop, tick_seconds=0.05))
    try:
        await _until(lambda: gc.get_freeze_count() > 0)
    finally:
        stop.set()
        await scheduled
    assert gc.get_freeze_count() == 0  # given back when the run ends


async def test_runner_a_folder_that_cannot_be_looked_at_does_not_stop_the_polls(
    http_server: Any,
    start: Callable[..., Run],
    clock: Clock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    (tmp_path / "desk").mkdir()
    desk = {"id": "desk", "path": str(tmp_path / "desk"), "interval_seconds": 3600}
    run = start(feed(http_server, FeedHost(http_server, KEEP)), desk)
    await run.watch.follow_folders()
    assert run.watch.folders_watched == {"desk"}
    assert await run.tick() == []  # the first tick puts each feed's first poll in its interval

    def refused(path: Path) -> bool:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "is_dir", refused)
    clock.now = NOW + INTERVAL  # the web feed is due; the folder is not
    assert await run.tick() == ["harbour"]
    assert run.state("harbour").articles_seen == 1
    assert "could not update the folder watches" in caplog.text
    monkeypatch.undo()
    await run.watch.stop_folders()
