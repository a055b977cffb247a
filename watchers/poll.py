"""PollResult: what reading one source (a feed, a file, a folder) produced."""

from __future__ import annotations

from dataclasses import dataclass

from watchers.article import Article

# Larger feeds and article files are refused: no news document needs 10 MB, and
# the parsers' memory grows with the input.
DEFAULT_MAX_BYTES = 10_000_000


@dataclass(frozen=True)
class PollResult:
    """What one poll of one source produced: articles, and problems in plain words.

    A poll never raises; a feed that is down, a page that is not a feed or an
    unreadable file is a problem here. ``etag`` and ``last_modified`` are the
    validators to send with the next poll; ``not_modified`` is True when the
    server answered 304. ``status`` is the final HTTP status (None for a file, or
    when no response came); ``retry_after`` is how many seconds a server that
    answered 429 or 503 asked us to wait, when it said.
    """

    articles: tuple[Article, ...] = ()
    problems: tuple[str, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    status: int | None = None
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        """True when nothing went wrong (an empty feed is ok)."""
        return not self.problems
