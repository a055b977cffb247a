"""Article text: HTML to paragraphs, and page furniture blanked without moving offsets.

Statements found in an article are reported by character offset, and a user
checks them against the file they fed in, so ``clean_text`` never removes a
character: furniture (headlines, captions, "READ MORE:" links, player notices,
spam in another script, repeated lines) becomes spaces, and newlines stay.
Furniture matters because a line without final punctuation glues itself to the
next sentence and breaks sentence splitting and speaker attribution.
"""

from __future__ import annotations

import html as htmllib
import re
import unicodedata
from collections import Counter
from datetime import date
from functools import lru_cache
from typing import Any

import lxml.etree  # type: ignore[import-untyped]  # lxml ships no stubs
import lxml.html  # type: ignore[import-untyped]

# " date 2017-10-02" opening a file: how the article dumps we are fed record
# their publication date. Only the very first line counts.
_DATE_LINE = re.compile(r"\A\ufeff?[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})(?=\s|\Z)", re.IGNORECASE)

_CLOSING_QUOTES = "\"'”’»›」』"
_OPENING_QUOTES = "\"'“‘«‹「『"
_SENTENCE_END = ".!?…。！？"

# Lines that announce links, media or boilerplate rather than report anything.
_FURNITURE_PREFIX = re.compile(
    r"""\s*(?:
        read\ (?:more|next|also)\b | see\ also\b | also\ read\b
      | related(?:\ (?:stories|articles|coverage|topics|content|links))?\s*:
      | (?:image|photo|picture|video|caption|graphic|watch|listen|source|credit)s?\s*:
      | images?\ copyright\b | getty\ images\b
      | advertisement\b | sponsored\b | sign\ up\b | subscribe\b | follow\ us\b
      | share\ (?:this|on|via)\b | click\ here\b | all\ rights\ reserved\b
      | copyright\s*(?:©|\(c\)|\d{4}) | ©
    )""",
    re.IGNORECASE | re.VERBOSE,
)

_TEASER_MAX_WORDS = 12

# A document must be this much one script before lines in another script count as spam.
_DOMINANT_SHARE = 0.8


def parse_date_line(raw: str) -> date | None:
    """The date of a leading ``" date YYYY-MM-DD"`` line, or None."""
    match = _DATE_LINE.match(raw)
    if match is None:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        return None


def clean_text(raw: str) -> str:
    """``raw`` with page furniture replaced by spaces; same length, newlines kept.

    Blanked: the leading date line's marker (the rest of that line is judged
    like any other line), lines with no final sentence punctuation (headlines,
    captions, player notices, link lists), lines opening with a furniture prefix
    ("READ MORE:", "Image:", "Advertisement" ...), lines mostly in another script
    than the document, exact repeats of an earlier line, and short unquoted
    questions standing alone (teaser links, sub-headings). Kept despite lacking
    final punctuation: a line the next line continues in lower case (a sentence
    broken by ``<br>`` or hard wrapping) and a line ending in ":" that introduces
    a quotation.
    """
    lines = _content_lines(raw)
    texts = [raw[start:end].strip() for start, end in lines]
    dominant = _dominant_script(texts)
    out = list(raw)
    date_match = _DATE_LINE.match(raw)
    if date_match is not None:
        _blank(out, 0, date_match.end())
    seen: set[str] = set()
    for index, text in enumerate(texts):
        if not text:
            continue
        if text in seen or _is_furniture(texts, index, dominant):
            _blank(out, *lines[index])
        seen.add(text)
    if raw.startswith("\ufeff"):
        out[0] = " "  # a byte-order mark is not text
    return "".join(out)


def guess_title(raw: str) -> str | None:
    """The first line of a text file when it reads as a headline, else None.

    The date marker is ignored and so are spam lines in another script, which
    some article dumps carry above the headline.
    """
    lines = _content_lines(raw)
    texts = [raw[start:end].strip().lstrip("\ufeff").strip() for start, end in lines]
    dominant = _dominant_script(texts)
    for text in texts:
        if not text or _off_script(text, dominant):
            continue
        if _ends_like_sentence(text) or _FURNITURE_PREFIX.match(text):
            return None
        return text
    return None


def html_to_text(html: str) -> str:
    """The main text of an HTML page or fragment, one paragraph per block, "\\n\\n" between.

    Whole pages go through trafilatura (favouring precision, no comments) to drop
    navigation and sidebars; feed fragments and pages trafilatura finds nothing in
    are walked directly. Entities are decoded; script and style content is dropped.
    A ``<br>`` becomes a line break inside its paragraph.
    """
    html = _xml_safe(html)
    if not html.strip():
        return ""
    if _looks_like_page(html):
        text = _page_text(html)
        if text:
            return text
    if not re.search(r"<[A-Za-z/!?]", html):
        return _plain_paragraphs(htmllib.unescape(html))
    return _tree_text(html)


# --- line rules -------------------------------------------------------------------


def _content_lines(raw: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content; a leading date marker and a CRLF's CR stay outside."""
    lines: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"\r?\n", raw):
        lines.append((start, match.start()))
        start = match.end()
    lines.append((start, len(raw) - (1 if raw.endswith("\r") else 0)))
    date_match = _DATE_LINE.match(raw)
    if date_match is not None:
        # The rest of the date line is text like any other (often the standfirst).
        lines[0] = (date_match.end(), lines[0][1])
    return lines


def _blank(out: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if out[i] not in "\r\n":
            out[i] = " "


_SIGNED_QUOTE = re.compile(r"[\"”’]\s*(?:[―—–]|--?)\s*[A-Z][^\n]{0,80}$")


def _is_furniture(texts: list[str], index: int, dominant: str | None) -> bool:
    text = texts[index]
    if _FURNITURE_PREFIX.match(text) or _off_script(text, dominant):
        return True
    if _ends_like_sentence(text):
        return _is_teaser_question(texts, index)
    following = texts[index + 1] if index + 1 < len(texts) else ""
    if following[:1].islower():
        return False  # the sentence goes on in the next line
    if text.endswith(":"):
        quotation = next((later for later in texts[index + 1 :] if later), "")
        return quotation[:1] not in _OPENING_QUOTES
    # A quotation signed with a dash ("..." ― Jane Roe): a statement, not a caption.
    return _SIGNED_QUOTE.search(text) is None


def _is_teaser_question(texts: list[str], index: int) -> bool:
    """A short, unquoted question standing alone as a paragraph.

    Links to related videos and articles, and sub-headings, are phrased as
    questions ("Why is X vanishing from Y?"); a lone question nobody is quoted
    asking states nothing, so blanking one costs no statement.
    """
    text = texts[index]
    alone = (index == 0 or not texts[index - 1]) and (
        index + 1 == len(texts) or not texts[index + 1]
    )
    return (
        alone
        and text.endswith("?")
        and len(text.split()) <= _TEASER_MAX_WORDS
        # Quotes or a comma mark prose ("Is it, she asked, too late?"), not a link.
        and not any(mark in text for mark in _OPENING_QUOTES + _CLOSING_QUOTES + ",")
        and re.search(r"[.!?]\s", text) is None
    )


def _ends_like_sentence(text: str) -> bool:
    """Final . ! ? (or …), possibly inside quotes/brackets, or a closing quote.

    Any quote mark counts after the punctuation, an opening one too: a quotation
    closed with a wrongly typed mark (``...today.“``) is still a sentence, and
    blanking it as furniture would lose the statement.
    """
    text = text.rstrip()
    if text[-1:] in _CLOSING_QUOTES:
        return True
    return text.rstrip(")]" + _CLOSING_QUOTES + _OPENING_QUOTES).endswith(tuple(_SENTENCE_END))


# --- scripts ------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    """A coarse script name for a letter: LATIN, CYRILLIC, CJK (Han and kana) ..."""
    if char < "\u0250":
        return "LATIN"
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0]
    return "CJK" if first in ("CJK", "HIRAGANA", "KATAKANA") else first


def _script_counts(text: str) -> Counter[str]:
    return Counter(_script(char) for char in text if char.isalpha())


def _dominant_script(lines: list[str]) -> str | None:
    counts: Counter[str] = Counter()
    for line in lines:
        counts.update(_script_counts(line))
    total = sum(counts.values())
    if not total:
        return None
    script, count = counts.most_common(1)[0]
    return script if count / total >= _DOMINANT_SHARE else None


def _off_script(text: str, dominant: str | None) -> bool:
    """Mostly in a script other than the document's (spam slipped into the page)."""
    if dominant is None:
        return False
    counts = _script_counts(text)
    return bool(counts) and counts.most_common(1)[0][0] != dominant


# --- HTML -------------------------------------------------------------------------

_PAGE_MARKERS = re.compile(r"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
_DROPPED_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "svg", "head")
# Elements that start and end a paragraph; everything else is inline. The short
# names (head, item, quote, list, row, lb) are trafilatura's XML output.
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
        "doc",
        "head",
        "item",
        "quote",
        "list",
        "row",
    ]
)
_CELL_TAGS = frozenset({"td", "th", "cell"})
_BREAK_TAGS = frozenset({"br", "lb"})
# Characters XML 1.0 cannot hold; lxml refuses strings containing them.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    # Lone surrogates (from a bad decode upstream) also make lxml raise.
    text = text.encode("utf-8", "replace").decode("utf-8")
    return _XML_UNSAFE.sub("", text)


def _looks_like_page(html: str) -> bool:
    return _PAGE_MARKERS.search(html[:4096]) is not None


def _page_text(html: str) -> str:
    import trafilatura  # slow to import; only whole pages need it

    extracted = trafilatura.extract(
        html,
        output_format="xml",
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        with_metadata=False,
    )
    if not extracted:
        return ""
    try:
        root = lxml.etree.fromstring(extracted, lxml.etree.XMLParser(resolve_entities=False))
    except (lxml.etree.XMLSyntaxError, ValueError):
        return ""
    lxml.etree.strip_elements(root, "comments", with_tail=False)
    return _walk_paragraphs(root)


def _tree_text(html: str) -> str:
    try:
        if _looks_like_page(html):
            root = lxml.html.document_fromstring(html)
        else:
            root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        # lxml gives up on some byte soup; a crude tag strip still beats nothing.
        return _plain_paragraphs(htmllib.unescape(re.sub(r"<[^>]*>", " ", html)))
    lxml.etree.strip_elements(
        root, lxml.etree.Comment, lxml.etree.ProcessingInstruction, *_DROPPED_TAGS, with_tail=False
    )
    return _walk_paragraphs(root)


def _walk_paragraphs(root: Any) -> str:
    """Paragraph text of an element tree: blocks split paragraphs, inline text joins."""
    paragraphs: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        paragraphs.extend(_paragraphs_of("".join(buffer)))
        buffer.clear()

    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCK_TAGS:
                flush()
            elif tag in _CELL_TAGS:
                buffer.append(" ")
            buffer.append(element.text or "")
        else:
            if tag in _BLOCK_TAGS:
                flush()
            elif tag in _BREAK_TAGS:
                buffer.append("\n")
            if element is not root:
                buffer.append(element.tail or "")
    flush()
    return "\n\n".join(paragraphs)


def _paragraphs_of(text: str) -> list[str]:
    """Lines with whitespace collapsed; an empty line (double <br>) splits paragraphs."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        words = " ".join(line.split())
        if words:
            current.append(words)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


def _plain_paragraphs(text: str) -> str:
    """Plain text re-flowed: blank lines split paragraphs, other line breaks join words."""
    blocks = re.split(r"\n[ \t\r\f\v]*\n", text.replace("\r\n", "\n"))
    return "\n\n".join(p for p in (" ".join(b.split()) for b in blocks) if p)
