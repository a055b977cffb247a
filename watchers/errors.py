"""The one error family of stancewatch.

It lives in ``watchers`` because that is the bottom of the dependency order
(``bot -> rules -> watchers``), so every package can raise and catch it.
"""

from __future__ import annotations


class StancewatchError(Exception):
    """Base of every error stancewatch reports to a user in plain words."""


class ConfigError(StancewatchError):
    """A YAML file under config/ is missing, malformed or inconsistent.

    ``problems`` holds one ``path:line: key.path: message`` string per mistake,
    so a user sees every mistake of a run at once, not only the first.
    """

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class RuleError(StancewatchError):
    """A rule cannot be evaluated (an unknown rule type, an impossible scope)."""


class FeedError(StancewatchError):
    """A feed or article source could not be read or parsed."""


class AdapterError(StancewatchError):
    """A chat adapter could not deliver a message."""
