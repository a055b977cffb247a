"""The feeds to watch: feeds.yaml, with the additions and removals made at run time.

Feeds added or removed from the CLI (or a chat command) are kept in the store, so the
change survives a restart and an edit of feeds.yaml does not undo it. A saved feed
replaces the YAML feed of the same id; a saved removal hides it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from bot.store.abc import SavedFeed, Store
from rules.config import Config
from rules.model import FeedConfig

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
        if feed_id not in chosen and not override.removed and not _in_yaml(config, feed_id):
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


def removed_feeds(config: Config, store: Store) -> list[SavedFeed]:
    """Saved removals, including of feeds feeds.yaml still lists."""
    return [feed for feed in store.saved_feeds() if feed.removed]


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


def _in_yaml(config: Config, feed_id: str) -> bool:
    return any(feed.id == feed_id for feed in config.feeds)
