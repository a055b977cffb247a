"""What an act or a thing would bring about, when that says what the speaker thinks of
it without an attitude word: "scrapping the pact would leave our boats tied up in
port" (against scrapping it), "the levy solves a problem that does not exist" (against
the levy)."""

from __future__ import annotations

from spacy.tokens import Token

from rules.attitude_lexicon import OPPOSE_ATTITUDE, SUPPORT_ATTITUDE
from rules.phrases import lemma

# States that people or things are left in which nobody wants: "would leave families
# worse off", "leave our farmers stranded", "leave the buses idle".
LEFT_STATES = frozenset(
    {
        "strand", "stranded", "idle", "worse", "poorer", "exposed", "vulnerable", "broke",
        "bankrupt", "jobless", "homeless", "helpless", "defenceless", "defenseless",
        "penniless", "unemployed", "empty", "short",
    }
)  # fmt: skip
# "tied up in port", "stuck in the queue": a participle with its particle or place.
LEFT_PARTICIPLES = frozenset({"tie", "stick", "strand", "lock", "cut"})
# "out of work", "out of pocket", "out of business", "out of a job".
OUT_OF = frozenset({"work", "pocket", "business", "job", "home"})
# Verbs that fix a problem, and the problem a speaker says is not there.
SOLVING_VERBS = frozenset({"solve", "fix", "address", "tackle", "cure"})
PROBLEM_NOUNS = frozenset({"problem", "issue", "crisis"})


def left_worse_off(verb: Token) -> tuple[str, tuple[Token, ...]] | None:
    """ "would leave X worse off / stranded / tied up / out of work / without Y": the
    state the subject leaves people or things in is a harm, so against the subject."""
    if lemma(verb) != "leave":
        return None
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if not objects:
        return None
    for word in [*verb.children, *(c for o in objects for c in o.children)]:
        if word.dep_ in ("oprd", "acomp", "conj", "xcomp", "ccomp", "acl", "advcl", "advmod"):
            if lemma(word) in LEFT_STATES or word.lower_ in LEFT_STATES:
                return OPPOSE_ATTITUDE, (verb, word)
            if lemma(word) in LEFT_PARTICIPLES and word.tag_ == "VBN":
                return OPPOSE_ATTITUDE, (verb, word)
        if word.dep_ == "prep" and word.head == verb:
            if word.lower_ == "without":
                return OPPOSE_ATTITUDE, (verb, word)
            if word.lower_ == "out" and any(
                lemma(p) in OUT_OF for of in word.children for p in of.children
            ):
                return OPPOSE_ATTITUDE, (verb, word)
    return None


def solves_nothing(verb: Token) -> tuple[str, tuple[Token, ...]] | None:
    """ "solves a problem that does not exist", "fixes a problem nobody has": the thing
    that would solve it is not needed."""
    if lemma(verb) not in SOLVING_VERBS:
        return None
    for problem in (c for c in verb.children if c.dep_ == "dobj"):
        if lemma(problem) not in PROBLEM_NOUNS:
            continue
        for clause in (c for c in problem.children if c.dep_ == "relcl"):
            denied = any(c.dep_ == "neg" for c in clause.children) or any(
                c.dep_ == "nsubj" and c.lower_ in ("nobody", "no-one") for c in clause.children
            )
            if denied and lemma(clause) in ("exist", "have", "see", "face"):
                return OPPOSE_ATTITUDE, (verb, problem)  # its own "not" is no negation of the verb
    return None


def how_to_fix(verb: Token) -> tuple[str, tuple[Token, ...]] | None:
    """ "a wall is (not) how you fix immigration", "this is the way to tackle it": the
    subject named as the remedy is wanted; the negation on "is" turns it round."""
    if lemma(verb) != "be":
        return None
    for clause in (c for c in verb.children if c.dep_ in ("ccomp", "attr", "acomp")):
        if lemma(clause) in SOLVING_VERBS and any(
            c.dep_ == "advmod" and c.lower_ == "how" for c in clause.children
        ):
            return SUPPORT_ATTITUDE, (clause,)
    return None
