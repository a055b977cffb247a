"""One entry point for "read this": a feed URL, a feed file, an article file or a folder."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Collection
from pathlib import Path

import httpx

from watchers.errors import FeedError
from watchers.feeds import fetch_feed
from watchers.files import HTML_SUFFIXES, read_article_file, read_article_folder, read_file_bytes
from watchers.parsing import DEFAULT_PARSE_TIMEOUT, parse_off_loop
from watchers.poll import DEFAULT_MAX_BYTES, PollResult

FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".rdf"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
# What a feed document opens with, after a BOM, white space and comments.
_FEED_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:\?xml|rss|feed|rdf:RDF)\b", re.DOTALL)


async def read_source(
    location: str,
    *,
    allow_hosts: Collection[str] = (),
    client: httpx.AsyncClient | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = 20.0,
    feed_id: str | None = None,
    parse_timeout: float = DEFAULT_PARSE_TIMEOUT,
) -> PollResult:
    """Read whatever ``location`` names; failures come back as problems.

    An http(s) URL is fetched as a feed; a directory is read as a folder of
    articles; a file ending .xml/.rss/.atom/.rdf, or starting like an XML
    document, is a feed file; any other file is an article. Other URL schemes
    (file://, ftp://) are refused rather than guessed at.

    A feed, fetched or local, is parsed by the same guarded path: at most
    ``max_bytes``, entity declarations refused, and in a worker process of
    watchers.parsing within ``parse_timeout`` seconds.
    """
    scheme = _SCHEME.match(location)
    if scheme is not None:
        if scheme.group(1).lower() in ("http", "https"):
            return await fetch_feed(
                location,
                client=client,
                max_bytes=max_bytes,
                timeout=timeout,
                allow_hosts=allow_hosts,
                feed_id=feed_id,
                parse_timeout=parse_timeout,
            )
        return PollResult(
            problems=(f"{location}: unsupported scheme; give an http(s) URL or a path",)
        )
    path = Path(location)
    read = await asyncio.to_thread(_read_path, path, max_bytes)
    if isinstance(read, PollResult):
        return read
    # A feed file is as untrusted as a fetched feed (anyone may drop one in a watched
    # place), so a thread without a time limit is no place to parse it.
    return await parse_off_loop(read, source=str(path), feed_id=feed_id, timeout=parse_timeout)


def _read_path(path: Path, max_bytes: int) -> PollResult | bytes:
    """What a local path holds: read articles, or the bytes of a feed file still to parse."""
    if path.is_dir():
        return read_article_folder(path, max_bytes=max_bytes)
    if not path.exists():
        return PollResult(problems=(f"{path}: no such file or folder",))
    if _is_feed_file(path):
        try:
            return read_file_bytes(path, max_bytes)
        except FeedError as error:
            return PollResult(problems=(f"{path}: {error}",))
    try:
        return PollResult(articles=(read_article_file(path, max_bytes=max_bytes),))
    except FeedError as error:
        return PollResult(problems=(f"{path}: {error}",))


def _is_feed_file(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix in FEED_SUFFIXES:
        return True
    if suffix in HTML_SUFFIXES or suffix == ".txt":
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError:
        return False  # read_article_file will report it
    return _FEED_START.match(head.removeprefix(b"\xef\xbb\xbf")) is not None
