"""What words and idioms say on their own: the attitude a lemma, a verb with its particle
("walk away"), a noun with its modifier ("green light"), an idiom with a preposition ("out
of the question") or a verb with its object ("pull the plug on") carries, looked up in the
word lists of rules.attitude_words. rules.attitude walks the parse to find which of them
govern a target, and what turns them round.
"""

from __future__ import annotations

from spacy.tokens import Token

from rules.attitude_words import (
    AMOUNT_NOUNS,
    CONDITIONAL,
    FLOWING_VERBS,
    IDIOMS,
    MONEY_NOUNS,
    NEGATORS,
    OPPOSE,
    RAISING_OR_REMOVING,
    SUPPORT,
    VERB_OBJECT_IDIOMS,
)
from rules.phrases import lemma

SUPPORT_ATTITUDE = "support"
OPPOSE_ATTITUDE = "oppose"
CONDITIONAL_ATTITUDE = "conditional"

# Determiners of an idiom's noun that deny it: "in nobody's interest", "in no one's".
NO_ONE_WORDS = NEGATORS | {"none"}


def opposite(attitude: str) -> str:
    """Support for oppose and back; conditional stays as it is."""
    flips = {SUPPORT_ATTITUDE: OPPOSE_ATTITUDE, OPPOSE_ATTITUDE: SUPPORT_ATTITUDE}
    return flips.get(attitude, attitude)


def money_going(verb: Token) -> tuple[Token, ...] | None:
    """ "public money will go to the road", "not one more pound is going into it": money
    that goes to a thing is spent on it. The subject's own words come along, so its
    "not" or "no" counts."""
    if lemma(verb) not in FLOWING_VERBS:
        return None
    for subject in (c for c in verb.children if c.dep_ == "nsubj"):
        if lemma(subject) in MONEY_NOUNS:
            numbers = [c for c in subject.children if c.dep_ in ("nummod", "amod")]
            return (verb, subject, *numbers)
    return None


def verb_object_idiom(word: Token, preposition: str) -> tuple[str, tuple[Token, ...]] | None:
    """A verb, its object and a preposition: "turn our backs on", "pull the plug on",
    "throw our weight behind" (the preposition may hang from the verb or the object)."""
    if word.pos_ in ("VERB", "AUX"):
        verb, objects = word, [c for c in word.children if c.dep_ == "dobj"]
    elif word.dep_ == "dobj":
        verb, objects = word.head, [word]
    else:
        return None
    for obj in objects:
        for noun in (lemma(obj), with_modifier(obj)):
            attitude = VERB_OBJECT_IDIOMS.get((lemma(verb), noun, preposition))
            if attitude is not None:
                return attitude, (verb, obj)
    return None


def with_modifier(token: Token) -> str:
    """A noun with the word before it that makes it an idiom: "green light", "go-ahead",
    "red line", "dead end"."""
    before = [c for c in token.children if c.dep_ in ("amod", "compound") and c.i < token.i]
    if not before:
        return lemma(token)
    modifier = before[-1]
    joiner = "-" if token.doc[token.i - 1].text == "-" else " "
    return f"{modifier.lower_}{joiner}{lemma(token)}"


def hyphenated(token: Token) -> str:
    """A word with the one before a hyphen: "non-starter" when parsed as "non", "-",
    "starter"."""
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-":
        return f"{doc[token.i - 2].lower_}-{token.lower_}"
    return token.lower_


def with_particle(token: Token) -> str:
    particles = [c.lower_ for c in token.children if c.dep_ in ("prt", "advmod") and c.i > token.i]
    return f"{lemma(token)} {particles[0]}" if particles else lemma(token)


def prepositional_idiom(preposition: Token) -> tuple[str, tuple[Token, ...]] | None:
    # The idiom's preposition may follow another: "up for negotiation", "out of the question".
    for prep in (preposition, *(c for c in preposition.children if c.dep_ == "prep")):
        for obj in prep.children:
            if obj.dep_ == "pobj":
                if lemma(obj) == "agenda" and any(
                    c.dep_ in ("prep", "poss", "compound") for c in obj.children
                ):
                    continue  # "on the agenda for Thursday's council": a meeting's business
                attitude = IDIOMS.get((prep.lower_, lemma(obj)))
                if attitude is not None and any(
                    c.dep_ in ("poss", "det") and c.lower_ in NO_ONE_WORDS for c in obj.children
                ):
                    attitude = opposite(attitude)  # "in nobody's interest"
                if attitude is not None:
                    return attitude, (prep, obj)
    return None


def raised_or_removed(verb: Token, thing: Token | None) -> str | None:
    """ "lift the wage" raises an amount (for it); "lift the ban" removes a restriction
    (against it)."""
    word = lemma(verb)
    if verb.pos_ == "NOUN" and word.endswith("ing"):
        word = word[:-3]  # "the lifting of sanctions"
    if word not in RAISING_OR_REMOVING or thing is None:
        return None
    if thing.dep_ == "prep" and thing.lower_ == "of":
        thing = next((c for c in thing.children if c.dep_ == "pobj"), None)
        if thing is None:
            return None
    return SUPPORT_ATTITUDE if lemma(thing) in AMOUNT_NOUNS else OPPOSE_ATTITUDE


def word_attitude(word: str) -> str | None:
    """The attitude a word (a lemma, or a verb with its particle) carries on its own."""
    found = _listed_attitude(word)
    if found is None and word.endswith("ing") and len(word) > 5:
        # A verb made a noun keeps its sense: "no easing of sanctions", "the scrapping of"
        stem = word[:-3]
        for verb in (stem, stem + "e", stem[:-1] if stem[-1] == stem[-2] else None):
            if verb and (found := _listed_attitude(verb)) is not None:
                break
    return found


# Nouns made of verbs: "rejection" (reject), "cancellation" (cancel), "refusal" (refuse).
NOUN_OF_VERB_ENDINGS = (("ation", ""), ("ion", ""), ("al", ""))


def act_noun_attitude(noun: str) -> str | None:
    """The attitude of a noun made of an attitude verb: "rejection" (reject),
    "cancellation" (cancel), "refusal" (refuse)."""
    for ending, verb_end in NOUN_OF_VERB_ENDINGS:
        if not noun.endswith(ending) or len(noun) - len(ending) < 4:
            continue
        stem = noun[: -len(ending)] + verb_end
        for verb in (stem, stem + "e", stem[:-1] if stem[-1] == stem[-2] else None):
            if verb and (found := _listed_attitude(verb)) is not None:
                return found
    return None


def _listed_attitude(word: str) -> str | None:
    if word in CONDITIONAL:
        return CONDITIONAL_ATTITUDE
    if word in OPPOSE:
        return OPPOSE_ATTITUDE
    if word in SUPPORT:
        return SUPPORT_ATTITUDE
    return None
