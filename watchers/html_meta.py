"""What an HTML page says about itself: its charset, title and publication date.

Shared by article files saved as .html (watchers.files) and article pages fetched
for their full text (watchers.pages), so both read a page the same way.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Collection, Iterator, Sequence
from datetime import date, timedelta
from typing import Any

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*>")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Where pages state their publication date, in the order they are believed
# (JSON-LD datePublished comes between the two).
_META_DATE_PATHS = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@name='article:published_time']/@content",
)
_MARKUP_DATE_PATHS = (
    "//*[@itemprop='datePublished']/@content",
    "//*[@itemprop='datePublished']/@datetime",
    "//article//time/@datetime",
    "//time/@datetime",
)
_TITLE_PATHS = (
    "string(//meta[@property='og:title']/@content)",
    "string(//title)",
    "string(//h1)",
)
_ISO_DAY = re.compile(r"\s*(\d{4}-\d{2}-\d{2})")
EARLIEST_DAY = date(1990, 1, 1)


def decode_html(body: bytes, content_type: str = "") -> str:
    """Decode by byte-order mark, else the header's charset, else the page's <meta>, else UTF-8."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body.decode(codec, errors="replace")
    declared = [match.group(1) for match in [_HEADER_CHARSET.search(content_type)] if match]
    declared += [m.group(1).decode("ascii") for m in [_META_CHARSET.search(body[:4096])] if m]
    for name in declared:
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue
        # UTF-16/32 without a BOM, declared in a <meta> we could read as ASCII, is a
        # copied tag that lies.
        if codec.startswith(("utf-16", "utf-32")):
            continue
        try:
            return body.decode(codec, errors="replace")
        except (LookupError, UnicodeError):
            continue  # not a text codec (base64 ...)
    return body.decode("utf-8", errors="replace")


def parse_tree(html: str) -> Any:
    """The page as an lxml tree, or None for an empty or unparsable one."""
    import lxml.etree  # type: ignore[import-untyped]  # lxml ships no stubs
    import lxml.html  # type: ignore[import-untyped]

    # lxml refuses a str that carries an encoding declaration (XHTML pages do).
    html = _XML_DECLARATION.sub("", html, count=1)
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None


def page_title(tree: Any) -> str | None:
    for xpath in _TITLE_PATHS:
        title = " ".join(str(tree.xpath(xpath)).split())
        if title:
            return title
    return None


def stated_date(tree: Any, latest: date | None = None) -> date | None:
    """The publication day the page's metadata states, as the publisher wrote it:
    article:published_time, JSON-LD datePublished, then itemprop and <time> markup.

    Days before 1990, or after ``latest`` (plus a day, for time zones), are misreadings.
    """
    candidates = [
        *_xpath_values(tree, _META_DATE_PATHS),
        *_json_ld_dates(tree),
        *_xpath_values(tree, _MARKUP_DATE_PATHS),
    ]
    for value in candidates:
        day = iso_day(value, latest)
        if day is not None:
            return day
    return None


def iso_day(value: str, latest: date | None = None) -> date | None:
    """The day a value starting YYYY-MM-DD names, if it is a plausible publication day."""
    match = _ISO_DAY.match(value)
    if match is None:
        return None
    try:
        day = date.fromisoformat(match.group(1))
    except ValueError:
        return None
    if day < EARLIEST_DAY or (latest is not None and day > latest + timedelta(days=1)):
        return None
    return day


def _xpath_values(tree: Any, paths: Sequence[str]) -> Iterator[str]:
    for xpath in paths:
        for value in tree.xpath(xpath):
            yield str(value)


def _json_ld_dates(tree: Any) -> list[str]:
    """datePublished values of the page's JSON-LD, those of article-like objects first."""
    articles: list[str] = []
    others: list[str] = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue  # broken or absurdly nested JSON-LD is common enough
        for item in _json_objects(data):
            value = item.get("datePublished")
            if isinstance(value, str):
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                article_like = any(
                    isinstance(kind, str) and kind.endswith(("Article", "Posting"))
                    for kind in kinds
                )
                (articles if article_like else others).append(value)
    return articles + others


def _json_objects(data: object, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 20:
        return
    if isinstance(data, dict):
        yield data
        children: Collection[object] = data.values()
    elif isinstance(data, list):
        children = data
    else:
        return
    for child in children:
        yield from _json_objects(child, depth + 1)
