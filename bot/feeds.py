"""The feeds to watch: feeds.yaml, with the additions and removals made at run time.

Feeds added or removed from the CLI (or a chat command) are kept in the store, so the
change survives a restart and an edit of feeds.yaml does not undo it. A saved feed
replaces the YAML feed of the same id; a saved removal hides it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from bot.store.abc import SavedFeed, Store
from rules.config import Config
from rules.messages import did_you_mean, listing
from rules.model import FeedConfig, Settings
from watchers.errors import StancewatchError
from watchers.identity import url_key
from watchers.poll import PollResult
from watchers.schedule import FeedState, enabled_again

Origin = Literal["yaml", "store"]


@dataclass(frozen=True)
class WatchedFeed:
    """One feed to poll, where its definition comes from, and where it is read."""

    config: FeedConfig
    origin: Origin
    location: str
    interval: timedelta

    @property
    def id(self) -> str:
        return self.config.id


def watched_feeds(
    config: Config, store: Store, *, include_disabled: bool = False
) -> list[WatchedFeed]:
    """The feeds to poll: YAML order first, then run-time additions in the order added."""
    saved = {feed.config.id: feed for feed in store.saved_feeds()}
    chosen: dict[str, tuple[FeedConfig, Origin]] = {}
    for feed in config.feeds:
        override = saved.get(feed.id)
        if override is None:
            chosen[feed.id] = (feed, "yaml")
        elif not override.removed:
            chosen[feed.id] = (override.config, "store")
    for feed_id, override in saved.items():
        # A YAML feed's id is taken above (or hidden by its removal), so what is left
        # here are feeds added at run time.
        if feed_id not in chosen and not override.removed:
            chosen[feed_id] = (override.config, "store")
    default = config.settings.poll_interval_seconds
    return [
        WatchedFeed(
            config=feed,
            origin=origin,
            location=config.feed_location(feed),
            interval=timedelta(seconds=feed.interval_seconds or default),
        )
        for feed, origin in chosen.values()
        if include_disabled or feed.enabled
    ]


def add_feed(store: Store, feed: FeedConfig, now: datetime) -> None:
    """Watch ``feed`` from now on (replacing a feed of the same id)."""
    store.save_feed(SavedFeed(config=feed, removed=False, saved_at=now))


def remove_feed(config: Config, store: Store, feed_id: str, now: datetime) -> bool:
    """Stop watching ``feed_id``; False when no watched feed has that id.

    Its polling state is forgotten too, so adding it again starts afresh (its
    articles stay stored, so they are not ingested twice).
    """
    current = {feed.id: feed for feed in watched_feeds(config, store, include_disabled=True)}
    if feed_id not in current:
        return False
    store.save_feed(SavedFeed(config=current[feed_id].config, removed=True, saved_at=now))
    store.delete_feed_state(feed_id)
    return True


# --- the `stancewatch feeds` commands ---------------------------------------------------

# Words that say "this is a feed" or name a domain level, not which feed it is: left out
# of derived ids unless nothing else is left.
_GENERIC_WORDS = frozenset(
    {"www", "feed", "feeds", "rss", "atom", "xml", "rdf", "index", "co", "com", "org", "net"}
)
_FEED_EXTENSIONS = (".xml", ".rss", ".atom", ".rdf", ".php", ".cms", ".aspx")
_MAX_ID_LENGTH = 48


def derived_feed_id(location: str, taken: Collection[str] = ()) -> str:
    """An id for the feed at ``location`` (a URL or a path), unlike any in ``taken``.

    From the host without its top-level domain and the path, without the words every
    feed's address has: ``https://feeds.example.co.uk/news/world/rss.xml`` is
    ``example-news-world``; a file or folder is named after itself and its folder.
    """
    words = _location_words(location)
    kept = [word for word in words if word not in _GENERIC_WORDS] or words or ["feed"]
    base = ""
    for word in kept:
        longer = f"{base}-{word}" if base else word
        if len(longer) > _MAX_ID_LENGTH and base:
            break
        base = longer[:_MAX_ID_LENGTH].strip("-")
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _location_words(location: str) -> list[str]:
    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9]+", text.lower())

    if location.startswith(("http://", "https://")):
        parts = urlsplit(location)
        host = parts.hostname or ""
        labels = host.split(".")
        is_address = all(label.isdigit() for label in labels) or ":" in host
        if len(labels) > 1 and not is_address:
            labels = labels[:-1]  # the top-level domain says nothing about the feed
        port = [str(parts.port)] if parts.port else []
        path = parts.path.lower()
        for extension in _FEED_EXTENSIONS:
            path = path.removesuffix(extension)
        return [*words(" ".join(labels)), *port, *words(path)]
    file = Path(location)
    stem = file.stem if file.suffix.lower() in _FEED_EXTENSIONS else file.name
    return [*words(file.parent.name), *words(stem)]


def same_location(config: Config, feed: FeedConfig, location: str) -> bool:
    """True when ``feed`` is read from ``location`` (URLs compared by their URL keys)."""
    watched = config.feed_location(feed)
    if watched == location:
        return True
    if feed.url is not None:
        key = url_key(location)
        return key is not None and key == url_key(watched)
    return False


def new_feed_id(
    config: Config,
    store: Store,
    location: str,
    feed_id: str | None = None,
    *,
    shown: str | None = None,
    remove_command: str = "stancewatch feeds remove",
) -> str:
    """The id a feed added at ``location`` gets: ``feed_id``, else one made from the address.

    StancewatchError when a watched feed (switched off or not) already reads
    ``location``, or has the id asked for. ``shown`` is how the caller wrote the
    location; ``remove_command`` is how its user removes a feed (CLI or chat).
    """
    current = watched_feeds(config, store, include_disabled=True)
    for feed in current:
        if same_location(config, feed.config, location):
            raise StancewatchError(f"{shown or location} is watched already, as {feed.id!r}")
    taken = {feed.id for feed in current}
    if feed_id is None:
        return derived_feed_id(location, taken)
    if feed_id in taken:
        raise StancewatchError(
            f"a feed with the id {feed_id!r} is watched already; "
            f"pick another id, or `{remove_command} {feed_id}` first"
        )
    return feed_id


@dataclass(frozen=True)
class FeedReport:
    """One line of ``feeds list``: a watched feed and what its polls have done."""

    feed: WatchedFeed
    state: FeedState | None

    @property
    def disabled_reason(self) -> str | None:
        if not self.feed.config.enabled:
            where = "feeds.yaml" if self.feed.origin == "yaml" else "the store"
            return f"switched off (enabled: false in {where})"
        return None if self.state is None else self.state.disabled_reason

    def to_json(self) -> dict[str, Any]:
        """The ``feeds list --json`` record: keep these keys stable."""
        state = self.state or FeedState(feed_id=self.feed.id)
        return {
            "id": self.feed.id,
            "title": self.feed.config.title,
            "origin": self.feed.origin,
            "location": self.feed.location,
            "interval_seconds": int(self.feed.interval.total_seconds()),
            "backfill": self.feed.config.backfill,
            "full_text": self.feed.config.full_text,
            "enabled": self.disabled_reason is None,
            "disabled_reason": self.disabled_reason,
            "last_polled": _iso(state.last_polled_at),
            "last_success": _iso(state.last_success_at),
            "next_poll": _iso(state.next_poll_at),
            "consecutive_failures": state.failures,
            "failing_since": _iso(state.failing_since),
            "last_error": state.last_error,
            "articles_seen": state.articles_seen,
        }


def feed_reports(config: Config, store: Store) -> list[FeedReport]:
    """Every watched feed, switched-off ones included, with its polling state."""
    states = store.feed_states()
    return [
        FeedReport(feed, states.get(feed.id))
        for feed in watched_feeds(config, store, include_disabled=True)
    ]


def enable_feed(config: Config, store: Store, feed_id: str, now: datetime) -> list[str]:
    """Put a disabled feed back on the schedule; says what was done (nothing: an empty list).

    A feed disabled after failing for a day is due at once with its failures forgotten;
    a feed added switched off is switched on. A feed switched off in feeds.yaml is left
    to feeds.yaml (StancewatchError): the store would otherwise freeze its YAML entry.
    """
    current = {feed.id: feed for feed in watched_feeds(config, store, include_disabled=True)}
    feed = current.get(feed_id)
    if feed is None:
        raise StancewatchError(unknown_feed(feed_id, current))
    done = []
    if not feed.config.enabled:
        if feed.origin == "yaml":
            raise StancewatchError(
                f"feed {feed_id!r} is switched off in feeds.yaml: set 'enabled: true' there"
            )
        add_feed(store, feed.config.model_copy(update={"enabled": True}), now)
        done.append("switched on")
    state = store.feed_states().get(feed_id)
    if state is not None and state.disabled:
        store.save_feed_state(enabled_again(state, now))
        done.append(f"back on the schedule, due now (it was {state.disabled_reason})")
    return done


async def read_configured(
    location: str,
    settings: Settings,
    *,
    feed_id: str | None = None,
    allow_hosts: Sequence[str] = (),
) -> PollResult:
    """``read_source`` within the limits of settings.yaml: size, fetch and parse time, and
    the hosts allowed (``allow_hosts`` adds some for this read). The one place that maps
    the settings onto a read, so a new limit reaches ``run``, ``replay`` and ``feeds add``."""
    from watchers.sources import read_source

    return await read_source(
        location,
        allow_hosts=(*settings.allow_hosts, *allow_hosts),
        max_bytes=settings.max_feed_bytes,
        timeout=settings.fetch_timeout_seconds,
        feed_id=feed_id,
        parse_timeout=settings.parse_timeout_seconds,
    )


async def probe_feed(location: str, config: Config, allow_hosts: Sequence[str] = ()) -> PollResult:
    """Read ``location`` once as ``run`` would, with every safety rule."""
    return await read_configured(
        location, config.settings, feed_id=_PROBE_ID, allow_hosts=allow_hosts
    )


# The feed id a probe passes down: articles that come back without it were read as an
# article file, not as a feed.
_PROBE_ID = "stancewatch-probe"


def feed_refusal(location: str, result: PollResult) -> str | None:
    """Why a probe's result means "not a feed to watch", or None."""
    if result.problems and not result.articles:
        return "; ".join(result.problems)
    if Path(location).is_file() and any(a.feed_id != _PROBE_ID for a in result.articles):
        return f"{location}: an article file, not a feed: add the folder it is in instead"
    return None


def unknown_feed(feed_id: str, known: Collection[str]) -> str:
    hint = did_you_mean(feed_id, known) or f"; watched feeds: {listing(known)}"
    return f"no watched feed has the id {feed_id!r}{hint}"


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
