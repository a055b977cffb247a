"""Targets that already hold an act: "abolish", "scrap the toll", "ban on fracking".

An analyst may list, among a topic's targets, the act a position is about next to the thing
it acts on. Read as a plain target, such a mention turns every statement round: "we will
ban fracking" is against fracking but for the ban. So a target with an act of its own is
read as that act, and what is said of it is combined with the act's own attitude to give
the attitude to the thing ("we support the ban" is against fracking).

The topic's declared attitudes (``attitude:`` on its positions) may be meant of the thing
("abolish: oppose" fees) or of the act ("ban: support" the ban). Which one is told by the
positions' ids and labels: a position named after the act ("ban", "abolish fees") whose
declared attitude is the act's own attitude is declared of the thing; one declared the
other way round is declared of the act, and then every reading of the thing is turned
round before it meets the positions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rules.attitude_lexicon import OPPOSE_ATTITUDE, SUPPORT_ATTITUDE, opposite, word_attitude
from rules.attitude_words import ACT_NOUNS
from rules.model import Topic
from rules.phrases import Parser, lemma, same_family


@dataclass(frozen=True)
class ActTarget:
    """A target phrase that is an act, and the act's own attitude to the thing."""

    phrase: str
    word: str
    attitude: str


def act_of(nlp: Parser, phrase: str) -> ActTarget | None:
    """The act a target phrase holds: a verb with an attitude ("abolish", "scrap the
    toll") or an act noun ("ban on fracking"), as its first word."""
    words = [t for t in nlp(phrase) if not t.is_punct]
    if not words:
        return None
    first = words[0]
    word = lemma(first)
    if word in ACT_NOUNS:
        return ActTarget(phrase, word, OPPOSE_ATTITUDE)
    if any(lemma(t) == "free" and t.pos_ == "ADJ" for t in words):
        # "free tuition", "a toll-free crossing": the thing without its charge
        return ActTarget(phrase, "free", OPPOSE_ATTITUDE)
    attitude = word_attitude(word)
    if attitude not in (SUPPORT_ATTITUDE, OPPOSE_ATTITUDE):
        return None
    if len(words) == 1:
        return ActTarget(phrase, word, attitude) if _verb_only(nlp, first.lower_) else None
    # A verb with its object ("scrap the toll"); "rise in the wage" is the thing
    if first.pos_ == "VERB" and any(c.dep_ == "dobj" for c in first.children):
        return ActTarget(phrase, word, attitude)
    return None


def _verb_only(nlp: Parser, word: str) -> bool:
    """A single word the parser takes for a verb when told to do it ("scrap" alone is
    often tagged a noun)."""
    return any(t.pos_ == "VERB" for t in nlp(f"we {word} it") if t.lower_ == word)


def declared_of_the_act(topic: Topic, acts: Sequence[ActTarget], nlp: Parser) -> bool | None:
    """Whether the topic's attitudes are declared of its act targets rather than of the
    thing: a position named after an act and declared with the act's opposite attitude
    ("ban: support", where a ban is against fracking). None when nothing tells."""
    of_act = of_thing = 0
    for position in topic.positions:
        declared = {a for a in position.attitude if a in (SUPPORT_ATTITUDE, OPPOSE_ATTITUDE)}
        if len(declared) != 1:
            continue
        (attitude,) = declared
        named = _words_of(nlp, f"{position.id.replace('-', ' ')} {position.label or ''}")
        for act in acts:
            if not any(same_family(act.word, w) for w in named):
                continue
            if attitude == act.attitude:
                of_thing += 1
            else:
                of_act += 1
    if of_act == of_thing:
        return None  # nothing tells: every target is read as it is
    return of_act > of_thing


def _words_of(nlp: Parser, text: str) -> list[str]:
    return [lemma(t) for t in nlp(text) if t.is_alpha]


def turned(attitude: str, act: str) -> str:
    """An attitude to an act as an attitude to its thing: for a ban is against fracking."""
    return opposite(attitude) if act == OPPOSE_ATTITUDE else attitude
