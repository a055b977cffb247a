"""``stancewatch run``: poll the configured feeds on a schedule and post alerts.

Nothing a feed does may stop the bot: every poll's problems are logged (once when a
feed goes down, once when it comes back) and the next poll goes ahead. Nor may an
edit of the configuration: each poll first looks for changed YAML files and reloads
them; an edit that does not load leaves the running rules in place and is reported
once (log, and the settings' admin_channel).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import signal
from collections.abc import Mapping
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.adapters.base import ChatAdapter
from bot.adapters.console import ConsoleAdapter
from bot.alerts import AlertBook
from bot.cards import notice_card
from bot.outbox import AdapterRouter, Router
from bot.pipeline import Pipeline
from bot.store import open_store
from rules.config import Config
from rules.extract import Extractor
from rules.linking import OfficialIndex
from rules.loader import config_files, load_config
from watchers import read_source
from watchers.errors import AdapterError, ConfigError

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


Fingerprint = tuple[tuple[str, str], ...]  # (path, sha256 of its bytes) per file
MAX_PROBLEMS_POSTED = 10  # a chat message lists this many; the log has them all
# Settings read once when `run` starts; a change to them needs a restart.
STARTUP_SETTINGS = ("store_url", "adapters", "poll_interval_seconds")


def fingerprint(directory: Path) -> Fingerprint:
    """What the configuration files hold now: a changed, added or removed file changes it."""
    prints = []
    for path in config_files(directory):
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as error:  # removed or unreadable between listing and reading
            digest = f"unreadable: {error.strerror}"
        prints.append((str(path), digest))
    return tuple(prints)


class ConfigReloader:
    """Keeps a pipeline on the newest configuration that loads.

    ``tick`` compares the files' contents with the last version seen (hashes, so an
    edit within the same second still counts, and saving a file unchanged does not).
    A version that loads replaces the pipeline's configuration; one that does not is
    reported once, and the last good configuration keeps running.
    """

    def __init__(self, pipeline: Pipeline, router: Router | None = None) -> None:
        self.pipeline = pipeline
        self.directory = pipeline.config.base_dir
        adapters = pipeline.adapters
        self.router = router or (
            AdapterRouter(adapters) if isinstance(adapters, Mapping) else adapters
        )
        self._seen = fingerprint(self.directory)

    async def tick(self) -> bool:
        """Reload when the files changed; True when a new configuration took over."""
        now = fingerprint(self.directory)
        if now == self._seen:
            return False
        self._seen = now
        try:
            config = await asyncio.to_thread(load_config, self.directory)
        except ConfigError as error:
            await self._report(error.problems)
            return False
        await asyncio.to_thread(apply_config, self.pipeline, config)
        return True

    async def _report(self, problems: list[str]) -> None:
        log.error(
            "the edited configuration in %s does not load; the previous rules keep running:\n%s",
            self.directory,
            "\n".join(problems),
        )
        channel = self.pipeline.config.settings.admin_channel
        if channel is None:
            return
        target = self.router.route(channel)
        if target is None:
            log.warning("admin_channel %r: no adapter posts there", channel)
            return
        adapter, name = target
        shown = problems[:MAX_PROBLEMS_POSTED]
        if len(problems) > len(shown):
            shown.append(f"... and {len(problems) - len(shown)} more (see the log)")
        card = notice_card(
            "Configuration not reloaded",
            f"The edit in {self.directory} does not load, so the previous rules keep "
            "running. Fix it and save again:\n" + "\n".join(shown),
            error=True,
        )
        try:
            await adapter.post(name, card)
        except AdapterError as error:
            log.warning("could not post to admin_channel %r: %s", channel, error)


def apply_config(pipeline: Pipeline, config: Config) -> None:
    """Make ``pipeline`` judge later articles by ``config``.

    The spaCy pipeline is kept when the officials' names are the same (its entity
    ruler is built from them), so a rule or topic edit does not reload the model.
    """
    old = pipeline.config
    for key in STARTUP_SETTINGS:
        if getattr(old.settings, key) != getattr(config.settings, key):
            log.warning("settings.yaml: a change to %s takes effect when run restarts", key)
    extractor = pipeline.extractor
    names = sorted(OfficialIndex(config.officials).person_names())
    if extractor is not None and sorted(extractor.officials.person_names()) == names:
        pipeline.extractor = Extractor(config, nlp=extractor.nlp)
    else:
        pipeline.extractor = Extractor(config)
    pipeline.book = AlertBook(pipeline.store, config.settings.default_channels)
    pipeline.config = config
    log.info(
        "reloaded the configuration in %s: %d officials, %d topics, %d rules",
        config.base_dir,
        len(config.officials),
        len(config.topics),
        len(config.rules),
    )


async def poll_once(
    pipeline: Pipeline, health: FeedHealth, reloader: ConfigReloader | None = None
) -> int:
    """Polls every enabled feed once; returns how many new articles were ingested."""
    if reloader is not None:
        try:
            await reloader.tick()
        except Exception:  # a bug in reloading must not end the bot either
            log.exception("reloading the configuration failed; the previous one keeps running")
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
        reloader = ConfigReloader(pipeline, AdapterRouter(adapters))
        for adapter in adapters.values():
            await adapter.start()
        try:
            if once:
                await poll_once(pipeline, health)
                return
            await _schedule(pipeline, health, reloader, config.settings.poll_interval_seconds)
        finally:
            for adapter in adapters.values():
                await adapter.close()


async def _schedule(
    pipeline: Pipeline, health: FeedHealth, reloader: ConfigReloader, interval: int
) -> None:
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
        args=(pipeline, health, reloader),
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
