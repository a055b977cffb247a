"""The errors of a question asked wrongly: an unknown id, or a request out of range."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from watchers.errors import StancewatchError


class UnknownIdError(StancewatchError):
    """A query named an official or topic id the configuration does not have."""

    def __init__(self, kind: str, value: str, known: Sequence[str]) -> None:
        self.kind = kind
        self.value = value
        self.suggestions = difflib.get_close_matches(value, known, n=3, cutoff=0.6)
        if self.suggestions:
            hint = "did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        elif known:
            listed = ", ".join(sorted(known)[:10]) + (", ..." if len(known) > 10 else "")
            hint = f"known {kind}s: {listed}"
        else:
            hint = f"the configuration lists no {kind}s"
        super().__init__(f"unknown {kind} {value!r}; {hint}")


class QueryError(StancewatchError, ValueError):
    """A question that cannot be answered as asked (a day count out of range, an official
    compared with themselves). Both a StancewatchError and a ValueError, so a caller that
    catches either turns it into a plain message."""
