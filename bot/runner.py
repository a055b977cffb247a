"""``stancewatch run``: poll the configured feeds on a schedule and post alerts.

Nothing a feed does may stop the bot: every poll's problems are logged (once when a
feed goes down, once when it comes back) and the next poll goes ahead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.adapters.base import ChatAdapter
from bot.adapters.console import ConsoleAdapter
from bot.pipeline import Pipeline
from bot.store import open_store
from rules.config import Config
from watchers import read_source

log = logging.getLogger(__name__)


class FeedHealth:
    """Remembers which feeds are failing, so each outage is logged once, and its end once."""

    def __init__(self) -> None:
        self._down: dict[str, str] = {}

    def report(self, feed_id: str, problems: tuple[str, ...], got_articles: bool) -> None:
        failing = bool(problems) and not got_articles
        if failing and feed_id not in self._down:
            self._down[feed_id] = problems[0]
            log.warning("feed %s is failing: %s", feed_id, "; ".join(problems))
        elif not failing and feed_id in self._down:
            del self._down[feed_id]
            log.info("feed %s has recovered", feed_id)
        elif problems and not failing:
            log.info("feed %s: %s", feed_id, "; ".join(problems))

    @property
    def down(self) -> dict[str, str]:
        return dict(self._down)


def adapters_for(config: Config) -> dict[str, ChatAdapter]:
    adapters: dict[str, ChatAdapter] = {}
    if config.settings.adapters.console.enabled:
        adapters["console"] = ConsoleAdapter()
    return adapters


async def poll_once(pipeline: Pipeline, health: FeedHealth) -> int:
    """Polls every enabled feed once; returns how many new articles were ingested."""
    config = pipeline.config
    settings = config.settings
    new = 0
    for feed in config.feeds:
        if not feed.enabled:
            continue
        try:
            result = await read_source(
                config.feed_location(feed),
                allow_hosts=settings.allow_hosts,
                max_bytes=settings.max_feed_bytes,
                timeout=settings.fetch_timeout_seconds,
                feed_id=feed.id,
            )
            health.report(feed.id, result.problems, bool(result.articles))
            for article in result.articles:
                ingested = await pipeline.ingest_async(article)
                new += not ingested.duplicate
        except Exception:  # a bug in one feed's handling must not end the bot
            log.exception("feed %s: unexpected error while polling; will retry next time", feed.id)
    try:
        await pipeline.deliver()
    except Exception:
        log.exception("delivering alerts failed; they stay in the outbox")
    return new


async def run_forever(config: Config, *, once: bool = False) -> None:
    adapters = adapters_for(config)
    health = FeedHealth()
    with open_store(config.settings.store_url) as store:
        pipeline = Pipeline(config, store, adapters)
        for adapter in adapters.values():
            await adapter.start()
        try:
            if once:
                await poll_once(pipeline, health)
                return
            await _schedule(pipeline, health, config.settings.poll_interval_seconds)
        finally:
            for adapter in adapters.values():
                await adapter.close()


async def _schedule(pipeline: Pipeline, health: FeedHealth, interval: int) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    scheduler = AsyncIOScheduler()
    scheduler.add_job(
        poll_once,
        "interval",
        seconds=interval,
        args=(pipeline, health),
        max_instances=1,
        coalesce=True,
    )
    log.info("polling %d feed(s) every %d s; Ctrl-C stops", len(pipeline.config.feeds), interval)
    await poll_once(pipeline, health)
    scheduler.start()
    try:
        await stop.wait()
    finally:
        scheduler.shutdown(wait=False)
