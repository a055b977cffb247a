"""The outside world -> Article: feeds over HTTP, feed files, article files and folders.

Everything here that reads a source returns a PollResult and never raises for
a bad source; problems are reported in plain words.
"""

from __future__ import annotations

from watchers.article import Article, DateSource, article_identity
from watchers.errors import (
    AdapterError,
    ConfigError,
    FeedError,
    RuleError,
    StancewatchError,
)
from watchers.feeds import dangerous_markup, fetch_feed, parse_feed_bytes, read_feed_file
from watchers.fetch import Fetched, fetch_bytes
from watchers.files import read_article_file, read_article_folder
from watchers.poll import PollResult
from watchers.sources import read_source
from watchers.text import clean_text, guess_title, html_to_text, parse_date_line

__all__ = [
    "AdapterError",
    "Article",
    "ConfigError",
    "DateSource",
    "FeedError",
    "Fetched",
    "PollResult",
    "RuleError",
    "StancewatchError",
    "article_identity",
    "clean_text",
    "dangerous_markup",
    "fetch_bytes",
    "fetch_feed",
    "guess_title",
    "html_to_text",
    "parse_date_line",
    "parse_feed_bytes",
    "read_article_file",
    "read_article_folder",
    "read_feed_file",
    "read_source",
]
