"""Matching short phrases against parsed text on word stems.

Topic cues ("waste time") and targets ("sit down with") are both phrases a user writes
in YAML; both are matched on lemmas, case-insensitively, with a couple of words allowed
in between ("waste time" matches "wasting his time").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Token

MAX_GAP = 2

# What reads a short phrase of the configuration (a target, a cue, a label) into a Doc.
Parser = Callable[[str], Doc]


def parsed_once(nlp: Language) -> Parser:
    """``nlp`` remembering what it has parsed. A topic's targets and labels are each read
    by several start-up steps (their lemmas, heads, kin, acts); parsing one the same way
    again would only give the same Doc, which no step changes."""
    return cache(nlp)


def lemma(token: Token) -> str:
    return (token.lemma_ or token.lower_).lower()


Phrase = tuple[frozenset[str], ...]  # per word: the forms it matches (its lemma, as written)


def lemmatise(nlp: Parser, text: str) -> Phrase:
    """A phrase as the forms each of its words may take. A phrase parsed on its own can
    get another lemma than in a sentence ("living wage": "live"), so the word as
    written counts too."""
    return tuple(
        frozenset({lemma(t), t.lower_.replace("’", "'")}) for t in nlp(text) if not t.is_punct
    )


def tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


def word_matches(forms: frozenset[str], token: Token) -> bool:
    return bool(forms & {lemma(token), token.lower_, token.lower_.replace("’", "'")})


# Endings that make another word of the same family: "negotiation" and "negotiate".
FAMILY_ENDINGS = frozenset(
    {
        "",
        "e",
        "s",
        "es",
        "ed",
        "d",
        "ing",
        "ion",
        "ions",
        "ation",
        "ations",
        "ment",
        "ments",
        "al",
        "ive",
        "or",
        "ors",
        "er",
        "ers",
    }
)
FAMILY_ROOT = 5
# A shorter root is enough when only an inflection differs; "vote" and "voter" are not one.
SHORT_ROOT = 4
INFLECTIONS = frozenset({"", "e", "s", "es", "ed", "d", "ing"})


def same_family(word: str, other: str) -> bool:
    """Whether two words share a root and differ only by a derivational ending."""
    if word == other:
        return True
    shared = 0
    for a, b in zip(word, other, strict=False):
        if a != b:
            break
        shared += 1
    if shared >= SHORT_ROOT and {word[shared:], other[shared:]} <= INFLECTIONS:
        return True  # "meet" and "meeting", "vote" and "voting"
    if shared < FAMILY_ROOT:
        return False
    return word[shared:] in FAMILY_ENDINGS and other[shared:] in FAMILY_ENDINGS


def match_family(word: frozenset[str], words: Sequence[Token]) -> list[tuple[Token, ...]]:
    """Every word of the same family as a one-word phrase: the target "negotiations"
    also finds "we will not negotiate"."""
    return [
        (t,)
        for t in words
        if word_matches(word, t) or any(same_family(form, lemma(t)) for form in word)
    ]


def match_phrase(lemmas: Phrase, words: Sequence[Token]) -> list[tuple[Token, ...]]:
    """Every place ``lemmas`` occurs in ``words`` (punctuation already removed), in order,
    with at most ``MAX_GAP`` other words between two of its words."""
    if not lemmas:
        return []
    found = []
    for i, token in enumerate(words):
        if not word_matches(lemmas[0], token):
            continue
        matched = [token]
        position = i
        skipped = 0
        for word in lemmas[1:]:
            window = words[position + 1 : position + 2 + MAX_GAP]
            nxt = next((j for j, t in enumerate(window) if word_matches(word, t)), None)
            if nxt is None and word == AS and _cast_by_verb(words, i):
                skipped += 1  # "the dollar as legal tender": "making the dollar legal tender"
                continue
            if nxt is None:
                break
            position = position + 1 + nxt
            matched.append(words[position])
        if len(matched) + skipped == len(lemmas):
            found.append(tuple(matched))
    return found


AS = frozenset({"as"})
# Verbs that make their object something, saying the "as" of a phrase without it:
# "make the dollar legal tender" is the dollar as legal tender.
CASTING_VERBS = frozenset({"make", "declare", "name", "designate", "appoint", "proclaim"})
# Words allowed between a casting verb and its object: "make the dollar", "name our city".
CAST_OBJECT_LEAD = frozenset({"DET", "PRON", "ADJ", "NUM"})


def _cast_by_verb(words: Sequence[Token], start: int) -> bool:
    """Whether the word at ``start`` is the object of a casting verb just before it."""
    for j in range(start - 1, max(start - 1 - MAX_GAP - 1, -1), -1):
        if lemma(words[j]) in CASTING_VERBS and words[j].pos_ in ("VERB", "AUX"):
            return True
        if words[j].pos_ not in CAST_OBJECT_LEAD:
            return False
    return False


def phrase_root(words: Sequence[Token]) -> Token:
    """The root of a phrase parsed on its own ("cap" of "cap on rents"): its first word
    that hangs from nothing, else its last word."""
    return next((t for t in words if t.head.i == t.i), words[-1])


def phrase_head(tokens: Sequence[Token]) -> Token:
    """The word of a matched phrase that the rest hang from: the one whose head lies
    outside the phrase (the last such one, so "carbon tax" gives "tax")."""
    ids = {t.i for t in tokens}
    outside = [t for t in tokens if t.head.i not in ids or t.head.i == t.i]
    return outside[-1] if outside else tokens[-1]
