"""A statement being assembled: where its words are, its cue and its speaker token."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from rules.mentions import Resolution
from rules.quotes import Quote


@dataclass
class Draft:
    """A statement being assembled."""

    fragments: list[tuple[int, int]]
    verb: Token | None
    speaker_token: Token | None
    cue: str | None
    sent: int
    resolution: Resolution | None = None
    speaker_text: str | None = None
    quotes: list[Quote] = field(default_factory=list)
    # The other speakers of a joint subject ("Okafor and Ferreira said").
    co_resolutions: list[Resolution] = field(default_factory=list)
    # Spans of the content that report someone else's words ("Holt said [Castellano
    # told the cabinet ...]"): they are the other speaker's statement, not this one's.
    relayed: list[tuple[int, int]] = field(default_factory=list)

    @property
    def start(self) -> int:
        return min(s for s, _ in self.fragments)

    @property
    def end(self) -> int:
        return max(e for _, e in self.fragments)

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.fragments)


_TEXT_KEY = "stancewatch_text"


def doc_text(doc: Doc) -> str:
    """The doc's text, kept on the doc: spaCy joins every token again on each ``doc.text``,
    and the rules ask for it once per quotation and per statement."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def inside(quotes: Iterable[Quote], offset: int) -> bool:
    return any(s <= offset < e for q in quotes for s, e in q.fragments)


def quoted_test(quotes: Iterable[Quote]) -> Callable[[int], bool]:
    """``inside`` for many offsets against the same quotes: a look-up in the merged
    fragments rather than a walk over every quote (a long article has hundreds)."""
    merged: list[list[int]] = []
    for s, e in sorted(f for q in quotes for f in q.fragments):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    starts = [s for s, _ in merged]

    def quoted(offset: int) -> bool:
        at = bisect_right(starts, offset) - 1
        return at >= 0 and offset < merged[at][1]

    return quoted


def sent_index(doc: Doc, offset: int, sents: list[Span]) -> int:
    for n, sent in enumerate(sents):
        if sent.start_char <= offset < sent.end_char:
            return n
    return len(sents) - 1


def end_char(token: Token) -> int:
    return token.idx + len(token.text)


def merge_fragments(fragments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for s, e in sorted(fragments):
        if merged and s <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], e)
        elif e > s:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def subtract(
    fragments: list[tuple[int, int]], holes: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """``fragments`` with the characters of ``holes`` taken out."""
    out = list(fragments)
    for h_start, h_end in holes:
        cut: list[tuple[int, int]] = []
        for start, end in out:
            if h_end <= start or end <= h_start:
                cut.append((start, end))
                continue
            if start < h_start:
                cut.append((start, h_start))
            if h_end < end:
                cut.append((h_end, end))
        out = cut
    return out
