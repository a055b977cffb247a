"""Topics and positions: which topic a statement is about and where it stands.

Cue phrases from the topic YAML are matched on lemmas, allowing a couple of words in
between ("waste time" matches "wasting his time"). A negation that governs a cue
("does not think now is the time to negotiate") turns it into the opposed position;
a cue inside a condition clause ("talks if they would stop testing") does not count.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from rules.model import Topic
from rules.records import Stance

MAX_GAP = 2
NEGATORS = frozenset({"not", "n't", "never", "no", "nor", "neither", "without", "hardly", "nobody"})
CONDITION_MARKS = frozenset({"if", "unless", "whether"})
# Above this many mentions an article is about the topic, and so is everything said in it.
ARTICLE_TOPIC_MENTIONS = 3
CONFIDENCE_PLAIN = 0.85
CONFIDENCE_NEGATED = 0.7
CONTEXT_FACTOR = 0.9


@dataclass(frozen=True)
class Cue:
    topic: str
    position: str
    text: str
    lemmas: tuple[str, ...]


@dataclass(frozen=True)
class CueHit:
    cue: Cue
    tokens: tuple[Token, ...]
    negated: bool

    def evidence(self) -> str:
        doc = self.tokens[0].doc
        words = doc[self.tokens[0].i : self.tokens[-1].i + 1].text
        return f"not: {words}" if self.negated else words


class StanceReader:
    """Reads topics and positions of statements for one configuration."""

    def __init__(self, topics: Sequence[Topic], nlp: Language) -> None:
        self.nlp = nlp
        self.topics = list(topics)
        self._terms = {t.id: _term_pattern(t.match) for t in self.topics}
        self._cues: list[Cue] = []
        for topic in self.topics:
            for position in topic.positions:
                for text in position.cues:
                    lemmas = _lemmatise(nlp, text)
                    self._cues.append(Cue(topic.id, position.id, text, lemmas))

    def article_topics(self, text: str) -> set[str]:
        return {
            topic_id
            for topic_id, pattern in self._terms.items()
            if len(pattern.findall(text)) >= ARTICLE_TOPIC_MENTIONS
        }

    def read(
        self,
        doc: Doc,
        spans: Sequence[tuple[int, int]],
        *,
        article_topics: set[str],
        flip_all: bool = False,
    ) -> tuple[tuple[str, ...], tuple[Stance, ...]]:
        """Topics and stances of a statement whose content is ``spans`` (char offsets in doc)."""
        text = " ".join(doc.text[s:e] for s, e in spans)
        tokens = [t for s, e in spans for t in _tokens_in(doc, s, e)]
        hits = self._hits(tokens, flip_all)
        topics: list[str] = []
        stances: list[Stance] = []
        for topic in self.topics:
            in_text = bool(self._terms[topic.id].search(text))
            topic_hits = [h for h in hits if h.cue.topic == topic.id]
            if not (in_text or topic.id in article_topics):
                continue
            topics.append(topic.id)
            stance = _decide(topic, topic_hits, context_only=not in_text)
            if stance is not None:
                stances.append(stance)
        return tuple(topics), tuple(stances)

    def position_of(self, text: str, topic_id: str) -> Stance | None:
        """The stance of ``text``, read as one statement, on the topic ``topic_id``.

        The topic is taken as given (as for a statement in an article about it), so this
        is what a topic's ``examples:`` and the labelled stance set are checked with.
        """
        doc = self.nlp(text)
        _topics, stances = self.read(doc, [(0, len(text))], article_topics={topic_id})
        return next((s for s in stances if s.topic == topic_id), None)

    def _hits(self, tokens: list[Token], flip_all: bool) -> list[CueHit]:
        words = [t for t in tokens if not (t.is_punct or t.is_space)]
        hits: list[CueHit] = []
        for cue in self._cues:
            for matched in _match(cue.lemmas, words):
                if _in_condition(matched):
                    continue
                negated = _is_negated(matched, set(tokens)) != flip_all
                hits.append(CueHit(cue, matched, negated))
        return _drop_nested(hits)


def _decide(topic: Topic, hits: list[CueHit], *, context_only: bool) -> Stance | None:
    votes: Counter[str] = Counter()
    confidence: dict[str, list[float]] = {}
    evidence: dict[str, list[str]] = {}
    for hit in hits:
        position = topic.opposite_of(hit.cue.position) if hit.negated else hit.cue.position
        if position is None:
            continue
        votes[position] += 1
        confidence.setdefault(position, []).append(
            CONFIDENCE_NEGATED if hit.negated else CONFIDENCE_PLAIN
        )
        evidence.setdefault(position, []).append(hit.evidence())
    if not votes:
        return None
    ranked = votes.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None  # as many cues one way as the other: no position
    position, count = ranked[0]
    against = sum(n for p, n in ranked[1:])
    score = max(confidence[position]) + 0.05 * (count - 1) - 0.15 * against
    if context_only:
        score *= CONTEXT_FACTOR
    negated = all(e.startswith("not: ") for e in evidence[position])
    return Stance(
        topic.id, position, round(min(score, 0.99), 2), tuple(evidence[position]), negated
    )


def _term_pattern(terms: Sequence[str]) -> re.Pattern[str]:
    alternatives = sorted(
        (re.escape(t.lower()).replace(r"\-", "[- ]?").replace(r"\ ", r"[\s-]+") for t in terms),
        key=len,
        reverse=True,
    )
    # A plural or possessive ending still counts: "wind farm" matches "wind farms'".
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?:e?s)?(?!\w)", re.IGNORECASE)


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.lower_).lower()


def _lemmatise(nlp: Language, text: str) -> tuple[str, ...]:
    return tuple(_lemma(t) for t in nlp(text) if not t.is_punct)


def _tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


def _word_matches(word: str, token: Token) -> bool:
    return word in (_lemma(token), token.lower_, token.lower_.replace("’", "'"))


def _match(lemmas: tuple[str, ...], words: list[Token]) -> list[tuple[Token, ...]]:
    if not lemmas:
        return []
    found = []
    for i, token in enumerate(words):
        if not _word_matches(lemmas[0], token):
            continue
        matched = [token]
        position = i
        for lemma in lemmas[1:]:
            window = words[position + 1 : position + 2 + MAX_GAP]
            nxt = next((j for j, t in enumerate(window) if _word_matches(lemma, t)), None)
            if nxt is None:
                break
            position = position + 1 + nxt
            matched.append(words[position])
        if len(matched) == len(lemmas):
            found.append(tuple(matched))
    return found


def _is_negated(matched: tuple[Token, ...], content: set[Token]) -> bool:
    """Counts the negations just before the cue and on the words that govern it; an odd
    count negates. The walk up the parse stays inside the statement and stops at a
    coordination, so in "could not stay frozen and raising it was right" the "not"
    does not reach the second clause."""
    cue_ids = {t.i for t in matched}
    first = matched[0]
    doc = first.doc
    window = range(max(first.sent.start, first.i - 3), first.i)
    negations = {k for k in window if doc[k].lower_ in NEGATORS and k not in cue_ids}
    node = first
    for _ in range(6):
        head = node.head
        if node.dep_ == "conj" or head is node or head not in content:
            break
        negations.update(c.i for c in head.children if c.dep_ == "neg" and c.i not in cue_ids)
        node = head
    return len(negations) % 2 == 1


def _in_condition(matched: tuple[Token, ...]) -> bool:
    token = matched[0]
    for ancestor in [token, *token.ancestors]:
        if ancestor.dep_ == "advcl" and any(
            c.lower_ in CONDITION_MARKS for c in ancestor.children if c.dep_ == "mark"
        ):
            return True
    return False


def _drop_nested(hits: list[CueHit]) -> list[CueHit]:
    """Cue hits that share words count once: the one read first (the longer of two that
    start together).

    "wasting his time trying to negotiate" matches "waste time" and, through the
    allowed gap, "time to negotiate"; the phrase that comes first governs the rest.
    """
    ranked = sorted(hits, key=lambda h: (h.tokens[0].i, -len(h.tokens)))
    kept: list[CueHit] = []
    for hit in ranked:
        ids = {t.i for t in hit.tokens}
        if any(
            ids & {t.i for t in other.tokens} for other in kept if other.cue.topic == hit.cue.topic
        ):
            continue
        kept.append(hit)
    return sorted(kept, key=lambda h: h.tokens[0].i)
