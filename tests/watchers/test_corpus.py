"""All 2,106 documents of feedparser's own test suite through the watchers.

Read from ../shared/feeds/feedparser-fixtures (never copied in): as feed files,
parsed in the worker processes, and served over HTTP on 127.0.0.1 with the
headers each one's leading comment asks for. None may raise (nor hide an
exception as a problem), and each well-formed one whose entries feedparser
itself finds yields an article for every one of them.
"""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import feedparser
import httpx
import pytest

from watchers.feeds import dangerous_markup, fetch_feed
from watchers.parsing import parse_off_loop
from watchers.poll import PollResult
from watchers.sources import read_source

CORPUS_SIZE = 2106
LOOPBACK = {"127.0.0.1"}
# Problems that mean an exception was caught rather than a fault reported.
_SWALLOWED = ("unexpected error", "the feed parser failed", "could not be read", "parser process")


@dataclass(frozen=True)
class Fixture:
    name: str  # relative to the corpus folder
    path: Path
    data: bytes
    headers: dict[str, str]  # as the leading comment asks ("Header: Name: value")

    @property
    def well_formed(self) -> bool:
        return self.name.startswith("wellformed/")


def _asked_headers(data: bytes) -> dict[str, str]:
    head = data[:2048].decode("latin-1")
    found = re.findall(r"^Header:\s*([\w-]+):\s*(.*?)\s*$", head, re.MULTILINE)
    return {name.lower(): value for name, value in found}


@pytest.fixture(scope="module")
def corpus(shared_path: Callable[[str], Path]) -> list[Fixture]:
    root = shared_path("feeds/feedparser-fixtures")
    fixtures = []
    for path in sorted(root.rglob("*.xml")):
        data = path.read_bytes()
        name = path.relative_to(root).as_posix()
        fixtures.append(Fixture(name, path, data, _asked_headers(data)))
    assert len(fixtures) == CORPUS_SIZE
    return fixtures


def _entry_key(entry: Mapping[str, object]) -> tuple[str, ...]:
    """What tells entries apart, by feedparser's reading: the guid, else the link, else
    the title, date and body (two entries alike in all of them are one article)."""
    for field in ("id", "link"):
        if isinstance(value := entry.get(field), str) and value.strip():
            return (value.strip(),)
    content = entry.get("content") or [{}]
    body = content[0].get("value") if isinstance(content, list) else None
    fields = (
        entry.get("title"),
        entry.get("published") or entry.get("updated"),
        body or entry.get("summary"),
    )
    return tuple(" ".join(str(field or "").split()) for field in fields)


def _lost_entries(fixture: Fixture, headers: Mapping[str, str], result: PollResult) -> list[str]:
    """What a well-formed fixture's articles miss of the entries feedparser finds in it:
    an article for each guid or link, and one article for each entry told apart.

    Documents refused before parsing (they declare entities) are exempt: that
    refusal is the point.
    """
    if not fixture.well_formed or dangerous_markup(fixture.data, headers):
        return []
    entries = feedparser.parse(io.BytesIO(fixture.data), response_headers=dict(headers)).entries
    keys = list(dict.fromkeys(_entry_key(entry) for entry in entries))
    identities = {article.id for article in result.articles}
    lost = [
        f"{fixture.name}: {key[0]}" for key in keys if len(key) == 1 and key[0] not in identities
    ]
    if len(result.articles) != len(keys):
        lost.append(f"{fixture.name}: {len(keys)} entries, {len(result.articles)} articles")
    return lost


def _swallowed(fixtures: Sequence[Fixture], results: Sequence[PollResult]) -> list[str]:
    return [
        f"{fixture.name}: {problem}"
        for fixture, result in zip(fixtures, results, strict=True)
        for problem in result.problems
        if any(sign in problem for sign in _SWALLOWED)
    ]


def _check_articles(results: Sequence[PollResult]) -> None:
    for result in results:
        for article in result.articles:
            assert article.id and isinstance(article.text, str)
            assert article.feed_id == "corpus"


async def test_corpus_every_fixture_read_as_a_feed_file(corpus: list[Fixture]) -> None:
    # The bot's own way with a local feed file: read_source, which parses in the workers.
    results = await asyncio.gather(
        *(read_source(str(fixture.path), feed_id="corpus") for fixture in corpus)
    )
    _check_articles(results)
    assert _swallowed(corpus, results) == []
    lost = [
        entry
        for fixture, result in zip(corpus, results, strict=True)
        for entry in _lost_entries(fixture, {}, result)
    ]
    assert lost == []
    assert sum(len(result.articles) for result in results) > 1000


async def test_corpus_every_fixture_parsed_off_the_loop(corpus: list[Fixture]) -> None:
    results = await asyncio.gather(
        *(
            parse_off_loop(
                fixture.data, source=fixture.name, feed_id="corpus", headers=fixture.headers
            )
            for fixture in corpus
        )
    )
    _check_articles(results)
    assert _swallowed(corpus, results) == []
    lost = [
        entry
        for fixture, result in zip(corpus, results, strict=True)
        for entry in _lost_entries(fixture, fixture.headers, result)
    ]
    assert lost == []


async def test_corpus_every_fixture_fetched_over_http(
    corpus: list[Fixture], http_server: Any
) -> None:
    urls: list[str] = []
    handed: list[dict[str, str]] = []  # the headers fetch_feed gives feedparser
    for number, fixture in enumerate(corpus):
        # A fixture that asks for no Content-Type gets XML's, as a feed server would send.
        headers = {"content-type": "application/xml", **fixture.headers}
        urls.append(http_server.serve(f"/{number}.xml", fixture.data, headers=headers))
        # Relative links resolve against the feed's own URL unless the server names another.
        handed.append({"content-location": urls[-1], **headers})
    # 16 at a time: the loopback server shares this process, and more only queue for the
    # GIL. The semaphore, not the client's pool, makes them wait: the fetch timeout
    # would count the wait for a pooled connection.
    turns = asyncio.Semaphore(16)

    async def fetch(url: str, client: httpx.AsyncClient) -> PollResult:
        async with turns:
            return await fetch_feed(url, client=client, allow_hosts=LOOPBACK, feed_id="corpus")

    async with httpx.AsyncClient(trust_env=False) as client:
        results = await asyncio.gather(*(fetch(url, client) for url in urls))
    transport = ("HTTP", "connect", "timed out", "too large")
    assert [p for r in results for p in r.problems if any(t in p for t in transport)] == []
    _check_articles(results)
    assert _swallowed(corpus, results) == []
    lost = [
        entry
        for fixture, headers, result in zip(corpus, handed, results, strict=True)
        for entry in _lost_entries(fixture, headers, result)
    ]
    assert lost == []
