"""Views the speaker concedes exist but does not hold: "despite the protests against it".

A phrase under "despite" or "in spite of" names what stands in the speaker's way
("will press on with the tunnel despite the petition against it"); an attitude read
inside it belongs to someone else, and counting it would cancel the speaker's own view.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from rules.attitude import Reading

CONCEDING = frozenset({"despite", "notwithstanding"})


def own_views(readings: Sequence[Reading]) -> list[Reading]:
    """``readings`` without those whose attitude words all lie in a conceding phrase."""
    return [r for r in readings if not all(_conceded(w) for w in r.words)]


def _conceded(word: Token) -> bool:
    for node in (word, *word.ancestors):
        if node.dep_ != "prep":
            continue
        if node.lower_ in CONCEDING:
            return True
        # "in spite of": the parser hangs "of" under "spite"
        if node.lower_ == "of" and node.head.lower_ == "spite":
            return True
    return False
