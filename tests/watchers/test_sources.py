from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from watchers.sources import read_source

RSS = b"""<rss version="2.0"><channel><title>t</title><item>
<guid isPermaLink="false">g-1</guid><title>One</title><description>The envoy said.</description>
</item></channel></rss>"""
TEXT = " date 2020-06-01 The envoy said talks would resume.\n"


@pytest.mark.parametrize(
    "name", ["feed.xml", "feed.rss", "feed.atom", "feed_without_suffix", "feed.dat"]
)
async def test_sources_read_source_feed_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf\n<!-- a comment -->\n" + RSS if "." not in name else RSS)
    result = await read_source(str(path), feed_id="f")
    assert result.problems == ()
    assert [(a.id, a.feed_id) for a in result.articles] == [("g-1", "f")]


@pytest.mark.parametrize("name", ["article.txt", "article", "article.text"])
async def test_sources_read_source_article_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(TEXT, encoding="utf-8")
    result = await read_source(str(path))
    assert result.problems == ()
    assert [a.source for a in result.articles] == [str(path)]


async def test_sources_read_source_folder(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    result = await read_source(str(tmp_path))
    assert len(result.articles) == 1


async def test_sources_read_source_url(http_server: Any) -> None:
    url = http_server.serve("/rss", RSS, content_type="application/rss+xml")
    assert (await read_source(url)).problems  # loopback is refused by default
    result = await read_source(url, allow_hosts={"127.0.0.1"}, feed_id="f")
    assert [a.id for a in result.articles] == ["g-1"]


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("/definitely/not/here.txt", "no such file or folder"),
        ("file:///etc/hostname", "unsupported scheme"),
        ("ftp://example.org/feed", "unsupported scheme"),
    ],
)
async def test_sources_read_source_problems(location: str, expected: str) -> None:
    result = await read_source(location)
    assert result.articles == ()
    assert expected in result.problems[0]


def _many_entries(entries: int) -> bytes:
    """A legitimate feed that keeps feedparser busy well past a tenth of a second."""
    item = (
        "<item><guid>story-{0}</guid><title>Story {0}</title>"
        "<description>The governor said the bridge would reopen, part {0}.</description></item>"
    )
    items = "".join(item.format(number) for number in range(entries))
    return f'<rss version="2.0"><channel><title>Big</title>{items}</channel></rss>'.encode()


async def test_sources_read_source_feed_file_parse_has_a_time_limit(tmp_path: Path) -> None:
    # A local feed file goes to the parser processes like a fetched one: the limit
    # stops the parse, where a thread would have parsed on for seconds.
    path = tmp_path / "big.xml"
    path.write_bytes(_many_entries(20_000))
    result = await read_source(str(path), feed_id="f", parse_timeout=0.1)
    assert result.articles == ()
    assert result.problems == (f"{path}: parsing took longer than 0.1 s",)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY w "word">]>' + RSS,
            "refused before parsing: the document declares XML entities",
        ),
        (RSS + b" " * 200, "file too large"),
    ],
)
async def test_sources_read_source_feed_file_safety_rules(
    tmp_path: Path, body: bytes, expected: str
) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(body)
    result = await read_source(str(path), max_bytes=len(RSS) + 100)
    assert result.articles == ()
    assert expected in result.problems[0]
