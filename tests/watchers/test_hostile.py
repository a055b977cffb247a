"""Hostile and broken feeds, each served on 127.0.0.1: what a poll makes of them.

Sizes, redirects and addresses the fetcher refuses, documents the parser is
never given, and documents it reads in spite of their faults. test_feeds.py has
the plainer cases (HTML, JSON, truncated transfers, a plain gzip bomb, loopback).
"""

from __future__ import annotations

import asyncio
import base64
import functools
import gzip
import json
import subprocess
import sys
import zlib
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest

from watchers import addresses
from watchers.feeds import fetch_feed

LOOPBACK = {"127.0.0.1"}
RSS_TYPE = "application/rss+xml"
ONE_ITEM = (
    '<rss version="2.0"><channel><title>Wire</title>'
    '<item><title>Envoy speaks</title><guid isPermaLink="false">g1</guid>'
    "<description>The envoy said talks could start.</description></item></channel></rss>"
)

# --- entity bombs and external entities -------------------------------------------------


def _utf7(text: str) -> bytes:
    """``text`` as UTF-7 with every character base64-encoded: no "<" or "!" byte in it."""
    return b"+" + base64.b64encode(text.encode("utf-16-be")).rstrip(b"=") + b"-"


def _billion_laughs(levels: int = 9) -> str:
    lines = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, levels + 1)
    ]
    subset = "\n".join(lines)
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n{subset}\n]>\n<rss version="2.0"><channel>'
        f"<title>&lol{levels};</title><item><title>&lol{levels};</title></item></channel></rss>"
    )


# 100 KB, referenced 10,000 times in each of two titles: 2 GB once expanded. Each
# declaration on a line of its own, as feedparser's lenient parser wants to expand it.
_QUADRATIC_SUBSET = '<!DOCTYPE rss [\n<!ENTITY a "' + "A" * 100_000 + '">\n]>\n'
_QUADRATIC_BODY = (
    '<rss version="2.0"><channel><title>'
    + "&a;" * 10_000
    + "</title><item><title>"
    + "&a;" * 10_000
    + "</title></item></channel></rss>"
)


def _entity_attacks(server: Any) -> dict[str, tuple[bytes, str]]:
    """Each attack's body and Content-Type."""
    secret = server.url("/secret")
    return {
        "billion laughs": (_billion_laughs().encode(), RSS_TYPE),
        "billion laughs in UTF-16 with a BOM": (_billion_laughs().encode("utf-16"), RSS_TYPE),
        "billion laughs in UTF-16 declared only by the header": (
            _billion_laughs().encode("utf-16-le"),
            "application/xml; charset=utf-16le",
        ),
        "quadratic blowup": (
            ('<?xml version="1.0"?>\n' + _QUADRATIC_SUBSET + _QUADRATIC_BODY).encode(),
            RSS_TYPE,
        ),
        # feedparser accepts any spelling codecs.lookup does; a check that only knew
        # "utf-7" let this one through.
        'quadratic blowup in UTF-7 spelt "utf 7"': (
            b'<?xml version="1.0" encoding="utf 7"?>\n'
            + _utf7(_QUADRATIC_SUBSET)
            + _QUADRATIC_BODY.encode(),
            "application/xml",
        ),
        "parameter entities": (
            b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % p "<!ENTITY e \'x\'>"> %p;]>'
            b'<rss version="2.0"><channel><title>&e;</title></channel></rss>',
            RSS_TYPE,
        ),
        "external entity: a local file": (
            b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b'<rss version="2.0"><channel><item><title>&xxe;</title></item></channel></rss>',
            RSS_TYPE,
        ),
        "external entity: a URL": (
            f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret}">]>'.encode()
            + b'<rss version="2.0"><channel><item><title>&xxe;</title></item></channel></rss>',
            RSS_TYPE,
        ),
    }


# Run in a child process, so its peak memory is the poll's alone. RUSAGE_CHILDREN
# counts the parser processes too, once they are shut down and reaped.
_PROBE = """
import asyncio, json, resource, sys, time
from watchers.feeds import fetch_feed
from watchers.parsing import shutdown_parsers

# A bomb that got through must fail the test, not take the machine down with it.
with open("/proc/self/statm") as statm:
    held = int(statm.read().split()[0]) * resource.getpagesize()
resource.setrlimit(resource.RLIMIT_AS, (held + 2 * 1024**3, resource.RLIM_INFINITY))

def peak(who):
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux

async def main(job):
    allow = set(job["allow"])
    await fetch_feed(job["warm_up"], allow_hosts=allow)
    await shutdown_parsers()
    idle_self, idle_children = peak(resource.RUSAGE_SELF), peak(resource.RUSAGE_CHILDREN)
    report = {}
    for name, url in job["cases"].items():
        started = time.monotonic()
        try:
            async with asyncio.timeout(job["limit"]):
                result = await fetch_feed(url, allow_hosts=allow)
        except TimeoutError:
            report[name] = {"timed_out": True}
            continue
        report[name] = {
            "problems": list(result.problems),
            "articles": len(result.articles),
            "seconds": time.monotonic() - started,
            "extra_mb": peak(resource.RUSAGE_SELF) - idle_self,
        }
    await shutdown_parsers()
    report["parser processes"] = {"extra_mb": peak(resource.RUSAGE_CHILDREN) - idle_children}
    return report

print(json.dumps(asyncio.run(main(json.loads(sys.argv[1])))))
"""


def test_hostile_entity_attacks_are_refused_within_5_s_and_200_mb(http_server: Any) -> None:
    attacks = _entity_attacks(http_server)
    cases = {
        name: http_server.serve(f"/attack/{number}", body, content_type=kind)
        for number, (name, (body, kind)) in enumerate(attacks.items())
    }
    warm_up = http_server.serve("/warm-up", ONE_ITEM, content_type=RSS_TYPE)
    job = {"allow": sorted(LOOPBACK), "warm_up": warm_up, "cases": cases, "limit": 5.0}
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(job)],
        capture_output=True,
        text=True,
        timeout=120,  # a hang guard for the whole child
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert probe.returncode == 0, probe.stderr[-3000:]
    report = json.loads(probe.stdout)
    for name in attacks:
        outcome = report[name]
        assert not outcome.get("timed_out"), f"{name}: the poll took longer than 5 s"
        assert outcome["articles"] == 0, name
        assert len(outcome["problems"]) == 1, (name, outcome)
        assert "refused before parsing" in outcome["problems"][0], (name, outcome)
        assert outcome["extra_mb"] < 200, (name, outcome)
    assert report["parser processes"]["extra_mb"] < 200
    assert http_server.requests_to("/secret") == []


@pytest.mark.parametrize(
    ("doctype", "inside"),
    [
        ('<!DOCTYPE rss SYSTEM "{server}/evil.dtd">', ""),
        ('<!DOCTYPE rss SYSTEM "file:///etc/passwd">', ""),
        ("", '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{server}/evil.dtd"/>'),
        ("", '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd"/>'),
    ],
    ids=["external-dtd-url", "external-dtd-file", "xinclude-url", "xinclude-file"],
)
async def test_hostile_external_references_are_never_followed(
    http_server: Any, doctype: str, inside: str
) -> None:
    """A DOCTYPE naming an outside DTD, or an XInclude, is read as a plain feed: nothing
    it names is fetched or read."""
    base = http_server.base_url
    http_server.serve("/evil.dtd", '<!ENTITY ent "pwned">', content_type="application/xml-dtd")
    feed = (
        f'<?xml version="1.0"?>\n{doctype.format(server=base)}\n<rss version="2.0"><channel>'
        '<item><title>Envoy &ent; speaks</title><guid isPermaLink="false">g1</guid>'
        f"<description>Talks may start, {inside.format(server=base)} the envoy said."
        "</description></item></channel></rss>"
    )
    url = http_server.serve("/rss", feed, content_type=RSS_TYPE)
    result = await fetch_feed(url, allow_hosts=LOOPBACK)
    assert [a.id for a in result.articles] == ["g1"]
    assert "the envoy said" in result.articles[0].text
    assert "pwned" not in (result.articles[0].title or "") + result.articles[0].text
    assert "root:" not in result.articles[0].text
    assert http_server.requests_to("/evil.dtd") == []


# --- bodies over the size cap ----------------------------------------------------------


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


@functools.cache
def _bomb(kind: str) -> bytes:
    """About 30 KB that inflates to 30 MB (built on first use, not at collection)."""
    expanded = b"<rss>" + b" " * 30_000_000 + b"</rss>"
    if kind == "gzip":
        return gzip.compress(expanded)
    if kind == "zlib":
        return zlib.compress(expanded, 9)
    if kind == "raw-deflate":
        return _raw_deflate(expanded)
    if kind == "gzip-members":  # each member under the cap, together five times over it
        return gzip.compress(b" " * 400_000) * 5
    raise AssertionError(kind)


@pytest.mark.parametrize(
    ("encoding", "kind", "chunked"),
    [
        ("gzip", "gzip", True),
        ("deflate", "zlib", False),
        ("deflate", "raw-deflate", True),
        ("gzip", "gzip-members", False),
    ],
    ids=["gzip-bomb-without-length", "deflate-bomb", "raw-deflate-bomb", "gzip-members"],
)
async def test_hostile_compressed_bodies_over_the_cap_are_cut_off(
    http_server: Any, encoding: str, kind: str, chunked: bool
) -> None:
    url = http_server.serve(
        "/bomb",
        _bomb(kind),
        content_type=RSS_TYPE,
        headers={"Content-Encoding": encoding},
        chunked=chunked,
    )
    async with asyncio.timeout(10):  # a hang guard: inflating 30 MB would be slow
        result = await fetch_feed(url, allow_hosts=LOOPBACK, max_bytes=1_000_000)
    assert result.articles == ()
    assert result.problems == (
        f"{url}: body too large: more than 1000000 bytes (after decompression)",
    )


# --- not a feed, truncated, wrongly encoded ---------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b"", RSS_TYPE, "not a feed: the document is empty"),
        (bytes(range(256)) * 40, "application/octet-stream", "not a feed"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png", "not a feed"),
        (b"Feed moved. Please update your reader.\n", "text/plain", "not a feed"),
        (gzip.compress(ONE_ITEM.encode()), RSS_TYPE, "not a feed"),  # gzip, but not said so
    ],
    ids=["empty", "binary", "png", "plain-text", "undeclared-gzip"],
)
async def test_hostile_not_a_feed_is_a_problem(
    http_server: Any, body: bytes, content_type: str, reason: str
) -> None:
    url = http_server.serve("/f", body, content_type=content_type)
    result = await fetch_feed(url, allow_hosts=LOOPBACK)
    assert result.articles == ()
    assert len(result.problems) == 1
    assert result.problems[0].startswith(f"{url}: {reason}")


async def test_hostile_truncated_feed_keeps_its_whole_entries(http_server: Any) -> None:
    second = '<item><title>Second</title><guid isPermaLink="false">g2</guid><description>Cut'

    cut = ONE_ITEM.replace("</channel></rss>", second)
    url = http_server.serve("/cut", cut, content_type=RSS_TYPE)
    result = await fetch_feed(url, allow_hosts=LOOPBACK)
    assert [a.id for a in result.articles][:1] == ["g1"]
    assert len(result.problems) == 1
    assert "not well-formed" in result.problems[0]


def _cafe(declaration: str = "") -> str:
    return (
        f'<?xml version="1.0"{declaration}?>\n<rss version="2.0"><channel><title>Café</title>'
        '<item><title>Café crème</title><guid isPermaLink="false">g1</guid>'
        "<description>Le café est prêt, dit-il.</description></item></channel></rss>"
    )


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (_cafe().encode("cp1252"), "application/rss+xml; charset=utf-8"),
        (_cafe(' encoding="utf-8"').encode("cp1252"), RSS_TYPE),
        (_cafe(' encoding="iso-8859-1"').encode(), RSS_TYPE),
        (_cafe().encode(), "application/xml; charset=iso-8859-1"),
        (_cafe().encode(), "application/xml; charset=utf-16"),
        (_cafe(' encoding="x-no-such-charset"').encode(), RSS_TYPE),
        (_cafe().encode(), "text/xml"),  # text/xml without a charset means US-ASCII
        (b"\xff\xfe" + _cafe(' encoding="utf-8"').encode("utf-16-le"), RSS_TYPE),
        (b"\xff\xfe" + _cafe().encode("utf-16-le"), "application/xml; charset=utf-8"),
        (b"\xef\xbb\xbf" + _cafe(' encoding="utf-16"').encode(), RSS_TYPE),
        (b"\xff\xfe\x00\x00" + _cafe(' encoding="utf-8"').encode("utf-32-le"), RSS_TYPE),
    ],
    ids=[
        "header-utf8-sent-cp1252",
        "declared-utf8-sent-cp1252",
        "declared-latin1-sent-utf8",
        "header-latin1-sent-utf8",
        "header-utf16-sent-utf8",
        "declared-unknown-charset",
        "text-xml-without-charset",
        "utf16-bom-declared-utf8",
        "utf16-bom-header-utf8",
        "utf8-bom-declared-utf16",
        "utf32-bom-declared-utf8",
    ],
)
async def test_hostile_wrong_encodings_are_read_right(
    http_server: Any, body: bytes, content_type: str
) -> None:
    """A charset declared one way and sent another is read as sent, without a problem:
    a feed listed as failing for what every reader copes with would hide real failures."""
    url = http_server.serve("/f", body, content_type=content_type)
    result = await fetch_feed(url, allow_hosts=LOOPBACK)
    assert result.problems == ()
    [article] = result.articles
    assert (article.title, article.text) == ("Café crème", "Le café est prêt, dit-il.")


# --- dates -----------------------------------------------------------------------------


def _dated_feed(*dates: tuple[str | None, str | None]) -> str:
    """An RSS feed whose items carry these (pubDate, Atom-style updated) pairs."""
    items = []
    for number, (published, updated) in enumerate(dates):
        fields = f'<title>Item {number}</title><guid isPermaLink="false">g{number}</guid>'

        fields += "<description>The minister said so.</description>"
        if published:
            fields += f"<pubDate>{published}</pubDate>"
        if updated:
            fields += f"<atom:updated>{updated}</atom:updated>"
        items.append(f"<item>{fields}</item>")
    return (
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>t</title>'
        + "".join(items)
        + "</channel></rss>"
    )


async def test_hostile_dates_in_the_future_are_not_trusted(http_server: Any) -> None:
    now = datetime.now(UTC)
    far = format_datetime(now + timedelta(days=30))
    soon = now + timedelta(hours=10)  # a publisher a few time zones ahead
    past = datetime(2017, 9, 30, 18, 0, tzinfo=UTC)
    feed = _dated_feed(
        (far, None),
        (format_datetime(soon), None),
        (far, past.isoformat()),  # a bad publication date, a good update date
        (None, None),
        (format_datetime(past), None),
    )
    url = http_server.serve("/rss", feed, content_type=RSS_TYPE)
    far_ahead, near, updated, undated, dated = (
        await fetch_feed(url, allow_hosts=LOOPBACK)
    ).articles
    assert far_ahead.fetched_at is not None
    fetch_day = far_ahead.fetched_at.date()
    assert (far_ahead.published, far_ahead.date_source) == (fetch_day, "fetched")
    assert far_ahead.extra["untrusted_date"] == far
    assert (near.published, near.date_source) == (soon.date(), "feed")
    assert (updated.published, updated.date_source) == (date(2017, 9, 30), "feed")
    assert updated.extra["untrusted_date"] == far
    assert (undated.published, undated.date_source) == (fetch_day, "fetched")
    assert (dated.published, dated.date_source) == (date(2017, 9, 30), "feed")
    assert "untrusted_date" not in dated.extra


# --- SSRF: addresses in disguise -------------------------------------------------------


@pytest.fixture
def no_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if a host is looked up: these forms must be read as addresses."""

    async def refuse_lookup(host: str, port: int) -> list[str]:
        raise AssertionError(f"{host} was looked up in DNS")

    monkeypatch.setattr(addresses, "resolve", refuse_lookup)


@pytest.mark.parametrize(
    "host",
    ["2130706433", "0x7f000001", "0x7f.0.0.1", "127.1", "017700000001", "0x7f.0x0.0.01"],
)
async def test_hostile_numeric_spellings_of_loopback_are_refused(
    http_server: Any, no_dns: None, host: str
) -> None:
    """127.0.0.1 is allowed for the test server as written, yet its other spellings
    are read as the loopback address they are, and refused, without a DNS look-up."""
    http_server.serve("/rss", ONE_ITEM, content_type=RSS_TYPE)
    result = await fetch_feed(f"http://{host}:{http_server.port}/rss", allow_hosts=LOOPBACK)
    assert result.articles == ()
    assert "loopback address 127.0.0.1 is not public" in result.problems[0]
    assert http_server.requests == []


@pytest.mark.parametrize("host", ["127.0.0.1.", "localhost.", "LocalHost"])
async def test_hostile_loopback_with_a_final_dot_or_capitals_is_refused_unless_allowed(
    http_server: Any, host: str
) -> None:
    http_server.serve("/rss", ONE_ITEM, content_type=RSS_TYPE)
    result = await fetch_feed(f"http://{host}:{http_server.port}/rss")
    assert result.articles == ()
    assert "loopback" in result.problems[0]
    assert http_server.requests == []


@pytest.mark.parametrize(
    "target",
    [
        "http://2130706433:{port}/rss",
        "http://0x7f000001:{port}/rss",
        "http://[::ffff:7f00:1]:{port}/rss",
        "http://[::127.0.0.1]:{port}/rss",
        "http://[64:ff9b::a00:1]/",  # NAT64 of 10.0.0.1
        "http://[2002:c0a8:101::1]/",  # 6to4 of 192.168.1.1
        "http://[fd00:ec2::254]/",  # unique-local (a cloud metadata service)
        "http://[fe80::1%25eth0]/",
        "http://[ff02::1]/",
        "http://[fec0::1]/",
        "http://240.0.0.1/",
        "http://100.64.0.1/",
        "http://192.0.0.8/",
        "http://0xa9fea9fe/latest/meta-data/",  # 169.254.169.254
    ],
)
async def test_hostile_redirects_to_disguised_private_addresses_are_refused(
    http_server: Any, no_dns: None, target: str
) -> None:
    url = http_server.redirect("/rss", target.format(port=http_server.port))
    result = await fetch_feed(url, allow_hosts=LOOPBACK)
    assert result.articles == ()
    assert "refused to connect" in result.problems[0]
    assert [request.path for request in http_server.requests] == ["/rss"]


@pytest.mark.parametrize(
    "answer",
    [
        "127.0.0.1",
        "10.0.0.1",
        "169.254.169.254",
        "::1",
        "::ffff:127.0.0.1",
        "::127.0.0.1",
        "fd00::1",
        "64:ff9b::a00:1",
        "2002:a9fe:a9fe::1",  # 6to4 of the metadata service
    ],
)
async def test_hostile_a_name_that_resolves_to_a_private_address_is_refused(
    http_server: Any, monkeypatch: pytest.MonkeyPatch, answer: str
) -> None:
    async def resolve(host: str, port: int) -> list[str]:
        return [answer]

    monkeypatch.setattr(addresses, "resolve", resolve)
    http_server.serve("/rss", ONE_ITEM, content_type=RSS_TYPE)
    result = await fetch_feed(f"http://feeds.example:{http_server.port}/rss", allow_hosts=LOOPBACK)
    assert result.articles == ()
    assert result.problems[0].startswith(f"http://feeds.example:{http_server.port}/rss: refused")
    assert http_server.requests == []
