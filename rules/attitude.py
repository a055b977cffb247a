"""The general stance layer: the speaker's attitude to a topic's target, read from the parse.

A topic names its targets (for talks with a country: talks, negotiations, dialogue, "sit
down with"); a statement takes a position when the words that govern a target say the
speaker is for it ("ready to talk", "we welcome talks"), against it ("talks are a waste
of time", "we rule out talks"), or for it only once a condition is met ("talks must wait
until ..."). Negations on the way flip for and against; hedges ("might", "could") and a
double negation ("not ruling out") lower the confidence; a target inside an if-clause,
a view the speaker reports of others ("critics say ...") and a plain fact in the past
tense give nothing. A question that argues ("why would we talk to them?", "who benefits
from these tariffs?") means the opposite of what it asks about. The topic maps each
attitude to one of its positions (``attitude:`` in the topic YAML).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from rules.attitude_lexicon import (
    CONDITIONAL_ATTITUDE,
    OPPOSE_ATTITUDE,
    SUPPORT_ATTITUDE,
    act_noun_attitude,
    hyphenated,
    money_going,
    opposite,
    prepositional_idiom,
    raised_or_removed,
    verb_object_idiom,
    with_modifier,
    with_particle,
    word_attitude,
)
from rules.attitude_words import (
    AMOUNT_VERBS,
    AUXILIARIES,
    BENEFITING_VERBS,
    CAPPING_VERBS,
    CENTRE_NOUNS,
    CHARACTERISING,
    COMMITMENT,
    DENYING_VERBS,
    EFFECTS,
    FATE_VERBS,
    FIRST_PERSON,
    FRAMED_NOUNS,
    HARMING_VERBS,
    HAVING_VERBS,
    HEDGES,
    HOLDER_NOUNS,
    HYPOTHETICAL_MARKS,
    INTENSIFIERS,
    INTENT_VERBS,
    KEEPING_OUT,
    NEGATORS,
    NOT_ONLY_WORDS,
    ONLY_MARKS,
    OTHERS,
    PEOPLE_WORDS,
    PROCEDURAL,
    PUTTING_PREPOSITIONS,
    PUTTING_VERBS,
    QUANTIFIERS,
    QUESTION_MARKS,
    REFUSING_MODALS,
    REPORTING_VERBS,
    RESTRICTION_NOUNS,
    SMALL_SUMS,
    SPENDING_VERBS,
    SUBJECT_PREDICATES,
    TELLING_VERBS,
    TIME_MARKS,
    VIEW_VERBS,
)
from rules.bills import bill_for, tabled
from rules.consequences import how_to_fix, left_worse_off, solves_nothing
from rules.cues import SPEECH_LEMMAS
from rules.holders import a_rule_for_everyone
from rules.phrases import lemma, phrase_head
from rules.questions import argued_condition, condition_clause, rhetorical, yes_no_question

CONFIDENCE_WORD = 0.75
CONFIDENCE_FLIPPED = 0.65  # "not ruling out talks": for, but less firmly
CONFIDENCE_COMMITMENT = 0.6  # "we will hold talks": no attitude word, a plain commitment
HEDGE_FACTOR = 0.8
# Procedures that settle what they govern: "has decided to lift the requirement".
DECIDING = frozenset({"decide", "raise", "address"})
PAST_TIME_WORDS = frozenset(
    {"ago", "yesterday", "last", "previously", "earlier", "once", "afterwards", "later"}
)
CONDITION_FACTOR = 0.8
# A rhetorical question asks the hearer to deny what it asks about: "why would we
# talk to them?" is against talks, "who benefits from these tariffs?" against them.
RHETORICAL_FACTOR = 0.85
CONFIDENCE_QUESTIONED = 0.55  # "why would we put a tax on petrol?": no attitude word
MAX_CLIMB = 6
# Prepositions whose phrase is what the act above it leaves out: the act neither wants nor
# refuses what is inside, and the phrase's denial stays inside it.
EXCLUDING_PREPOSITIONS = frozenset({"without"})
# Marks of a clause the main one waits for: "... until the road is built".
AWAITED_MARKS = frozenset({"until", "till"})
BEFORE_MARK = frozenset({"before"})
# A clause that leaves the target open or only dates the main one (_hypothetical).
HYPOTHETICAL_OR_TIME_MARKS = HYPOTHETICAL_MARKS | TIME_MARKS
# Where money goes: "will go to the road", "is going into it" (money_going).
MONEY_PREPOSITIONS = PUTTING_PREPOSITIONS | {"to", "towards"}
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
# Where a clause's own time sits ("in 2019", "last year", "yesterday"); a date inside its
# subject ("the four-day week trial") or inside a clause below it is not the clause's time.
ADVERBIAL_DEPS = frozenset({"npadvmod", "prep", "advmod", "tmod", "obl"})
# Edges that climb from a word to what governs it without leaving its clause's meaning.
OBJECT_DEPS = frozenset(
    {
        "dobj",
        "pobj",
        "prep",
        "xcomp",
        "acl",
        "relcl",
        "attr",
        "oprd",
        "compound",
        "agent",
        "appos",
        "nmod",
        "npadvmod",
        "advcl",
        "acomp",
        "amod",
        "dative",
        "pcomp",
        "ccomp",
    }
)


@dataclass(frozen=True)
class Reading:
    """One attitude to one mention of a target, and the words that carry it."""

    attitude: str
    confidence: float
    target: tuple[Token, ...]
    words: tuple[Token, ...]
    negated: bool

    def flipped(self, factor: float = 1.0) -> Reading:
        """The reading turned round ("X denied that ...", an arguing question), its
        confidence times ``factor``."""
        return Reading(
            opposite(self.attitude),
            round(self.confidence * factor, 2),
            self.target,
            self.words,
            not self.negated,
        )

    def evidence(self) -> str:
        tokens = sorted({*self.target, *self.words}, key=lambda t: t.i)
        doc = tokens[0].doc
        first, last = tokens[0].i, tokens[-1].i
        if last - first < 10:
            text = doc[first : last + 1].text
        else:
            text = " ... ".join(t.text for t in tokens)
        return f"not: {text}" if self.negated else text


def read_attitudes(
    targets: Iterable[tuple[Token, ...]],
    content: Collection[Token],
    counterparts: Collection[tuple[Token, ...]] = (),
) -> list[Reading]:
    """The attitude readings of every target mention in a statement.

    ``content`` is the statement's own tokens (the parse may reach outside it; readings
    never do). ``counterparts`` are mentions of the topic's other party ("North Korea"
    in a topic about talks with it): what they do is a fact, not the speaker's view.
    """
    other_ids = {t.i for mention in counterparts for t in mention}
    tokens = set(content)
    readings = []
    for target in targets:
        reading = _read_one(target, tokens, other_ids)
        if reading is not None:
            readings.append(reading)
    return readings


def _read_one(target: tuple[Token, ...], content: set[Token], others: set[int]) -> Reading | None:
    head = phrase_head(target)
    argued_against = _condition_argued_against(head, target, content)
    if argued_against is not None or _hypothetical(head, content):
        return argued_against
    polar = yes_no_question(head, content)
    if polar == "asks":
        return None  # "do you support the charge?", "will the council keep it?"
    found, path = _governor(head, target, content)
    if found is None:
        reading = _commitment(head, target, content, others) or _bill_tabled(
            head, target, content, others
        )
        asked = rhetorical(head, content)
        if (asked is not None or polar == "argues") and reading is not None:
            return _argued(reading)
        if asked == "act":
            return _questioned(head, target, content)
        return reading
    attitude, words = found
    if len(path) >= 2 and _restricting(path[-2], target):
        # "the rules on Sunday trading should be scrapped", "lift the curbs on it": the
        # attitude is to the restriction, and so the other way to what it restricts
        attitude = opposite(attitude)
    negations = _negations(path, words, target)
    act = _act_governor(words[0], content)
    if act is not None:
        # "against building more reactors", "refusing to build": an attitude to the act
        outer, outer_words, outer_path = act
        negations |= _negations(outer_path, outer_words, (*target, *words))
        words = (*words, *outer_words)
        path = [*path, *outer_path]
        if outer == OPPOSE_ATTITUDE:
            attitude = opposite(attitude)
    clause = _clause_verb(words[-1])
    if _not_the_speakers_view(clause, content, others, words) or _past_fact(clause):
        return None
    if _describes_a_place_or_time(clause):
        return None  # "parks in the north, where logging had stopped": a description
    if _dated_past_act(clause, content):
        return None  # "the council voted to keep the charge on Tuesday": a dated event
    if words[-1].pos_ == "NOUN" and clause.i != words[-1].i and lemma(clause) in PROCEDURAL:
        return None  # "the office will report on the cost of the wall": a subject, not a view
    if (
        words[-1].dep_ in ("xcomp", "ccomp", "pcomp", "dobj")
        and lemma(words[-1].head) in PROCEDURAL - DECIDING
    ):
        return None  # "we are considering scrapping the charge": not decided yet
    if _only_once(words[-1]) or _waits_for(clause):
        attitude = CONDITIONAL_ATTITUDE
    holder = _holder(words[-1])
    if holder is not None:
        # "those who call for talks are naive", "opponents of the charge are wrong": the
        # attitude is theirs, and only what the speaker says of them is a view
        judged = _judgement_of(holder, target, content)
        if judged is None:
            return None
    else:
        # "getting rid of the levy would be a disaster": the act ends on its preposition
        last = words[-1]
        judged_word = last.head if last.pos_ == "ADP" and last.head in words else last
        # "walking away from the deal would be madness": the act is the subject
        judged_word = next((w for w in words if w.dep_ in ("csubj", "csubjpass")), judged_word)
        judged = _judgement_of(judged_word, target, content)
    if judged is None and any(_act_put_forward(w) for w in words):
        return None  # "walking away from the deal would leave our boats idle": unread
    if judged is not None:
        # "scrapping the levy would be vandalism": what is said of the act decides
        outer, outer_words, outer_negations = judged
        words = (*words, *outer_words)
        negations |= outer_negations
        if outer == OPPOSE_ATTITUDE:
            attitude = opposite(attitude)
        elif outer == CONDITIONAL_ATTITUDE:
            attitude = CONDITIONAL_ATTITUDE  # "our support for the treaty depends on ..."
    elif not _subject_of_an_event(words[-1]):
        negations |= _negations_above(path[-1], words, target, content)
    negated = len(negations) % 2 == 1
    confidence = CONFIDENCE_WORD
    if negated and attitude != CONDITIONAL_ATTITUDE:
        attitude = opposite(attitude)
        if attitude == SUPPORT_ATTITUDE:
            confidence = CONFIDENCE_FLIPPED
    confidence *= _hedging(path, words)
    reading = Reading(attitude, round(confidence, 2), target, words, negated)
    if (
        (rhetorical(head, content) is not None or polar == "argues")
        and all(w.sent.start == head.sent.start for w in words)
        and not _judged_enough(words)
    ):
        return _argued(reading)
    return reading


def _condition_argued_against(
    head: Token, target: tuple[Token, ...], content: set[Token]
) -> Reading | None:
    """A target in the condition of a question that expects "nobody" for its answer:
    "if the night flights go ahead, who is going to sleep?" is against what the condition
    brings about; "if we scrap the levy, who will pay for the beaches?" is for the levy."""
    argued = argued_condition(head, content)
    if argued is None:
        return None
    clause, inside = argued
    found, path = _governor(head, target, inside)
    attitude, words = found if found is not None else (SUPPORT_ATTITUDE, (clause,))
    if attitude == CONDITIONAL_ATTITUDE:
        return None
    path = [*path, clause]
    negated = len(_negations(path, words, target)) % 2 == 1
    if negated:
        attitude = opposite(attitude)
    reading = Reading(attitude, CONFIDENCE_QUESTIONED, target, tuple(words), negated)
    return reading.flipped()


# "it is our job to ...": whose task an act is.
TASK_NOUNS = frozenset({"job", "business", "place", "role", "duty", "task", "responsibility"})


def _someones_job(noun: Token, act: Token) -> bool:
    """ "It is the council's job to keep the libraries open": the act is wanted, and "it
    is not the state's job to ..." or "is it really the state's job to ...?" turns it
    round through the negation or the arguing question."""
    return (
        lemma(noun) in TASK_NOUNS
        and noun.dep_ == "attr"
        and lemma(noun.head) == "be"
        and act.dep_ in ("relcl", "acl")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in act.children)
        and any(c.dep_ == "nsubj" and c.lower_ == "it" for c in noun.head.children)
    )


def _restricting(noun: Token, target: Sequence[Token]) -> bool:
    """A noun for a restriction on the target, right under the attitude word."""
    return noun.pos_ == "NOUN" and noun not in target and lemma(noun) in RESTRICTION_NOUNS


def _act_put_forward(act: Token) -> bool:
    """An act the speaker puts forward to judge it, as the subject of what it would do:
    "walking away from the deal would leave ...". If the judgement is not read, the act's
    own attitude is not the speaker's."""
    return (
        # "sanctions relief would reward ...": a noun that is an act by its own word
        (act.tag_ == "VBG" or (act.pos_ == "NOUN" and word_attitude(lemma(act)) is not None))
        and act.dep_ in ("csubj", "nsubj")
        and any(c.dep_ == "aux" and c.lower_ in PUTTING_FORWARD for c in act.head.children)
    )


# Modals that put an act forward to be judged: "scrapping it would ...".
PUTTING_FORWARD = frozenset({"would", "could", "might", "'d", "will", "'ll"})


def _judged_enough(words: Sequence[Token]) -> bool:
    """ "who would be foolish enough to ease sanctions?": the adjective already says what
    the speaker thinks of the act, so the question does not turn it round again."""
    return any(w.pos_ == "ADJ" and any(c.lower_ == "enough" for c in w.children) for w in words)


def cue_standing(
    cue: tuple[Token, ...], content: Collection[Token], counterparts: Collection[tuple[Token, ...]]
) -> str:
    """How a topic cue found in a statement counts: "keep" it (a word for it governs
    it), "flip" it (a word against it does: "I am against new reactors"), "drop" it
    (it is someone else's view, or a dated fact: "eleven allies met the target last
    year"), or take it "as-is" (nothing governs it; its own negations decide)."""
    others = {t.i for mention in counterparts for t in mention}
    tokens = set(content)
    head = phrase_head(cue)
    clause = _clause_verb(head)
    if clause in tokens and (
        _not_the_speakers_view(clause, tokens, others, cue) or _past_fact(clause)
    ):
        return "drop"
    if clause.i != head.i and head.pos_ == "NOUN" and lemma(clause) in PROCEDURAL:
        return "drop"  # "the question of sanctions relief will be discussed": a subject
    if yes_no_question(head, tokens) == "asks":
        return "drop"  # "will the council bring in a low emission zone?"
    # "what has public ownership done for the pipes?": a question that argues against
    # what it asks about turns its cue round, as it does a target
    argued = rhetorical(head, tokens) == "act"
    found, path = _governor(head, cue, tokens)
    if found is None:
        if not argued:
            return "as-is"
        denied = any(_is_negation(c, cue) for c in head.sent.root.children)
        return "keep" if denied else "flip"
    attitude, words = found
    negations = _negations(path, words, cue)
    if not _subject_of_an_event(words[0]):
        negations |= _negations_above(path[-1], words, cue, tokens)
    if (len(negations) % 2 == 1) != argued:
        attitude = opposite(attitude)
    return "flip" if attitude == OPPOSE_ATTITUDE else "keep"


def _governor(
    head: Token, target: tuple[Token, ...], content: set[Token]
) -> tuple[tuple[str, tuple[Token, ...]] | None, list[Token]]:
    """The nearest word with an attitude that governs the target, and the way up to it."""
    found, path = _climb(head, target, content)
    if found is None:
        # "pointless talks", "a sensible levy": the target's own adjective, when nothing
        # above it has an attitude ("we will not stand in the way of a fair pay rise" is
        # about standing in the way)
        own = _own_modifier(head, target)
        if own is not None:
            return own, [head]
    return found, path


def _climb(
    head: Token, target: tuple[Token, ...], content: set[Token]
) -> tuple[tuple[str, tuple[Token, ...]] | None, list[Token]]:
    path = [head]
    found: tuple[str, tuple[Token, ...]] | None = None
    node = head
    predicate = predicate_read_as_noun(head)
    if predicate is not None:
        return (SUBJECT_PREDICATES[lemma(predicate)], (predicate,)), [head, predicate]
    for _ in range(MAX_CLIMB):
        if found is not None:
            break
        if node.dep_ in SUBJECT_DEPS:
            if node.head not in content:
                break
            found = _predicate_of_subject(node.head, target)
            path.append(node.head)
            node = node.head
            continue
        governor = node.head
        if governor.i == node.i or governor not in content:
            break
        if node.dep_ == "conj" and node.pos_ in ("VERB", "AUX"):
            break  # "stop testing and talk": the first verb does not govern the second
        if node.dep_ in ("ccomp", "advcl", "xcomp") and _semicolon_between(node, governor):
            # "we won't put duties on timber; they hurt builders": the parser may hang
            # the first clause under the second, but a semicolon ends a clause
            break
        if node.dep_ not in OBJECT_DEPS and node.dep_ != "conj":
            break
        if node.dep_ == "prep" and _leaving_out(node):
            # "scrapping the levy without saying what you would cut is reckless", "lower
            # the levy instead of scrapping it": what sits in the phrase is what the act
            # leaves out, the act does not govern it
            break
        path.append(governor)
        found = _governing_word(governor, node, target) or _gerund_on_noun(governor, node)
        node = governor
    return found, path


# Where the verb of a clause hangs: the sentence's root, a reported clause, a joined one.
CLAUSE_VERB_DEPS = frozenset({"ROOT", "ccomp", "conj"})


def predicate_read_as_noun(head: Token) -> Token | None:
    """ "The 130 limit stays": the parser reads "limit stays" as a compound noun. A plural
    noun of a verb said only of a subject ("stays", "goes"), standing where a clause's
    verb stands (the root, a clause reported or joined by "and"), with the target as its
    compound before it, is that verb."""
    word = head.head
    if head.dep_ != "compound" or word.tag_ != "NNS" or word.i < head.i:
        return None
    if lemma(word) not in SUBJECT_PREDICATES or word.dep_ not in CLAUSE_VERB_DEPS:
        return None
    if word.dep_ == "conj" and word.head.pos_ not in ("VERB", "AUX"):
        return None  # "limits and stays": a list of nouns
    return word


def _semicolon_between(a: Token, b: Token) -> bool:
    low, high = sorted((a.i, b.i))
    return any(t.text == ";" for t in a.doc[low + 1 : high])


def _gerund_on_noun(noun: Token, child: Token) -> tuple[str, tuple[Token, ...]] | None:
    """An act the parser hung on a noun as its adjective: "halting construction of the
    line" (halting: amod of construction). The noun comes last, as what is judged."""
    if noun.pos_ != "NOUN" or child.dep_ != "prep" or child.lower_ != "of":
        return None
    for modifier in noun.children:
        if modifier.dep_ == "amod" and modifier.tag_ == "VBG" and modifier.i < noun.i:
            attitude = word_attitude(lemma(modifier))
            if attitude in (SUPPORT_ATTITUDE, OPPOSE_ATTITUDE):
                return attitude, (modifier, noun)
    return None


def _leaving_out(preposition: Token) -> bool:
    """ "without", and "of" in "instead of"."""
    return preposition.lower_ in EXCLUDING_PREPOSITIONS or (
        preposition.lower_ == "of" and any(c.lower_ == "instead" for c in preposition.children)
    )


def _act_governor(
    word: Token, content: set[Token]
) -> tuple[str, tuple[Token, ...], list[Token]] | None:
    """The attitude to an act that itself has an attitude to the target: "against"
    in "against building more reactors", "refuse" in "refusing to build our own",
    "shelved" in "shelved plans for a reactor"."""
    misparsed = _attitude_taken_for_an_auxiliary(word)
    if misparsed is not None:
        return misparsed
    acts_as = ("pcomp", "xcomp", "dobj", "acl") + (("pobj",) if word.pos_ == "NOUN" else ())
    if word.pos_ not in ("VERB", "NOUN") or word.dep_ not in acts_as:
        return None  # a noun in a phrase: "vote against the renewal of the sanctions"
    found, path = _governor(word, (word,), content)
    if found is None:
        return None
    attitude, words = found
    return attitude, words, path[1:]


def _attitude_taken_for_an_auxiliary(
    verb: Token,
) -> tuple[str, tuple[Token, ...], list[Token]] | None:
    """An attitude verb the parser hung on the act as an auxiliary: in "we oppose
    scrapping the toll" it may tag "oppose" AUX, an "aux" of "scrapping". A word before
    the act that is no auxiliary by its lemma is the verb that governs the act, whatever
    its tag says."""
    if verb.pos_ not in ("VERB", "AUX") or verb.tag_ not in ("VBG", "VB"):
        return None
    for child in verb.children:
        if child.dep_ != "aux" or child.i > verb.i or lemma(child) in AUXILIARIES:
            continue
        attitude = word_attitude(lemma(child))
        if attitude in (SUPPORT_ATTITUDE, OPPOSE_ATTITUDE):
            return attitude, (child,), [child]
    return None


def _dated_past_act(clause: Token, content: set[Token]) -> bool:
    """An act carried out by a past event with a date: "voted to keep the charge on
    Tuesday". A past promise or plan ("pledged to reverse it within a year") looks ahead."""
    head = clause.head
    if clause.dep_ != "xcomp" or head not in content:
        return False
    if lemma(head) in SPEECH_LEMMAS or word_attitude(lemma(head)) is not None:
        return False
    if lemma(head) == "have":
        return False  # "the wage had to go up this year": reported "has to", a demand
    return _past_fact(head, clause)


def _holder(word: Token) -> Token | None:
    """The people an attitude word belongs to: "those" in "those who call for talks",
    "opponents" in "opponents of the charge"."""
    if word.dep_ == "relcl" and lemma(word.head) in PEOPLE_WORDS:
        return word.head
    if word.pos_ == "NOUN" and lemma(word) in HOLDER_NOUNS:
        if word.dep_ in ("attr", "appos") and any(
            c.dep_ == "nsubj" and c.lower_ in FIRST_PERSON for c in word.head.children
        ):
            return None  # "I was never a fan of the charge": the speaker's own
        return word
    if word.pos_ == "ADP" and word.head.i != word.i:
        return _holder(word.head)  # "call for" ends on its preposition
    return None


def _judgement_of(
    word: Token, target: tuple[Token, ...], content: set[Token]
) -> tuple[str, tuple[Token, ...], set[int]] | None:
    """What is said of the act or thing the attitude word names, when that is the subject
    of an evaluation: "a rise in the wage is not the right call", "building more
    runways is madness". Its negations come with it."""
    verb = word.head if word.dep_ in SUBJECT_DEPS else _swallowed_predicate(word)
    if verb is None:
        return None
    if verb not in content:
        return None
    found = _predicate_of_subject(verb, (*target, word))
    if found is None:
        return None
    attitude, words = found
    negations = {c.i for node in (verb, *words) for c in node.children if _is_negation(c, words)}
    return attitude, words, negations


def _swallowed_predicate(act: Token) -> Token | None:
    """The "be" that judges an act the parser took for the main verb: in "scrapping the
    levy without saying what you would cut is reckless" the "is" may hang under "saying".
    The act opens its sentence with no subject of its own, and the first "be" after it
    with no noun subject, saying something (an adjective or a noun), is its predicate."""
    if act.dep_ != "ROOT" or act.tag_ != "VBG" or act.i != act.sent.start:
        return None
    if any(c.dep_ in SUBJECT_DEPS or c.dep_ in ("aux", "auxpass") for c in act.children):
        return None
    for word in act.subtree:
        if word.i <= act.i or word.lemma_ != "be":
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in word.children):
            return None  # "... what you said is wrong" is about what was said
        if any(c.dep_ in ("acomp", "attr") for c in word.children):
            return word
    return None


def _own_modifier(head: Token, target: tuple[Token, ...]) -> tuple[str, tuple[Token, ...]] | None:
    """ "pointless talks", "a sensible levy"."""
    for child in head.children:
        # "the proposed plant", "the planned wall": a participle describes, it takes no side
        if child.dep_ == "amod" and child not in target and child.tag_ != "VBN":
            attitude = word_attitude(lemma(child))
            if attitude is not None:
                return attitude, (child,)
    return None


def _predicate_of_subject(
    verb: Token, exclude: Sequence[Token] = ()
) -> tuple[str, tuple[Token, ...]] | None:
    """What is said of a target that is the subject: "talks are a waste of time", "the
    levy would hurt families", "the runway must go ahead", "talks are off the table",
    "the tax is a reckless raid" (an adjective on the noun says it)."""
    for child in verb.children:
        if child in exclude:
            continue
        if child.dep_ in ("acomp", "attr", "oprd"):
            found = _said_of(child, exclude)
            if found is not None:
                return found
        if child.dep_ == "prep":
            idiom = prepositional_idiom(child)
            if idiom is not None:
                return idiom
    remedy = how_to_fix(verb)
    if remedy is not None:
        return remedy  # "a wall is not how you fix immigration"
    verdict = _verdict_read_as_adverb(verb)
    if verdict is not None and verdict not in exclude:
        found = _said_of(verdict, exclude)
        if found is not None:
            return found
    verbs: list[Token] = [verb] if verb.lemma_ == "be" else []
    if verb.lemma_ != "be" and verb not in exclude:
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        # "would reward aggression and betray our allies": each verb says it of the subject
        # (a coordinated verb with a subject of its own is another clause)
        verbs = [
            verb,
            *(
                c
                for c in verb.children
                if c.dep_ == "conj"
                and c.pos_ == "VERB"
                and not any(g.dep_ in SUBJECT_DEPS for g in c.children)
            ),
        ]
        for said in verbs:
            objects = [c for c in said.children if c.dep_ == "dobj" and c not in exclude]
            if lemma(said) in AMOUNT_VERBS and objects:
                continue  # "the charge cut traffic", "the levy would raise prices": its effect
            if lemma(said) in INTENT_VERBS and objects:
                continue  # "the law keeps the poor away": what it does, not a view of it
            counted = [
                p
                for o in objects
                if _a_figure(o)
                for of in o.children
                if of.dep_ == "prep" and of.lower_ == "of"
                for p in of.children
                if p.dep_ == "pobj"
            ]  # "would create thousands of jobs": what is counted
            effect = next(
                (
                    (e, o)
                    for o in counted
                    if (e := EFFECTS.get((lemma(said), lemma(o)))) is not None
                ),
                None,
            )
            if effect is not None:
                return effect[0], (said, effect[1])
            if objects and all(_a_figure(o) for o in objects):
                continue  # "the extension would cost 400 million pounds": a figure
            if objects and lemma(said) in HARMING_VERBS:
                return OPPOSE_ATTITUDE, (said,)  # "another vote would divide families"
            consequence = left_worse_off(said) or solves_nothing(said)
            if consequence is not None:
                return consequence  # "would leave our boats tied up in port"
            if objects and lemma(said) in BENEFITING_VERBS:
                return SUPPORT_ATTITUDE, (said,)  # "the road will transform the valley"
            effect = next(
                (
                    (e, o)
                    for o in objects
                    if (e := EFFECTS.get((lemma(said), lemma(o)))) is not None
                ),
                None,
            )
            message = next((o for o in objects if lemma(o) in ("message", "signal")), None)
            if effect is None and lemma(said) == "send" and message is not None:
                # "would send the wrong message": the message's adjective says it
                judged = next(
                    (
                        a
                        for m in message.children
                        if m.dep_ == "amod" and (a := word_attitude(lemma(m))) is not None
                    ),
                    None,
                )
                if judged is not None:
                    return judged, (said, message)
            if effect is not None:
                # "the sale makes sense", "the levy costs jobs"; the object comes along
                # with its "no": "the sale makes no sense"
                return effect[0], (said, effect[1])
            if lemma(said) in HAVING_VERBS:
                for obj in objects:
                    found = _said_of(obj, exclude) or _having_a_place(obj)
                    if found is not None:
                        return found[0], (said, *found[1])
                continue
            far = _too_far(said)
            if far is not None:
                return OPPOSE_ATTITUDE, (said, far)  # "the levy goes too far"
            if lemma(said) in FATE_VERBS and any(
                c.dep_ == "xcomp" or _infinitive_of(c) for c in said.children
            ):
                # "the toll needs to be scrapped": the need is of the act under it, read
                # below; "need" alone would be for the subject
                continue
            if any(
                (lemma(said), c.lower_) in KEEPING_OUT
                for c in said.children
                if c.dep_ in ("prep", "prt", "advmod")
            ):
                return OPPOSE_ATTITUDE, (said,)  # "public money should stay out of this"
            attitude = (
                raised_or_removed(said, subject)
                or word_attitude(with_particle(said))
                or word_attitude(lemma(said))
            )
            if attitude is None and _bare(said):
                attitude = SUBJECT_PREDICATES.get(lemma(said))
            if attitude is not None:
                return attitude, (said,)
    for said in verbs:
        # "would be allowed to lapse", "is here to stay", "is due to expire"
        for child in said.children:
            if _purpose(said, child):
                continue  # "would wipe out the villages to keep the lights on": what for
            if (child.dep_ == "xcomp" or _infinitive_of(child)) and child not in exclude:
                # "the wage floor had to go up": the particle makes the verb
                attitude = word_attitude(with_particle(child)) or word_attitude(lemma(child))
                if attitude is None and _bare(child):
                    attitude = SUBJECT_PREDICATES.get(lemma(child))
                if attitude is not None:
                    return attitude, (said, child)
    return None


# Verdicts that double as adverbs: "right now", "right in the middle", "wrong way round".
VERDICT_ADVERBS = frozenset({"right", "wrong"})
TIME_ADVERBS = frozenset({"now", "then", "today", "again", "once"})


def _verdict_read_as_adverb(verb: Token) -> Token | None:
    """ "the plan was right in May and it is right now": right after "be", with nothing
    else said by it, "right" is the verdict, though the parser reads it as an adverb of
    the words after it ("right now", "right in May")."""
    if verb.lemma_ != "be" or any(c.dep_ in ("acomp", "attr", "oprd") for c in verb.children):
        return None
    if verb.dep_ in ("aux", "auxpass"):
        return None  # "the charge is right now being reviewed": "be" helps another verb
    doc = verb.doc
    after = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    if after is None or after.lower_ not in VERDICT_ADVERBS or after.dep_ != "advmod":
        return None
    # Only before a time: "right there", "right next to it" put a thing somewhere.
    then = doc[after.i + 1] if after.i + 1 < len(doc) else None
    if then is None or then.is_punct or then.dep_ == "cc" or then.lower_ in TIME_ADVERBS:
        return after
    object_ = next((c for c in then.children if c.dep_ == "pobj"), None)
    if then.pos_ == "ADP" and object_ is not None and object_.ent_type_ in ("DATE", "TIME"):
        return after
    return None


def _too_far(word: Token) -> Token | None:
    """ "far" with "too" on ``word``: "a step too far", "goes too far"."""
    return next(
        (
            c
            for c in word.children
            if c.lower_ == "far" and any(g.lower_ == "too" for g in c.children)
        ),
        None,
    )


def _purpose(verb: Token, clause: Token) -> bool:
    """ "the dam would flood the villages to keep the lights on": an infinitive after a
    verb that already acts on an object says what the act is for, which is not what is
    said of the subject."""
    return (
        clause.dep_ == "advcl"
        and _infinitive_of(clause)
        and any(c.dep_ == "dobj" for c in verb.children)
        and any(c.dep_ == "dobj" for c in clause.children)
    )


def _infinitive_of(clause: Token) -> bool:
    """ "to keep" in "no reason to keep the charge"."""
    return clause.dep_ in ("acl", "relcl", "advcl", "xcomp") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in clause.children
    )


def _bare(verb: Token) -> bool:
    """A verb with nothing after it that makes it another verb: "the charge must go", not
    "goes through the planning process" or "goes back forty years"."""
    return not any(
        c.i > verb.i
        and not _where_it_is(c)
        and not (c.dep_ in ("prep", "npadvmod") and _is_time(c))  # "go at the end of May"
        and (
            c.dep_ in ("dobj", "prep", "prt", "npadvmod", "xcomp", "ccomp", "attr", "acomp")
            or (c.dep_ == "advmod" and c.lower_ not in STAYING_ADVERBS)
        )
        for c in verb.children
    )


# Adverbs that leave "stay" or "go" as they are: "the tax stays put", "it must go now".
STAYING_ADVERBS = frozenset({"now", "soon", "put", "exactly", "firmly", "forever", "permanently"})


def _where_it_is(clause: Token) -> bool:
    """ "where it is", "whatever they say" after "stay": a clause that adds nothing to
    the verb ("the tax will stay exactly where it is, whatever the bottlers say")."""
    if clause.dep_ not in ("ccomp", "advcl"):
        return False
    return any(
        c.lower_ in ("where", "whatever", "whoever")
        for c in (*clause.children, *(g for c in clause.children for g in c.children))
        if c.dep_ in ("advmod", "dobj", "nsubj")
    )


def _a_figure(obj: Token) -> bool:
    return obj.ent_type_ in ("MONEY", "QUANTITY", "PERCENT", "CARDINAL") or any(
        c.dep_ == "nummod" for c in obj.children
    )


def _having_a_place(obj: Token) -> tuple[str, tuple[Token, ...]] | None:
    """ "the charge has a place in ...", "has no place in a modern city" (with its "no")."""
    if lemma(obj) == "place":
        return SUPPORT_ATTITUDE, (obj,)
    return None


def _said_of(child: Token, exclude: Sequence[Token] = ()) -> tuple[str, tuple[Token, ...]] | None:
    """The attitude of a complement: "a reckless raid", "pointless", "a waste of money"."""
    far = _too_far(child)
    if far is not None:
        return OPPOSE_ATTITUDE, (child, far)  # "a step too far"
    if lemma(child) == "thing" and any(c.lower_ == "last" for c in child.children):
        return OPPOSE_ATTITUDE, (child,)  # "the last thing this market needs"
    # The adjective first: "a bad idea" is against, whatever "idea" is; one that only
    # makes the noun stronger ("a complete failure") leaves it to the noun.
    for modifier in child.children:
        if (
            modifier.dep_ == "amod"
            and modifier not in exclude
            and lemma(modifier) not in INTENSIFIERS
        ):
            attitude = word_attitude(lemma(modifier))
            if attitude is not None:
                return attitude, (child, modifier)
    # "a gift to the hauliers and a disaster for ...": a second noun with its own
    # article may hang from the first one's phrase
    second = [
        g
        for prep in child.children
        if prep.dep_ == "prep"
        for p in prep.children
        for g in p.children
        if g.dep_ == "conj" and any(d.lower_ in ("a", "an") for d in g.children)
    ]
    for word in (child, *(c for c in child.children if c.dep_ == "conj"), *second):
        attitude = (
            word_attitude(with_modifier(word))  # "a white elephant", "a vanity project"
            or word_attitude(lemma(word))
            or word_attitude(with_particle(word))
            or word_attitude(hyphenated(word))  # "non-starter" split into three
        )
        if attitude is not None:
            return attitude, (word,)
    for of in (c for c in child.children if c.dep_ == "prep" and c.lower_ == "of"):
        if lemma(child) in CENTRE_NOUNS and any(
            g.dep_ == "poss" and g.lower_ in FIRST_PERSON for p in of.children for g in p.children
        ):
            return SUPPORT_ATTITUDE, (child, of)  # "the heart of our platform"
    for of in (
        c
        for c in child.children
        if c.dep_ == "prep"
        and (c.lower_ == "of" or (c.lower_ == "for" and lemma(child) == "recipe"))
    ):
        # "an act of vandalism", "a waste of money", "a recipe for disaster"
        for word in (c for c in of.children if c.dep_ == "pobj"):
            attitude = word_attitude(lemma(word))
            if attitude is not None and word not in exclude:
                return attitude, (child, word)
    for clause in (c for c in child.children if c.dep_ == "relcl"):
        # "the charge is something I have always supported"
        if any(c.dep_ == "nsubj" and c.lower_ in FIRST_PERSON for c in clause.children):
            attitude = word_attitude(with_particle(clause)) or word_attitude(lemma(clause))
            if attitude is not None:
                return attitude, (child, clause)
    for into in (c for c in child.children if c.dep_ == "prep" and c.lower_ == "in"):
        # "a step in the right direction", "a move in the wrong direction"
        for word in (c for c in into.children if c.dep_ == "pobj" and lemma(c) == "direction"):
            for modifier in (c for c in word.children if c.dep_ == "amod"):
                attitude = word_attitude(lemma(modifier))
                if attitude is not None:
                    return attitude, (child, word, modifier)
    return None


def _characterised(
    verb: Token, thing: Token, target: Sequence[Token]
) -> tuple[str, tuple[Token, ...]] | None:
    """What a characterising verb says its object is: "called the levy a tax grab",
    "described calls for a vote as a distraction", "I find the charge unfair"."""
    if lemma(verb) not in CHARACTERISING or thing.dep_ != "dobj":
        return None
    exclude = [*target, thing]
    complements = [
        c
        for c in verb.children
        if (c.dep_ in ("oprd", "ccomp", "xcomp", "acomp") and not _has_own_subject(c))
        or (c.dep_ == "advmod" and c.pos_ == "ADJ")  # "making masks mandatory", misparsed
    ]
    # "as" may hang from the verb or, misparsed, from a word inside the object.
    for prep in [*verb.children, *thing.subtree]:
        if prep.dep_ == "prep" and prep.lower_ == "as" and prep.i > thing.i:
            complements += [c for c in prep.children if c.dep_ == "pobj"]
    for complement in complements:
        if complement in exclude:
            continue
        found = _said_of(complement, exclude)
        if found is not None:
            attitude, words = found
            return attitude, (verb, *words)
    return None


def _has_own_subject(clause: Token) -> bool:
    """A complement with a subject of its own is a clause about that subject, not what the
    object is: in "find the money for the bus stop elsewhere", misparsed as "the bus
    stop(s) elsewhere", "stop" says nothing of the money."""
    return clause.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in clause.children
    )


def _governing_word(
    governor: Token, child: Token, target: Sequence[Token] = ()
) -> tuple[str, tuple[Token, ...]] | None:
    """The attitude of ``governor`` towards ``child``, the way down to the target."""
    if governor.pos_ == "ADP":
        if governor.lower_ == "of" and lemma(governor.head) in SMALL_SUMS:
            # "not a penny of public money": spending it, refused by the "not"
            return SUPPORT_ATTITUDE, (governor.head,)
        # "against the levy", "for talks" (after "be"): the preposition is the predicate.
        if governor.lower_ == "against":
            return OPPOSE_ATTITUDE, (governor,)
        if governor.lower_ in ("for", "behind") and governor.head.lemma_ == "be":
            return SUPPORT_ATTITUDE, (governor,)  # "we are (fully) behind the road"
        if governor.lower_ in ("on", "into") and lemma(governor.head) in SPENDING_VERBS:
            return SUPPORT_ATTITUDE, (governor.head, governor)  # "spend the money on it"
        if governor.lower_ == "off" and lemma(governor.head) == "hand":
            return SUPPORT_ATTITUDE, (governor.head, governor)  # "hands off our toll"
        return None
    if _someones_job(governor, child):
        return SUPPORT_ATTITUDE, (governor,)
    characterised = _characterised(governor, child, target)
    if characterised is not None:
        return characterised
    if child.dep_ == "dobj" and governor.pos_ in ("VERB", "AUX"):
        # "kick the road into the long grass", "take talks off the table": where the
        # object is put says what is wanted of it
        for prep in (c for c in governor.children if c.dep_ == "prep" and c.i > child.i):
            idiom = prepositional_idiom(prep)
            if idiom is not None:
                return idiom[0], (governor, *idiom[1])
    if (
        child.dep_ == "dobj"
        and lemma(governor) in PUTTING_VERBS
        and any(c.dep_ == "prep" and c.lower_ in PUTTING_PREPOSITIONS for c in governor.children)
    ):
        return SUPPORT_ATTITUDE, (governor,)  # "putting public money into the stadium"
    # "we will not be bound by it": the agent of a passive is read as its preposition
    preposition = child.lower_ if child.dep_ in ("prep", "agent") else None
    if child.dep_ == "prep" and governor.head.pos_ == "ADP":
        # "stand in the way of", "in favour of": a noun between two prepositions
        attitude = FRAMED_NOUNS.get((governor.head.lower_, lemma(governor), child.lower_))
        if attitude is not None:
            frame = governor.head
            # the verb before it comes along, with its negations: "nobody will stand in ..."
            verb = (frame.head,) if frame.head.pos_ in ("VERB", "AUX") else ()
            return attitude, (*verb, frame, governor, child)
    if child.dep_ == "prep" and child.lower_ in MONEY_PREPOSITIONS:
        money = money_going(governor)
        if money is not None:
            return SUPPORT_ATTITUDE, money
    if preposition is not None:
        # "go soft on sanctions", "get tough on": the verb's adjective takes the phrase
        for complement in (c for c in governor.children if c.dep_ == "acomp"):
            attitude = word_attitude(f"{lemma(complement)} {preposition}")
            if attitude is not None:
                return attitude, (governor, complement, child)
    if child.dep_ in ("prep", "dative"):
        idiom = verb_object_idiom(governor, child.lower_)
        if idiom is not None:
            return idiom
    if preposition is not None:
        # The verb with its particle first: "go back on the deal" reneges on it, though
        # "go on" alone says carry on with it
        attitude = word_attitude(
            f"{with_particle(governor)} {preposition}"  # "walk away from the treaty"
        ) or word_attitude(f"{lemma(governor)} {preposition}")
        if attitude is not None:
            return attitude, (governor, child)
        if governor.dep_ in ("advmod", "prt") and governor.head.pos_ == "VERB":
            # "walk away from the treaty" with "from" hung on "away"
            phrasal = governor.head
            attitude = word_attitude(f"{lemma(phrasal)} {governor.lower_} {preposition}")
            if attitude is not None:
                return attitude, (phrasal, governor, child)
    if preposition == "of" and governor.pos_ == "NOUN":
        # "our rejection of the deal", "the cancellation of the line"; a noun that only
        # names a subject ("a recommendation on the wage") takes no "of"
        attitude = act_noun_attitude(lemma(governor))
        if attitude is not None:
            return attitude, (governor, child)
    if child.dep_ == "dobj" and governor.pos_ == "VERB" and lemma(governor) in CAPPING_VERBS:
        return OPPOSE_ATTITUDE, (governor,)  # "cap the programme": held down, not wanted
    attitude = raised_or_removed(governor, child) or word_attitude(with_particle(governor))
    if attitude is not None:
        return attitude, (governor,)
    attitude = word_attitude(lemma(governor)) or word_attitude(with_modifier(governor))
    if attitude is not None:
        return attitude, (governor,)
    if governor.lemma_ == "be":
        return _predicate_of_subject(governor, target)
    return None


def _commitment(
    head: Token, target: tuple[Token, ...], content: set[Token], others: set[int]
) -> Reading | None:
    """No attitude word, but a commitment to act on the target: "we will hold talks",
    "there will be no levy", "we will not negotiate"."""
    head = _portion_of(head)  # "we will finish the rest of the wall"
    verb = head if head.pos_ in ("VERB", "AUX") else head.head
    if verb not in content or verb.pos_ not in ("VERB", "AUX") or lemma(verb) in PROCEDURAL:
        return None
    # The target is what is done ("we will hold talks") or what there will (not) be;
    # "the duties will be discussed" commits to nothing.
    # A passive says the same of what is done: "a referendum cannot be held until ...".
    if head.i != verb.i and head.dep_ not in ("dobj", "attr", "nsubjpass"):
        return None
    negated_verb = any(c.dep_ == "neg" for c in verb.children)
    modal = [
        c
        for c in verb.children
        if c.dep_ == "aux"
        and (c.lower_ in COMMITMENT or (negated_verb and c.lower_ in REFUSING_MODALS))
    ]
    path = [head, verb]
    if verb.dep_ == "xcomp" and verb.head.lower_ == "going" and verb.head in content:
        modal.append(verb.head)  # "we are going to put a duty on steel"
        path.append(verb.head)
    if _let_do(verb, content):
        modal.append(verb.head)  # "let them pay the levy": the speaker wants it done
        path.append(verb.head)
    no_target = [c for c in head.children if c.dep_ == "det" and c.lower_ == "no"]
    if not modal and not no_target:
        return None
    if _not_the_speakers_view(verb, content, others) or _past_fact(verb):
        return None
    negations = _negations(path, (verb,), target)
    negated = len(negations) % 2 == 1
    attitude = OPPOSE_ATTITUDE if negated else SUPPORT_ATTITUDE
    if _only_once(verb):
        attitude = CONDITIONAL_ATTITUDE
    confidence = CONFIDENCE_COMMITMENT * _hedging(path, (verb,))
    return Reading(attitude, round(confidence, 2), target, (verb, *modal), negated)


def _bill_tabled(
    head: Token, target: tuple[Token, ...], content: set[Token], others: set[int]
) -> Reading | None:
    """A bill for the target that the speaker's side will put forward: "we will table a
    referendum bill", "the president would send Congress a bill making the dollar legal
    tender" (rules.bills). Not tabling one ("we will not table ...") is against it."""
    bill = bill_for(head)
    if bill is None or bill not in content:
        return None
    words = tabled(bill)
    if words is None or words[0] not in content:
        return None
    verb = words[0]
    if _not_the_speakers_view(verb, content, others) or _past_fact(verb):
        return None
    negated = any(c.dep_ == "neg" for c in verb.children)
    attitude = OPPOSE_ATTITUDE if negated else SUPPORT_ATTITUDE
    return Reading(attitude, CONFIDENCE_COMMITMENT, target, (bill, *words), negated)


# Nouns for a part of a thing: the act on the part is done on the thing.
PORTION_NOUNS = frozenset(
    {"rest", "remainder", "part", "section", "stretch", "bulk", "half", "first", "length"}
)


def _portion_of(head: Token) -> Token:
    """ "the rest" for "the wall" in "the rest of that wall": the noun the act falls on."""
    of = head.head
    if head.dep_ == "pobj" and of.lower_ == "of" and lemma(of.head) in PORTION_NOUNS:
        return of.head
    return head


def _let_do(verb: Token, content: set[Token]) -> bool:
    """A verb under an imperative "let": "let them pay the levy", "don't let them
    build it"."""
    let = verb.head
    return (
        verb.dep_ in ("ccomp", "xcomp")
        and lemma(let) == "let"
        and let in content
        and let.dep_ == "ROOT"
        and not any(c.dep_ in SUBJECT_DEPS for c in let.children)
    )


def _argued(reading: Reading) -> Reading:
    """A reading inside an arguing question: the speaker means the opposite (a
    condition stays a condition)."""
    if reading.attitude == CONDITIONAL_ATTITUDE:
        return reading
    return reading.flipped(RHETORICAL_FACTOR)


def _questioned(head: Token, target: tuple[Token, ...], content: set[Token]) -> Reading | None:
    """A target in the act a rhetorical question argues against, with no attitude word:
    "why would we make petrol dearer with a carbon tax?". The question's own verb is
    the evidence; a negated one ("why shouldn't we ...?") argues for the act."""
    root = head.sent.root
    if root not in content or (head.i != root.i and root not in list(head.ancestors)):
        return None
    if any(c.dep_ == "poss" and c.lower_ not in FIRST_PERSON for c in head.children):
        return None  # "why are we importing power from our neighbours' reactors?": theirs
    negated = any(_is_negation(c, target) for c in root.children)
    attitude = SUPPORT_ATTITUDE if negated else OPPOSE_ATTITUDE
    return Reading(attitude, CONFIDENCE_QUESTIONED, target, (root,), negated)


def _negations(path: Sequence[Token], words: Sequence[Token], target: Sequence[Token]) -> set[int]:
    """Negation words on the way from the target to the attitude word."""
    skip = [*target, *words]
    nodes = dict.fromkeys([*path, *words])
    return {c.i for node in nodes for c in node.children if _is_negation(c, skip)}


def _negations_above(
    top: Token, words: Sequence[Token], target: Sequence[Token], content: set[Token]
) -> set[int]:
    """Negations on the words above the attitude word, inside the statement: "I don't
    think talks are pointless". The walk stops at a coordination ("could not stay frozen
    and raising it was right") and at a subject: in "my support has never wavered" the
    "never" is about the wavering."""
    skip = [*target, *words]
    found: set[int] = set()
    node = top
    for _ in range(MAX_CLIMB):
        if node.dep_ == "conj" and _shares_the_first_verbs_subject(node, content):
            # "I am not going to stand up and tell you that we can scrap it": what is
            # above the first verb is above both; the first verb's own "not" is its own
            # ("we will not raise it and will cut fares")
            node = node.head
            continue
        if node.dep_ == "conj" and _telling_under_the_first_verbs_negation(node, content):
            # "I will not come here and promise you that the toll can go": the "not" of
            # "come" scopes over the promise, and so over the act promised
            node = node.head
            found |= {c.i for c in node.children if c.dep_ == "neg" and not not_only(c)}
            continue
        if node.dep_ == "conj" or _subject_of_an_event(node):
            break
        if node.dep_ in ("ccomp", "advcl") and _semicolon_between(node, node.head):
            break  # the "not" of another clause, joined by a misparse across a ";"
        if node.dep_ == "advcl" and _marked(node, AWAITED_MARKS):
            # "we will not rest until the road is built": what is awaited is wanted, the
            # "not" is about the resting
            break
        if node.head.i == node.i or node.head not in content:
            break
        below, node = node, node.head
        if _used_to(node, below):
            found.add(node.i)  # "I used to back the line": not any more
        if lemma(node) in DENYING_VERBS or (below.dep_ == "amod" and node.lower_ in NEGATORS):
            # "I have never hidden that I want one", "I doubt it will work": the verb
            # denies the clause; "nothing wrong with the charge": "nothing" denies "wrong"
            found.add(node.i)
        if node.pos_ == "NOUN" and _infinitive_of(below):
            # "I see no reason to keep the charge", "there is no need to scrap it"
            found |= {c.i for c in node.children if c.dep_ == "det" and c.lower_ == "no"}
        # Only a "not" on the verb above: "nobody" or "no" up there negate their own clause.
        found |= {
            c.i for c in node.children if c.dep_ == "neg" and c not in skip and not not_only(c)
        }
    return found


def _used_to(verb: Token, below: Token) -> bool:
    """ "used" in "I used to back the line": a view held once, and by saying so, no
    longer."""
    return (
        lemma(verb) == "use"
        and verb.tag_ == "VBD"
        and below.dep_ == "xcomp"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in below.children)
    )


def _shares_the_first_verbs_subject(verb: Token, content: set[Token]) -> bool:
    """A verb coordinated with an earlier one and no subject of its own: "tell" in "I am
    not going to stand up and tell you"; not "raising it was right" after "could not
    stay frozen and"."""
    first = verb.head
    return (
        verb.pos_ in ("VERB", "AUX")
        and first.pos_ in ("VERB", "AUX")
        and first in content
        and first.dep_ not in ("ROOT", "conj")
        and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    )


def _telling_under_the_first_verbs_negation(verb: Token, content: set[Token]) -> bool:
    """A verb of saying or promising joined to a negated first verb, with no subject,
    auxiliary or negation of its own: "tell" in "I won't stand here and tell you ...".
    The speaker refuses to say what the clause under it says."""
    first = verb.head
    return (
        lemma(verb) in TELLING_VERBS
        and first in content
        and first.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "neg" for c in first.children)
        and not any(c.dep_ in SUBJECT_DEPS or c.dep_ in ("aux", "neg") for c in verb.children)
    )


def _subject_of_an_event(word: Token) -> bool:
    """The subject of a verb other than "be": a "not" on that verb is about the event
    ("my support has never wavered"), while one on "be" denies what is said of the
    subject ("now is not the time")."""
    return word.dep_ in SUBJECT_DEPS and word.head.lemma_ != "be"


def _is_negation(token: Token, skip: Sequence[Token]) -> bool:
    if token in skip or not_only(token):
        return False
    if token.lower_ == "nothing" and _followed_by(token, "but"):
        return False  # "has done nothing but hurt them": "nothing but" is "only"
    if (
        token.lower_ == "not"
        and skip
        and token.i > max(t.i for t in skip)
        and token.i > 0
        and token.doc[token.i - 1].text == ","
    ):
        return False  # "we want talks, not war": the "not" is about what follows
    return (
        token.dep_ == "neg"
        or (
            token.dep_ in ("det", "advmod", "nsubj", "nsubjpass", "dobj")
            and token.lower_ in NEGATORS
        )
        or _over_my_dead_body(token)
        or (  # "I no longer support it": the "no" sits on "longer"
            token.dep_ == "advmod"
            and token.lower_ == "longer"
            and any(c.lower_ in ("no", "not") for c in token.children)
        )
    )


def _followed_by(token: Token, word: str) -> bool:
    following = token.i + 1
    return following < len(token.doc) and token.doc[following].lower_ == word


def _over_my_dead_body(token: Token) -> bool:
    """ "over my dead body will it be built": the idiom denies its clause."""
    return (
        token.dep_ == "prep"
        and token.lower_ == "over"
        and any(
            lemma(c) == "body" and any(g.lower_ == "dead" for g in c.children)
            for c in token.children
        )
    )


def not_only(token: Token) -> bool:
    """ "not only possible, it is overdue", "not just a tax": a "not" that adds, not denies."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return (
        token.norm_ == "not"  # "not", "n't" and "n’t"
        and following is not None
        and following.lower_ in NOT_ONLY_WORDS
    )


def _hedging(path: Sequence[Token], words: Sequence[Token]) -> float:
    """Less than 1 for "might", "perhaps" and for an attitude under an if-clause ("talks
    might be possible if ..."): the speaker leaves it open."""
    factor = 1.0
    for node in {*path, *words}:
        children = list(node.children)
        if any(c.lower_ in HEDGES for c in children if c.dep_ in ("aux", "advmod")):
            factor = min(factor, HEDGE_FACTOR)
        if any(c.dep_ == "advcl" and _marked(c, HYPOTHETICAL_MARKS) for c in children):
            factor = min(factor, HEDGE_FACTOR) * CONDITION_FACTOR
    return factor


def _marked(clause: Token, marks: Collection[str]) -> bool:
    return any(c.lower_ in marks for c in clause.children if c.dep_ == "mark")


def _hypothetical(head: Token, content: set[Token]) -> bool:
    """The target sits inside an if-clause ("the region would suffer if talks failed") or
    a clause that only dates the main one ("since the charge began")."""
    for ancestor in [head, *head.ancestors]:
        if ancestor not in content:
            break
        if ancestor.dep_ == "advcl" and _marked(ancestor, HYPOTHETICAL_OR_TIME_MARKS):
            return True
        if ancestor.dep_ == "ROOT" and condition_clause(ancestor) is ancestor:
            return True  # "If we scrap the levy, who will pay?": the parser's root
        # an indirect question: "asked whether the charge was working", "whether it stays
        # is a matter for the voters"
        if ancestor.dep_ in ("ccomp", "csubj", "pcomp", "pobj") and _marked(
            ancestor, QUESTION_MARKS
        ):
            return True
    return False


def _only_once(word: Token) -> bool:
    """The attitude holds only after a condition: "not until they stop testing", "only
    if", "before any talks", "must wait"."""
    verb = _clause_verb(word)
    if any(_on_condition(c) for node in (verb, word) for c in node.children):
        return True  # "acceptable on condition that the quotas are revised"
    for clause in verb.children:
        if clause.dep_ != "advcl":
            continue
        marks = [c.lower_ for c in clause.children if c.dep_ == "mark"]
        if any(m in AWAITED_MARKS for m in marks):
            return True
        if ("unless" in marks or "before" in marks) and _denied(verb):
            # "no talks unless ...", "no vote before ...": a condition; "we keep it unless
            # ...": a stand, "they will get one before this parliament ends": a deadline
            return True
        # "only if ...", or "can only begin once ...": the "only" on either verb
        only = any(
            c.lower_ == "only"
            for node in (clause, verb)
            for c in node.children
            if c.dep_ == "advmod"
        )
        if only and any(m in ONLY_MARKS for m in marks):
            return True
    return False


def _waits_for(clause: Token) -> bool:
    """An attitude in a "before" clause of a plain main clause: "the treaty needs
    changes before we can support it" supports it only once the changes are made."""
    main = clause.head
    return (
        clause.dep_ == "advcl"
        and _marked(clause, BEFORE_MARK)
        and main.pos_ in ("VERB", "AUX")
        and not _denied(main)
    )


def _on_condition(preposition: Token) -> bool:
    return (
        preposition.dep_ == "prep"
        and preposition.lower_ == "on"
        and any(lemma(c) == "condition" for c in preposition.children if c.dep_ == "pobj")
    )


def _denied(verb: Token) -> bool:
    """ "not", "never" on the verb, or "no" on one of its nouns ("there will be no talks")."""
    return any(
        c.dep_ == "neg"
        or c.lower_ in ("never", "nothing", "nobody")
        or any(g.dep_ == "det" and g.lower_ == "no" for g in c.children)
        for c in verb.children
    )


def _clause_verb(word: Token) -> Token:
    node = word
    for _ in range(MAX_CLIMB):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node
        node = node.head
    return node


def _not_the_speakers_view(
    verb: Token, content: set[Token], others: set[int], words: Sequence[Token] = ()
) -> bool:
    """The clause is about someone else's doing or view: its subject is the topic's other
    party or a critic, or it hangs from "critics say" inside the statement."""
    node = verb
    for _ in range(MAX_CLIMB):
        for subject in (c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")):
            if subject in words:
                continue  # "our opposition to the wall is ...": the attitude word itself
            # The other party's doing is news; what is said of it ("the company is not
            # for sale") is not its doing.
            acts = node.lemma_ != "be" and subject.dep_ == "nsubj"
            theirs = subject.i in others or any(
                c.dep_ == "poss" and c.i in others for c in subject.children
            )  # "Veland's foreign minister rejected the talks"
            if (theirs and acts) or (
                lemma(subject) in OTHERS and not a_rule_for_everyone(subject, node)
            ):
                return True
            if any(c.dep_ == "conj" and lemma(c) in OTHERS for c in subject.children):
                return True  # "bottlers and the retailers' association oppose ..."
            if subject.dep_ == "nsubj" and _some_of_them(subject):
                return True  # "several member states want ...", "three ministers oppose ..."
            if _a_group_holding_a_view(subject, node):
                return True  # "farmers fear the treaty ...", "bottlers oppose the tax"
            if (
                node.i != verb.i
                and lemma(node) in REPORTING_VERBS
                and subject.dep_ == "nsubj"  # "drivers were told that ..." names no sayer
                and subject.lower_ not in FIRST_PERSON
            ):
                return True
        if node.i == verb.i and _done_by_others(node):
            return True
        if any(c.dep_ == "prep" and c.lower_ == "according" for c in node.children):
            return True  # "..., according to the chamber's survey": a report
        if node.head.i == node.i or node.head not in content:
            return False
        if node.dep_ == "conj" and any(c.dep_ in SUBJECT_DEPS for c in node.children):
            # "the lowest paid had waited long enough and the wage had to go up": a
            # clause with a subject of its own is not the first clause's doer's
            return False
        node = node.head
    return False


def _a_group_holding_a_view(subject: Token, verb: Token) -> bool:
    """People named in the plural as the ones who hold a view: "farmers fear ...",
    "retailers oppose ...". The speaker's own side says "we" or "our members"."""
    return (
        subject.dep_ == "nsubj"
        and subject.pos_ == "NOUN"
        and subject.tag_ == "NNS"
        and lemma(verb) in VIEW_VERBS
        and not any(c.dep_ == "poss" and c.lower_ in FIRST_PERSON for c in subject.children)
    )


def _done_by_others(verb: Token) -> bool:
    """A passive with someone else as its agent: "the charge was first proposed by the
    previous council", "the talks will be chaired by Norway". What is done to the speaker
    stays the speaker's: "we will not be deterred by the unions"."""
    if any(c.dep_ == "nsubjpass" and c.lower_ in FIRST_PERSON for c in verb.children):
        return False
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        if any(
            c.dep_ == "pobj" and c.lower_ not in FIRST_PERSON and not _is_time(c)
            for c in agent.children
        ):  # "finished by December" names a date, not a doer
            return True
    return False


def _some_of_them(subject: Token) -> bool:
    """A counted or quantified group of people or bodies: "several member states",
    "most doctors", "three ministers"."""
    if subject.lower_ in QUANTIFIERS and any(
        c.dep_ == "prep" and c.lower_ == "of" for c in subject.children
    ):
        return True  # "several of our allies", "most of the members"
    if subject.tag_ not in ("NNS", "NNPS"):
        return False
    return any(
        c.dep_ == "nummod" or (c.dep_ in ("det", "amod") and c.lower_ in QUANTIFIERS)
        for c in subject.children
    )


def _describes_a_place_or_time(clause: Token) -> bool:
    """A relative clause opened by "where" or "when" says what a place or a time is
    like ("the valley, where the mine closed years ago"); it is no view on what it names."""
    return clause.dep_ == "relcl" and any(
        c.dep_ == "advmod" and c.lower_ in ("where", "when") for c in clause.children
    )


def _past_fact(verb: Token, act: Token | None = None) -> bool:
    """A dated past event told as a fact ("the levy was scrapped in 2019", "eleven allies
    met the target last year"), not a view. Reported speech puts views in the past tense
    too ("the levy was dead in the water"), so only a past verb with a time of its own
    counts; the speaker's own past acts ("we rejected talks in May") still count."""
    past = verb.tag_ == "VBD" or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children
    )
    if not past:
        return False
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if any(s.lower_ in FIRST_PERSON for s in subjects):
        return False
    # The time must be the clause's own: in "it was a mistake to shelve the vote last
    # autumn" the date belongs to the shelving, and the judgement is a view. ``act`` is
    # the verb the past one carries out: "voted to keep the charge on Tuesday".
    children = [*verb.children, *(act.children if act is not None else ())]
    return any(_is_time(c) for c in children if c.dep_ in ADVERBIAL_DEPS)


def _is_time(token: Token) -> bool:
    words = [token, *token.children]
    if token.dep_ == "prep":
        words += [g for c in token.children for g in (c, *c.children)]
    # "last" in "the last council" names no time; in "last year" the year does.
    return any(
        w.ent_type_ in ("DATE", "TIME")
        or (w.lower_ in PAST_TIME_WORDS and (w is token or w.head.pos_ != "NOUN"))
        for w in words
    )
