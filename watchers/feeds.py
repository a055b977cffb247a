"""RSS and Atom feeds -> Articles. A poll never raises: what went wrong comes back as problems.

feedparser only ever sees bytes we read ourselves, wrapped in a stream: given a
URL it would fetch it without our address checks, given a path (or bytes that
look like one) it reads local files. It runs off the event loop, in the worker
processes of watchers.parsing (a time limit, a memory cap), and only after
documents that declare entities are refused, because its lenient parser
expands an entity bomb that the strict one rejected.
"""

from __future__ import annotations

import codecs
import email.utils
import functools
import io
import logging
import re
import time
from collections.abc import Collection, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

import feedparser
import httpx

from watchers.article import Article, DateSource, article_identity
from watchers.errors import FeedError
from watchers.fetch import Fetch, fetch_bytes, retry_after_seconds
from watchers.parsing import DEFAULT_PARSE_TIMEOUT, parse_off_loop
from watchers.poll import DEFAULT_MAX_BYTES, PollResult
from watchers.text import clean_text, html_to_text

log = logging.getLogger(__name__)

_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)
_INTERNAL_SUBSET = re.compile(r"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)
_ENTITY_DECLARATION_UTF8 = re.compile(rb"<!ENTITY", re.IGNORECASE)
_INTERNAL_SUBSET_UTF8 = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)
# The encoding of an XML declaration, quoted as feedparser reads it (any characters
# up to the closing quote), or bare.
_DECLARED_ENCODING = re.compile(r"""encoding\s*=\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9._:-]+))""")
# Encodings feedparser may choose without being told (by BOM or by sniffing
# "<?xm"); "latin-1" stands for every ASCII-compatible one. Searched as bytes:
# decoding 10 MB as UTF-32 with errors="ignore" alone takes seconds.
_SNIFFED_CODECS = ("latin-1", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "cp037")
_ENTITY_REFUSAL = "the document declares XML entities (<!ENTITY)"
_SUBSET_REFUSAL = "the document has an internal DTD subset (<!DOCTYPE ... [)"
# Headers feedparser uses; the rest (Set-Cookie, Server ...) is of no use to it.
_FEED_HEADERS = ("content-type", "content-location", "content-language", "etag", "last-modified")
_ONE_DAY = timedelta(days=1)
_ENCODING_NOTES = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


async def fetch_feed(
    url: str,
    *,
    client: httpx.AsyncClient | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = 20.0,
    allow_hosts: Collection[str] = (),
    feed_id: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    fetch: Fetch | None = None,
    parse_timeout: float = DEFAULT_PARSE_TIMEOUT,
) -> PollResult:
    """Fetch and parse the feed at ``url``; every failure is a problem, never an exception.

    ``etag``/``last_modified`` (from the previous PollResult) make the GET
    conditional. See watchers.fetch for the address, redirect and size rules.
    ``fetch`` replaces the plain guarded GET (and then ``client``, ``max_bytes``,
    ``timeout`` and ``allow_hosts`` are its business): a Poller passes its own, so
    a connection slot is held for the request only, never while parsing.
    """
    conditional = {"If-None-Match": etag or "", "If-Modified-Since": last_modified or ""}
    request_headers = {
        "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
    }
    request_headers.update({name: value for name, value in conditional.items() if value})
    fetched_at = datetime.now(UTC)
    try:
        if fetch is not None:
            response = await fetch(url, request_headers)
        else:
            response = await fetch_bytes(
                url,
                client=client,
                max_bytes=max_bytes,
                timeout=timeout,
                allow_hosts=allow_hosts,
                request_headers=request_headers,
            )
    except FeedError as error:
        return PollResult(problems=(f"{url}: {error}",))
    except Exception as error:  # a poll must not take the scheduler down with it
        log.exception("unexpected failure fetching %s", url)
        return PollResult(problems=(f"{url}: unexpected error: {error!r}",))
    status = response.status
    new_etag = response.headers.get("etag") or None
    new_last_modified = response.headers.get("last-modified") or None
    if status == 304:
        return PollResult(
            not_modified=True,
            etag=new_etag or etag,
            last_modified=new_last_modified or last_modified,
            status=status,
        )
    if not 200 <= status < 300:
        retry_after = (
            retry_after_seconds(response.headers, fetched_at) if status in (429, 503) else None
        )
        return PollResult(
            problems=(f"{url}: HTTP {status} {response.reason}".rstrip(),),
            status=status,
            retry_after=retry_after,
        )
    headers = dict(response.headers)
    # Relative links resolve against the configured URL rather than a redirect
    # target: feedparser resolves relative guids too, and an identity must not
    # change because a server moved its feed.
    headers.setdefault("content-location", url)
    # In a worker process with a time limit: one feed's parse can never stall the others.
    parsed = await parse_off_loop(
        response.body,
        source=url,
        feed_id=feed_id,
        headers=headers,
        fetched_at=fetched_at,
        timeout=parse_timeout,
    )
    return PollResult(
        articles=parsed.articles,
        problems=parsed.problems,
        etag=new_etag,
        last_modified=new_last_modified,
        status=status,
    )


def parse_feed_bytes(
    data: bytes,
    *,
    source: str,
    feed_id: str | None = None,
    headers: Mapping[str, str] | None = None,
    fetched_at: datetime | None = None,
) -> PollResult:
    """Parse feed bytes into Articles (pure and blocking: call it off the event loop).

    ``headers`` are the HTTP response headers (any case); their Content-Type
    charset decides the encoding, as feedparser expects. ``source`` is what the
    articles and problems name (the feed URL or file path).
    """
    refusal = dangerous_markup(data, headers)
    if refusal is not None:
        return PollResult(problems=(f"{source}: refused before parsing: {refusal}",))
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=_feed_headers(headers))
    except MemoryError:
        raise  # the parser process that ran out reports it (watchers.parsing)
    except Exception as error:  # feedparser has crashed on odd input before
        log.exception("feedparser failed on %s", source)
        return PollResult(problems=(f"{source}: the feed parser failed: {error!r}",))
    articles: list[Article] = []
    seen: set[str] = set()
    # Only a document the strict parser gave up on has empty shells to drop.
    broken = bool(parsed.get("bozo")) and not isinstance(
        parsed.get("bozo_exception"), _ENCODING_NOTES
    )
    problems: list[str] = []
    for number, entry in enumerate(parsed.entries, start=1):
        try:
            article = _entry_article(entry, source=source, feed_id=feed_id, fetched_at=fetched_at)
        except MemoryError:
            raise
        except Exception as error:  # one odd entry must not cost the others
            log.exception("cannot read entry %d of %s", number, source)
            problems.append(f"{source}: entry {number} could not be read: {error!r}")
            continue
        if broken and not (article.text.strip() or article.title or article.url):
            continue  # an empty shell the lenient parser made of a truncated entry
        if article.id not in seen:
            seen.add(article.id)
            articles.append(article)
    problems[:0] = _parse_problems(parsed, data, source, len(articles))
    return PollResult(articles=tuple(articles), problems=tuple(problems))


def dangerous_markup(data: bytes, headers: Mapping[str, str] | None = None) -> str | None:
    """Why ``data`` must not reach an XML parser, or None.

    Entity declarations and internal DTD subsets are refused outright: feeds
    have no need of them and they are how entity bombs are built. The document
    is checked as feedparser will decode it (its own encoding detection, run on
    the same bytes and headers), then, in case that detection changes under
    us, as ASCII and as every ASCII-incompatible encoding feedparser could pick
    (by BOM, by sniffing, or as declared), so UTF-16, UTF-32, EBCDIC, UTF-7 or
    a charset spelt "utf 7" cannot hide a declaration.
    """
    as_parsed = _as_feedparser_decodes(data, headers)
    if as_parsed is not None:
        if _ENTITY_DECLARATION_UTF8.search(as_parsed):
            return _ENTITY_REFUSAL
        if _INTERNAL_SUBSET_UTF8.search(as_parsed):
            return _SUBSET_REFUSAL
    for codec in _SNIFFED_CODECS:
        entity, doctype, bracket, close = _markup_patterns(codec)
        if entity.search(data):
            return _ENTITY_REFUSAL
        for found in doctype.finditer(data):
            if _opens_subset(data[found.end() : found.end() + 4096], bracket, close):
                return _SUBSET_REFUSAL
    for text in _declared_decodings(data, headers):
        if _ENTITY_DECLARATION.search(text):
            return _ENTITY_REFUSAL
        if _INTERNAL_SUBSET.search(text):
            return _SUBSET_REFUSAL
    return None


def _as_feedparser_decodes(data: bytes, headers: Mapping[str, str] | None) -> bytes | None:
    """The UTF-8 bytes feedparser's parsers will be given for ``data``, or None.

    feedparser picks the encoding from the Content-Type, the XML declaration
    (any codec Python knows, spelt any way ``codecs.lookup`` accepts), a BOM,
    or its fallbacks, and both its strict and lenient parsers read the result.
    """
    try:
        from feedparser.encodings import convert_to_utf8
    except ImportError:  # a future feedparser: the checks by codec still run
        return None
    try:
        converted = convert_to_utf8(_feed_headers(headers), data, {})
    except Exception:  # a codec that fails in its own way: feedparser would fail too
        log.debug("feedparser's encoding detection failed", exc_info=True)
        return None
    return converted if isinstance(converted, bytes) else None


def _opens_subset(after_doctype: bytes, bracket: bytes, close: bytes) -> bool:
    """A "[" comes before the ">" that would end the DOCTYPE."""
    at_bracket = after_doctype.find(bracket)
    at_close = after_doctype.find(close)
    return at_bracket != -1 and (at_close == -1 or at_bracket < at_close)


@functools.cache
def _markup_patterns(codec: str) -> tuple[re.Pattern[bytes], re.Pattern[bytes], bytes, bytes]:
    """Case-insensitive byte patterns of "<!ENTITY" and "<!DOCTYPE" in ``codec``; "[" and ">"."""

    def word(text: str) -> re.Pattern[bytes]:
        return re.compile(b"".join(_either_case(char, codec) for char in text))

    return word("<!ENTITY"), word("<!DOCTYPE"), "[".encode(codec), ">".encode(codec)


def _either_case(char: str, codec: str) -> bytes:
    forms = sorted({re.escape(variant.encode(codec)) for variant in (char.lower(), char.upper())})
    return b"(?:" + b"|".join(forms) + b")"


def _declared_decodings(data: bytes, headers: Mapping[str, str] | None) -> list[str]:
    """The document decoded by each charset declared for it (in its headers or XML
    declaration). Even "ASCII-compatible" ones: UTF-7 and unicode_escape can
    spell "<" without the byte "<", and feedparser honours any codec Python has,
    by any name ``codecs.lookup`` accepts ("utf 7", "UTF_7", "u7").
    """
    content_type = {k.lower(): v for k, v in (headers or {}).items()}.get("content-type", "")
    declared = [
        value.strip().strip("\"'")
        for key, _, value in (part.partition("=") for part in content_type.split(";")[1:])
        if key.strip().lower() == "charset"
    ]
    for codec in _SNIFFED_CODECS:
        head = data[:2048].decode(codec, errors="ignore")
        declared += ["".join(groups) for groups in _DECLARED_ENCODING.findall(head)]
    decoded = []
    for name in dict.fromkeys(name.strip().lower() for name in declared):
        try:
            codec = codecs.lookup(name).name
            # UTF-16/32 of either byte order are covered by the byte patterns.
            if not codec.startswith(("utf-16", "utf-32")):
                decoded.append(data.decode(codec, errors="ignore"))
        except (LookupError, UnicodeError, ValueError):
            continue  # not a text codec (base64 ...): feedparser cannot use it either
    return decoded


def _feed_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    """The response headers feedparser needs, with lower-case names, as it expects."""
    lowered = {name.lower(): value for name, value in (headers or {}).items()}
    picked = {name: lowered[name] for name in _FEED_HEADERS if name in lowered}
    if picked and "content-type" not in picked:
        # Without a Content-Type feedparser would assume ISO-8859-1 for any document
        # that came with headers; XML's own default is UTF-8.
        picked["content-type"] = "application/xml"
    return picked


def _parse_problems(parsed: Any, data: bytes, source: str, found: int) -> list[str]:
    """What to report about a parse: not a feed at all, or a feed with defects.

    A charset that had to be overridden, or a Content-Type that is not XML's, is
    no defect once the document parsed strictly (feedparser keeps such a note
    only then): servers send text/xml without a charset all the time, and a feed
    listed as failing for it would hide the feeds that do fail.
    """
    bozo = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(bozo, _ENCODING_NOTES):
        bozo = None
    if found:
        if bozo is None:
            return []
        return [f"{source}: feed is not well-formed ({bozo}); {found} entries read leniently"]
    if not parsed.get("version"):
        return [f"{source}: not a feed: {_not_a_feed_reason(bozo, data)}"]
    if bozo is not None:
        return [f"{source}: feed is not well-formed and no entries could be read ({bozo})"]
    return []


def _not_a_feed_reason(bozo: object, data: bytes) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head:
        return "the document is empty"
    if head.startswith((b"{", b"[")):
        return "got JSON, not RSS or Atom"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "got an HTML page, not RSS or Atom"
    return str(bozo) if bozo is not None else "no RSS or Atom elements found"


# --- entries -------------------------------------------------------------------------


def _entry_article(
    entry: Any, *, source: str, feed_id: str | None, fetched_at: datetime | None
) -> Article:
    text = clean_text(html_to_text(_entry_body(entry)))
    title = _entry_title(entry)
    written = _str(entry.get("published")) or _str(entry.get("updated"))
    # A date more than a day after the fetch is a publisher's clock or template
    # gone wrong; believing it would file the article's statements in the future.
    latest = (fetched_at or datetime.now(UTC)) + _ONE_DAY
    published, untrusted = _entry_date(entry, latest)
    date_source: DateSource = "feed"
    if published is None:
        published = fetched_at.date() if fetched_at is not None else None
        date_source = "fetched" if published is not None else "unknown"
    extra = {"author": author} if (author := _str(entry.get("author"))) else {}
    if untrusted is not None:
        extra["untrusted_date"] = untrusted
    return Article(
        id=article_identity(
            _str(entry.get("id")), _str(entry.get("link")), title, written, content=text
        ),
        source=source,
        text=text,
        title=title,
        url=_str(entry.get("link")),
        published=published,
        date_source=date_source,
        fetched_at=fetched_at,
        feed_id=feed_id,
        extra=extra,
    )


def _str(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _entry_body(entry: Any) -> str:
    """content:encoded / Atom content when present (the fuller text), else the summary."""
    contents: list[str] = [
        value
        for item in entry.get("content") or ()
        if isinstance(item, dict) and isinstance(value := item.get("value"), str) and value.strip()
    ]
    if contents:
        return max(contents, key=len)
    summary = entry.get("summary")
    return summary if isinstance(summary, str) else ""


def _entry_title(entry: Any) -> str | None:
    title = _str(entry.get("title"))
    if title is None:
        return None
    detail = entry.get("title_detail") or {}
    if "html" in str(detail.get("type", "")):
        title = " ".join(html_to_text(title).split())
    return title or None


def _entry_date(entry: Any, latest: datetime) -> tuple[date | None, str | None]:
    """The publication (else update) date as the publisher's calendar day, and the
    written date that was passed over for lying after ``latest``, if any.

    The day is read from the date as written, in the publisher's time zone,
    because "on Tuesday" in the text counts from that day; feedparser's parsed
    value is in UTC and is the fallback when the written form is neither RFC 822
    nor ISO 8601 (or disagrees by more than a day, a sign it was misread).
    """
    untrusted: str | None = None
    for key in ("published", "updated"):
        # dict.get: feedparser's own get answers "updated" with the published date.
        parsed = dict.get(entry, f"{key}_parsed")
        utc_day = _struct_date(parsed)
        written = _str(dict.get(entry, key))
        local_day = _written_date(written)
        if local_day is not None and (utc_day is None or abs(local_day - utc_day) <= _ONE_DAY):
            day = local_day
        elif utc_day is not None:
            day = utc_day
        else:
            continue
        moment = _struct_moment(parsed)
        if moment > latest if moment is not None else day > latest.date():
            untrusted = untrusted or written
            continue
        return day, untrusted
    return None, untrusted


def _struct_moment(value: object) -> datetime | None:
    """feedparser's parsed date (a UTC struct_time) as an aware datetime."""
    if not isinstance(value, time.struct_time):
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except ValueError:
        return None


def _struct_date(value: object) -> date | None:
    if not isinstance(value, time.struct_time):
        return None
    try:
        return date(value.tm_year, value.tm_mon, value.tm_mday)
    except ValueError:
        return None


def _written_date(written: str | None) -> date | None:
    if not written:
        return None
    try:
        return email.utils.parsedate_to_datetime(written).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(written).date()
    except ValueError:
        return None
