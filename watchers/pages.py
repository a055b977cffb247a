"""Article pages: the full text of articles whose feed carried only a summary.

A page is fetched by the same rules as a feed (public addresses only, every
redirect hop checked, bounded bodies) and, to be a polite visitor, never more
than one request at a time to a host, with a pause between two requests to it,
and not against the host's robots.txt. The main text is taken with trafilatura
in a worker thread, favouring precision, so navigation, cookie banners, share
bars, related links and comments stay out; what passes is cleaned like feed text.

HTML from a page reaches htmldate only as a parsed tree: given a string that
looks like a URL, htmldate would download it, past our address checks.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import urllib.robotparser
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import Any, Literal

import httpx

from watchers.addresses import normalise_host
from watchers.article import Article
from watchers.errors import FeedError
from watchers.fetch import USER_AGENT, Fetch, Fetched, fetch_bytes, tls_context
from watchers.html_meta import (
    EARLIEST_DAY,
    decode_html,
    iso_day,
    page_title,
    parse_tree,
    stated_date,
)
from watchers.poll import DEFAULT_MAX_BYTES
from watchers.text import clean_text, html_to_text

log = logging.getLogger(__name__)

FullTextMode = Literal["auto", "always", "never"]

# Feed summaries run from one sentence to a WordPress excerpt's 55 words; an
# article's own text is rarely under 100.
SUMMARY_MAX_WORDS = 100
# A page's robots.txt answer is trusted for a day (RFC 9309 asks for no longer),
# and a Crawl-delay is honoured up to this many seconds.
ROBOTS_TTL_SECONDS = 24 * 3600.0
MAX_CRAWL_DELAY_SECONDS = 30.0
# RFC 9309 asks crawlers to read at least 500 KiB of a robots.txt.
ROBOTS_MAX_BYTES = 512 * 1024

# How a feed marks a cut summary, at its very end: an ellipsis, "[…]", "Read more",
# "Continue reading →", "More »".
_CUT_MARK = re.compile(
    r"""(?:
        … | \.\s?\.\s?\. | \[\s*(?:…|\.\.\.)?\s*\]
      | \b(?:read|see)\ (?:more|the\ (?:full|rest|whole)\b[^.!?\n]*)
      | \bcontinue\ reading\b[^.!?\n]*
      | \bmore\s*(?:»|›|→|>>)
    )[\W_]*\Z""",
    re.IGNORECASE | re.VERBOSE,
)
# WordPress closes every feed item, summary or not, with this line.
_APPEARED_FIRST = re.compile(r"\s*The post\b[^\n]{1,400}\bappeared first on\b[^\n]{1,200}\Z")

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Types servers send when they do not know better; the body itself decides.
_UNSURE_TYPES = frozenset({"", "application/octet-stream", "text/plain", "binary/octet-stream"})
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
# Share of U+FFFD (undecodable bytes) above which a body is binary, not text.
_BINARY_SHARE = 0.02


def needs_page(article: Article, mode: FullTextMode) -> bool:
    """Whether ``article``'s web page should be fetched for its text.

    "never" never, "always" whenever the article has an http(s) URL, "auto" when
    it has one and the feed carried only a summary (see ``is_summary``).
    """
    if mode == "never" or not _is_web_url(article.url):
        return False
    return mode == "always" or is_summary(article.text)


def is_summary(text: str) -> bool:
    """True for a feed text that is only a summary: short, or ending in a cut mark."""
    text = _APPEARED_FIRST.sub("", text.rstrip()).rstrip()
    return len(text.split()) < SUMMARY_MAX_WORDS or _CUT_MARK.search(text) is not None


def _is_web_url(url: str | None) -> bool:
    return (
        url is not None and re.match(r"https?://[^/?#\s]", url.strip(), re.IGNORECASE) is not None
    )


@dataclass(frozen=True)
class Page:
    """What an article page gave: its main text and what it says about itself."""

    url: str
    """Where the page was found, after redirects."""
    text: str
    """The main text, cleaned like feed text, paragraphs separated by a blank line."""
    title: str | None
    published: date | None
    fetched_at: datetime


async def complete_text(
    articles: Sequence[Article], *, mode: FullTextMode, fetcher: PageFetcher
) -> tuple[list[Article], list[str]]:
    """``articles`` in order, each with its page's text when its feed gave only a summary.

    An article keeps its id and URL; its text becomes the page's, and a missing
    title or date is taken from the page (the date is marked "page"), else the
    date is the day the page was fetched (marked "fetched"). A page that cannot
    be fetched or holds no article text leaves the article as it was and adds a
    problem in plain words. Never raises.
    """
    done = await asyncio.gather(*(_complete_one(article, mode, fetcher) for article in articles))
    return [article for article, _ in done], [problem for _, problem in done if problem]


async def _complete_one(
    article: Article, mode: FullTextMode, fetcher: PageFetcher
) -> tuple[Article, str | None]:
    if not needs_page(article, mode):
        return article, None
    assert article.url is not None  # needs_page checked it
    url = article.url.strip()
    try:
        page = await fetcher.fetch_page(url)
    except FeedError as error:
        return article, f"{url}: kept the feed's text: {error}"
    except Exception as error:  # one odd page must not cost the other articles
        log.exception("unexpected failure reading the page %s", url)
        return article, f"{url}: kept the feed's text: unexpected error: {error!r}"
    page_words, feed_words = len(page.text.split()), len(article.text.split())
    if page_words == 0:
        return article, f"{url}: kept the feed's text: no article text found on the page"
    if page_words < feed_words:
        return article, (
            f"{url}: kept the feed's text: the page has less text than the feed "
            f"({page_words} words against {feed_words}; a paywall or consent page?)"
        )
    return _with_page(article, page), None


def _with_page(article: Article, page: Page) -> Article:
    published, date_source = article.published, article.date_source
    if published is None or date_source == "fetched":
        # The feed gave no date of its own (the fetch day stands in for one): the page's
        # date is better, when it has one.
        if page.published is not None:
            published, date_source = page.published, "page"
        elif published is None:
            published, date_source = page.fetched_at.date(), "fetched"
    return replace(
        article,
        text=page.text,
        title=article.title or page.title,
        published=published,
        date_source=date_source,
        fetched_at=article.fetched_at or page.fetched_at,
        extra={**article.extra, "page_url": page.url},
    )


# --- fetching, politely --------------------------------------------------------------


@dataclass
class _Host:
    """What we keep per host: whose turn it is, when we last asked, what robots.txt said."""

    turn: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_request_end: float | None = None
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_expire: float = 0.0


class PageFetcher:
    """Fetches article pages: one request at a time per host, ``delay`` seconds apart.

    The pause counts from the end of one request to the start of the next, so a
    slow host gets more rest; a robots.txt Crawl-delay longer than ``delay`` (up
    to MAX_CRAWL_DELAY_SECONDS) wins. Different hosts are fetched in parallel, at
    most ``max_parallel`` requests at once. ``clock`` (monotonic seconds),
    ``sleep`` and ``now`` (the fetch time stamped on pages) are seams for tests.
    Politeness is per host of the article URL; a redirect to another host is
    followed at once.

    ``fetch`` (the run's Poller.fetch) makes page requests share the run's connection
    limits and fetch rules (its allow_hosts, size limit and timeout then apply). Close
    it with ``aclose()`` or use it as an async context manager; it closes only an HTTP
    client it made itself.
    """

    def __init__(
        self,
        *,
        allow_hosts: Collection[str] = (),
        delay: float = 1.0,
        max_bytes: int = DEFAULT_MAX_BYTES,
        timeout: float = 20.0,
        parse_timeout: float = 10.0,
        max_parallel: int = 20,
        obey_robots: bool = True,
        client: httpx.AsyncClient | None = None,
        fetch: Fetch | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._allow_hosts = tuple(allow_hosts)
        self._delay = delay
        self._max_bytes = max_bytes
        self._timeout = timeout
        self._parse_timeout = parse_timeout
        self._obey_robots = obey_robots
        self._clock = clock
        self._sleep = sleep
        self._now = now
        self._max_parallel = max_parallel
        self._slots = asyncio.Semaphore(max_parallel)
        self._hosts: dict[str, _Host] = {}
        self._client = client
        self._fetch = fetch
        self._own_client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> PageFetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client this fetcher made (one passed in is left open)."""
        if self._own_client is not None:
            await self._own_client.aclose()
            self._own_client = None

    async def fetch_page(self, url: str) -> Page:
        """Fetch and read the article page at ``url``; FeedError says why it could not."""
        target = _web_url(url)
        host_name = normalise_host(target.host)
        host = self._hosts.get(host_name) or self._hosts.setdefault(host_name, _Host())
        async with host.turn:
            spacing = self._delay
            if self._obey_robots:
                robots = await self._robots(host, target)
                if not robots.can_fetch(USER_AGENT, str(target)):
                    raise FeedError(
                        f"the robots.txt of {target.host} asks us not to fetch this page"
                    )
                crawl_delay = robots.crawl_delay(USER_AGENT)
                if crawl_delay is not None:
                    spacing = max(spacing, min(float(crawl_delay), MAX_CRAWL_DELAY_SECONDS))
            response = await self._request(host, str(target), spacing, self._max_bytes)
        fetched_at = self._now()
        if not 200 <= response.status < 300:
            raise FeedError(f"HTTP {response.status} {response.reason}".rstrip())
        html = _page_html(response)
        try:
            async with asyncio.timeout(self._parse_timeout):
                return await asyncio.to_thread(read_page, html, response.url, fetched_at)
        except TimeoutError as error:
            # The worker thread cannot be stopped; it finishes on its own and is ignored.
            raise FeedError(
                f"reading the page took longer than {self._parse_timeout:g} s"
            ) from error

    async def _request(self, host: _Host, url: str, spacing: float, max_bytes: int) -> Fetched:
        """One GET to a host whose turn we hold, after its pause since the last one."""
        while host.last_request_end is not None:
            remaining = host.last_request_end + spacing - self._clock()
            if remaining <= 0:
                break
            await self._sleep(remaining)
        headers = {"Accept": "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"}
        async with self._slots:
            try:
                if self._fetch is not None:
                    # The run's shared fetcher (the Poller): its connection limits and
                    # address rules apply; our own, smaller size limit is checked after.
                    response = await self._fetch(url, headers)
                    if len(response.body) > max_bytes:
                        raise FeedError(f"body too large: more than {max_bytes} bytes")
                    return response
                return await fetch_bytes(
                    url,
                    client=self._http_client(),
                    max_bytes=max_bytes,
                    timeout=self._timeout,
                    allow_hosts=self._allow_hosts,
                    request_headers=headers,
                )
            finally:
                host.last_request_end = self._clock()

    async def _robots(self, host: _Host, target: httpx.URL) -> urllib.robotparser.RobotFileParser:
        """The host's robots.txt rules, read at most once a day (RFC 9309 answers by status)."""
        if host.robots is not None and self._clock() < host.robots_expire:
            return host.robots
        robots_url = str(target.copy_with(path="/robots.txt", query=None, fragment=None))
        try:
            response = await self._request(host, robots_url, self._delay, ROBOTS_MAX_BYTES)
        except FeedError as error:
            raise FeedError(f"{error} (reading its robots.txt)") from error
        rules = urllib.robotparser.RobotFileParser(robots_url)
        if 200 <= response.status < 300:
            rules.parse(response.body.decode("utf-8", errors="replace").splitlines())
        elif 400 <= response.status < 500:
            rules.parse([])  # no robots.txt: everything is allowed
        else:
            # A server error may hide a "Disallow: /": ask again next time, fetch nothing now.
            raise FeedError(
                f"its robots.txt answered HTTP {response.status}; the page waits until it answers"
            )
        host.robots, host.robots_expire = rules, self._clock() + ROBOTS_TTL_SECONDS
        return rules

    def _http_client(self) -> httpx.AsyncClient:
        if self._client is not None:
            return self._client
        if self._own_client is None:
            # trust_env=False: connect to the address that was checked, never through
            # a proxy an environment variable names.
            self._own_client = httpx.AsyncClient(
                trust_env=False,
                verify=tls_context(),
                limits=httpx.Limits(max_connections=self._max_parallel),
            )
        return self._own_client


def _web_url(url: str) -> httpx.URL:
    try:
        target = httpx.URL(url.strip())
    except httpx.InvalidURL as error:
        raise FeedError(f"invalid URL {url!r}: {error}") from error
    if target.scheme not in ("http", "https") or not target.host:
        raise FeedError(f"not a web address: {url!r}")
    return target


# --- reading a page ------------------------------------------------------------------


def _page_html(response: Fetched) -> str:
    """The body of ``response`` as HTML text; FeedError when it is not a web page."""
    content_type = response.headers.get("content-type", "")
    media_type = content_type.split(";", 1)[0].strip().lower()
    body = response.body
    if media_type not in _HTML_TYPES and media_type not in _UNSURE_TYPES:
        raise FeedError(f"not a web page: the server sent {media_type}")
    if body.lstrip()[:5] == b"%PDF-":
        raise FeedError("not a web page: the body is a PDF document")
    text = decode_html(body, content_type)
    head = text[:4096]
    if "\x00" in head or head.count("\ufffd") > _BINARY_SHARE * len(head):
        raise FeedError("not a web page: the body is binary data")
    if media_type not in _HTML_TYPES and _HTML_START.match(text) is None:
        shown = media_type or "no Content-Type"
        raise FeedError(f"not a web page: no HTML in the body ({shown})")
    return text


def read_page(html: str, url: str, fetched_at: datetime) -> Page:
    """The main text, title and date of an article page (blocking: run it off the loop)."""
    tree = parse_tree(html)
    title = published = None
    if tree is not None:
        title = page_title(tree)
        published = _page_date(tree, url, fetched_at.date())
    return Page(
        url=url, text=main_text(html), title=title, published=published, fetched_at=fetched_at
    )


def main_text(html: str) -> str:
    """The article text of a page, furniture out, paragraphs separated by a blank line.

    Only trafilatura's precise mode is used: where it finds nothing, walking the
    whole page would hand the extractor menus and cookie notices instead.
    """
    import lxml.html  # type: ignore[import-untyped]  # lxml ships no stubs
    import trafilatura  # slow to import; only pages need it

    extracted = trafilatura.extract(
        html,
        output_format="html",
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        with_metadata=False,
    )
    if not extracted:
        return ""
    body = lxml.html.document_fromstring(extracted).find("body")
    if body is None:
        return ""
    # The body's children as a fragment: html_to_text walks a fragment into paragraphs
    # (a whole document would go through trafilatura a second time).
    fragment = (body.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in body
    )
    text = clean_text(html_to_text(fragment))
    return text if text.strip() else ""


def _page_date(tree: Any, url: str, latest: date) -> date | None:
    """The publication day the page states (see html_meta.stated_date), else htmldate's
    reading of the rest of the page and of the URL."""
    return stated_date(tree, latest) or _htmldate_day(tree, url, latest)


def _htmldate_day(tree: Any, url: str, latest: date) -> date | None:
    import htmldate

    try:
        found = htmldate.find_date(
            tree,  # a tree, never a string: htmldate downloads a string that looks like a URL
            url=url,
            original_date=True,
            extensive_search=False,
            min_date=EARLIEST_DAY.isoformat(),
            max_date=(latest + timedelta(days=1)).isoformat(),
        )
    except Exception:  # htmldate is a heuristic; a failure only means no date
        log.debug("htmldate failed on %s", url, exc_info=True)
        return None
    return iso_day(found, latest) if found else None
