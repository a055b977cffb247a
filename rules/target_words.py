"""Other names a topic's target goes by: nouns of the same kind of policy thing.

An analyst lists a topic's targets before reading any statement ("NATO target", "ID law",
"fishing agreement"), and officials then say "the NATO goal", "the ID rule" or "a treaty".
A policy's head noun comes from a small set of words for the same kind of thing (a goal
or target, a law or rule, a deal or treaty), so a target also counts when its head noun
is swapped for one of the same kind. A target of several words keeps one of its own
modifiers ("ID" in "ID rule"), so that another law ("the planning rule") is not taken
for it; a target of one word ("deal") goes by its kin alone, as the word itself does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from rules.phrases import Parser, lemma, phrase_root

# Each set holds nouns that name one kind of policy thing (a payment levied goes by tax,
# fee, charge or toll); none of them is a word that takes a side ("ban" and "cap" are
# acts on a thing, read by the attitude layer).
KINDS_OF_THING: tuple[frozenset[str], ...] = (
    frozenset({"target", "goal", "objective", "benchmark"}),
    frozenset({"law", "bill", "rule", "requirement", "mandate", "regulation", "legislation"}),
    frozenset({"deal", "agreement", "treaty", "pact", "accord"}),
    frozenset({"plant", "station", "reactor"}),
    frozenset({"tax", "levy", "duty", "tariff", "fee", "charge", "toll"}),
    frozenset({"limit", "ceiling"}),
    frozenset({"wall", "barrier", "fence"}),
    frozenset({"railway", "railroad", "line"}),
    frozenset({"referendum", "plebiscite"}),
)
# Words under a noun that say which one it is: "ID rule", "nuclear station".
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})


@dataclass(frozen=True)
class KinTarget:
    """A target's head noun swapped for its kin: the kin nouns, and the modifiers of
    which one must be kept (none for a target of one word)."""

    kin: frozenset[str]
    modifiers: frozenset[str]
    # For what a label acts on: the labels' verbs. The object of one of them in a
    # statement ("keep the ferry company ...") is read as that act, whose position the
    # label names, not as the thing ("keep" would be for it, whatever the label says).
    acts: frozenset[str] = frozenset()


def kin_targets(nlp: Parser, phrases: Sequence[str]) -> list[KinTarget]:
    """The kin of each target phrase whose head noun is a kind of policy thing."""
    found: list[KinTarget] = []
    for phrase in phrases:
        words = [t for t in nlp(phrase) if not t.is_punct]
        if not words:
            continue
        head = phrase_root(words)
        if head.pos_ not in ("NOUN", "PROPN") and len(words) > 1:
            continue
        kinds = [kind for kind in KINDS_OF_THING if lemma(head) in kind or head.lower_ in kind]
        if not kinds:
            continue
        kin = frozenset().union(*kinds) - {lemma(head), head.lower_}
        modifiers = frozenset(
            form for t in words if t.i != head.i and t.is_alpha for form in (lemma(t), t.lower_)
        )
        found.append(KinTarget(kin, modifiers))
    return found


def kin_mentions(kins: Sequence[KinTarget], words: Sequence[Token]) -> list[tuple[Token, ...]]:
    """Mentions of a target by its kin in a statement: the noun, with the modifier it
    keeps ("the NATO goal": NATO, goal)."""
    found: list[tuple[Token, ...]] = []
    for word in words:
        if word.pos_ != "NOUN":
            continue  # "line up", "duty-free": only the noun names the thing
        for kin in kins:
            if lemma(word) not in kin.kin and word.lower_ not in kin.kin:
                continue
            if kin.acts and _object_of(word, kin.acts):
                continue
            if not kin.modifiers:
                found.append((word,))
                break
            kept = [
                c
                for c in word.children
                if c.dep_ in MODIFIER_DEPS
                and (lemma(c) in kin.modifiers or c.lower_ in kin.modifiers)
            ]
            if kept:
                found.append(tuple(sorted([*kept, word], key=lambda t: t.i)))
                break
    return found


def _object_of(noun: Token, verbs: frozenset[str]) -> bool:
    """Whether ``noun`` is in the object of one of ``verbs``: "keep the ownership of the
    ferry company"."""
    node = noun
    while node.dep_ in ("pobj", "prep", "compound", "nmod") and node.head.i != node.i:
        node = node.head
    return node.dep_ in ("dobj", "nsubjpass") and lemma(node.head) in verbs


def label_targets(nlp: Parser, labels: Sequence[str | None]) -> list[KinTarget]:
    """What the positions' labels act on, as a target: "bring in legal limits on rents"
    is about a legal limit, "build new nuclear power plants" about new plants. The
    object's head noun (or one of its kind) counts with one of its modifiers, so "a
    legal limit" is the target and "the speed limit" is not."""
    found: list[KinTarget] = []
    parsed = [nlp(label) for label in labels if label]
    verbs = frozenset(lemma(t) for doc in parsed for t in doc if t.pos_ == "VERB")
    for doc in parsed:
        for word in doc:
            if word.dep_ != "dobj" or word.pos_ != "NOUN" or word.head.pos_ != "VERB":
                continue
            modifiers = frozenset(
                form
                for c in word.children
                for t in (c, *(g for g in c.children if c.dep_ == "prep"))
                if t.dep_ in (*MODIFIER_DEPS, "pobj") and t.is_alpha
                for form in (lemma(t), t.lower_)
            )
            if not modifiers:
                continue
            kin = frozenset({lemma(word), word.lower_}).union(
                *(kind for kind in KINDS_OF_THING if lemma(word) in kind)
            )
            found.append(KinTarget(kin, modifiers, verbs))
    return found
