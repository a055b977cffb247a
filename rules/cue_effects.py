"""What the target would do, said in the words of a position's cues: "the dam would supply
power to 200,000 homes" (a "clean hydro power" cue: for the dam), "the reservoir would
swallow three villages" (a "drown the villages" cue: against it). The topic's own cues
say which effects each side speaks of; a statement that gives the target one of them,
with no attitude word of its own, takes that side.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from rules.attitude import Reading
from rules.attitude_lexicon import OPPOSE_ATTITUDE, SUPPORT_ATTITUDE
from rules.model import Topic
from rules.phrases import Parser, lemma, phrase_head

ATTITUDES = (SUPPORT_ATTITUDE, OPPOSE_ATTITUDE)
# Modals of a prediction: what the target "would" or "will" do.
PREDICTING = frozenset({"would", "will", "could", "'d", "'ll"})
CONFIDENCE_EFFECT = 0.65


def cue_effects(nlp: Parser, topic: Topic) -> dict[str, str]:
    """Nouns of the cues of each position (lemma -> the position's attitude), kept when
    they belong to one side only and name neither a target nor a topic match term."""
    topic_words = {
        w.lower() for phrase in (*topic.target_phrases, *topic.match) for w in phrase.split()
    }
    sides: dict[str, set[str]] = {}
    for position in topic.positions:
        attitude = next((a for a in position.attitude if a in ATTITUDES), None)
        if attitude is None:
            continue
        for cue in position.cues:
            for token in nlp(cue):
                if token.pos_ != "NOUN" or {token.lower_, lemma(token)} & topic_words:
                    continue
                sides.setdefault(lemma(token), set()).add(attitude)
    return {noun: next(iter(found)) for noun, found in sides.items() if len(found) == 1}


def effect_readings(
    effects: dict[str, str], targets: Sequence[tuple[Token, ...]], readings: Sequence[Reading]
) -> list[Reading]:
    """Readings of target mentions with none of their own that are the subject of a
    predicted act whose object names one side's cue noun."""
    if not effects:
        return []
    read = {tuple(t.i for t in r.target) for r in readings}
    found = []
    for target in targets:
        if tuple(t.i for t in target) in read:
            continue
        head = phrase_head(target)
        verb = head.head
        if head.dep_ != "nsubj" or verb.pos_ != "VERB":
            continue
        if not any(c.dep_ == "aux" and c.lower_ in PREDICTING for c in verb.children):
            continue
        if any(c.dep_ == "neg" for c in verb.children):
            continue
        sides = {effects[lemma(o)]: o for o in _objects(verb) if lemma(o) in effects}
        if len(sides) == 1:
            attitude, obj = next(iter(sides.items()))
            found.append(Reading(attitude, CONFIDENCE_EFFECT, target, (verb, obj), False))
    return found


def _objects(verb: Token) -> list[Token]:
    """The verb's objects, and the objects of its prepositions ("to homes", "from the
    public schools")."""
    found = []
    for child in verb.children:
        if child.dep_ in ("dobj", "dative"):
            found.append(child)
        elif child.dep_ == "prep":
            found += [c for c in child.children if c.dep_ == "pobj"]
    return found
