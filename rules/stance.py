"""Topics and positions: which topic a statement is about and where it stands.

Two readers vote. The topic's own cue phrases from YAML are matched on lemmas, allowing
a couple of words in between ("waste time" matches "wasting his time"); a negation that
governs a cue ("does not think now is the time to negotiate") turns it into the opposed
position, and a cue inside a condition clause ("talks if they would stop testing") does
not count. The general stance layer (``rules.attitude``) reads the attitude of the words
that govern the topic's targets, so a position does not depend on the user having listed
the exact words; the topic maps that attitude onto its positions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Token

from rules.act_targets import ActTarget, act_of, declared_of_the_act, turned
from rules.attitude import (
    Reading,
    cue_standing,
    not_only,
    predicate_read_as_noun,
    read_attitudes,
)
from rules.attitude_lexicon import OPPOSE_ATTITUDE, opposite, word_attitude
from rules.attitude_words import (
    ACT_NOUNS,
    CAPPING_VERBS,
    DERIVED_ENDINGS,
    HYPOTHETICAL_MARKS,
    IRREGULAR_FAMILIES,
    NEGATION_WORDS,
    OPPOSE,
    REMOVING_VERBS,
    SUPPORT,
)
from rules.changed_minds import later_views
from rules.conceded_views import own_views
from rules.cue_effects import cue_effects, effect_readings
from rules.drafts import doc_text
from rules.model import Topic
from rules.phrases import (
    Parser,
    Phrase,
    lemma,
    lemmatise,
    match_family,
    match_phrase,
    parsed_once,
    phrase_head,
    phrase_root,
    same_family,
    tokens_in,
    word_matches,
)
from rules.records import MAX_CONFIDENCE, Stance
from rules.referents import subject_pronouns
from rules.target_words import KinTarget, kin_mentions, kin_targets, label_targets
from rules.topic_mentions import owned_by_someone
from rules.verbal_targets import verbal_mentions, verbal_targets

# Just before a cue, "without" denies it too ("without talks"); the attitude layer reads
# "without" as a preposition of its own.
CUE_NEGATORS = NEGATION_WORDS | {"without"}
# A cue inside a clause of these is not asserted.
CUE_CONDITION_MARKS = HYPOTHETICAL_MARKS | {"unless"}
# Above this many mentions an article is about the topic, and so is everything said in it.
ARTICLE_TOPIC_MENTIONS = 3
CONFIDENCE_PLAIN = 0.85
CONFIDENCE_NEGATED = 0.7
CONTEXT_FACTOR = 0.9
READING_WEIGHT = 0.8
ARTICLES = frozenset({"the", "a", "an"})
# Words that stand for the topic's target when the statement names nothing else.
STANDING_PRONOUNS = frozenset({"it", "them"})
STANDING_DEPS = frozenset({"dobj", "pobj"})
PLAN_NOUNS = frozenset(
    {"plan", "proposal", "scheme", "policy", "idea", "measure", "bill", "project", "move"}
)
POINTING_PRONOUNS = frozenset({"it", "them", "one"})
DEFINITE = frozenset({"the", "this", "that", "these", "those", "our", "their", "its", "your"})
# Votes closer than this are a tie.
TIE_MARGIN = 0.5
# A runner-up with at least this share of the winner's votes: both sides said, no position.
BOTH_SIDES = 0.5
# Below this a statement takes no position at all: "talks might be possible if ...".
MIN_CONFIDENCE = 0.45


@dataclass(frozen=True)
class Cue:
    topic: str
    position: str
    text: str
    lemmas: Phrase


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

    def __init__(self, topics: Sequence[Topic], nlp: Language, *, general: bool = True) -> None:
        """``general=False`` reads positions from the topics' cues alone (for comparison)."""
        self.nlp = nlp
        # Start-up reads each target and label several ways: parse each once.
        parse = parsed_once(nlp)
        self.general = general
        self.topics = list(topics)
        self._terms = {t.id: _term_pattern(t.match) for t in self.topics}
        self._cues: list[Cue] = []
        for topic in self.topics:
            for position in topic.positions:
                for text in position.cues:
                    lemmas = _without_articles(lemmatise(parse, text))
                    self._cues.append(Cue(topic.id, position.id, text, lemmas))
        self._targets = {
            t.id: [lemmatise(parse, phrase) for phrase in t.target_phrases] for t in self.topics
        }
        # What a target of one word also goes by ("expand" for "expansion"), found once
        # here rather than for every statement.
        self._kin = {
            topic_id: [_kin_of(phrase) for phrase in phrases]
            for topic_id, phrases in self._targets.items()
        }
        # Targets that hold an act of their own ("abolish", "ban on fracking"): what is
        # said of them is combined with the act's attitude (rules.act_targets).
        self._act_targets: dict[str, dict[int, ActTarget]] = {}
        self._of_the_act: dict[str, bool | None] = {}
        for t in self.topics:
            acts = {
                n: act
                for n, phrase in enumerate(t.target_phrases)
                if (act := act_of(parse, phrase)) is not None
            }
            self._act_targets[t.id] = acts
            self._of_the_act[t.id] = declared_of_the_act(t, list(acts.values()), parse)
        # "the rule" after "mask rule", "these plants" for "nuclear plant": the last word
        # of a target of several words, pointed at with a definite word.
        self._heads = {t.id: _heads_of(parse, t.target_phrases) for t in self.topics}
        # "the NATO goal" for "NATO target": a target named by a noun of its kind, and
        # what a position's label acts on ("legal limits on rents") (rules.target_words).
        self._kin_targets: dict[str, list[KinTarget]] = {
            t.id: kin_targets(parse, t.target_phrases)
            + label_targets(parse, [p.label for p in t.positions])
            for t in self.topics
        }
        # "cover their faces" for "face coverings" (rules.verbal_targets)
        self._verbal = {
            t.id: verbal_targets(parse, t.target_phrases, relatives) for t in self.topics
        }
        # Whether a topic declares its positions of a bare act noun ("the ban") rather
        # than of the thing it acts on.
        self._standing_act_declared = {
            t.id: declared_of_the_act(t, STANDING_ACTS, parse) is True for t in self.topics
        }
        # "the limit" for "lower limit" and "100 km/h limit": a head that every target
        # changes by a modifier names the thing as it is now, not the change.
        self._status_quo_heads = {
            t.id: _status_quo_heads(parse, t.target_phrases) for t in self.topics
        }
        # What a position's label says to do ("sell National Water to private investors"):
        # a statement for or against that act takes or refuses the position.
        target_nouns = {t.id: _nouns_of(parse, t.target_phrases) for t in self.topics}
        self._actions = {
            t.id: [
                replace(action, objects=action.objects | target_nouns[t.id])
                for position in t.positions
                for action in _label_actions(parse, position.id, position.label)
            ]
            for t in self.topics
        }
        # The nouns a topic is about: an act of a target's family done to something else
        # ("sell more tickets" on a topic about a sale) is not the target.
        self._topic_words = {
            t.id: _nouns_of(parse, (*t.match, *t.target_phrases))
            | frozenset(o for action in self._actions[t.id] for o in action.objects)
            for t in self.topics
        }
        self._label_verbs = {
            t.id: frozenset(action.verb for action in self._actions[t.id]) for t in self.topics
        }
        # The nouns each side's cues speak of ("power", "villages") (rules.cue_effects)
        self._effects = {t.id: cue_effects(parse, t) for t in self.topics}
        # Positions about removing a thing, none about reducing it: a cut is neither.
        self._removal_only = {t.id: _removal_only(parse, t) for t in self.topics}
        # The topic's other party: match terms that are not targets ("Pyongyang" in a
        # topic about talks with it). What they do is news, not the speaker's view.
        self._counterparts = {
            t.id: [lemmatise(parse, term) for term in t.match if term not in t.target_phrases]
            for t in self.topics
        }

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
        whole = doc_text(doc)
        text = " ".join(whole[s:e] for s, e in spans)
        tokens = [t for s, e in spans for t in tokens_in(doc, s, e)]
        words = [t for t in tokens if not (t.is_punct or t.is_space)]
        in_text = {t.id for t in self.topics if self._terms[t.id].search(text)}
        # Only the topics the statement is filed under are read: cues and other parties
        # of the rest would be matched for nothing.
        topics = [t.id for t in self.topics if t.id in in_text or t.id in article_topics]
        others = {topic_id: self._others_in(topic_id, words) for topic_id in topics}
        hits = self._hits(tokens, words, others, flip_all)
        stances: list[Stance] = []
        for topic in (t for t in self.topics if t.id in others):
            topic_hits = [h for h in hits if h.cue.topic == topic.id]
            readings = self._readings(topic, tokens, words, others[topic.id], flip_all)
            stance = _decide(topic, topic_hits, readings, context_only=topic.id not in in_text)
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

    def _readings(
        self,
        topic: Topic,
        tokens: list[Token],
        words: list[Token],
        topic_others: list[tuple[Token, ...]],
        flip_all: bool,
    ) -> list[Reading]:
        """The general layer's readings of a statement (``words``: its tokens without
        punctuation; ``topic_others``: its mentions of the topic's other party)."""
        if not self.general or not any(p.attitude for p in topic.positions):
            return []
        acts_of_targets = self._act_targets[topic.id]
        act_mentions: dict[tuple[int, ...], str] = {}
        found: list[tuple[Token, ...]] = []
        for n, (phrase, kin) in enumerate(
            zip(self._targets[topic.id], self._kin[topic.id], strict=True)
        ):
            for mention in _find_target(phrase, kin, words):
                if not _of_the_topic(
                    mention, self._label_verbs[topic.id], self._topic_words[topic.id]
                ):
                    continue
                found.append(mention)
                if n in acts_of_targets:
                    act_mentions[tuple(t.i for t in mention)] = acts_of_targets[n].attitude
        found += kin_mentions(self._kin_targets[topic.id], words)
        found += verbal_mentions(self._verbal[topic.id], words)
        heads = self._heads[topic.id]
        status_quo = self._status_quo_heads[topic.id]
        pointed: list[tuple[Token, ...]] = []
        as_it_is: list[tuple[Token, ...]] = []
        for w in words:
            if _pointed_head(w, heads):
                (as_it_is if lemma(w) in status_quo else pointed).append((w,))
        for mention in pointed:
            # "the ban" after or for "ban on fireworks": the head of an act target is
            # that act, and is read as it is
            head_act = next(
                (a for a in acts_of_targets.values() if a.word == lemma(mention[0])), None
            )
            if head_act is not None:
                act_mentions[(mention[0].i,)] = head_act.attitude
        targets = _outermost(found + pointed)
        # An act on a target already found adds nothing: the target is read as it is.
        taken = {t.i for target in targets for t in target}
        acts = [
            (act, position)
            for act, position in _acts_in(self._actions[topic.id], words)
            if not any(t.i in taken for t in act)
        ]
        others = _apart_from(topic_others, targets)
        pointing = _pointing_back(targets, words)
        standing_acts: list[tuple[Token, ...]] = []
        if not targets and not acts:
            pointing = _standing_in(words)
            standing_acts = _act_noun_standing_in(words)
        pointing += subject_pronouns(targets, words)
        # "Abolishing the tax is our plan, and we stand behind it": "it" is the act
        acting = _subject_act(phrase_head(targets[0])) if targets and pointing else None
        pointing_ids = {w.i for mention in pointing for w in mention}
        readings = [
            self._of_the_thing(topic.id, reading, act_mentions)
            for reading in read_attitudes([*targets, *pointing], tokens, others)
            if not (self._removal_only[topic.id] and _reducing(reading))
        ]
        if acting is not None:
            readings = [
                replace(r, attitude=turned(r.attitude, acting))
                if any(t.i in pointing_ids for t in r.target)
                else r
                for r in readings
            ]
        readings += _kept_as_it_is(read_attitudes(as_it_is, tokens, others))
        # "the ban will go ahead": for the ban, so against the thing, unless the topic's
        # positions are declared of the act
        readings += [
            r
            if self._standing_act_declared[topic.id]
            else replace(r, attitude=opposite(r.attitude))
            for r in read_attitudes(standing_acts, tokens, others)
        ]
        for act, position in acts:
            for reading in read_attitudes([act], tokens, others):
                translated = _for_position(reading, position, topic)
                if translated is not None:
                    readings.append(translated)
        # "trim the levy rather than abolish it": what is set aside is not wanted
        readings = [r.flipped() if _set_aside(r) else r for r in readings]
        # "the dam would supply power to 200,000 homes": an effect its cues speak of
        readings += effect_readings(self._effects[topic.id], targets, readings)
        readings = later_views(own_views(readings))  # news: changed minds, concessions
        if flip_all:  # "X denied that ...": the clause is what X says is not so
            readings = [r.flipped() for r in readings]
        return readings

    def _of_the_thing(
        self, topic_id: str, reading: Reading, act_mentions: dict[tuple[int, ...], str]
    ) -> Reading:
        """A reading of a target mention as the attitude the topic's positions are
        declared of: of an act target, combined with the act ("we back the ban" is
        against fracking); turned round when the positions are declared of the act."""
        attitude = reading.attitude
        act = act_mentions.get(tuple(t.i for t in reading.target))
        of_the_act = self._of_the_act[topic_id]
        if act is not None and of_the_act is False:
            attitude = turned(attitude, act)
        if of_the_act is True and act is None:
            attitude = opposite(attitude)
        return reading if attitude == reading.attitude else replace(reading, attitude=attitude)

    def _others_in(self, topic_id: str, words: list[Token]) -> list[tuple[Token, ...]]:
        """Mentions of the topic's other party that are not also a target mention."""
        found = [m for term in self._counterparts[topic_id] for m in match_phrase(term, words)]
        targets = [m for phrase in self._targets[topic_id] for m in match_phrase(phrase, words)]
        return _apart_from(found, targets)

    def _hits(
        self,
        tokens: list[Token],
        words: list[Token],
        others: dict[str, list[tuple[Token, ...]]],
        flip_all: bool,
    ) -> list[CueHit]:
        """Hits of the cues of the topics in ``others`` (a topic's other party mentions)."""
        hits: list[CueHit] = []
        content = set(tokens)
        for cue in self._cues:
            if cue.topic not in others:
                continue
            for matched in match_phrase(cue.lemmas, words):
                if _in_condition(matched):
                    continue
                standing = (
                    cue_standing(matched, tokens, others[cue.topic]) if self.general else "as-is"
                )
                if standing == "drop":
                    continue
                if standing == "as-is":
                    negated = _is_negated(matched, content)
                else:
                    negated = standing == "flip"
                hits.append(CueHit(cue, matched, negated != flip_all))
        return _drop_nested(hits)


def _decide(
    topic: Topic, hits: list[CueHit], readings: list[Reading], *, context_only: bool
) -> Stance | None:
    """Cue hits and attitude readings vote for positions; the position with the most
    votes wins, a tie gives none. Cues, which the user wrote for this topic, count in
    full; a reading of the general layer counts for less than one."""
    votes: dict[str, float] = {}
    confidence: dict[str, list[float]] = {}
    evidence: dict[str, list[str]] = {}
    negations: dict[str, list[bool]] = {}

    def vote(position: str | None, weight: float, score: float, words: str, negated: bool) -> None:
        if position is None:
            return
        votes[position] = votes.get(position, 0.0) + weight
        confidence.setdefault(position, []).append(score)
        evidence.setdefault(position, []).append(words)
        negations.setdefault(position, []).append(negated)

    for hit in hits:
        position = topic.opposite_of(hit.cue.position) if hit.negated else hit.cue.position
        score = CONFIDENCE_NEGATED if hit.negated else CONFIDENCE_PLAIN
        vote(position, 1.0, score, hit.evidence(), hit.negated)
    for reading in readings:
        vote(
            topic.position_for(reading.attitude),
            READING_WEIGHT,
            reading.confidence,
            reading.evidence(),
            reading.negated,
        )
    if not votes:
        return None
    ranked = sorted(votes.items(), key=lambda item: -item[1])
    if len(ranked) > 1 and (
        ranked[0][1] - ranked[1][1] < TIE_MARGIN or ranked[1][1] >= BOTH_SIDES * ranked[0][1]
    ):
        return None  # as much said one way as the other: no position
    position = ranked[0][0]
    against = sum(n for p, n in ranked[1:])
    score = max(confidence[position]) + 0.05 * (len(confidence[position]) - 1) - 0.15 * against
    if context_only:
        score *= CONTEXT_FACTOR
    if score < MIN_CONFIDENCE:
        return None
    return Stance(
        topic.id,
        position,
        round(min(score, MAX_CONFIDENCE), 2),
        tuple(dict.fromkeys(evidence[position])),
        all(negations[position]),
    )


@dataclass(frozen=True)
class Action:
    """An act a position's label names: its verb (with a particle, "bring in"), and the
    nouns its object may have ("runway" in "build the second runway")."""

    position: str
    verb: str
    particle: str | None
    objects: frozenset[str]


# Objects that stand for whatever the act could be done to: "we will sign nothing".
ANY_THING = frozenset({"nothing", "anything"})
# Objects that only point back ("scrap the one there is", "remove them").
POINTING_OBJECTS = frozenset({"one", "ones", "it", "them", "this", "that"})


def _label_actions(nlp: Parser, position: str, label: str | None) -> list[Action]:
    """The acts a label tells someone to do: its imperative verbs with an object.
    A verb under a negation or a preposition ("against raising defence spending", "no
    rise ...; keep it") is not an act the position is for, and is left out."""
    if not label:
        return []
    doc = nlp(label)
    actions = []
    for verb in doc:
        if verb.pos_ != "VERB" or not _imperative(verb):
            continue
        objects = _label_objects(verb)
        if not objects:
            continue
        particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
        actions.append(Action(position, lemma(verb), particle, objects))
    return actions


def _imperative(verb: Token) -> bool:
    """The label's own verb, or one joined to it: "bring in or keep", "(stop or block ...)"."""
    node = verb
    while node.dep_ in ("conj", "parataxis"):
        if any(c.dep_ == "neg" for c in node.children):
            return False
        if node.dep_ == "parataxis":
            return True
        node = node.head
    return node.dep_ == "ROOT" and not any(
        c.dep_ in ("neg", "nsubj", "expl") for c in node.children
    )


def _label_objects(verb: Token) -> frozenset[str]:
    """The nouns of a label verb's object, or of the verb it is joined to ("bring in or
    keep legal limits on rents": limit, rent)."""
    for node in (verb, *[c for c in verb.children if c.dep_ == "conj"]):
        obj = next((c for c in node.children if c.dep_ == "dobj"), None)
        if obj is not None:
            if obj.lower_ in POINTING_OBJECTS:
                return frozenset()
            return frozenset(lemma(t) for t in _noun_phrase(obj) if t.pos_ in ("NOUN", "PROPN"))
    return frozenset()


def _noun_phrase(noun: Token) -> list[Token]:
    """A noun with its compounds and prepositional objects ("legal limits on rents"), not
    an apposition or clause after it."""
    words = [noun]
    for child in noun.children:
        if child.dep_ in ("compound", "nmod", "prep", "pobj"):
            words.extend(_noun_phrase(child))
    return words


def _nouns_of(nlp: Parser, phrases: Sequence[str]) -> frozenset[str]:
    return frozenset(
        lemma(t) for phrase in phrases for t in nlp(phrase) if t.pos_ in ("NOUN", "PROPN")
    )


def _acts_in(actions: list[Action], words: list[Token]) -> list[tuple[tuple[Token, ...], str]]:
    """The label acts done in a statement: the verb with an object whose head is one of
    the act's nouns, or which names one of them ("sell a majority stake in National
    Water"); a passive's subject counts as its object ("a referendum should be held")."""
    found: list[tuple[tuple[Token, ...], str]] = []
    for word in words:
        for action in actions:
            if lemma(word) != action.verb or word.pos_ != "VERB":
                continue
            if action.particle and not any(
                c.dep_ == "prt" and c.lower_ == action.particle for c in word.children
            ):
                continue
            for obj in word.children:
                if obj.dep_ not in ("dobj", "nsubjpass"):
                    continue
                # "we will sign nothing until ...", "we won't sign anything": the label's
                # act refused outright, whatever it would be done to
                if not _names_one(obj, action.objects) and not (
                    obj.dep_ == "dobj" and obj.lower_ in ANY_THING
                ):
                    continue
                found.append(((word, obj) if obj.i > word.i else (obj, word), action.position))
    return found


def _names_one(obj: Token, nouns: frozenset[str]) -> bool:
    return any(_one_of(t, nouns) for t in _noun_phrase(obj)) or any(
        t.pos_ == "PROPN" and _one_of(t, nouns) for t in obj.subtree
    )


def _one_of(word: Token, nouns: frozenset[str]) -> bool:
    # A name keeps its plural as its lemma ("Island Ferries"), so the family decides.
    written = lemma(word)
    singular = written[:-3] + "y" if written.endswith("ies") else written
    return any(same_family(noun, singular) for noun in nouns)


def _for_position(reading: Reading, position: str, topic: Topic) -> Reading | None:
    """A reading of a label's act, as an attitude of the topic: for the act is for its
    position, against it is for the opposed one; a condition stays a condition."""
    if reading.attitude == "conditional":
        return reading
    wanted = position if reading.attitude == "support" else topic.opposite_of(position)
    attitude = next((a for a in ("support", "oppose") if topic.position_for(a) == wanted), None)
    return replace(reading, attitude=attitude) if attitude else None


def _without_articles(phrase: Phrase) -> Phrase:
    """A cue without its articles, so that "sell the stake" also matches "sell a majority
    stake" (the words between are allowed as a gap); a cue of one word keeps it."""
    kept = tuple(forms for forms in phrase if not forms <= ARTICLES)
    return kept if kept else phrase


def _outermost(matches: list[tuple[Token, ...]]) -> list[tuple[Token, ...]]:
    """Target mentions that overlap count once, the longest: "talks" inside "peace talks"."""
    kept: list[tuple[Token, ...]] = []
    for match in sorted(matches, key=len, reverse=True):
        ids = {t.i for t in match}
        if not any(ids & {t.i for t in other} for other in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: m[0].i)


def _heads_of(nlp: Parser, phrases: Sequence[str]) -> list[frozenset[str]]:
    """The head nouns of the targets of several words: "cap" of "cap on rents"."""
    heads = []
    for phrase in phrases:
        words = [t for t in nlp(phrase) if not t.is_punct]
        if len(words) > 1:
            root = phrase_root(words)
            if root.pos_ in ("NOUN", "PROPN"):
                heads.append(frozenset({root.lemma_.lower(), root.lower_}))
    return heads


# Modifiers that make a target the change of a thing that exists anyway: a comparative
# ("lower limit", "higher tax"), a figure ("100 km/h limit"), a participle of changing
# ("reduced fares"; not "proposed" or "planned", which name the plan itself).
CHANGING_TAGS = frozenset({"JJR", "RBR", "CD"})
CHANGING_PARTICIPLES = frozenset(
    {"reduce", "increase", "raise", "lower", "cut", "extend", "shorten", "double", "halve"}
)
# Words that keep a thing as it is: "the limit stays", "we will keep the fares".
STAYING_LEMMAS = frozenset({"stay", "remain", "keep", "maintain", "retain", "preserve", "freeze"})


def _status_quo_heads(nlp: Parser, phrases: Sequence[str]) -> frozenset[str]:
    """Lemmas of head nouns that every target with that head changes by a modifier."""
    changed: dict[str, bool] = {}
    for phrase in phrases:
        words = [t for t in nlp(phrase) if not t.is_punct]
        if len(words) < 2:
            continue
        root = phrase_root(words)
        if root.pos_ not in ("NOUN", "PROPN"):
            continue
        changing = any(
            t.tag_ in CHANGING_TAGS
            or (t.tag_ == "VBN" and t.lemma_.lower() in CHANGING_PARTICIPLES)
            for t in words
            if t.i < root.i
        )
        key = root.lemma_.lower()
        changed[key] = changed.get(key, True) and changing
    return frozenset(head for head, all_changed in changed.items() if all_changed)


def _kept_as_it_is(readings: list[Reading]) -> list[Reading]:
    """What is said of the thing as it is now: keeping it as it is ("the limit stays")
    is against the change; anything else said of it ("the limit is too high") says
    nothing clear of the change, and is left unread."""
    return [
        replace(r, attitude=opposite(r.attitude))
        for r in readings
        if any(lemma(w) in STAYING_LEMMAS for w in r.words)
    ]


def _pointed_head(word: Token, heads: list[frozenset[str]]) -> bool:
    return (
        word.pos_ == "NOUN"
        and not word.ent_type_
        and any(word_matches(forms, word) for forms in heads)
        and _pointed_at(word)
    )


def _pointed_at(noun: Token) -> bool:
    """A noun under a definite word: "the rule", "this scheme", "their plan"."""
    if predicate_read_as_noun(noun) is not None:
        noun = noun.head  # "The 130 limit stays": the parser hangs "The" on "stays"
    return any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in noun.children)


def _kin_of(phrase: Phrase) -> frozenset[str]:
    """The relatives of a target of one word (none for a phrase, matched as written)."""
    if len(phrase) > 1:
        return frozenset()
    return frozenset(r for form in phrase[0] for r in relatives(form))


def _find_target(
    phrase: Phrase, kin: frozenset[str], words: list[Token]
) -> list[tuple[Token, ...]]:
    if len(phrase) > 1:
        return match_phrase(phrase, words)
    related: list[tuple[Token, ...]] = [(t,) for t in words if word_matches(kin, t)]
    return _outermost(match_family(phrase[0], words) + related)


# A root shorter than this is not a word of its own: "de" is not the verb of "deal".
MIN_ROOT = 3


def relatives(word: str) -> set[str]:
    """Words of ``word``'s family that a shared beginning does not find: "expansion"
    and "expand", "taxation" and "tax", "sale" and "sell", "privatise" and "privatize"."""
    found: set[str] = set()
    for family in IRREGULAR_FAMILIES:
        if word in family:
            found |= family
    for noun_end, verb_end in DERIVED_ENDINGS:
        for have, get in ((noun_end, verb_end), (verb_end, noun_end)):
            if word.endswith(have) and len(word) - len(have) >= MIN_ROOT:
                found.add(word[: len(word) - len(have)] + get)
    for spelt, other in (("is", "iz"), ("iz", "is")):
        for ending in ("ation", "e", "ed", "ing"):
            if word.endswith(spelt + ending):
                found.add(word[: -len(spelt + ending)] + other + ending)
    found.discard(word)
    return found


# Nouns for the whole or a part of what is owned: "sell the asset", "sell our stake".
OWNED_NOUNS = frozenset(
    {"stake", "share", "holding", "asset", "company", "firm", "business", "utility", "stock"}
)
NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
# Objects that only count: "sell more", "cut fewer".
AMOUNT_OBJECTS = frozenset({"more", "less", "fewer", "most", "lot", "plenty", "number"})


def _of_the_topic(
    mention: tuple[Token, ...], label_verbs: frozenset[str], topic_words: frozenset[str]
) -> bool:
    """Whether a one-word target mention denotes the topic's target. When a position's
    label says what its act is done to ("sell Island Ferries to ..."), the same verb done
    to a thing the topic is not about ("sell more tickets") is another act. Without such
    a label the object may be whoever the act falls on ("tax drivers"), and a noun is
    left alone: its compound is mostly a kind of the target ("a wildcat referendum")."""
    if len(mention) != 1 or mention[0].pos_ != "VERB" or lemma(mention[0]) not in label_verbs:
        return True
    things = [c for c in mention[0].children if c.dep_ in ("dobj", "nsubjpass")]
    return all(_names_the_topic(thing, topic_words) for thing in things)


def _names_the_topic(thing: Token, topic_words: frozenset[str]) -> bool:
    if lemma(thing) in AMOUNT_OBJECTS or _a_count(thing):
        return False
    if thing.pos_ not in ("NOUN", "PROPN"):
        return True  # "sell it", "scrap them": a pronoun points back
    # A name or a person is the topic's party more often than not: "meet Tavoria's
    # foreign minister", "sell National Water".
    named = any(t.pos_ == "PROPN" or t.ent_type_ in NAMED for t in thing.subtree)
    phrase = _noun_phrase(thing)
    return named or lemma(thing) in OWNED_NOUNS or any(_one_of(t, topic_words) for t in phrase)


def _a_count(thing: Token) -> bool:
    return any(c.dep_ == "nummod" or c.lower_ in AMOUNT_OBJECTS for c in thing.children) and (
        thing.pos_ == "NOUN" and thing.tag_ == "NNS"
    )


def _apart_from(
    mentions: list[tuple[Token, ...]], others: list[tuple[Token, ...]]
) -> list[tuple[Token, ...]]:
    taken = {t.i for m in others for t in m}
    return [m for m in mentions if not any(t.i in taken for t in m)]


def _pointing_back(targets: list[tuple[Token, ...]], words: list[Token]) -> list[tuple[Token, ...]]:
    """ "it", "them" or "one" after a mention of the target in the same statement stand
    for it: "the runway is vital and ministers would back it"."""
    if not targets:
        return []
    first = targets[0][0].i
    # A relative clause counts only when its noun is in the statement: "told the debate
    # that he would trim the tax rather than scrap it" may hang the statement, which
    # opens at "he", under "debate" as a relative clause.
    inside = set(words)
    taken = {t.i for target in targets for t in target}
    return [
        (w,)
        for w in words
        if w.i > first
        and (
            (w.lower_ in POINTING_PRONOUNS and w.dep_ in ("dobj", "pobj"))
            or (_plan_pointed_at(w) and w.i not in taken)  # "... the ring road; the plan is"
        )
        and not any(a.dep_ == "relcl" and a.head in inside for a in w.ancestors)
    ]


def _plan_pointed_at(word: Token) -> bool:
    """ "the proposal", "this scheme": a plan pointed at, with nothing that names
    another one ("the plan for the bypass")."""
    return (
        lemma(word) in PLAN_NOUNS
        and word.pos_ == "NOUN"
        and (_pointed_at(word) or owned_by_someone(word))  # "the mayor's scheme"
        and not any(c.dep_ in ("compound", "amod", "prep") for c in word.children)
    )


def _act_noun_standing_in(words: list[Token]) -> list[tuple[Token, ...]]:
    """With no mention of the target, an act noun pointed at with nothing that names what
    it acts on ("the ban", "this moratorium") is that act on the topic's target."""
    return [
        (w,)
        for w in words
        if w.pos_ == "NOUN"
        and lemma(w) in ACT_NOUNS
        and _pointed_at(w)
        and not any(c.dep_ in ("compound", "amod", "prep", "acl") for c in w.children)
        and not any(a.dep_ in ("relcl", "acl") for a in w.ancestors)
    ]


def _standing_in(words: list[Token]) -> list[tuple[Token, ...]]:
    """With no mention of the target, what can only stand for it in a statement filed
    under the topic: "it" or "them" acted on ("we will scrap it"), and a plan pointed at
    ("the proposal", "this scheme")."""
    return [
        (w,)
        for w in words
        if not any(a.dep_ in ("relcl", "acl") for a in w.ancestors)
        and (
            (w.lower_ in STANDING_PRONOUNS and w.dep_ in STANDING_DEPS and _taken_sides_on(w))
            or _plan_pointed_at(w)
        )
    ]


# The act nouns, as act targets, to ask whether a topic declares its positions of them.
STANDING_ACTS = [ActTarget(noun, noun, OPPOSE_ATTITUDE) for noun in sorted(ACT_NOUNS)]
# Words that take a side either way, built once rather than for every pronoun.
SIDE_WORDS = SUPPORT | OPPOSE


def _taken_sides_on(pronoun: Token) -> bool:
    """Whether the word acting on a pronoun takes a side ("scrap it", "vote for it"):
    "it" in "help to calm it" is whatever is calmed, not the topic's target."""
    verb = pronoun.head
    if pronoun.dep_ == "pobj":
        verb, preposition = verb.head, verb.lower_
        return f"{lemma(verb)} {preposition}" in SIDE_WORDS
    return lemma(verb) in SIDE_WORDS


# Verbs that make a thing smaller, and verbs that end it; a topic about ending it does not
# count a cut for either side ("cut the levy" is neither "abolish it" nor "keep it").
REDUCING = frozenset({"cut", "trim", "lower", "reduce", "slash", "halve", "shrink"}) | CAPPING_VERBS
REMOVING = REMOVING_VERBS | {"abolition"}
SETTING_ASIDE = (("rather", "than"), ("instead", "of"))


def _removal_only(nlp: Parser, topic: Topic) -> bool:
    # the label's verbs: "lower rates included" names no act of lowering
    label_words = {
        lemma(t) for p in topic.positions for t in nlp(p.label or "") if t.pos_ == "VERB"
    }
    return bool(label_words & REMOVING) and not label_words & REDUCING


def _reducing(reading: Reading) -> bool:
    return any(lemma(w) in REDUCING for w in reading.words)


def _subject_act(word: Token) -> str | None:
    """The attitude of an act whose object is ``word`` when the act is a clause's subject
    ("abolishing the tax is ..."): a pronoun after it stands for the act, not the thing."""
    verb = word.head
    if word.dep_ != "dobj" or verb.dep_ not in ("csubj", "csubjpass"):
        return None
    attitude = word_attitude(lemma(verb))
    return attitude if attitude in ("support", "oppose") else None


def _set_aside(reading: Reading) -> bool:
    """Whether a reading's words follow "rather than" or "instead of" in their clause."""
    # From the target: in "spend the money on the buses rather than on a ring road" the
    # spending comes first, and what is set aside is the road.
    first = min(t.i for t in reading.target)
    doc = reading.target[0].doc
    start = doc[first].sent.start
    for k in range(first - 1, start, -1):
        if doc[k].text in (",", ";", ":"):
            return False
        if (doc[k - 1].lower_, doc[k].lower_) in SETTING_ASIDE:
            return True
        if doc[k].lower_ == "than" and _preferring_before(doc, k, start):
            return True  # "I would rather raise council tax than scrap the toll"
    return False


def _preferring_before(doc: Doc, than: int, start: int) -> bool:
    """ "rather" or "sooner" earlier in the clause of "than"."""
    for k in range(than - 1, start - 1, -1):
        if doc[k].text in (",", ";", ":"):
            return False
        if doc[k].lower_ in ("rather", "sooner"):
            return True
    return False


def _term_pattern(terms: Sequence[str]) -> re.Pattern[str]:
    forms = [*terms, *(s for t in terms if (s := _singular_of_phrase(t)) is not None)]
    alternatives = sorted(
        (re.escape(t.lower()).replace(r"\-", "[- ]?").replace(r"\ ", r"[\s-]+") for t in forms),
        key=len,
        reverse=True,
    )
    # A plural or possessive ending still counts: "wind farm" matches "wind farms'".
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?:e?s)?(?!\w)", re.IGNORECASE)


def _singular_of_phrase(term: str) -> str | None:
    """ "wind farms" also names one "wind farm" ("a wind farm permit"). Only a phrase: a
    single plural word is often a word of its own ("talks", "arms")."""
    words = term.split()
    last = words[-1].lower() if len(words) > 1 else ""
    if last.endswith("ies") and len(last) > 4:
        return " ".join([*words[:-1], words[-1][:-3] + "y"])
    if last.endswith(("ches", "shes", "sses", "xes")):
        return " ".join([*words[:-1], words[-1][:-2]])
    if last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 3:
        return " ".join([*words[:-1], words[-1][:-1]])
    return None


def _is_negated(matched: tuple[Token, ...], content: set[Token]) -> bool:
    """Counts the negations just before the cue and on the words that govern it; an odd
    count negates. The walk up the parse stays inside the statement and stops at a
    coordination, so in "could not stay frozen and raising it was right" the "not"
    does not reach the second clause."""
    cue_ids = {t.i for t in matched}
    first = matched[0]
    doc = first.doc
    window = range(max(first.sent.start, first.i - 3), first.i)
    negations = {
        k
        for k in window
        if doc[k].lower_ in CUE_NEGATORS and k not in cue_ids and not not_only(doc[k])
    }
    node = first
    for _ in range(6):
        head = node.head
        if node.dep_ == "conj" or head.i == node.i or head not in content:
            break
        negations.update(
            c.i for c in head.children if c.dep_ == "neg" and c.i not in cue_ids and not not_only(c)
        )
        node = head
    return len(negations) % 2 == 1


def _in_condition(matched: tuple[Token, ...]) -> bool:
    token = matched[0]
    for ancestor in [token, *token.ancestors]:
        if ancestor.dep_ == "advcl" and any(
            c.lower_ in CUE_CONDITION_MARKS for c in ancestor.children if c.dep_ == "mark"
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
