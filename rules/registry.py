"""Registries of the pieces a YAML file picks by name with a ``type:`` key.

A rule in rules.yaml says ``type: contradiction``; the loader checks the name here and
an unknown one is an error that lists the known ones (as pySigma does for modifiers).
``RULE_TYPES`` maps each name to a one-line description today; the engine registers
its evaluators under the same names (a ``Registry[Evaluator]``), so that a rule type
the loader accepts is one the engine can run: a test can compare the two name sets.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

from rules import messages
from watchers.errors import RuleError

T = TypeVar("T")


class Registry(Generic[T]):
    """Entries of one kind (``kind`` names it in messages), looked up by name."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._entries: dict[str, T] = {}

    def register(self, name: str, entry: T) -> T:
        """Add ``entry`` under ``name``; a name registered twice is a programming error."""
        if name in self._entries:
            raise ValueError(messages.ALREADY_REGISTERED.format(kind=self.kind, name=name))
        self._entries[name] = entry
        return entry

    def get(self, name: str) -> T:
        """The entry called ``name``; ``RuleError`` naming the known ones when there is none."""
        try:
            return self._entries[name]
        except KeyError:
            raise RuleError(self.unknown(name)) from None

    def unknown(self, name: str) -> str:
        """The message for a name that is not registered, listing the names that are."""
        known = messages.listing(self._entries)
        return messages.UNKNOWN_NAME.format(kind=self.kind, name=name, known=known)

    def names(self) -> tuple[str, ...]:
        return tuple(sorted(self._entries))

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        return len(self._entries)


RULE_TYPES: Registry[str] = Registry("rule type")
RULE_TYPES.register(
    "shift",
    "an official's position on a topic differs from their previous one "
    "(with reversal: true, only a move to an opposed position)",
)
RULE_TYPES.register(
    "contradiction",
    "two officials (in the rule's scope) take opposed positions on a topic within the window",
)
RULE_TYPES.register(
    "first_position",
    "an official takes a position on a topic for the first time",
)
