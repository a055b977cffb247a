"""Questions in a statement: whether a question asks (no view) or argues (a view, the
other way round to what it asks about).

"do you support the charge?" and "which stations will the line stop at?" ask; "why would
we talk to them?", "what is the point of the levy?" and "do we really want a wall?" argue.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from spacy.tokens import Token

from rules.attitude_words import (
    ARGUING_MODALS,
    ARGUING_NOUNS,
    MODAL_QUESTION_VERBS,
    PRESSING_ADVERBS,
    QUESTION_LEAD_INS,
    QUESTION_VERBS,
    QUOTE_MARKS,
)
from rules.phrases import lemma


def question_words(head: Token, content: set[Token]) -> list[Token] | None:
    """The words of ``head``'s sentence, when it is a question of three words or more,
    after a lead-in ("But", "So"); None when it is not a question."""
    sentence = head.sent
    words = [t for t in sentence if t in content and not (t.is_punct or t.is_space)]
    ending = [t for t in sentence if t in content and not t.is_space and t.text not in QUOTE_MARKS]
    if len(words) < 3 or not ending or ending[-1].text != "?":
        return None
    return words[1:] if words[0].lower_ in QUESTION_LEAD_INS else words


# Question words that open a question asking for a fact, unless it argues (_rhetorical).
ASKING_WH = frozenset({"which", "when", "where"})


def yes_no_question(head: Token, content: set[Token]) -> str | None:
    """A question that opens with its verb: "argues" when it presses ("do we really want
    ...?", "shouldn't we keep it?"), else "asks" ("do you support the charge?")."""
    words = question_words(head, content)
    if words is None:
        return None
    opener = words[0]
    if opener.lower_ in ASKING_WH and rhetorical(head, content) is None:
        return "asks"  # "which stations will the line stop at?"
    if opener.pos_ != "AUX" and opener.tag_ != "MD":
        return None
    pressing = opener.i + 1 < len(opener.doc) and opener.doc[opener.i + 1].lower_ in ("n't", "not")
    if pressing or any(w.lower_ in PRESSING_ADVERBS for w in words[1:6]):
        return "argues"
    return "asks"


def rhetorical(head: Token, content: set[Token]) -> str | None:
    """How the target's sentence argues, when it is a question that argues rather than
    asks: "act" for one against an act or thing ("why would we ...?", "how can we ...?",
    "what is the point of ...?"), "claim" for one that only denies its own claim ("who
    benefits from ...?", "what landlord would ...?"). A speaker's own "why not ...?"
    proposes, so it does not count; nor does a question about facts ("who drew up ...?")."""
    words = question_words(head, content)
    if words is None or len(words) < 3:
        return None
    opener, after, third = words[0].lower_, words[1], words[2]
    if opener == "why" and after.lower_ in QUESTION_VERBS and third.lower_ != "not":
        return "act"
    if opener == "how" and after.lower_ in MODAL_QUESTION_VERBS:
        return "act"
    if (
        opener == "what"
        and after.lemma_ == "be"
        and any(lemma(t) in ARGUING_NOUNS for t in words[2:5])
    ):
        return "act"
    if opener == "what" and after.pos_ == "NOUN" and third.lower_ in ARGUING_MODALS:
        return "claim"  # "what landlord is going to ...?"
    if (
        opener == "what"
        and after.lemma_ == "have"
        and head.dep_ == "nsubj"
        and lemma(head.head) == "do"
        and _done_for(words[2:])
    ):
        return "act"  # "what has the levy ever done for us?": against it
    if opener == "who" and (
        after.lower_ in ARGUING_MODALS
        or after.lower_ in ("actually", "really", "else")
        or lemma(after) in ("benefit", "gain", "profit", "win", "want", "need")
    ):
        return "claim"
    return None


def _done_for(words: Sequence[Token]) -> bool:
    return any(lemma(a) == "do" and b.lower_ == "for" for a, b in pairwise(words))
