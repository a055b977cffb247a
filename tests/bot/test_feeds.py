"""The watched feed list: feeds.yaml merged with run-time additions and removals."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.feeds import (
    add_feed,
    derived_feed_id,
    enable_feed,
    feed_reports,
    new_feed_id,
    remove_feed,
    same_location,
    watched_feeds,
)
from bot.store import SqlStore
from bot.store.abc import SavedFeed
from rules.config import Config
from rules.loader import load_config
from rules.model import FeedConfig
from watchers.errors import StancewatchError
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


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("https://feeds.example.co.uk/news/world/rss.xml", "example-news-world"),
        ("https://www.gazette.example/politics/feed/", "gazette-politics"),
        ("https://gazette.example/feed", "gazette"),
        ("http://127.0.0.1:8123/feed.xml", "127-0-0-1-8123"),
        (
            "https://a.example/" + "long-words/" * 10,
            "a-long-words-long-words-long-words-long-words",
        ),
        ("/srv/news/articles", "news-articles"),
        ("/srv/config/sample/feed.xml", "sample"),
        ("/srv/feeds/world.rss", "world"),
        ("https://feeds.example.com/rss.xml", "example"),
        ("https://rss.example/", "rss"),
    ],
)
def test_feeds_derived_id_names_the_site_and_path(location: str, expected: str) -> None:
    derived = derived_feed_id(location)
    assert derived == expected
    FeedConfig(id=derived, url="https://x.example/")  # a valid id


def test_feeds_derived_id_steps_around_taken_ids() -> None:
    url = "https://gazette.example/politics/rss"
    assert derived_feed_id(url, {"gazette-politics"}) == "gazette-politics-2"
    assert derived_feed_id(url, {"gazette-politics", "gazette-politics-2"}) == "gazette-politics-3"


@pytest.mark.parametrize(
    ("location", "same"),
    [
        ("https://wire.example/rss", True),
        ("http://www.wire.example/rss/?utm_source=x", True),
        ("https://wire.example/rss2", False),
    ],
)
def test_feeds_same_location_compares_urls_by_their_keys(
    tmp_path: Path, location: str, same: bool
) -> None:
    config = _config(tmp_path)
    [wire] = [feed for feed in config.feeds if feed.id == "wire"]
    assert same_location(config, wire, location) is same


def test_feeds_new_feed_id_refuses_a_watched_location_or_a_taken_id(tmp_path: Path) -> None:
    config = _config(tmp_path)
    with SqlStore(f"sqlite:///{tmp_path / 's.db'}") as store:
        assert new_feed_id(config, store, "https://tide.example/harbour/rss") == "tide-harbour"
        assert new_feed_id(config, store, "https://tide.example/rss", "tides") == "tides"
        # The same address, tracking parameter aside; and a feed switched off still counts.
        for location, shown in [
            ("https://www.wire.example/rss?utm_source=x", "wire"),
            ("https://paused.example/rss", "paused"),
        ]:
            with pytest.raises(StancewatchError, match=f"is watched already, as '{shown}'$"):
                new_feed_id(config, store, location)
        with pytest.raises(StancewatchError) as taken:
            new_feed_id(config, store, "https://tide.example/rss", "wire", remove_command="/x rm")
    assert str(taken.value) == (
        "a feed with the id 'wire' is watched already; pick another id, or `/x rm wire` first"
    )


def test_feeds_enable_puts_a_feed_disabled_by_failures_back_due_now(tmp_path: Path) -> None:
    config = _config(tmp_path)
    with SqlStore(f"sqlite:///{tmp_path / 's.db'}") as store:
        store.save_feed_state(
            FeedState(
                feed_id="wire",
                failures=97,
                failing_since=NOW - timedelta(days=1),
                last_error="HTTP 503 Service Unavailable",
                disabled_reason="failing since 2025-05-31 00:00 UTC: HTTP 503",
            )
        )
        [before] = [r for r in feed_reports(config, store) if r.feed.id == "wire"]
        assert before.to_json()["enabled"] is False
        assert before.to_json()["disabled_reason"] == "failing since 2025-05-31 00:00 UTC: HTTP 503"

        done = enable_feed(config, store, "wire", NOW)

        assert done and "due now" in done[0]
        state = store.feed_states()["wire"]
        assert (state.disabled, state.failures, state.next_poll_at) == (False, 0, NOW)
        assert enable_feed(config, store, "wire", NOW) == []  # nothing left to do


def test_feeds_enable_switches_on_a_feed_added_switched_off(tmp_path: Path) -> None:
    config = _config(tmp_path)
    with SqlStore(f"sqlite:///{tmp_path / 's.db'}") as store:
        add_feed(store, FeedConfig(id="off", url="https://off.example/", enabled=False), NOW)
        assert [f.id for f in watched_feeds(config, store)] == ["wire", "local"]
        assert enable_feed(config, store, "off", NOW) == ["switched on"]
        assert [f.id for f in watched_feeds(config, store)] == ["wire", "local", "off"]


@pytest.mark.parametrize(
    ("feed_id", "message"),
    [
        ("paused", "switched off in feeds.yaml: set 'enabled: true' there"),
        ("wier", "no watched feed has the id 'wier'; did you mean 'wire'?"),
    ],
)
def test_feeds_enable_refuses_yaml_switched_off_and_unknown_ids(
    tmp_path: Path, feed_id: str, message: str
) -> None:
    config = _config(tmp_path)
    with SqlStore(f"sqlite:///{tmp_path / 's.db'}") as store:
        with pytest.raises(StancewatchError, match=re.escape(message)):
            enable_feed(config, store, feed_id, NOW)
        assert store.saved_feeds() == []


def test_feeds_reports_show_each_feeds_health(tmp_path: Path) -> None:
    config = _config(tmp_path)
    with SqlStore(f"sqlite:///{tmp_path / 's.db'}") as store:
        store.save_feed_state(
            FeedState(
                feed_id="local",
                last_success_at=NOW - timedelta(hours=2),
                next_poll_at=NOW + timedelta(minutes=4),
                failures=3,
                failing_since=NOW - timedelta(hours=1),
                last_error="cannot read folder",
                articles_seen=12,
            )
        )
        reports = {r.feed.id: r.to_json() for r in feed_reports(config, store)}
    assert list(reports) == ["wire", "local", "paused"]
    assert reports["local"] == {
        "id": "local",
        "title": None,
        "origin": "yaml",
        "location": str((tmp_path / "articles").resolve()),
        "interval_seconds": 60,
        "backfill": "store",
        "full_text": "auto",
        "enabled": True,
        "disabled_reason": None,
        "last_polled": None,
        "last_success": "2025-05-31T22:00:00+00:00",
        "next_poll": "2025-06-01T00:04:00+00:00",
        "consecutive_failures": 3,
        "failing_since": "2025-05-31T23:00:00+00:00",
        "last_error": "cannot read folder",
        "articles_seen": 12,
    }
    assert reports["wire"]["last_success"] is None
    assert reports["paused"]["disabled_reason"] == "switched off (enabled: false in feeds.yaml)"
