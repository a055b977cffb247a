"""A bill put forward by the speaker's side: "we will table a referendum bill", "the
president would send Congress a bill making the dollar legal tender". What the bill
does is what its author wants, with no attitude word said of it."""

from __future__ import annotations

from spacy.tokens import Token

from rules.attitude_words import COMMITMENT, FIRST_PERSON
from rules.phrases import lemma

BILL_NOUNS = frozenset({"bill", "law", "legislation", "decree", "motion", "amendment"})
# Verbs that put a bill before a parliament.
TABLING_VERBS = frozenset(
    {"table", "introduce", "send", "present", "submit", "bring", "file", "lay", "unveil"}
)
# A reported future: "the first minister would table a bill in the spring". In the
# speaker's own words "we would table a bill" is only a possibility.
REPORTED_FUTURE = frozenset({"would", "'d"})


def bill_for(head: Token) -> Token | None:
    """The bill whose content ``head`` names: "a referendum bill", "a bill on voter ID",
    "a bill making the dollar legal tender", "a bill to make night flights legal"."""
    node = head
    for _ in range(5):
        parent = node.head
        if parent.i == node.i:
            return None
        if lemma(parent) in BILL_NOUNS and parent.pos_ == "NOUN":
            if node.dep_ in ("compound", "amod", "nmod"):
                return parent
            if node.dep_ in ("acl", "relcl") and lemma(node) in ("make", "give"):
                return parent
            if node.dep_ == "prep" and node.lower_ in ("on", "for"):
                return parent
            return None
        if node.dep_ not in ("compound", "nmod", "dobj", "nsubj", "ccomp", "pobj", "amod"):
            return None
        node = parent
    return None


def tabled(bill: Token) -> tuple[Token, ...] | None:
    """The tabling verb and its modal when ``bill`` is promised: "we will table it",
    "the president would send Congress a bill". None for a bill others put forward or
    one only talked about."""
    verb = bill.head
    if bill.dep_ != "dobj" or lemma(verb) not in TABLING_VERBS:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    for aux in (c for c in verb.children if c.dep_ == "aux"):
        if aux.lower_ in COMMITMENT:
            return (verb, aux)
        if aux.lower_ in REPORTED_FUTURE and (
            subject is None or subject.lower_ not in FIRST_PERSON
        ):
            return (verb, aux)
    going = verb.head
    if verb.dep_ == "xcomp" and going.lower_ == "going":
        return (verb, going)
    return None
