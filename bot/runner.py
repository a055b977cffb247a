"""``stancewatch run``: poll the watched feeds when they are due and post alerts.

One thin APScheduler job ticks every few seconds. Each tick reloads an edited
configuration, asks the store which feeds are due (watchers.schedule decides,
from each feed's persisted FeedState) and starts a poll for each, at most one
per feed at a time. Polls fetch concurrently through one Poller (bounded
connections, conditional GET); their articles are ingested one at a time,
because the store and spaCy are synchronous; alerts go out; and only then is
the feed's new state saved, so "seen" never runs ahead of what is stored.

A feed that carries only summaries gets each new article's web page fetched for its
text (watchers.pages, politely, through the same Poller). A feed whose path is a folder
is also watched live (watchers.folders): an article file saved there is ingested within
seconds, not at the next poll. A folder feed added while the bot runs is watched from
the next tick; one removed stops being watched.

Nothing a feed does may stop the bot: a poll's problems become the feed's state.
A feed going down is logged once, and its recovery once (judged from the
persisted state, so a restart does not log them again); a feed disabled after a
day of failures is also reported to settings.admin_channel. Nor may an edit of
the configuration stop it: an edit that does not load leaves the running rules
in place and is reported once (log, and the admin_channel); the admin_channel is told
again when an edit loads after that.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import hashlib
import logging
import random
import signal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.adapters.base import ChatAdapter
from bot.adapters.console import ConsoleAdapter
from bot.alerts import AlertBook
from bot.cards import Card, notice_card
from bot.commands import Commands
from bot.feeds import WatchedFeed, read_configured, watched_feeds
from bot.outbox import AdapterRouter, Router
from bot.pipeline import Pipeline
from bot.store import open_store
from rules.config import Config
from rules.extract import Extractor
from rules.linking import OfficialIndex
from rules.loader import config_files, load_config
from rules.model import Settings
from watchers.errors import AdapterError, ConfigError
from watchers.folders import watch_folder
from watchers.pages import PageFetcher, complete_text, needs_page
from watchers.parsing import shutdown_parsers
from watchers.poll import PollResult
from watchers.poller import Poller
from watchers.schedule import (
    FeedState,
    Outcome,
    after_poll,
    due,
    first_poll_at,
    with_interval,
)

log = logging.getLogger(__name__)

# How often the scheduler asks which feeds are due: the finest grain of polling.
TICK_SECONDS = 5.0


def adapters_for(config: Config) -> dict[str, ChatAdapter]:
    """The enabled adapters by name; a chat's SDK is imported only when it is enabled."""
    adapters: dict[str, ChatAdapter] = {}
    if config.settings.adapters.console.enabled:
        adapters["console"] = ConsoleAdapter()
    if config.settings.adapters.discord.enabled:
        from bot.adapters.discord import adapter_from_environment

        adapters["discord"] = adapter_from_environment(config.settings.adapters.discord)
    if config.settings.adapters.slack.enabled:
        from bot.adapters.slack import SlackAdapter

        adapters["slack"] = SlackAdapter.from_settings(config.settings.adapters.slack)
    return adapters


Fingerprint = tuple[tuple[str, str], ...]  # (path, sha256 of its bytes) per file
MAX_PROBLEMS_POSTED = 10  # a chat message lists this many; the log has them all
# Settings read once when `run` starts; a change to them needs a restart.
STARTUP_SETTINGS = ("store_url", "adapters", "max_connections", "max_connections_per_host")


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
        # Whether the admin channel was last told of an edit that does not load: it is then
        # told when one loads again, or the analyst who fixed it would never hear it took.
        self._reported = False

    async def tick(self) -> bool:
        """Reload when the files changed; True when a new configuration took over."""
        now = fingerprint(self.directory)
        if now == self._seen:
            return False
        self._seen = now
        problems = await self._load()
        if problems:
            await self._report(problems)
            return False
        if self._reported:
            self._reported = False
            await self._report_fixed()
        return True

    async def reload_now(self) -> list[str]:
        """Load the files as they are now (``/rules reload``); the problems if they do not load.

        The caller is told the problems, so they are only logged, not posted to admin_channel.
        """
        self._seen = fingerprint(self.directory)
        problems = await self._load()
        if problems:
            log.error("/rules reload: the configuration does not load:\n%s", "\n".join(problems))
        else:
            self._reported = False  # whoever reloaded is told it loaded
        return problems

    async def _load(self) -> list[str]:
        """Put the files in force if they load; the problems that keep them from loading."""
        try:
            config = await asyncio.to_thread(load_config, self.directory)
        except ConfigError as error:
            # Never an empty list: the callers read "no problems" as "now in force".
            return list(error.problems) or ["the configuration does not load"]
        await asyncio.to_thread(apply_config, self.pipeline, config)
        return []

    async def _report(self, problems: list[str]) -> None:
        log.error(
            "the edited configuration in %s does not load; the previous rules keep running:\n%s",
            self.directory,
            "\n".join(problems),
        )
        shown = problems[:MAX_PROBLEMS_POSTED]
        if len(problems) > len(shown):
            shown.append(f"... and {len(problems) - len(shown)} more (see the log)")
        card = notice_card(
            "Configuration not reloaded",
            f"The edit in {self.directory} does not load, so the previous rules keep "
            "running. Fix it and save again:\n" + "\n".join(shown),
            error=True,
        )
        await post_notice(self.router, self.pipeline.config.settings.admin_channel, card)
        self._reported = True

    async def _report_fixed(self) -> None:
        config = self.pipeline.config
        card = notice_card(
            "Configuration reloaded",
            f"The configuration in {self.directory} loads again and is now in force: "
            f"{len(config.officials)} officials, {len(config.topics)} topics, "
            f"{len(config.rules)} rules.",
        )
        await post_notice(self.router, config.settings.admin_channel, card)


async def post_notice(router: Router, channel: str | None, card: Card) -> None:
    """Post ``card`` to the admin channel, if there is one; a failure is only logged."""
    if channel is None:
        return
    target = router.route(channel)
    if target is None:
        log.warning("admin_channel %r: no adapter posts there", channel)
        return
    adapter, name = target
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
    pipeline.book = AlertBook(pipeline.store, config.settings.default_channels, config=config)
    pipeline.config = config
    log.info(
        "reloaded the configuration in %s: %d officials, %d topics, %d rules",
        config.base_dir,
        len(config.officials),
        len(config.topics),
        len(config.rules),
    )


def poller_for(settings: Settings) -> Poller:
    """The run's one Poller, with the connection limits and fetch rules of ``settings``."""
    poller = Poller(
        max_connections=settings.max_connections,
        max_connections_per_host=settings.max_connections_per_host,
    )
    _apply_fetch_settings(poller, settings)
    return poller


def _apply_fetch_settings(poller: Poller, settings: Settings) -> None:
    poller.allow_hosts = tuple(settings.allow_hosts)
    poller.max_bytes = settings.max_feed_bytes
    poller.timeout = settings.fetch_timeout_seconds
    poller.parse_timeout = settings.parse_timeout_seconds


@dataclass
class _FolderWatch:
    """The live watch of one folder feed's folder."""

    location: str
    stop: asyncio.Event
    task: asyncio.Task[None]


@dataclass(frozen=True)
class _Schedule:
    """What a tick reads from the store: the watched feeds, and the states of those
    not being polled."""

    feeds: dict[str, WatchedFeed]
    waiting: list[FeedState]


class FeedWatch:
    """Polls each watched feed when it is due: the body of ``stancewatch run``.

    ``tick`` is what the scheduler calls; it takes ``now`` from ``pipeline.clock``,
    so a test drives the schedule with a fake clock. ``poll_all`` is ``run --once``.
    After ``follow_folders`` every tick also keeps a live watch on each folder feed's
    folder, so one added at run time is watched too.
    """

    def __init__(
        self,
        pipeline: Pipeline,
        poller: Poller,
        *,
        router: Router | None = None,
        reloader: ConfigReloader | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.poller = poller
        adapters = pipeline.adapters
        self.router = router or (
            AdapterRouter(adapters) if isinstance(adapters, Mapping) else adapters
        )
        self.reloader = reloader
        self._rng = rng
        self._polls: dict[str, asyncio.Task[None]] = {}
        self._fetching: set[str] = set()  # polls that may be cancelled on the spot
        self._ingest_lock = asyncio.Lock()
        self._deliver_lock = asyncio.Lock()
        self._stopping = False
        self._following_folders = False
        self._folders: dict[str, _FolderWatch] = {}  # by feed id
        self._folders_stopping: set[asyncio.Task[None]] = set()
        settings = pipeline.config.settings
        self.pages = PageFetcher(
            delay=settings.page_delay_seconds,
            parse_timeout=settings.parse_timeout_seconds,
            max_parallel=settings.max_connections,
            fetch=poller.fetch,
            now=pipeline.clock,
        )

    @property
    def polling(self) -> frozenset[str]:
        """The ids of the feeds being polled now."""
        return frozenset(self._polls)

    @property
    def folders_watched(self) -> frozenset[str]:
        """The ids of the folder feeds whose folder is watched live now."""
        return frozenset(self._folders)

    async def tick(self) -> list[asyncio.Task[None]]:
        """Reload an edited configuration, start a poll of every feed due, retry deliveries.

        Returns the polls started (they run on after the tick returns). Never raises.
        """
        if self._stopping:
            return []
        if self.reloader is not None:
            try:
                await self.reloader.tick()
            except Exception:  # a bug in reloading must not end the bot either
                log.exception("reloading the configuration failed; the previous one keeps running")
        try:
            started = await self._start_due()
        except Exception:
            log.exception("could not read the feed schedule; trying again at the next tick")
            started = []
        await self._deliver()
        return started

    async def poll_all(self) -> None:
        """Poll every watched feed once, whether due or not (``run --once``), and deliver.

        A feed disabled after a day of failures stays disabled.
        """
        store, config = self.pipeline.store, self.pipeline.config
        _apply_fetch_settings(self.poller, config.settings)
        states, feeds = await asyncio.to_thread(
            lambda: (store.feed_states(), watched_feeds(config, store))
        )
        for feed in feeds:
            state = states.get(feed.id) or FeedState(feed_id=feed.id)
            if state.disabled:
                log.info(
                    "feed %s is disabled (%s); `stancewatch feeds enable %s` polls it again",
                    feed.id,
                    state.disabled_reason,
                    feed.id,
                )
            elif feed.id not in self._polls:
                self._start(feed, state)
        await self.wait()
        await self._deliver()

    async def wait(self) -> None:
        """Until every poll started so far has finished."""
        while self._polls:
            await asyncio.gather(*self._polls.values(), return_exceptions=True)

    async def close(self) -> None:
        """Stop: fetches in flight are dropped, an article being stored is finished
        (the rest of its feed is left for the next run), and the Poller is closed."""
        self._stopping = True
        for feed_id, task in list(self._polls.items()):
            if feed_id in self._fetching:
                task.cancel()
        await self.stop_folders()
        await self.wait()
        await self.pages.aclose()
        await self.poller.aclose()
        await shutdown_parsers()

    # --- the schedule -------------------------------------------------------------------

    async def _start_due(self) -> list[asyncio.Task[None]]:
        config = self.pipeline.config
        _apply_fetch_settings(self.poller, config.settings)
        now = self.pipeline.clock()
        busy = frozenset(self._polls)
        # Reading every feed's state takes tens of milliseconds with thousands of feeds:
        # in a thread, so chat commands and folder watches are not held up meanwhile.
        schedule = await asyncio.to_thread(self._read_schedule, config, busy, now)
        if self._following_folders and not self._stopping:
            try:
                await self._follow(schedule.feeds.values())
            except Exception:  # a folder we may not look into must not stop the polls
                log.exception("could not update the folder watches; trying again next tick")
        return [
            self._start(schedule.feeds[state.feed_id], state)
            for state in due(schedule.waiting, now)
            if state.feed_id not in self._polls  # started by poll_all meanwhile
        ]

    def _read_schedule(self, config: Config, busy: frozenset[str], now: datetime) -> _Schedule:
        """The watched feeds and the states of those not in ``busy`` (blocking: the store)."""
        store = self.pipeline.store
        feeds = {feed.id: feed for feed in watched_feeds(config, store)}
        states = store.feed_states()
        waiting: list[FeedState] = []
        for feed in feeds.values():
            # A poll in flight saves its state when it ends: what was read here may be older.
            if feed.id in busy:
                continue
            state = states.get(feed.id)
            if state is None:
                # Saved at once: recomputed at every tick, the first poll would keep
                # moving away; saved, a restart keeps it too.
                state = FeedState(
                    feed_id=feed.id, next_poll_at=first_poll_at(feed.id, feed.interval, now)
                )
                store.save_feed_state(state)
            waiting.append(with_interval(state, feed.interval))
        return _Schedule(feeds, waiting)

    # --- live folder watches -------------------------------------------------------------

    async def follow_folders(self) -> None:
        """Watch every folder feed's folder live, now and, as feeds are added or removed, at
        each tick (``run`` calls this; ``run --once`` and the tests of polling do not)."""
        self._following_folders = True
        store, config = self.pipeline.store, self.pipeline.config
        await self._follow(await asyncio.to_thread(watched_feeds, config, store))

    async def _follow(self, feeds: Iterable[WatchedFeed]) -> None:
        """Start a watch for each folder feed without one; stop those of feeds gone."""
        folder_feeds = [feed for feed in feeds if feed.config.path is not None]
        folders = await asyncio.to_thread(
            lambda: {feed.id: feed for feed in folder_feeds if Path(feed.location).is_dir()}
        )
        if not self._following_folders:
            return  # stopped while the folders were looked at
        for feed_id, watching in list(self._folders.items()):
            wanted = folders.get(feed_id)
            if wanted is None or wanted.location != watching.location:
                self._stop_folder(feed_id)
        for feed_id, feed in folders.items():
            if feed_id not in self._folders:
                stop = asyncio.Event()
                task = asyncio.create_task(self.watch_folder(feed, stop), name=f"watch {feed_id}")
                self._folders[feed_id] = _FolderWatch(feed.location, stop, task)

    def _stop_folder(self, feed_id: str) -> None:
        """Let a folder's watch end (a file being stored is finished first)."""
        watching = self._folders.pop(feed_id)
        watching.stop.set()
        self._folders_stopping.add(watching.task)
        watching.task.add_done_callback(self._folders_stopping.discard)

    async def stop_folders(self) -> None:
        """End every live folder watch, and follow no more folders."""
        self._following_folders = False
        tasks = [watching.task for watching in self._folders.values()]
        tasks += self._folders_stopping
        self._folders.clear()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    # --- one poll ------------------------------------------------------------------------

    def _start(self, feed: WatchedFeed, state: FeedState) -> asyncio.Task[None]:
        task = asyncio.create_task(self._poll(feed, state), name=f"poll {feed.id}")
        self._polls[feed.id] = task
        task.add_done_callback(functools.partial(self._forget, feed.id))
        return task

    def _forget(self, feed_id: str, task: asyncio.Task[None]) -> None:
        if self._polls.get(feed_id) is task:
            del self._polls[feed_id]

    async def _poll(self, feed: WatchedFeed, state: FeedState) -> None:
        started = self.pipeline.clock()
        try:
            self._fetching.add(feed.id)
            try:
                result = await self._with_pages(feed, await self._read(feed, state))
            finally:
                self._fetching.discard(feed.id)
            stored = await self._store(feed, state, result)
            if stored is None:
                return  # stopping: the feed is polled again, from the same state, next run
            new, store_error = stored
            if new:
                await self._deliver()
            after = self._next_state(feed, state, result, new, store_error, started)
            self.pipeline.store.save_feed_state(after)
        except Exception as error:  # a bug in one feed's handling must not end the bot
            log.exception("feed %s: unexpected error while polling; will retry later", feed.id)
            after = after_poll(
                state,
                "failed",
                now=started,
                interval=feed.interval,
                error=f"unexpected error: {error!r}",
                rng=self._rng,
            )
            try:
                self.pipeline.store.save_feed_state(after)
            except Exception:
                log.exception("feed %s: could not save its polling state", feed.id)
                return
            result = PollResult()
        await self._report(feed, state, after, result)

    async def _read(self, feed: WatchedFeed, state: FeedState) -> PollResult:
        if feed.config.url is not None:
            return await self.poller.poll(
                feed.config.url,
                feed_id=feed.id,
                etag=state.etag,
                last_modified=state.last_modified,
            )
        return await read_configured(feed.location, self.pipeline.config.settings, feed_id=feed.id)

    async def _with_pages(self, feed: WatchedFeed, result: PollResult) -> PollResult:
        """The poll's new articles with their web page's text, where the feed carries only
        a summary (``full_text``). Articles already stored are not fetched again."""
        mode = feed.config.full_text
        wanted = [a for a in result.articles if needs_page(a, mode)]
        if not wanted:
            return result
        new = [a for a in wanted if self.pipeline.is_new(a)]
        completed, problems = await complete_text(new, mode=mode, fetcher=self.pages)
        by_id = {article.id: article for article in completed}
        return replace(
            result,
            articles=tuple(by_id.get(a.id, a) for a in result.articles),
            problems=(*result.problems, *problems),
        )

    async def watch_folder(
        self, feed: WatchedFeed, stop: asyncio.Event, *, ready: asyncio.Event | None = None
    ) -> None:
        """Ingest article files as they appear in the folder ``feed`` reads, until ``stop``.

        The interval poll of the same feed still reads the whole folder (it catches what
        a watch can miss, and stores a new folder's backlog); a file both see is one
        article, stored once.
        """
        settings = self.pipeline.config.settings
        try:
            async for result in watch_folder(
                feed.location, stop=stop, max_bytes=settings.max_feed_bytes, ready=ready
            ):
                for problem in result.problems:
                    log.warning("feed %s: %s", feed.id, problem)
                if not result.articles or self._stopping:
                    continue
                # A file that appears while we watch is news, never backlog: it alerts.
                stored = await self._store(feed, FeedState(feed.id, backlog_done=True), result)
                if stored is not None and stored[0]:
                    await self._deliver()
        except Exception:  # the interval poll goes on reading the folder
            log.exception("feed %s: watching the folder %s failed", feed.id, feed.location)

    async def _store(
        self, feed: WatchedFeed, state: FeedState, result: PollResult
    ) -> tuple[int, str | None] | None:
        """Ingest the poll's articles: (how many were new, why storing stopped early).

        None when the watch is stopping. The first successful poll of a feed stores
        its backlog without alerting, unless the feed says ``backfill: alert``.
        """
        alert = state.backlog_done or feed.config.backfill == "alert"
        new = 0
        for article in result.articles:
            # One article at a time over all feeds: the store and spaCy are synchronous,
            # so other feeds' fetches go on while this one's articles are stored.
            async with self._ingest_lock:
                if self._stopping:
                    return None
                try:
                    ingested = await self.pipeline.ingest_async(article, alert=alert)
                except Exception as error:
                    log.exception("feed %s: could not store article %s", feed.id, article.id)
                    # The poll counts as failed, so the validators stay as they were and
                    # the next poll brings this article (and the rest) again.
                    return new, f"could not store article {article.url or article.id}: {error!r}"
            new += not ingested.duplicate
        return new, None

    def _next_state(
        self,
        feed: WatchedFeed,
        state: FeedState,
        result: PollResult,
        new: int,
        store_error: str | None,
        now: datetime,
    ) -> FeedState:
        outcome: Outcome
        error: str | None = None
        if store_error is not None:
            outcome, error = "failed", store_error
        elif result.not_modified:
            outcome = "not_modified"
        elif result.problems and not result.articles:
            outcome, error = "failed", "; ".join(result.problems)
        else:
            outcome = "ok"
        retry_after = None if result.retry_after is None else timedelta(seconds=result.retry_after)
        return after_poll(
            state,
            outcome,
            now=now,
            interval=feed.interval,
            error=error,
            retry_after=retry_after,
            etag=result.etag,
            last_modified=result.last_modified,
            new_articles=new,
            rng=self._rng,
        )

    async def _report(
        self, feed: WatchedFeed, before: FeedState, after: FeedState, result: PollResult
    ) -> None:
        """Log a feed going down and coming back, once each, and post a disabled feed."""
        if after.failing and not before.failing:
            log.warning("feed %s is failing: %s", feed.id, after.last_error)
        elif before.failing and not after.failing:
            log.info("feed %s has recovered after %d failed polls", feed.id, before.failures)
        elif result.problems and not after.failing:
            log.info("feed %s: %s", feed.id, "; ".join(result.problems))
        if after.disabled and not before.disabled:
            log.warning(
                "feed %s is disabled, %s; `stancewatch feeds enable %s` polls it again",
                feed.id,
                after.disabled_reason,
                feed.id,
            )
            card = notice_card(
                f"Feed {feed.id} disabled",
                f"{feed.location} has failed for a day, so it is no longer polled "
                f"({after.disabled_reason}). When it is fixed, `stancewatch feeds enable "
                f"{feed.id}` polls it again.",
                error=True,
            )
            await post_notice(self.router, self.pipeline.config.settings.admin_channel, card)

    async def _deliver(self) -> None:
        # One flush at a time: two at once could both post the same pending delivery.
        async with self._deliver_lock:
            try:
                await self.pipeline.deliver()
            except Exception:
                log.exception("delivering alerts failed; they stay in the outbox")


# --- the command -----------------------------------------------------------------------


async def run_forever(config: Config, *, once: bool = False) -> None:
    """``stancewatch run``: until SIGINT or SIGTERM; with ``once``, one poll of every feed."""
    adapters = adapters_for(config)
    with open_store(config.settings.store_url) as store:
        pipeline = Pipeline(config, store, adapters)
        router = AdapterRouter(adapters)
        reloader = None if once else ConfigReloader(pipeline, router)
        commands = Commands(pipeline, reload=reloader.reload_now if reloader else None)
        for adapter in adapters.values():
            adapter.commands = commands
        watch = FeedWatch(pipeline, poller_for(config.settings), router=router, reloader=reloader)
        started: list[ChatAdapter] = []
        try:
            for adapter in adapters.values():
                await adapter.start()
                started.append(adapter)
            if once:
                await watch.poll_all()
            else:
                await run_scheduled(watch, _stop_on_signals())
        finally:
            await watch.close()
            for adapter in started:
                await adapter.close()


async def run_scheduled(
    watch: FeedWatch, stop: asyncio.Event, *, tick_seconds: float = TICK_SECONDS
) -> None:
    """Tick ``watch`` every ``tick_seconds``, the first time at once, until ``stop`` is set."""
    # APScheduler logs every run of a job at INFO: at one tick every few seconds that
    # would drown the log, unless someone asked for its messages explicitly.
    executors = logging.getLogger("apscheduler.executors")
    if executors.level == logging.NOTSET:
        executors.setLevel(logging.WARNING)
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.add_job(
        watch.tick,
        "interval",
        seconds=tick_seconds,
        next_run_time=datetime.now(UTC),
        max_instances=1,
        coalesce=True,
    )
    feeds = await asyncio.to_thread(watched_feeds, watch.pipeline.config, watch.pipeline.store)
    log.info("watching %d feed(s); Ctrl-C stops", len(feeds))
    # Folder feeds are watched live from the start; those added later, from the next tick.
    await watch.follow_folders()
    # What is loaded by now (configuration, spaCy, adapters) lasts as long as the run.
    # Frozen, it is left out of the garbage collector's full passes: a tick's store read
    # (2,000 feeds) sets one off, and unfrozen it stopped every thread, the event loop
    # too, for about 100 ms.
    gc.collect()
    gc.freeze()
    scheduler.start()
    try:
        await stop.wait()
    finally:
        scheduler.shutdown(wait=False)
        await watch.stop_folders()
        gc.unfreeze()


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    return stop
