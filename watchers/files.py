"""Article files (.txt, .html) and folders of them -> Articles.

A .txt article keeps its character offsets: ``Article.text`` is the file
decoded as UTF-8 with furniture blanked, so an offset a statement reports is
a character offset into the file. An .html article's offsets are into its
extracted text.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from watchers.article import Article
from watchers.errors import FeedError
from watchers.html_meta import decode_html, page_title, parse_tree, stated_date
from watchers.poll import DEFAULT_MAX_BYTES, PollResult
from watchers.text import clean_text, guess_title, html_to_text, parse_date_line

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
ARTICLE_SUFFIXES = frozenset({".txt", *HTML_SUFFIXES})


def read_file_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of ``path``; FeedError when unreadable or over ``max_bytes``."""
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise FeedError(f"cannot read: {error.strerror or error}") from error
    if len(data) > max_bytes:
        raise FeedError(f"file too large: more than {max_bytes} bytes")
    return data


def not_text_reason(data: bytes) -> str | None:
    """Why ``data`` cannot be an article file's text, or None when it can be."""
    # Text never holds NUL bytes; an image or archive (or UTF-16) would be read as noise.
    if b"\x00" in data:
        return "not a text file: it holds NUL bytes (binary, or UTF-16)"
    return None


def read_article_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """One article file as an Article; raises FeedError when it cannot be read.

    Files not ending in .html/.htm are read as plain text. The id is a hash of
    the bytes, so one article saved in two places is one article. A binary file
    (``not_text_reason``) is refused, not decoded into noise.
    """
    path = Path(path)
    data = read_file_bytes(path, max_bytes)
    refusal = not_text_reason(data)
    if refusal is not None:
        raise FeedError(refusal)
    article_id = "file:" + hashlib.sha256(data).hexdigest()
    if path.suffix.lower() in HTML_SUFFIXES:
        return _html_article(data, article_id, path)
    raw = data.decode("utf-8", errors="replace")
    published = parse_date_line(raw)
    return Article(
        id=article_id,
        source=str(path),
        text=clean_text(raw),
        title=guess_title(raw),
        published=published,
        date_source="text" if published is not None else "unknown",
    )


def read_article_folder(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> PollResult:
    """Every .txt/.html article directly in ``path``, dated ones first by date, then by name.

    Unreadable or binary files, and files repeating another's content, are skipped
    and reported as problems; a missing folder is a problem too.
    """
    folder = Path(path)
    try:
        names = sorted(
            entry
            for entry in folder.iterdir()
            if entry.suffix.lower() in ARTICLE_SUFFIXES
            and not entry.name.startswith(".")
            and entry.is_file()
        )
    except OSError as error:
        return PollResult(problems=(f"{folder}: cannot list folder: {error.strerror or error}",))
    articles: list[Article] = []
    problems: list[str] = []
    first_source: dict[str, str] = {}
    for entry in names:
        try:
            article = read_article_file(entry, max_bytes=max_bytes)
        except FeedError as error:
            problems.append(f"{entry}: {error}")
            continue
        if article.id in first_source:
            problems.append(f"{entry}: same content as {first_source[article.id]}, skipped")
            continue
        first_source[article.id] = article.source
        articles.append(article)
    # The sort is stable and files are in name order, so ties keep file-name order.
    articles.sort(key=lambda a: (a.published is None, a.published or date.min))
    return PollResult(articles=tuple(articles), problems=tuple(problems))


def _html_article(data: bytes, article_id: str, path: Path) -> Article:
    page = decode_html(data)
    published: date | None = None
    title: str | None = None
    tree = parse_tree(page)  # None for an empty or unparsable page: html_to_text copes
    if tree is not None:
        published = stated_date(tree)
        title = page_title(tree)
    return Article(
        id=article_id,
        source=str(path),
        text=clean_text(html_to_text(page)),
        title=title,
        published=published,
        date_source="text" if published is not None else "unknown",
    )
