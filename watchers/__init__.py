"""The outside world -> Article: feeds over HTTP, feed files, article files and folders.

Everything here that reads a source returns a PollResult and never raises for
a bad source; problems are reported in plain words.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from watchers.article import Article, DateSource, article_identity
    from watchers.errors import (
        AdapterError,
        ConfigError,
        FeedError,
        RuleError,
        StancewatchError,
    )
    from watchers.feeds import dangerous_markup, fetch_feed, parse_feed_bytes
    from watchers.fetch import Fetched, fetch_bytes
    from watchers.files import read_article_file, read_article_folder
    from watchers.folders import watch_folder
    from watchers.pages import PageFetcher, complete_text, needs_page
    from watchers.parsing import parse_off_loop, shutdown_parsers
    from watchers.poll import PollResult
    from watchers.poller import Poller
    from watchers.schedule import FeedState
    from watchers.sources import read_source
    from watchers.text import clean_text, guess_title, html_to_text, parse_date_line

# Importing ``watchers.errors`` or ``watchers.article`` must stay cheap (every package
# and the CLI's start-up need them), so the feed machinery (httpx, feedparser, lxml,
# trafilatura) loads on first use of a name, not when the package is imported.
_HOMES = {
    "Article": "watchers.article",
    "DateSource": "watchers.article",
    "article_identity": "watchers.article",
    "AdapterError": "watchers.errors",
    "ConfigError": "watchers.errors",
    "FeedError": "watchers.errors",
    "RuleError": "watchers.errors",
    "StancewatchError": "watchers.errors",
    "dangerous_markup": "watchers.feeds",
    "fetch_feed": "watchers.feeds",
    "parse_feed_bytes": "watchers.feeds",
    "Fetched": "watchers.fetch",
    "fetch_bytes": "watchers.fetch",
    "read_article_file": "watchers.files",
    "read_article_folder": "watchers.files",
    "PollResult": "watchers.poll",
    "watch_folder": "watchers.folders",
    "PageFetcher": "watchers.pages",
    "complete_text": "watchers.pages",
    "needs_page": "watchers.pages",
    "parse_off_loop": "watchers.parsing",
    "shutdown_parsers": "watchers.parsing",
    "Poller": "watchers.poller",
    "FeedState": "watchers.schedule",
    "read_source": "watchers.sources",
    "clean_text": "watchers.text",
    "guess_title": "watchers.text",
    "html_to_text": "watchers.text",
    "parse_date_line": "watchers.text",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'watchers' has no attribute {name!r}")
    return getattr(import_module(home), name)


__all__ = [
    "AdapterError",
    "Article",
    "ConfigError",
    "DateSource",
    "FeedError",
    "FeedState",
    "Fetched",
    "PageFetcher",
    "PollResult",
    "Poller",
    "RuleError",
    "StancewatchError",
    "article_identity",
    "clean_text",
    "complete_text",
    "dangerous_markup",
    "fetch_bytes",
    "fetch_feed",
    "guess_title",
    "html_to_text",
    "needs_page",
    "parse_date_line",
    "parse_feed_bytes",
    "parse_off_loop",
    "read_article_file",
    "read_article_folder",
    "read_source",
    "shutdown_parsers",
    "watch_folder",
]
