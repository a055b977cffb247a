"""A view the speaker has since changed: "had backed the plan, but now opposes it".

News reports a change of mind in one sentence: the old view in the past perfect or
marked as the first one ("at first", "initially"), the new one after it. Both are read
by the attitude layer, and as opposed readings they would cancel each other out, though
only the later one is the speaker's position now.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from rules.attitude import Reading
from rules.attitude_lexicon import OPPOSE_ATTITUDE, SUPPORT_ATTITUDE

# Words that date a view before the one the speaker holds now.
FIRST_VIEW_MARKS = frozenset({"initially", "originally", "previously", "formerly", "once"})
# Dependencies that end a clause on the way up from an attitude word.
CLAUSE_DEPS = frozenset({"ROOT", "conj", "ccomp", "advcl", "parataxis"})
SIDES = frozenset({SUPPORT_ATTITUDE, OPPOSE_ATTITUDE})


def later_views(readings: Sequence[Reading]) -> list[Reading]:
    """``readings`` without those the speaker has since given up: a view marked as an
    earlier one, followed in the statement by the opposed view."""
    # Each view's place and mark read once: every view is weighed against every other.
    views = [(r, _start(r), _earlier_view(r)) for r in readings if r.attitude in SIDES]
    given_up = {
        id(reading)
        for reading, start, earlier in views
        if earlier
        and any(
            other.attitude != reading.attitude and other_start > start and not other_earlier
            for other, other_start, other_earlier in views
        )
    }
    return [r for r in readings if id(r) not in given_up]


def _start(reading: Reading) -> int:
    return min(t.i for t in (*reading.target, *reading.words))


def _earlier_view(reading: Reading) -> bool:
    """Whether the clause that carries the reading's attitude is in the past perfect
    ("had supported the bill") or marked as a first view ("wary of it at first")."""
    return any(_clause_marked_earlier(_clause_of(word)) for word in reading.words)


def _clause_of(word: Token) -> Token:
    node = word
    while node.dep_ not in CLAUSE_DEPS and node.head.i != node.i:
        node = node.head
    return node


def _clause_marked_earlier(verb: Token) -> bool:
    children = list(verb.children)
    if verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ == "had" for c in children):
        return True
    if any(c.dep_ == "advmod" and c.lower_ in FIRST_VIEW_MARKS for c in children):
        return True
    return any(_at_first(w) for w in _own_words(verb))


def _own_words(verb: Token) -> list[Token]:
    """The clause's words, without the clauses joined to it (the later view may be one)."""
    found, stack = [], list(verb.children)
    while stack:
        word = stack.pop()
        if word.dep_ in CLAUSE_DEPS:
            continue
        found.append(word)
        stack.extend(word.children)
    return found


def _at_first(word: Token) -> bool:
    """ "at first", "at the start" under the clause's verb or an adjective of it."""
    if word.lower_ != "at" or word.dep_ != "prep":
        return False
    objects = [c for c in word.children if c.dep_ in ("pobj", "pcomp", "amod", "advmod")]
    return any(o.lower_ in ("first", "start", "outset", "beginning") for o in objects)
