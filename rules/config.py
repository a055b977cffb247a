"""The whole configuration of one stancewatch installation, as loaded from config/."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rules.model import AlertRule, FeedConfig, Group, Official, Settings, Topic


@dataclass(frozen=True)
class Config:
    """Everything under config/, validated and cross-checked by ``rules.loader``."""

    base_dir: Path
    settings: Settings = field(default_factory=Settings)
    feeds: tuple[FeedConfig, ...] = ()
    groups: tuple[Group, ...] = ()
    officials: tuple[Official, ...] = ()
    topics: tuple[Topic, ...] = ()
    rules: tuple[AlertRule, ...] = ()

    def official(self, official_id: str) -> Official | None:
        for official in self.officials:
            if official.id == official_id:
                return official
        return None

    def topic(self, topic_id: str) -> Topic | None:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        return None

    def feed_location(self, feed: FeedConfig) -> str:
        """The URL of an HTTP feed, or the absolute path of a local one."""
        if feed.url is not None:
            return feed.url
        assert feed.path is not None
        path = Path(feed.path)
        return str(path if path.is_absolute() else (self.base_dir / path).resolve())
