"""The watched feed list: feeds.yaml merged with run-time additions and removals."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.feeds import add_feed, remove_feed, watched_feeds
from bot.store import SqlStore
from bot.store.abc import SavedFeed
from rules.config import Config
from rules.loader import load_config
from rules.model import FeedConfig
from watchers.schedule import FeedState

NOW = datetime(2025, 6, 1, tzinfo=UTC)


SHIPPED = Path(__file__).resolve().parents[2] / "config"


def _config(tmp_path: Path) -> Config:
    """The shipped officials and topics, with feeds and settings of the test's own."""
    shutil.copytree(SHIPPED, tmp_path, dirs_exist_ok=True)
    (tmp_path / "feeds.yaml").write_text(
        "feeds:\n"
        "  - id: wire\n    url: https://wire.example/rss\n"
        "  - id: local\n    path: articles\n    interval_seconds: 60\n"
        "  - id: paused\n    url: https://paused.example/rss\n    enabled: false\n",
        encoding="utf-8",
    )
    (tmp_path / "settings.yaml").write_text("poll_interval_seconds: 300\n", encoding="utf-8")
    return load_config(tmp_path)


def test_feeds_yaml_feeds_are_watched_with_their_intervals(tmp_path: Path) -> None:
    config = _config(tmp_path)
    with SqlStore(f"sqlite:///{tmp_path / 's.db'}") as store:
        feeds = watched_feeds(config, store)
    assert [(f.id, f.origin, f.interval) for f in feeds] == [
        ("wire", "yaml", timedelta(seconds=300)),
        ("local", "yaml", timedelta(seconds=60)),
    ]
    assert feeds[1].location == str((tmp_path / "articles").resolve())


def test_feeds_added_and_removed_at_run_time_persist_over_yaml(tmp_path: Path) -> None:
    config = _config(tmp_path)
    url = f"sqlite:///{tmp_path / 's.db'}"
    with SqlStore(url) as store:
        add_feed(store, FeedConfig(id="extra", url="https://extra.example/feed"), NOW)
        add_feed(store, FeedConfig(id="wire", url="https://wire.example/v2"), NOW)
        store.save_feed_state(FeedState(feed_id="local", backlog_done=True))
        assert remove_feed(config, store, "local", NOW)
        assert not remove_feed(config, store, "nothing-of-that-id", NOW)
    with SqlStore(url) as store:  # after a restart
        feeds = watched_feeds(config, store)
        assert [(f.id, f.origin, f.location) for f in feeds] == [
            ("wire", "store", "https://wire.example/v2"),
            ("extra", "store", "https://extra.example/feed"),
        ]
        assert "local" not in store.feed_states()
        add_feed(store, FeedConfig(id="local", path="articles"), NOW)
        assert [f.id for f in watched_feeds(config, store)] == ["wire", "local", "extra"]


def test_feeds_disabled_ones_are_listed_only_on_request(tmp_path: Path) -> None:
    config = _config(tmp_path)
    with SqlStore(f"sqlite:///{tmp_path / 's.db'}") as store:
        store.save_feed(
            SavedFeed(
                config=FeedConfig(id="off", url="https://off.example/", enabled=False),
                removed=False,
                saved_at=NOW,
            )
        )
        every = watched_feeds(config, store, include_disabled=True)
    assert [f.id for f in every] == ["wire", "local", "paused", "off"]
