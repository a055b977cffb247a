"""Sentences parsed by hand, as the trained parser reads news copy it gets wrong.

A rule meant for a misparse is tested on that misparse written out, so the test does
not depend on whether the pipeline of the day happens to make the mistake.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

# One row per word: (word, part of speech, dependency, head index).
Row = tuple[str, str, str, int]

_TAGS = {"VERB": "VBD", "NOUN": "NN", "PROPN": "NNP", "PRON": "PRP", "DET": "DT"}
_LEMMAS = {
    "said": "say",
    "told": "tell",
    "suggesting": "suggest",
    "cited": "cite",
    "reported": "report",
    "scolded": "scold",
    "is": "be",
    "are": "be",
}


@cache
def _english() -> Vocab:
    """A vocabulary that knows English word shapes (title case, punctuation)."""
    return spacy.blank("en").vocab


def _tag(word: str, pos: str) -> str:
    if pos == "VERB" and word.endswith("ing"):
        return "VBG"
    return _TAGS.get(pos, "XX")


def hand_parsed(text: str, rows: list[Row], ents: dict[str, str] | None = None) -> Doc:
    """``text`` as a doc with the parse written out in ``rows``; ``ents`` gives the entity
    type of single words ("Marsh": "PERSON")."""
    words = [row[0] for row in rows]
    spaces, at = [], 0
    for word in words:
        at = text.index(word, at) + len(word)
        spaces.append(text[at : at + 1] == " ")
    labels = ents or {}
    doc = Doc(
        _english(),
        words=words,
        spaces=spaces,
        pos=[row[1] for row in rows],
        tags=[_tag(word, pos) for word, pos, _, _ in rows],
        deps=[row[2] for row in rows],
        heads=[row[3] for row in rows],
        lemmas=[_LEMMAS.get(row[0], row[0].lower()) for row in rows],
        ents=[f"B-{labels[w]}" if w in labels else "O" for w in words],
    )
    assert doc.text == text, "every word of the text needs a row"
    return doc
