"""Typed models of the YAML files under config/.

Every model forbids unknown keys; ``rules.loader`` turns validation errors into
``path:line: key.path: message`` lines.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Id = str  # lower-case words joined by "-", checked by _check_id


def _check_id(value: str) -> str:
    import re

    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", value):
        raise ValueError(f"{value!r} is not an id: use lower-case letters, digits, '-' or '_'")
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


# --- settings.yaml -----------------------------------------------------------


class ConsoleSettings(Strict):
    enabled: bool = True


class AdapterSettings(Strict):
    console: ConsoleSettings = ConsoleSettings()


class Settings(Strict):
    store_url: str = "sqlite:///stancewatch.db"
    poll_interval_seconds: int = Field(default=900, ge=10)
    default_channels: list[str] = ["#policy-alerts"]
    adapters: AdapterSettings = AdapterSettings()
    fetch_timeout_seconds: float = Field(default=20.0, gt=0)
    max_feed_bytes: int = Field(default=10_000_000, ge=1024)
    allow_hosts: list[str] = []


# --- feeds.yaml --------------------------------------------------------------


class FeedConfig(Strict):
    id: Id
    title: str | None = None
    url: str | None = None
    path: str | None = None
    enabled: bool = True
    interval_seconds: int | None = Field(default=None, ge=10)

    _id = field_validator("id")(_check_id)

    @model_validator(mode="after")
    def _one_location(self) -> FeedConfig:
        if (self.url is None) == (self.path is None):
            raise ValueError(
                "give exactly one of 'url' (an http(s) feed) or 'path' (a file or folder)"
            )
        if self.url is not None and not self.url.startswith(("http://", "https://")):
            raise ValueError(
                "'url' must start with http:// or https://; use 'path' for local files"
            )
        return self


class FeedsFile(Strict):
    feeds: list[FeedConfig] = []


# --- officials.yaml ----------------------------------------------------------


class Dated(Strict):
    """Something that holds between two optional, inclusive dates (``from``/``to`` in YAML)."""

    since: date | None = Field(default=None, alias="from")
    until: date | None = Field(default=None, alias="to")

    def active_on(self, day: date | None) -> bool:
        if day is None:
            return True
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )


class Membership(Dated):
    """Membership of a group, optionally bounded in time (inclusive dates)."""

    group: Id


class Role(Dated):
    """A post such as "secretary of state"; it names its holder only between its dates."""

    title: str
    aliases: list[str] = []

    @property
    def phrases(self) -> list[str]:
        return [self.title, *self.aliases]


OfficialKind = Literal["person", "anonymous", "outlet", "institution"]
Pronoun = Literal["he", "she", "they"]


class Official(Strict):
    """A person or source whose statements are tracked.

    ``anonymous`` entries ("a White House official") are matched by ``aliases``
    against the description of an unnamed source.
    """

    id: Id
    name: str
    kind: OfficialKind = "person"
    aliases: list[str] = []
    pronoun: Pronoun | None = None
    roles: list[Role] = []
    groups: list[Membership] = []

    _id = field_validator("id")(_check_id)

    @field_validator("groups", mode="before")
    @classmethod
    def _group_shorthand(cls, value: object) -> object:
        # "groups: [cabinet]" is short for "groups: [{group: cabinet}]". Expanding it here
        # instead of typing the field `Membership | Id` keeps a bad membership to one
        # error; a union reports one error per member type ("...Membership.from", "...str").
        if isinstance(value, list):
            return [{"group": item} if isinstance(item, str) else item for item in value]
        return value

    @property
    def memberships(self) -> list[Membership]:
        return list(self.groups)

    def in_group(self, group: str, day: date | None) -> bool:
        return any(m.group == group and m.active_on(day) for m in self.memberships)

    def groups_on(self, day: date | None) -> set[str]:
        return {m.group for m in self.memberships if m.active_on(day)}


class Group(Strict):
    id: Id
    name: str | None = None

    _id = field_validator("id")(_check_id)


class OfficialsFile(Strict):
    groups: list[Group] = []
    officials: list[Official] = []


# --- topics.yaml -------------------------------------------------------------


Attitude = Literal["support", "oppose", "conditional"]


class Position(Strict):
    """One stance on a topic.

    ``cues`` are the topic's own phrases for it; ``attitude`` says which attitude to the
    topic's targets, as read by the general stance layer, means this position: "support"
    (back, welcome, ready to ...), "oppose" (reject, rule out, waste of time ...) or
    "conditional" (only after a condition is met: "must wait until ...").
    """

    id: Id
    label: str | None = None
    attitude: list[Attitude] = []
    cues: list[str] = []

    _id = field_validator("id")(_check_id)

    @field_validator("attitude", mode="before")
    @classmethod
    def _one_attitude(cls, value: object) -> object:
        # "attitude: oppose" is short for "attitude: [oppose]".
        return [value] if isinstance(value, str) else value


class Example(Strict):
    """A statement and the position it should get on its topic (null: none)."""

    text: str = Field(min_length=1)
    position: Id | None




class Topic(Strict):
    """A policy topic: the words that bring a statement under it, and its positions."""

    id: Id
    name: str | None = None
    about: str | None = None
    match: list[str] = Field(min_length=1)
    targets: list[str] = []
    positions: list[Position] = Field(min_length=1)
    opposed: list[list[Id]] = []
    examples: list[Example] = []

    _id = field_validator("id")(_check_id)

    @field_validator("opposed")
    @classmethod
    def _pairs(cls, value: list[list[str]]) -> list[list[str]]:
        for pair in value:
            if len(pair) != 2:
                raise ValueError("each entry of 'opposed' is a pair of position ids")
        return value

    @property
    def target_phrases(self) -> list[str]:
        """What the positions are about: ``targets``, else the ``match`` terms."""
        return self.targets or self.match

    def position_for(self, attitude: str) -> str | None:
        """The position the general stance layer's ``attitude`` maps to, if exactly one."""
        found = [p.id for p in self.positions if attitude in p.attitude]
        return found[0] if len(found) == 1 else None

    def position_ids(self) -> list[str]:
        return [p.id for p in self.positions]

    def opposes(self, a: str, b: str) -> bool:
        return any({a, b} == set(pair) for pair in self.opposed)

    def opposite_of(self, position: str) -> str | None:
        """The single position opposed to ``position``, or None when not exactly one."""
        others = [x for pair in self.opposed if position in pair for x in pair if x != position]
        return others[0] if len(others) == 1 else None


class TopicsFile(Strict):
    topics: list[Topic] = []


# --- rules.yaml --------------------------------------------------------------

RuleType = Literal["shift", "contradiction"]
Scope = Literal["official", "group", "any"]


class AlertRule(Strict):
    """When to alert.

    ``scope: group`` compares officials who share a group on the statement date.
    """

    id: Id
    type: str
    topics: list[Id] = []
    officials: list[Id] = []
    groups: list[Id] = []
    scope: Scope = "group"
    window_days: int = Field(default=120, ge=1)
    min_confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    channels: list[str] = []
    enabled: bool = True

    _id = field_validator("id")(_check_id)


class RulesFile(Strict):
    rules: list[AlertRule] = []
