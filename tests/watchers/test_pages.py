from __future__ import annotations

import asyncio
import gzip
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from watchers import pages
from watchers.article import Article
from watchers.feeds import fetch_feed
from watchers.pages import FullTextMode, PageFetcher, complete_text, is_summary, needs_page

LOOPBACK = ("127.0.0.1",)
FETCH_DAY = datetime(2024, 5, 6, 12, 30, tzinfo=UTC)

# A fictional report, in our own words.
STORY = [
    "The transport minister, Mara Quell, said on Tuesday that the government would now "
    "support the expansion of the northern harbour, reversing the opposition she voiced "
    "last spring.",
    '"We have looked again at the figures and the case is now clear," Quell told reporters '
    'outside the assembly. "The harbour will bring work to a coast that has waited too long.',
    '"I was wrong to oppose it, and I say so plainly," she added.',
    "The opposition spokesman, Tobias Wren, called the change of heart a cynical move ahead "
    "of the by-election and said his party would keep fighting the plan in committee.",
    "Dock workers' unions welcomed the announcement but asked for written guarantees on local "
    "hiring before construction begins next year, and for a say in how the site is run.",
]
SUMMARY = "The transport minister said the government would back the harbour expansion …"
# Page furniture a reader of the article never wants quoted back.
FURNITURE = [
    "We use cookies",
    "Accept all",
    "Politics",
    "Share on Facebook",
    "Harbour plan: what we know so far",
    "Disgraceful, says one thing then another",
    "All rights reserved",
    "Sign up for our newsletter",
]


def article_page(paragraphs: list[str] = STORY, *, head: str = "", byline: str = "") -> str:
    """A news page around ``paragraphs`` with the furniture real pages carry."""
    body = "\n".join(f"<p>{text}</p>" for text in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Minister now backs harbour expansion | The Coastal Ledger</title>
{head}
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to give you the best experience
on our website. By continuing you agree to our use of cookies.</p>
<button>Accept all</button><button>Manage settings</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article>
<h1>Minister now backs harbour expansion</h1>
<div class="byline">By Ines Marr, Political Correspondent {byline}</div>
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a>
<a href="#">Email this article</a></div>
{body}
</article>
<aside class="related"><h3>Related stories</h3><ul>
<li><a href="/a">Harbour plan: what we know so far</a></li>
<li><a href="/b">Unions demand local jobs pledge</a></li></ul></aside>
<section id="comments" class="comments"><h3>Comments (2)</h3>
<div class="comment"><p>Disgraceful, says one thing then another.</p></div>
<div class="comment"><p>Finally some sense from this government!</p></div></section>
<div class="newsletter"><p>Sign up for our newsletter to get the day's top stories.</p></div>
</main>
<footer><p>© 2024 The Coastal Ledger. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body></html>"""


def rss(items: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>The Coastal Ledger</title><link>https://ledger.example/</link>"
        f"{''.join(items)}</channel></rss>"
    )


def rss_item(link: str, *, summary: str = "", full: str = "", dated: bool = True) -> str:
    parts = [f"<item><title>Minister now backs harbour expansion</title><link>{link}</link>"]
    parts.append(f"<guid>{link}</guid>")
    if dated:
        parts.append("<pubDate>Tue, 02 Apr 2024 08:00:00 +0000</pubDate>")
    if summary:
        parts.append(f"<description>{summary}</description>")
    if full:
        parts.append(f"<content:encoded><![CDATA[{full}]]></content:encoded>")
    parts.append("</item>")
    return "".join(parts)


def summary_article(url: str, *, text: str = SUMMARY, **changes: Any) -> Article:
    return Article(
        id=f"id:{url}", source="https://ledger.example/rss", text=text, url=url, **changes
    )


def fetcher(**options: Any) -> PageFetcher:
    options.setdefault("allow_hosts", LOOPBACK)
    options.setdefault("delay", 0.0)
    options.setdefault("now", lambda: FETCH_DAY)
    return PageFetcher(**options)


async def complete_one(
    article: Article, mode: FullTextMode = "auto", **options: Any
) -> tuple[Article, list[str]]:
    async with fetcher(**options) as page_fetcher:
        done, problems = await complete_text([article], mode=mode, fetcher=page_fetcher)
    assert len(done) == 1
    return done[0], problems


@dataclass
class FakeClock:
    """Monotonic time that moves only when the fetcher sleeps; sleepers overlap as in real time."""

    now: float = 0.0
    slept: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        wake = self.now + seconds
        await asyncio.sleep(0)
        self.now = max(self.now, wake)


# --- when a page is needed ---------------------------------------------------------------

LONG_TEXT = " ".join(STORY * 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SUMMARY, True),
        ("", True),
        ("One short sentence from the feed.", True),
        (LONG_TEXT, False),
        (LONG_TEXT + " […]", True),
        (LONG_TEXT + " [...]", True),
        (LONG_TEXT[:-1] + "...", True),
        (LONG_TEXT + "\n\nRead more", True),
        (LONG_TEXT + " Continue reading →", True),
        (LONG_TEXT + " Read the full story at the Ledger", True),
        (LONG_TEXT + " More »", True),
        (LONG_TEXT + "\n\nThe post Minister backs harbour appeared first on The Ledger.", False),
        (SUMMARY + "\n\nThe post Minister backs harbour appeared first on The Ledger.", True),
    ],
)
def test_pages_is_summary_recognises_cut_feed_text(text: str, expected: bool) -> None:
    assert is_summary(text) is expected


@pytest.mark.parametrize(
    ("mode", "text", "url", "expected"),
    [
        ("auto", SUMMARY, "https://ledger.example/a", True),
        ("auto", LONG_TEXT, "https://ledger.example/a", False),
        ("always", LONG_TEXT, "http://ledger.example/a", True),
        ("never", SUMMARY, "https://ledger.example/a", False),
        ("always", SUMMARY, None, False),
        ("always", SUMMARY, "ftp://ledger.example/a", False),
        ("auto", SUMMARY, "file:///etc/passwd", False),
        ("auto", SUMMARY, "/local/article.html", False),
    ],
)
def test_pages_needs_page_follows_the_feed_mode(
    mode: FullTextMode, text: str, url: str | None, expected: bool
) -> None:
    article = Article(id="a", source="feed", text=text, url=url)
    assert needs_page(article, mode) is expected


# --- text ------------------------------------------------------------------------------------


async def test_pages_summary_entry_gets_the_page_text_without_furniture(http_server: Any) -> None:
    page_url = http_server.serve("/news/harbour", article_page(), content_type="text/html")
    feed_url = http_server.serve("/rss", rss([rss_item(page_url, summary=SUMMARY)]))
    polled = await fetch_feed(feed_url, allow_hosts=LOOPBACK)
    (from_feed,) = polled.articles

    async with fetcher() as page_fetcher:
        (article,), problems = await complete_text(
            polled.articles, mode="auto", fetcher=page_fetcher
        )

    assert problems == []
    assert (article.id, article.url, article.title) == (
        from_feed.id,
        page_url,
        from_feed.title,
    )
    paragraphs = [" ".join(p.split()) for p in article.text.split("\n\n") if p.strip()]
    assert paragraphs == STORY  # every paragraph, in order, each its own
    assert not [text for text in FURNITURE if text in article.text]
    assert article.extra["page_url"] == page_url
    assert (article.published, article.date_source) == (date(2024, 4, 2), "feed")
    assert (
        http_server.requests_to("/news/harbour")[0].headers["user-agent"].startswith("stancewatch/")
    )


async def test_pages_full_text_entry_is_not_fetched_in_auto_mode(http_server: Any) -> None:
    page_url = http_server.serve("/news/harbour", article_page(), content_type="text/html")
    full = "".join(f"<p>{text}</p>" for text in STORY * 2)
    feed_url = http_server.serve("/rss", rss([rss_item(page_url, full=full)]))
    polled = await fetch_feed(feed_url, allow_hosts=LOOPBACK)

    async with fetcher() as page_fetcher:
        done, problems = await complete_text(polled.articles, mode="auto", fetcher=page_fetcher)

    assert (done, problems) == (list(polled.articles), [])
    assert http_server.requests_to("/news/harbour") == []


@pytest.mark.parametrize(
    ("mode", "feed_text", "fetched"),
    [
        ("never", SUMMARY, False),
        ("always", "\n\n".join(STORY), True),
        ("auto", SUMMARY, True),
    ],
)
async def test_pages_modes_decide_whether_the_page_is_fetched(
    http_server: Any, mode: FullTextMode, feed_text: str, fetched: bool
) -> None:
    page_url = http_server.serve("/news/harbour", article_page(), content_type="text/html")
    article = summary_article(page_url, text=feed_text)

    done, problems = await complete_one(article, mode)

    assert problems == []
    assert len(http_server.requests_to("/news/harbour")) == (1 if fetched else 0)
    assert ("page_url" in done.extra) is fetched
    assert (done.text == article.text) is not fetched


async def test_pages_keep_articles_in_order_and_report_only_the_failures(
    http_server: Any, closed_port: int
) -> None:
    good = http_server.serve("/good", article_page(), content_type="text/html")
    missing = http_server.url("/gone")
    down = f"http://127.0.0.1:{closed_port}/story"
    articles = [
        summary_article(missing),
        summary_article(good),
        summary_article(down),
        Article(id="local", source="folder", text=SUMMARY),
    ]

    async with fetcher() as page_fetcher:
        done, problems = await complete_text(articles, mode="auto", fetcher=page_fetcher)

    assert [article.id for article in done] == [article.id for article in articles]
    assert [article.text == SUMMARY for article in done] == [True, False, True, True]
    assert len(problems) == 2
    assert problems[0] == f"{missing}: kept the feed's text: HTTP 404 Not Found"
    assert problems[1].startswith(f"{down}: kept the feed's text: ")
    assert "cannot connect" in problems[1]


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        (
            "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
            "no article text found on the page",
        ),
        (article_page(STORY[:1]), "the page has less text than the feed"),
    ],
)
async def test_pages_keep_the_feed_text_when_the_page_has_no_better(
    http_server: Any, page: str, reason: str
) -> None:
    url = http_server.serve("/news/harbour", page, content_type="text/html")
    article = summary_article(url, text=" ".join(STORY[1:]))

    done, problems = await complete_one(article, "always")

    assert done == article
    assert len(problems) == 1 and reason in problems[0]


ACCENTED = "Qu\u00e9ll\u2019s caf\u00e9 pledge"


@pytest.mark.parametrize(
    ("content_type", "meta_charset", "encoding"),
    [
        ("text/html; charset=windows-1252", "utf-8", "cp1252"),  # the header wins
        ("text/html", "windows-1252", "cp1252"),
        ("text/html; charset=utf-8", "utf-8", "utf-8"),
        ("text/html; charset=no-such-codec", "utf-8", "utf-8"),
    ],
)
async def test_pages_decode_the_page_by_its_declared_charset(
    http_server: Any, content_type: str, meta_charset: str, encoding: str
) -> None:
    story = [f"{STORY[0][:-1]}, in what aides called {ACCENTED}.", *STORY[1:]]
    html = article_page(story).replace('<meta charset="utf-8">', f'<meta charset="{meta_charset}">')
    url = http_server.serve("/news/harbour", html.encode(encoding), content_type=content_type)

    done, problems = await complete_one(summary_article(url))

    assert problems == []
    assert ACCENTED in done.text


# --- safety ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "location",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.7/news/harbour",
        "http://[::ffff:127.0.0.1]:{port}/internal",
        "http://localhost:{port}/internal",
    ],
)
async def test_pages_refuse_a_redirect_to_a_non_public_address(
    http_server: Any, location: str
) -> None:
    http_server.serve("/internal", article_page(), content_type="text/html")
    url = http_server.redirect("/news/harbour", location.format(port=http_server.port))
    article = summary_article(url)

    done, problems = await complete_one(article)

    assert done == article
    assert len(problems) == 1 and "refused to connect" in problems[0]
    assert http_server.requests_to("/internal") == []


def _gzip_bomb() -> bytes:
    return gzip.compress(b"<p>" + b" " * 30_000_000 + b"</p>")


@pytest.mark.parametrize(
    ("body", "headers", "chunked"),
    [
        (article_page() + " " * 50_000, {}, False),
        (article_page() + " " * 50_000, {}, True),
        (_gzip_bomb(), {"Content-Encoding": "gzip"}, True),
    ],
    ids=["declared", "chunked", "gzip-bomb"],
)
async def test_pages_refuse_an_oversized_page(
    http_server: Any, body: bytes | str, headers: dict[str, str], chunked: bool
) -> None:
    url = http_server.serve(
        "/news/harbour", body, headers={"Content-Type": "text/html", **headers}, chunked=chunked
    )
    article = summary_article(url)

    done, problems = await complete_one(article, max_bytes=20_000)

    assert done == article
    assert len(problems) == 1 and "too large" in problems[0]


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n"),
        ("text/html", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n"),
        ("application/octet-stream", bytes(range(256)) * 40),
        ("text/html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40),
        ("image/jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
        ("application/json", b'{"headline": "Minister now backs harbour expansion"}'),
        (None, b"Just some words, no markup at all."),
    ],
)
async def test_pages_refuse_what_is_not_a_web_page(
    http_server: Any, content_type: str | None, body: bytes
) -> None:
    url = http_server.serve("/news/harbour", body, content_type=content_type)
    article = summary_article(url)

    done, problems = await complete_one(article)

    assert done == article
    assert len(problems) == 1 and "not a web page" in problems[0]


async def test_pages_never_follow_a_page_body_that_is_only_a_url(http_server: Any) -> None:
    # htmldate downloads any string that looks like a URL: page bodies must never reach it raw.
    secret = http_server.serve("/secret", article_page(), content_type="text/html")
    url = http_server.serve("/news/harbour", secret, content_type="text/html")

    done, problems = await complete_one(summary_article(url))

    assert http_server.requests_to("/secret") == []
    assert done.text == SUMMARY
    assert len(problems) == 1 and "no article text" in problems[0]


async def test_pages_give_up_on_a_page_that_takes_too_long_to_read(
    http_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real_read_page = pages.read_page

    def stuck_read_page(*args: Any) -> pages.Page:
        release.wait(timeout=10)  # stands in for an extractor stuck on a pathological page
        return real_read_page(*args)

    monkeypatch.setattr(pages, "read_page", stuck_read_page)
    url = http_server.serve("/news/harbour", article_page(), content_type="text/html")
    article = summary_article(url)
    try:
        done, problems = await complete_one(article, parse_timeout=0.2)
    finally:
        release.set()

    assert done == article
    assert len(problems) == 1 and "took longer than 0.2 s" in problems[0]


# --- politeness ------------------------------------------------------------------------------


@dataclass
class HostLog:
    """What a host saw: when (on the fake clock) each request came, and how many at once."""

    clock: FakeClock
    arrivals: list[tuple[str, float]] = field(default_factory=list)
    busy: int = 0
    most_busy: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def handler(self, reply: Any, hold: float = 0.05) -> Callable[[Any], Any]:
        def handle(request: Any) -> Any:
            with self.lock:
                self.arrivals.append((request.path, self.clock.now))
                self.busy += 1
                self.most_busy = max(self.most_busy, self.busy)
            try:
                # Held briefly so that a second request sent alongside would be seen.
                threading.Event().wait(hold)
                return reply
            finally:
                with self.lock:
                    self.busy -= 1

        return handle


def _serve_pages(
    http_server: Any, log: HostLog, count: int, robots: str | None = None
) -> list[str]:
    page = http_server.Reply(article_page(), headers={"Content-Type": "text/html"})
    urls = [http_server.handle(f"/news/{n}", log.handler(page)) for n in range(count)]
    if robots is None:
        http_server.handle("/robots.txt", log.handler(http_server.Reply("", status=404)))
    else:
        reply = http_server.Reply(robots, headers={"Content-Type": "text/plain"})
        http_server.handle("/robots.txt", log.handler(reply))
    return urls


@pytest.mark.parametrize(
    ("delay", "robots", "spacing"),
    [
        (5.0, None, 5.0),
        (1.0, "User-agent: *\nCrawl-delay: 7\n", 7.0),
        (1.0, "User-agent: *\nCrawl-delay: 3600\n", pages.MAX_CRAWL_DELAY_SECONDS),
    ],
)
async def test_pages_requests_to_one_host_are_serialized_and_spaced(
    http_server: Any, delay: float, robots: str | None, spacing: float
) -> None:
    clock = FakeClock()
    log = HostLog(clock)
    urls = _serve_pages(http_server, log, 3, robots)
    page_fetcher = fetcher(delay=delay, clock=clock.clock, sleep=clock.sleep)

    async with page_fetcher:
        done, problems = await complete_text(
            [summary_article(url) for url in urls], mode="auto", fetcher=page_fetcher
        )

    assert problems == []
    assert all("page_url" in article.extra for article in done)
    assert log.most_busy == 1
    paths = [path for path, _ in log.arrivals]
    assert paths[0] == "/robots.txt" and sorted(paths[1:]) == ["/news/0", "/news/1", "/news/2"]
    times = [at for _, at in log.arrivals]
    page_gaps = [later - earlier for earlier, later in itertools.pairwise(times[1:])]
    assert page_gaps == [spacing, spacing]
    assert times[1] - times[0] >= delay  # the robots.txt request counts as a visit too


async def test_pages_two_hosts_are_fetched_in_parallel(http_server: Any) -> None:
    # Each page answer waits until the other host's request has arrived too, so the
    # test passes only when the two hosts are fetched at the same time.
    both_arrived = threading.Barrier(2, timeout=5)
    page = http_server.Reply(article_page(), headers={"Content-Type": "text/html"})

    def meet(request: Any) -> Any:
        both_arrived.wait()
        return page

    http_server.handle("/news/harbour", meet)
    articles = [
        summary_article(http_server.url("/news/harbour")),
        summary_article(f"http://localhost:{http_server.port}/news/harbour"),
    ]
    clock = FakeClock()
    page_fetcher = fetcher(
        allow_hosts=("127.0.0.1", "localhost"), delay=30.0, clock=clock.clock, sleep=clock.sleep
    )

    async with asyncio.timeout(15), page_fetcher:  # a hang guard, not a speed check
        done, problems = await complete_text(articles, mode="auto", fetcher=page_fetcher)

    assert problems == []
    assert all("page_url" in article.extra for article in done)
    assert http_server.handler_errors == []


async def test_pages_robots_txt_is_read_once_per_host(http_server: Any) -> None:
    log = HostLog(FakeClock())
    urls = _serve_pages(http_server, log, 3, "User-agent: *\nDisallow: /private/\n")

    async with fetcher() as page_fetcher:
        for url in urls:
            (article,), problems = await complete_text(
                [summary_article(url)], mode="auto", fetcher=page_fetcher
            )
            assert problems == [] and "page_url" in article.extra

    assert [path for path, _ in log.arrivals].count("/robots.txt") == 1


@pytest.mark.parametrize(
    "robots",
    [
        "User-agent: *\nDisallow: /news/\n",
        "User-agent: stancewatch\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
    ],
)
async def test_pages_honour_a_robots_txt_that_disallows_the_page(
    http_server: Any, robots: str
) -> None:
    log = HostLog(FakeClock())
    (url,) = _serve_pages(http_server, log, 1, robots)
    article = summary_article(url)

    done, problems = await complete_one(article)

    assert done == article
    assert len(problems) == 1 and "robots.txt" in problems[0]
    assert [path for path, _ in log.arrivals] == ["/robots.txt"]


async def test_pages_robots_txt_server_error_fetches_nothing_and_asks_again(
    http_server: Any,
) -> None:
    answers = iter([503, 404])
    http_server.handle("/robots.txt", lambda _request: http_server.Reply("", next(answers)))
    url = http_server.serve("/news/harbour", article_page(), content_type="text/html")
    article = summary_article(url)

    async with fetcher() as page_fetcher:
        first, first_problems = await complete_text([article], mode="auto", fetcher=page_fetcher)
        second, second_problems = await complete_text([article], mode="auto", fetcher=page_fetcher)

    assert first == [article] and "HTTP 503" in first_problems[0]
    assert second_problems == [] and "page_url" in second[0].extra
    assert len(http_server.requests_to("/news/harbour")) == 1


async def test_pages_fetcher_closes_only_its_own_client(http_server: Any) -> None:
    url = http_server.serve("/news/harbour", article_page(), content_type="text/html")
    async with httpx.AsyncClient(trust_env=False) as client:
        async with fetcher(client=client) as page_fetcher:
            _, problems = await complete_text(
                [summary_article(url)], mode="auto", fetcher=page_fetcher
            )
        assert problems == [] and not client.is_closed

    own = fetcher()
    await complete_text([summary_article(url)], mode="auto", fetcher=own)
    made = own._own_client
    await own.aclose()
    assert made is not None and made.is_closed


# --- dates and titles ------------------------------------------------------------------------

JSON_LD = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
    '{"@type": "WebSite", "datePublished": "2009-01-01"},'
    '{"@type": ["NewsArticle"], "headline": "Minister now backs harbour expansion",'
    ' "datePublished": "2024-03-04T23:30:00-05:00"}]}</script>'
)


@pytest.mark.parametrize(
    ("feed_date", "head", "byline", "path", "published", "source"),
    [
        (date(2024, 4, 2), JSON_LD, "", "/news/harbour", date(2024, 4, 2), "feed"),
        (
            None,
            '<meta property="article:published_time" content="2024-03-04T09:30:00+01:00">'
            + JSON_LD.replace("2024-03-04", "2024-03-01"),
            "",
            "/news/harbour",
            date(2024, 3, 4),
            "page",
        ),
        (
            None,
            JSON_LD,
            '<time datetime="2024-02-01">1 Feb</time>',
            "/news/harbour",
            date(2024, 3, 4),
            "page",
        ),
        (
            None,
            "",
            '<time datetime="2024-03-04T10:00:00Z">4 March</time>',
            "/news/harbour",
            date(2024, 3, 4),
            "page",
        ),
        (None, "", "", "/2024/03/04/harbour", date(2024, 3, 4), "page"),
        (
            None,
            "",
            "<span class='date'>Published 4 March 2024</span>",
            "/news/harbour",
            date(2024, 3, 4),
            "page",
        ),
        (
            None,
            '<meta property="article:published_time" content="2031-01-01">',
            "",
            "/news/harbour",
            FETCH_DAY.date(),
            "fetched",
        ),
        (None, "", "", "/news/harbour", FETCH_DAY.date(), "fetched"),
    ],
    ids=["feed", "meta", "json-ld", "time", "url", "text", "future", "none"],
)
async def test_pages_date_comes_from_the_feed_else_the_page_else_the_fetch(
    http_server: Any,
    feed_date: date | None,
    head: str,
    byline: str,
    path: str,
    published: date,
    source: str,
) -> None:
    html = article_page(head=head, byline=byline)
    url = http_server.serve(path, html, content_type="text/html")
    article = summary_article(
        url, published=feed_date, date_source="feed" if feed_date else "unknown"
    )

    done, problems = await complete_one(article)

    assert problems == []
    assert (done.published, done.date_source) == (published, source)


@pytest.mark.parametrize(
    ("feed_title", "head", "title"),
    [
        ("Harbour U-turn", "", "Harbour U-turn"),
        (None, '<meta property="og:title" content="Quell backs harbour">', "Quell backs harbour"),
        (None, "", "Minister now backs harbour expansion | The Coastal Ledger"),
    ],
)
async def test_pages_title_is_taken_from_the_page_only_when_missing(
    http_server: Any, feed_title: str | None, head: str, title: str
) -> None:
    url = http_server.serve("/news/harbour", article_page(head=head), content_type="text/html")

    done, problems = await complete_one(summary_article(url, title=feed_title))

    assert problems == []
    assert done.title == title
