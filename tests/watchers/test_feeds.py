from __future__ import annotations

import gzip
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from watchers.article import article_identity
from watchers.feeds import dangerous_markup, fetch_feed, parse_feed_bytes
from watchers.sources import read_source

LOOPBACK = {"127.0.0.1"}
RSS_TYPE = "application/rss+xml"

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example wire</title><link>https://news.example/</link>
<item>
  <title>Envoy hints at talks</title>
  <link>https://news.example/envoy-talks</link>
  <guid isPermaLink="false">wire-0001</guid>
  <pubDate>Sat, 30 Sep 2017 18:00:00 +0000</pubDate>
  <description>Short summary of the story.</description>
  <content:encoded><![CDATA[<p>The envoy said on Saturday that &quot;channels are open&quot;.</p>
    <p>Officials declined to comment.</p><p>Photo caption without a full stop</p>]]>
  </content:encoded>
</item>
<item>
  <title>Second story</title>
  <link>https://news.example/second</link>
  <pubDate>Mon, 02 Oct 2017 23:30:00 -0400</pubDate>
  <description>&lt;p&gt;The minister said the offer stands.&lt;/p&gt;</description>
</item>
<item>
  <title>Undated story</title>
  <description>Nobody dated this one, a spokesman said.</description>
</item>
</channel></rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Atom</title><id>urn:example:feed</id><updated>2017-12-14T10:00:00Z</updated>
  <entry>
    <title type="html">Talks &lt;em&gt;must wait&lt;/em&gt;</title>
    <id>urn:example:entry:1</id>
    <link rel="alternate" href="https://atom.example/1"/>
    <updated>2017-12-14T09:00:00Z</updated>
    <published>2017-12-13T21:00:00-05:00</published>
    <summary>A summary that content should replace.</summary>
    <content type="html">&lt;p&gt;The spokeswoman said talks must wait.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Only updated</title>
    <id>urn:example:entry:2</id>
    <updated>2017-12-15T08:00:00Z</updated>
    <content type="text">Plain text content, she said.</content>
  </entry>
</feed>
"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><title>&lol4;</title><item><title>&lol4;</title></item></channel></rss>
"""


# --- parse_feed_bytes: the pure part ----------------------------------------------------


def test_feeds_parse_rss_entries_dates_and_identities() -> None:
    result = parse_feed_bytes(RSS, source="https://news.example/rss", feed_id="wire")
    assert result.problems == ()
    first, second, undated = result.articles
    assert first.id == "wire-0001"  # the guid
    assert second.id == "https://news.example/second"  # no guid: the link
    assert undated.id == article_identity(None, None, "Undated story", None)  # a hash
    assert (first.published, first.date_source) == (date(2017, 9, 30), "feed")
    # The publisher's calendar day, not the UTC one (03:30 UTC on 3 October).
    assert second.published == date(2017, 10, 2)
    assert (undated.published, undated.date_source) == (None, "unknown")
    assert {a.source for a in result.articles} == {"https://news.example/rss"}
    assert {a.feed_id for a in result.articles} == {"wire"}
    assert (first.title, first.url) == ("Envoy hints at talks", "https://news.example/envoy-talks")


def test_feeds_parse_rss_text_prefers_content_and_is_cleaned() -> None:
    first, second, _ = parse_feed_bytes(RSS, source="s", feed_id=None).articles
    assert 'The envoy said on Saturday that "channels are open".' in first.text
    assert "Officials declined to comment." in first.text
    assert "Short summary" not in first.text  # content:encoded wins over description
    assert "Envoy hints" not in first.text  # the title is not part of the text
    assert "Photo caption" not in first.text  # furniture blanked
    assert "\n\n" in first.text
    assert second.text == "The minister said the offer stands."


def test_feeds_parse_atom_entries() -> None:
    result = parse_feed_bytes(ATOM, source="https://atom.example/feed", feed_id="atom")
    assert result.problems == ()
    first, second = result.articles
    assert first.id == "urn:example:entry:1"
    assert first.title == "Talks must wait"
    assert first.url == "https://atom.example/1"
    assert first.published == date(2017, 12, 13)  # published beats updated
    assert first.text == "The spokeswoman said talks must wait."
    assert second.published == date(2017, 12, 15)  # updated when there is no published
    assert second.text == "Plain text content, she said."


def test_feeds_parse_keeps_entries_of_a_broken_feed_and_notes_it() -> None:
    broken = RSS.replace(b"</channel></rss>", b"<item><title>Unclosed & bad</title>")
    result = parse_feed_bytes(broken, source="s", feed_id=None)
    assert len(result.articles) >= 3
    assert len(result.problems) == 1
    assert "not well-formed" in result.problems[0]


def test_feeds_parse_drops_repeated_entries() -> None:
    doubled = RSS.replace(
        b"</channel>", RSS[RSS.index(b"<item>") : RSS.index(b"</item>") + 7] + b"</channel>"
    )
    assert len(parse_feed_bytes(doubled, source="s", feed_id=None).articles) == 3


def test_feeds_parse_empty_feed_is_fine() -> None:
    result = parse_feed_bytes(
        b'<rss version="2.0"><channel><title>t</title></channel></rss>', source="s"
    )
    assert (result.articles, result.problems) == ((), ())


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty"),
        (b"<!DOCTYPE html><html><body><p>Welcome</p></body></html>", "HTML page"),
        (b'{"items": [{"title": "json"}]}', "JSON"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel><title>cut', "not well-formed"),
        (b"<?xml version='1.0'?><note><to>x</to></note>", "not a feed"),
        (b"\x00\xff\xfe binary junk \x00", "not a feed"),
    ],
)
def test_feeds_parse_non_feeds_are_problems(body: bytes, reason: str) -> None:
    result = parse_feed_bytes(body, source="https://x.example/f", feed_id=None)
    assert result.articles == ()
    assert len(result.problems) == 1
    assert reason in result.problems[0]
    assert result.problems[0].startswith("https://x.example/f: ")


@pytest.mark.parametrize(
    "body",
    [
        BILLION_LAUGHS,
        BILLION_LAUGHS.replace(b"<!ENTITY", b"<!entity"),
        b'<?xml version="1.0"?><!DOCTYPE rss [ <!ATTLIST rss x CDATA "y"> ]><rss/>',
        b'<?xml version="1.0" encoding="utf-16"?>'.decode().encode("utf-16")
        + BILLION_LAUGHS.split(b"?>", 1)[1].decode().encode("utf-16-le"),
        BILLION_LAUGHS.decode().encode("utf-16-be"),
        BILLION_LAUGHS.decode().encode("cp037"),
        BILLION_LAUGHS.decode().encode("utf-32"),
        # UTF-7 and unicode_escape spell "<" without the byte "<"; feedparser honours both.
        b'<?xml version="1.0" encoding="utf-7"?>+ADwAIQ-ENTITY lol "lol">',
        b'<?xml version="1.0" encoding="unicode_escape"?>\\x3c!ENTITY lol "lol">',
        # Any spelling codecs.lookup accepts is honoured by feedparser.
        b'<?xml version="1.0" encoding="UTF 7"?>+ADwAIQ-ENTITY lol "lol">',
    ],
    ids=[
        "ascii",
        "lower-case",
        "internal-subset",
        "utf-16-bom",
        "utf-16-be",
        "ebcdic",
        "utf-32",
        "utf-7",
        "unicode-escape",
        "utf-7-spelt-with-a-space",
    ],
)
def test_feeds_parse_refuses_entity_declarations_before_parsing(body: bytes) -> None:
    started = time.monotonic()
    result = parse_feed_bytes(body, source="s", feed_id=None)
    assert time.monotonic() - started < 2.0
    assert result.articles == ()
    assert "refused before parsing" in result.problems[0]


def test_feeds_dangerous_markup_allows_plain_doctypes() -> None:
    plain = b'<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x.dtd">' + RSS
    assert dangerous_markup(plain) is None


def test_feeds_parse_never_reads_a_path_given_as_bytes(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_bytes(RSS)
    result = parse_feed_bytes(str(secret).encode(), source="s", feed_id=None)
    assert result.articles == ()


# --- fetch_feed over loopback ----------------------------------------------------------


async def test_feeds_fetch_rss_over_http(http_server: Any) -> None:
    url = http_server.serve(
        "/rss",
        RSS,
        content_type=RSS_TYPE,
        headers={"ETag": '"abc"', "Last-Modified": "Mon, 02 Oct 2017 10:00:00 GMT"},
    )
    result = await fetch_feed(url, allow_hosts=LOOPBACK, feed_id="wire")
    assert result.problems == ()
    assert [a.id for a in result.articles][:2] == ["wire-0001", "https://news.example/second"]
    assert all(a.source == url and a.feed_id == "wire" for a in result.articles)
    assert all(a.fetched_at is not None for a in result.articles)
    assert (result.etag, result.last_modified) == ('"abc"', "Mon, 02 Oct 2017 10:00:00 GMT")


async def test_feeds_fetch_atom_over_http(http_server: Any) -> None:
    url = http_server.serve("/atom", ATOM, content_type="application/atom+xml; charset=utf-8")
    result = await fetch_feed(url, allow_hosts=LOOPBACK)
    assert result.ok
    assert [a.published for a in result.articles] == [date(2017, 12, 13), date(2017, 12, 15)]


async def test_feeds_fetch_sends_validators_and_understands_304(http_server: Any) -> None:
    url = http_server.serve("/rss", status=304)
    result = await fetch_feed(
        url, allow_hosts=LOOPBACK, etag='"abc"', last_modified="Mon, 02 Oct 2017 10:00:00 GMT"
    )
    assert (result.not_modified, result.ok, result.articles) == (True, True, ())
    assert result.etag == '"abc"'
    sent = http_server.requests_to("/rss")[0].headers
    assert sent["if-none-match"] == '"abc"'
    assert sent["if-modified-since"] == "Mon, 02 Oct 2017 10:00:00 GMT"


async def test_feeds_fetch_reads_gzip_bodies(http_server: Any) -> None:
    url = http_server.serve(
        "/gz", gzip.compress(RSS), content_type=RSS_TYPE, headers={"Content-Encoding": "gzip"}
    )
    result = await fetch_feed(url, allow_hosts=LOOPBACK)
    assert result.ok and len(result.articles) == 3


async def test_feeds_fetch_resolves_relative_links_against_the_feed(http_server: Any) -> None:
    relative = RSS.replace(b"https://news.example/envoy-talks", b"/stories/1")
    url = http_server.serve("/rss", relative, content_type=RSS_TYPE)
    result = await fetch_feed(url, allow_hosts=LOOPBACK)
    assert result.articles[0].url == http_server.url("/stories/1")


def _serve_problem(server: Any, case: str) -> str:
    """Set up one broken source and return its URL."""
    if case == "404":
        return server.url("/missing")
    if case == "500":
        return server.serve("/f", b"oops", status=500)
    if case == "html":
        return server.serve(
            "/f", b"<!doctype html><html><body><h1>Hi</h1></body></html>", content_type="text/html"
        )
    if case == "json":
        return server.serve(
            "/f", b'{"version": "https://jsonfeed.org/version/1"}', content_type="application/json"
        )
    if case == "truncated-xml":
        return server.serve("/f", RSS[: RSS.index(b"<item>") + 20], content_type=RSS_TYPE)
    if case == "truncated-transfer":
        return server.serve(
            "/f", RSS[:100], content_type=RSS_TYPE, headers={"Content-Length": str(len(RSS))}
        )
    if case == "bomb":
        return server.serve("/f", BILLION_LAUGHS, content_type=RSS_TYPE)
    raise AssertionError(case)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("404", "HTTP 404"),
        ("500", "HTTP 500"),
        ("html", "HTML page"),
        ("json", "JSON"),
        ("truncated-xml", "not well-formed"),
        ("truncated-transfer", "broke the HTTP exchange"),
        ("bomb", "refused before parsing"),
    ],
)
async def test_feeds_fetch_problems_never_raise(http_server: Any, case: str, expected: str) -> None:
    url = _serve_problem(http_server, case)
    started = time.monotonic()
    result = await fetch_feed(url, allow_hosts=LOOPBACK)
    assert time.monotonic() - started < 5
    assert result.articles == ()
    assert len(result.problems) == 1, result.problems
    assert expected in result.problems[0]
    assert result.problems[0].startswith(url)


async def test_feeds_fetch_connection_refused_is_a_problem(closed_port: int) -> None:
    result = await fetch_feed(f"http://127.0.0.1:{closed_port}/feed", allow_hosts=LOOPBACK)
    assert result.articles == ()
    assert "cannot connect" in result.problems[0]


@pytest.mark.parametrize("chunked", [True, False], ids=["streamed", "declared-length"])
async def test_feeds_fetch_cuts_off_a_body_over_max_bytes(http_server: Any, chunked: bool) -> None:
    big = RSS.replace(b"Short summary", b"padding " * 20_000)
    url = http_server.serve("/big", big, content_type=RSS_TYPE, chunked=chunked)
    result = await fetch_feed(url, allow_hosts=LOOPBACK, max_bytes=50_000)
    assert result.articles == ()
    assert "too large" in result.problems[0]


async def test_feeds_fetch_stops_a_gzip_bomb(http_server: Any) -> None:
    bomb = gzip.compress(b"<rss>" + b" " * 30_000_000)  # about 30 KB compressed
    url = http_server.serve(
        "/bomb", bomb, content_type=RSS_TYPE, headers={"Content-Encoding": "gzip"}
    )
    started = time.monotonic()
    result = await fetch_feed(url, allow_hosts=LOOPBACK, max_bytes=1_000_000)
    assert time.monotonic() - started < 10  # bounded work, not 30 MB of inflating
    assert "too large" in result.problems[0]
    assert "after decompression" in result.problems[0]


async def test_feeds_fetch_times_out_as_a_problem(http_server: Any) -> None:
    url = http_server.serve("/slow", RSS, delay=10.0)
    result = await fetch_feed(url, allow_hosts=LOOPBACK, timeout=0.3)
    assert "timed out" in result.problems[0]


# --- SSRF ------------------------------------------------------------------------------


async def test_feeds_fetch_refuses_loopback_unless_allowed(http_server: Any) -> None:
    url = http_server.serve("/rss", RSS, content_type=RSS_TYPE)
    refused = await fetch_feed(url)
    assert refused.articles == ()
    assert "loopback" in refused.problems[0]
    assert http_server.requests == []  # refused before connecting
    allowed = await fetch_feed(url, allow_hosts=LOOPBACK)
    assert len(allowed.articles) == 3


@pytest.mark.parametrize(
    "host",
    ["[::ffff:127.0.0.1]", "[::127.0.0.1]", "localhost", "[::1]", "0.0.0.0", "169.254.169.254"],
)
async def test_feeds_fetch_refuses_disguised_local_addresses(http_server: Any, host: str) -> None:
    http_server.serve("/rss", RSS, content_type=RSS_TYPE)
    result = await fetch_feed(f"http://{host}:{http_server.port}/rss", allow_hosts=LOOPBACK)
    assert result.articles == ()
    assert "refused" in result.problems[0]
    assert http_server.requests == []


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/feed",
        "http://[::ffff:10.0.0.1]/",
        "file:///etc/passwd",
    ],
)
async def test_feeds_fetch_refuses_a_redirect_to_a_disallowed_host(
    http_server: Any, target: str
) -> None:
    url = http_server.redirect("/rss", target)
    result = await fetch_feed(url, allow_hosts=LOOPBACK)
    assert result.articles == ()
    assert "refused" in result.problems[0]


# --- feed files ------------------------------------------------------------------------


async def test_feeds_read_feed_file(tmp_path: Path) -> None:
    path = tmp_path / "wire.xml"
    path.write_bytes(RSS)
    result = await read_source(str(path), feed_id="wire")
    assert result.ok
    assert [a.feed_id for a in result.articles] == ["wire"] * 3
    assert result.articles[0].source == str(path)


async def test_feeds_read_feed_file_problems(tmp_path: Path) -> None:
    absent = await read_source(str(tmp_path / "absent.xml"))
    assert "no such file" in absent.problems[0]
    big = tmp_path / "big.xml"
    big.write_bytes(RSS)
    assert "too large" in (await read_source(str(big), max_bytes=100)).problems[0]
