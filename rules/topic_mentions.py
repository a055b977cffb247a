"""Plans named by whose they are: "the mayor's scheme", "her proposal".

News names the policy a statement is about by its owner as often as by its name: the
rival's plan is "the governor's plan", the speaker's own "our scheme". A plan noun owned
by a person or a body, with nothing that names another plan ("the mayor's plan for a
new stadium"), stands for the topic's target in a statement filed under the topic, as
"the plan" and "this scheme" do.
"""

from __future__ import annotations

from spacy.tokens import Token

# Owners written as pronouns: "her plan", "his scheme", "my proposal".
OWNING_PRONOUNS = frozenset({"his", "her", "my", "their", "our", "its", "your"})


def owned_by_someone(noun: Token) -> bool:
    """Whether ``noun`` has an owner: a possessive pronoun, or a name or noun with "'s"
    ("the mayor's", "Vance's"). Whether it names another plan is the caller's to see."""
    for child in noun.children:
        if child.dep_ != "poss":
            continue
        if child.lower_ in OWNING_PRONOUNS:
            return True
        if child.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "case" for c in child.children):
            return True
    return False
