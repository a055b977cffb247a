"""When two articles are the same one: a normalised URL key and a content fingerprint.

An article's id (watchers.article.article_identity) is what its feed calls it. The
same article also reaches us under other ids: from two feeds of one site with their
own tracking parameters, re-published with a new guid, or syndicated word for word.
These keys find it:

``url_key``
    The link with everything that does not choose the page taken away: scheme
    (http and https serve one article), default port, fragment, tracking
    parameters, the order of the query, a trailing slash or ``index.html``.
    ``www.``, ``m.``, ``mobile.`` and ``amp.`` in front of a host are dropped: sites
    serve the same page at the bare host and at these, and their mobile and AMP
    renderings, under the same path; no site puts a different article at the same
    path there (other sub-domains, ``news.`` or ``blogs.``, are other sites and
    stay). AMP renderings elsewhere in the URL go too: a last (or first) path
    segment ``amp``, a ``.amp`` before the file extension, ``?outputType=amp`` and
    ``?amp``. A site's home page (no path, no query) gets no key: feeds that link
    every entry to it would otherwise make all their entries one article.

``content_key``
    A hash of the text's words (case-folded, punctuation and spacing ignored),
    only for texts of MIN_FINGERPRINT_WORDS words or more: two different articles
    do not share 50 words in the same order, but short summaries ("Read more on
    our site ...") easily do.

Two articles sharing a link are still two when both texts carry a fingerprint and
share less than half their wording (``same_story``): a feed that links several
entries to one section page must not lose all but the first.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from watchers.article import Article

MIN_FINGERPRINT_WORDS = 50
# Longer URL keys are stored as a hash (see url_key).
MAX_URL_KEY = 500
# Two texts under one link are one story when this share of the shorter one's
# word sequences is in the other: a correction or an appended update keeps most
# of them, a different article keeps almost none.
SAME_STORY_SHARE = 0.5
_SHINGLE = 4

# Query parameters that say how a reader arrived, never which page they read.
_TRACKING_NAMES = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "igshid",
        "li_fat_id",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "cmp",
        "cmpid",
        "ocid",
        "smid",
        "smtyp",
        "s_cid",
        "sr_share",
        "ito",
        "wt.mc_id",
        "wt_mc_id",
        "__twitter_impression",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "at_", "hsa_")
_ALIAS_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.")
_INDEX_PAGES = frozenset(
    {"index.html", "index.htm", "index.php", "index.shtml", "default.htm", "default.html"}
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# Characters a path segment may hold as they are ("%" keeps existing escapes, which
# _percent then spells one way); anything else, non-ASCII included, is escaped.
_SEGMENT_SAFE = "!$&'()*+,;=:@%-._~"
_AMP_SUFFIX = re.compile(r"\.amp(?=\.[A-Za-z0-9]+$|$)")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ArticleKeys:
    """The keys an article is looked up by besides its id; None when it has none."""

    url: str | None
    content: str | None


def article_keys(article: Article) -> ArticleKeys:
    """The URL key of the article's link (else of its id, when that is a URL) and its
    content fingerprint."""
    return ArticleKeys(
        url=url_key(article.url) if article.url else url_key(article.id),
        content=content_key(article.text),
    )


def url_key(url: str) -> str | None:
    """The normalised form of an http(s) URL (without its scheme), or None when
    ``url`` is not one or names a site's home page."""
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        port = parts.port
        host = parts.hostname
    except ValueError:  # a bad port or bracketed host
        return None
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    host = _site_host(_ascii_host(host))
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = _query(parts.query)
    path = _path(parts.path)
    if not path and not query:
        return None
    key = f"{netloc}{path}" + (f"?{query}" if query else "")
    if len(key) > MAX_URL_KEY:
        # A database index holds keys of bounded size; a hash keeps the key's use.
        return f"{netloc}#sha256:{hashlib.sha256(key.encode('utf-8')).hexdigest()}"
    return key


def content_key(text: str) -> str | None:
    """A fingerprint of the words of ``text``, or None when it is too short to tell
    one article from another."""
    words = _words(text)
    if len(words) < MIN_FINGERPRINT_WORDS:
        return None
    digest = hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()
    return f"words:{digest[:40]}"


def same_story(first: str, second: str) -> bool:
    """True when two texts tell one story: at least SAME_STORY_SHARE of the shorter
    text's four-word sequences are in the longer."""
    one, two = _shingles(_words(first)), _shingles(_words(second))
    if not one or not two:
        return one == two
    shared = len(one & two)
    return shared >= SAME_STORY_SHARE * min(len(one), len(two))


# --- pieces of a URL ------------------------------------------------------------------


def _ascii_host(host: str) -> str:
    """An internationalised host in its ASCII (punycode) form, as DNS knows it."""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _site_host(host: str) -> str:
    host = host.rstrip(".")
    for prefix in _ALIAS_HOST_PREFIXES:
        rest = host.removeprefix(prefix)
        # "www.com" is a site of its own; only a prefix before a domain is an alias.
        if rest != host and "." in rest:
            return rest
    return host


def _query(query: str) -> str:
    """The query without tracking and AMP parameters, sorted, in one spelling."""
    kept: list[tuple[str, str]] = []
    for name, value in parse_qsl(query, keep_blank_values=True):
        lowered = name.lower()
        if lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES):
            continue
        if (lowered == "outputtype" and value.lower() == "amp") or (
            lowered == "amp" and value.lower() in ("", "1", "true")
        ):
            continue
        kept.append((name, value))
    return urlencode(sorted(kept), quote_via=quote)


def _path(path: str) -> str:
    segments = [_percent(quote(segment, safe=_SEGMENT_SAFE)) for segment in path.split("/")]
    segments = [segment for segment in segments if segment not in ("", ".")]
    if segments and segments[-1].lower() in _INDEX_PAGES:
        segments.pop()
    if segments and segments[-1].lower() == "amp":
        segments.pop()
    elif segments and segments[0].lower() == "amp" and len(segments) > 1:
        segments.pop(0)
    if segments:
        segments[-1] = _AMP_SUFFIX.sub("", segments[-1]) or segments[-1]
    return "".join(f"/{segment}" for segment in segments)


def _percent(segment: str) -> str:
    """One spelling of each percent escape: unreserved characters decoded, hex in capitals."""

    def one(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else f"%{match.group(1).upper()}"

    return _PERCENT.sub(one, segment)


# --- words ------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    if len(words) < _SHINGLE:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}
