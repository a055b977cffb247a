"""Finding quoted spans in article text, character by character.

Works on the raw text so that offsets stay those of the source document. Handles
straight and curly marks mixed in one quote, a quote that runs over several
paragraphs (a paragraph left open, the next one opening with a mark again), an odd
number of marks (an unclosed quote ends with its paragraph), and single-mark quotes
where no double mark is open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
NEUTRAL_DOUBLE = '"'
DOUBLE_MARKS = OPEN_DOUBLE + CLOSE_DOUBLE + NEUTRAL_DOUBLE

# A single-mark quote: opened after a boundary and closed before one, so that
# apostrophes inside words ("don't", "Pyongyang's") never open or close it.
_SINGLE_QUOTE = re.compile(
    r"(?<![\w’'])[‘'](?=[^\s'’])([^\n‘’']{2,400}?)(?<=[^\s‘'])[’'](?![\w‘'])"
)

_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Quote:
    """A quoted span. ``fragments`` are (start, end) of the inner text, one per paragraph."""

    fragments: tuple[tuple[int, int], ...]
    single: bool = False

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]

    def text(self, source: str) -> str:
        return " ".join(source[s:e].strip() for s, e in self.fragments).strip()


def _paragraph_quotes(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int | None]:
    """Closed double quotes of one paragraph and, if one is left open, where it opened."""
    found: list[tuple[int, int]] = []
    opened: int | None = None
    nested_close = -1  # where a quotation inside the open one closes
    for i in range(start, end):
        ch = text[i]
        if ch not in DOUBLE_MARKS or i == nested_close:
            continue
        if opened is None:
            if ch in CLOSE_DOUBLE and not _closing_mark_opens(text, i, start, end):
                continue  # a stray closing mark cannot open a quote
            opened = i + 1
        elif ch in OPEN_DOUBLE and i + 1 < end and not text[i + 1].isspace() and i > opened:
            inner_close = _nested_close(text, i, end, straight=text[opened - 1] == NEUTRAL_DOUBLE)
            if inner_close is not None:
                # “He calls “hell” home,” -- a quotation inside the open one.
                found.append((i + 1, inner_close))
                nested_close = inner_close
                continue
            # Two opening curly marks in a row: the first quote lost its closing mark.
            found.append((opened, i))
            opened = i + 1
        else:
            found.append((opened, i))
            opened = None
    return sorted(found), opened


def _nested_close(text: str, at: int, end: int, straight: bool = False) -> int | None:
    """Where a quotation opened at ``at`` inside another closes, when two closing marks
    follow with no opening mark between them (its own, then the outer one's); one
    closing mark only means the outer quotation lost its own. An outer quotation opened
    with a straight mark closes with one: `"Read it: “Are you well?” Nine said no."`."""
    closes: list[int] = []
    for i in range(at + 1, end):
        if text[i] in OPEN_DOUBLE:
            return None
        if text[i] in CLOSE_DOUBLE or (straight and closes and text[i] == NEUTRAL_DOUBLE):
            closes.append(i)
            if len(closes) == 2:
                return closes[0]
    return None


def _closing_mark_opens(text: str, i: int, start: int, end: int) -> bool:
    """A closing mark typed where an opening one belongs: it starts a word (''”Fear.'')
    at the start of the paragraph or after a space."""
    starts_word = i + 1 < end and text[i + 1].isalnum()
    return starts_word and (i == start or text[i - 1].isspace())


def find_quotes(text: str) -> list[Quote]:
    """Every quoted span of ``text``, in order."""
    text = paired_apostrophes_as_marks(text)
    if _quotes_with_single_marks(text):
        # British style: single marks quote, double marks quote inside them. The single
        # marks are read as double ones, so that a quote runs over paragraphs and takes
        # "next year's" in its stride as a double-marked one does.
        singles = [Quote(q.fragments, True) for q in _marked_quotes(_singles_as_doubles(text))]
        quotes = singles + [q for q in _marked_quotes(text) if not _within(q, singles)]
    else:
        quotes = _marked_quotes(text)
        quotes.extend(_single_quotes(text, quotes))
    quotes.sort(key=lambda q: q.start)
    return [q for q in quotes if q.end > q.start]


# A single mark that opens a quotation: at a paragraph's start or after a space, a
# bracket or a dash, before a word.
_SINGLE_OPENING = re.compile(r"(?:^|(?<=[\s(\[—–-]))[‘'](?=[^\W_])", re.MULTILINE)
_DOUBLE_OPENING = re.compile(r"[“„«]|(?:^|(?<=[\s(\[—–-]))\"(?=[^\W_])", re.MULTILINE)
# Stand-ins for double marks while single marks play their part: no quotation marks.
_INNER_OPEN, _INNER_CLOSE = "‹", "›"


def _quotes_with_single_marks(text: str) -> bool:
    """Whether the article quotes with single marks ('...'), not double ones."""
    singles = len(_SINGLE_OPENING.findall(text))
    return singles >= 2 and singles > len(_DOUBLE_OPENING.findall(text))


def _singles_as_doubles(text: str) -> str:
    """The text with single quotation marks written as double ones and double marks as
    no marks, offsets kept. An apostrophe inside a word ("year's", "don't") stays."""
    chars = list(text)
    for i, ch in enumerate(text):
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if ch in OPEN_DOUBLE:
            chars[i] = _INNER_OPEN
        elif ch in CLOSE_DOUBLE or ch == NEUTRAL_DOUBLE:
            chars[i] = _INNER_CLOSE
        elif ch not in "‘’'" or (before.isalnum() and after.isalnum()):
            continue
        elif (before.isspace() or before in "([—–-" + _INNER_OPEN) and not after.isspace():
            chars[i] = OPEN_DOUBLE[0]
        elif not before.isspace() and (after.isspace() or after in ".,;:!?)]—–-" + _INNER_CLOSE):
            chars[i] = CLOSE_DOUBLE[0]
    _keep_plural_possessives(text, chars)
    return "".join(chars)


def _keep_plural_possessives(text: str, chars: list[str]) -> None:
    """ "the islands' ferry" inside a quotation: a mark after an "s" that another closing
    mark follows before the next quotation opens (or the paragraph ends) is an apostrophe."""
    close = CLOSE_DOUBLE[0]
    for i, ch in enumerate(chars):
        if ch != close or text[i - 1] not in "sS":
            continue
        j = i + 1
        while j < len(chars) and chars[j] not in (close, OPEN_DOUBLE[0], "\n"):
            j += 1
        if j < len(chars) and chars[j] == close:
            chars[i] = text[i]


def _within(quote: Quote, outer: list[Quote]) -> bool:
    return any(o.start <= quote.start - 1 and quote.end + 1 <= o.end for o in outer)


def _marked_quotes(text: str) -> list[Quote]:
    """The quotations of ``text`` marked with double marks, running over paragraphs."""
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]
    quotes: list[Quote] = []
    carried: list[tuple[int, int]] = []  # fragments of a quote running over paragraphs
    for index, (p_start, p_end) in enumerate(paragraphs):
        closed, open_at = _paragraph_quotes(text, p_start, p_end)
        first_mark = _first_mark(text, p_start, p_end)
        # The paragraph opens with the mark that carries a running quote on: either it
        # closes here, or (left open again) it runs on into the next paragraph too.
        carries_on = first_mark is not None and not closed and open_at == first_mark + 1
        if carried and not carries_on:
            if closed and first_mark is not None and closed[0][0] == first_mark + 1:
                quotes.append(Quote((*carried, closed[0])))
                closed = closed[1:]
            else:
                quotes.append(Quote(tuple(carried)))
            carried = []
        quotes.extend(Quote(((s, e),)) for s, e in closed)
        if open_at is not None:
            fragment = (open_at, _rstrip(text, open_at, p_end))
            continues = index + 1 < len(paragraphs) and _opens_with_mark(
                text, *paragraphs[index + 1]
            )
            if continues:
                carried = [*carried, fragment]
            else:
                quotes.append(Quote((*carried, fragment)))
                carried = []
    if carried:
        quotes.append(Quote(tuple(carried)))
    return quotes


_PAIRED_APOSTROPHES = re.compile(r"''|``")


def paired_apostrophes_as_marks(text: str) -> str:
    """Two apostrophes (or backticks) standing for a double mark, as some archives
    write quotations (''It is late,'' she said), read as one mark at the side that
    touches the quoted words, so offsets stay those of ``text``."""
    if "''" not in text and "``" not in text:
        return text
    chars = list(text)
    for match in _PAIRED_APOSTROPHES.finditer(text):
        start, end = match.span()
        after = text[end] if end < len(text) else " "
        before = text[start - 1] if start > 0 else " "
        opening = match.group() == "``" or (
            (before.isspace() or before in "([—―-") and not after.isspace()
        )
        if opening:
            chars[start], chars[start + 1] = " ", "“"
        else:
            chars[start], chars[start + 1] = "”", " "
    return "".join(chars)


def _first_mark(text: str, start: int, end: int) -> int | None:
    i = start
    while i < end and text[i].isspace():
        i += 1
    return i if i < end and text[i] in OPEN_DOUBLE + NEUTRAL_DOUBLE else None


def _opens_with_mark(text: str, start: int, end: int) -> bool:
    return _first_mark(text, start, end) is not None


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _single_quotes(text: str, doubles: list[Quote]) -> list[Quote]:
    inside = [(q.start - 1, q.end + 1) for q in doubles]
    found = []
    for match in _SINGLE_QUOTE.finditer(text):
        s, e = match.span(1)
        if any(a <= s < b for a, b in inside):
            continue
        found.append(Quote(((s, e),), single=True))
    return found
