"""Who a clause's doing or view belongs to, where the subject alone would mislead: a rule
laid on everyone ("every voter will show ID") is the policy itself, not the voters' view."""

from __future__ import annotations

from spacy.tokens import Token

# Modals that lay a rule down: "every tenant will show a card", "all firms must register".
RULE_MODALS = frozenset({"will", "'ll", "shall", "must"})
EVERYONE = frozenset({"every", "each", "all"})


def a_rule_for_everyone(subject: Token, verb: Token) -> bool:
    """ "From May every voter will show ID", "all landlords must register": the subject
    is everyone the policy falls on, and the clause states the policy, not their view."""
    if subject.dep_ != "nsubj" or not any(
        c.dep_ in ("det", "predet") and c.lower_ in EVERYONE for c in subject.children
    ):
        return False
    modals = [c for c in verb.children if c.dep_ == "aux" and c.lower_ in RULE_MODALS]
    negated = any(c.dep_ == "neg" for c in verb.children)
    return bool(modals) and not negated
