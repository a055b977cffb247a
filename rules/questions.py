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
    pressing = opener.i + 1 < len(opener.doc) and opener.doc[opener.i + 1].norm_ == "not"
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


# Conditions a question can argue from: "if they build it, who ...?", "when ... , who ...?"
ARGUED_CONDITION_MARKS = frozenset({"if", "when", "once", "whenever"})


def condition_clause(head: Token) -> Token | None:
    """The verb of the if- or when-clause ``head`` sits in. The parser sometimes makes an
    opening if-clause the root of its sentence ("If we scrap the levy, who will pay?")."""
    for a in [head, *head.ancestors]:
        if _condition_marks(a) and (
            a.dep_ == "advcl" or (a.dep_ == "ROOT" and _opens_with_mark(a))
        ):
            return a
    return None


def _condition_marks(verb: Token) -> list[Token]:
    """ "if", "when" before ``verb``, marking its clause a condition."""
    return [
        c for c in verb.lefts if c.dep_ in ("mark", "advmod") and c.lower_ in ARGUED_CONDITION_MARKS
    ]


def _opens_with_mark(root: Token) -> bool:
    first = next((t for t in root.sent if not (t.is_punct or t.is_space)), None)
    return first is not None and first.lower_ in ARGUED_CONDITION_MARKS and first.head == root


def argued_condition(head: Token, content: set[Token]) -> tuple[Token, set[Token]] | None:
    """The condition ``head`` sits in, and the condition's own words, when the question it
    belongs to expects "nobody" for an answer: "if the depot closes, who is going to fix
    the trains?", "what farmer will plant wheat when the pact ends?". The speaker is
    against what the condition brings about."""
    clause = condition_clause(head)
    if clause is None:
        return None
    words = question_words(clause, content)
    if words is None:
        return None
    mark = _condition_marks(clause)[0].i
    if mark == words[0].i:
        # the condition comes first and ends at its comma: "If ..., who will ...?"
        comma = next((w.i for w in clause.sent if w.i > clause.i and w.text == ","), None)
        if comma is None:
            return None
        inside = {w for w in words if w.i < comma}
        asked = [w for w in words if w.i > comma]
    else:
        inside = {w for w in words if w.i >= mark}
        asked = [w for w in words if w.i < mark]
    return (clause, inside) if asked and _expects_nobody(asked) else None


def _expects_nobody(words: Sequence[Token]) -> bool:
    """ "who is going to ...", "who will ...", "what landlord would ...": a question whose
    answer the asker takes to be nobody."""
    opener = words[0]
    if opener.lower_ != "who" and not (opener.lower_ in ("what", "which") and opener.dep_ == "det"):
        return False
    modal = next((w for w in words[1:7] if w.pos_ == "AUX" or w.tag_ == "MD"), None)
    if modal is None:
        return False
    after = modal.i + 1 < len(modal.doc) and modal.doc[modal.i + 1].lower_ == "going"
    return modal.lower_ in ARGUING_MODALS or (modal.lower_ in ("is", "are") and after)
