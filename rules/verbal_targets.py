"""A target named as a noun of an act said as the act itself: "face coverings" when a
statement says "cover their faces", "rent controls" for "control rents", "wolf cull"
for "cull the wolves". An analyst writes the noun; officials often say the verb."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from rules.phrases import Parser, lemma, same_family

# Endings a noun of an act has over its verb: "covering" for "cover", "exports".
ACT_NOUN_ENDINGS = ("ings", "ing", "s")


@dataclass(frozen=True)
class VerbalTarget:
    """A target of two nouns, "A B", as the verb of B done to A."""

    verbs: frozenset[str]
    thing: str


def verbal_targets(
    nlp: Parser, phrases: Sequence[str], related: Callable[[str], set[str]]
) -> list[VerbalTarget]:
    """Each target of a noun and a noun after it, with the verbs its second noun may be
    said as (``related`` gives a word's irregular relatives: "sale" and "sell")."""
    found: list[VerbalTarget] = []
    for phrase in phrases:
        words = [t for t in nlp(phrase) if not t.is_punct]
        if len(words) != 2 or any(t.pos_ not in ("NOUN", "PROPN") for t in words):
            continue
        thing, act = words
        if thing.dep_ != "compound" or thing.head.i != act.i:
            continue
        base = act.lower_
        verbs = {base, lemma(act), *related(lemma(act))}
        verbs |= {base[: -len(end)] for end in ACT_NOUN_ENDINGS if base.endswith(end)}
        found.append(VerbalTarget(frozenset(v for v in verbs if len(v) > 2), lemma(thing)))
    return found


def verbal_mentions(
    targets: Sequence[VerbalTarget], words: Sequence[Token]
) -> list[tuple[Token, ...]]:
    """The verb and its object where a statement does a target's act to its thing:
    "cover their faces" for "face coverings"."""
    found: list[tuple[Token, ...]] = []
    for word in words:
        if word.pos_ != "VERB":
            continue
        for target in targets:
            if lemma(word) not in target.verbs:
                continue
            thing = next(
                (
                    c
                    for c in word.children
                    if c.dep_ == "dobj" and same_family(lemma(c), target.thing)
                ),
                None,
            )
            if thing is not None:
                found.append(tuple(sorted((word, thing), key=lambda t: t.i)))
                break
    return found
