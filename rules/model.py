"""Typed models of the YAML files under config/.

Every model forbids unknown keys; ``rules.loader`` turns validation errors into
``path:line: key.path: message`` lines.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator, model_validator

from rules.records import Severity

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
# Lower-case words joined by "-", checked by _check_id (whose message says what to write);
# the JSON Schema carries the pattern so that editors flag a bad id as it is typed.
Id = Annotated[str, WithJsonSchema({"type": "string", "pattern": ID_PATTERN})]


def _check_id(value: str) -> str:
    import re

    if not re.fullmatch(ID_PATTERN, value):
        raise ValueError(f"{value!r} is not an id: use lower-case letters, digits, '-' or '_'")
    return value


class Strict(BaseModel):
    # Attribute docstrings become the field descriptions of the JSON Schemas
    # (rules.schema), which editors show next to each key.
    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=False, use_attribute_docstrings=True
    )


# --- settings.yaml -----------------------------------------------------------


class ConsoleSettings(Strict):
    """The console adapter: prints alerts and answers in the terminal."""

    enabled: bool = True
    """Post alerts to the terminal."""


class DiscordSettings(Strict):
    """The Discord adapter (discord.py). The token comes from DISCORD_TOKEN, never from YAML."""

    enabled: bool = False
    """Connect to Discord in `run` (needs DISCORD_TOKEN in the environment)."""
    admin_roles: list[str] = []
    """Role names or ids whose members may use /feeds and /rules, besides members with the
    Manage Server permission."""
    guilds: list[str] = []
    """Guild (server) ids to sync the slash commands to at start, where they appear at once;
    leave empty to sync them globally (Discord may take a while to show global commands)."""


class SlackSettings(Strict):
    """The Slack adapter (slack-bolt). Tokens come from the environment, never from YAML:
    SLACK_BOT_TOKEN, plus SLACK_APP_TOKEN (socket mode) or SLACK_SIGNING_SECRET (http mode)."""

    enabled: bool = False
    """Connect to Slack in `run`."""
    mode: Literal["socket", "http"] = "socket"
    """"socket" (Socket Mode, no public URL needed) or "http" (Slack posts to our HTTP
    endpoint, behind a reverse proxy)."""
    http_host: str = "127.0.0.1"
    """In http mode: the address the endpoint listens on."""
    http_port: int = Field(default=3000, ge=1, le=65535)
    """In http mode: the port the endpoint listens on."""
    admin_usergroup: str | None = None
    """A user group handle or id whose members may use /feeds and /rules, besides
    workspace admins and owners."""


class AdapterSettings(Strict):
    """Chat adapters, each under its own key."""

    console: ConsoleSettings = ConsoleSettings()
    """The console adapter (needs no account)."""
    discord: DiscordSettings = DiscordSettings()
    """The Discord adapter."""
    slack: SlackSettings = SlackSettings()
    """The Slack adapter."""


class Settings(Strict):
    """config/settings.yaml: storage, polling, default channels and fetch limits."""

    store_url: str = "sqlite:///stancewatch.db"
    """Where statements and alerts are kept: an SQLAlchemy URL (sqlite:///file.db,
    postgresql://user:password@host/db)."""
    poll_interval_seconds: int = Field(default=900, ge=10)
    """How often each feed is polled, in seconds."""
    default_channels: list[str] = ["#policy-alerts"]
    """Channels for alerts whose rule names none."""
    admin_channel: str | None = None
    """Where `run` reports a rule file edit that does not load (the old rules keep running);
    leave out to only log it."""
    adapters: AdapterSettings = AdapterSettings()
    """Chat adapters."""
    fetch_timeout_seconds: float = Field(default=20.0, gt=0)
    """Give up fetching a feed after this many seconds."""
    max_feed_bytes: int = Field(default=10_000_000, ge=1024)
    """Refuse a feed larger than this."""
    allow_hosts: list[str] = []
    """Hosts on private or loopback addresses that feeds may be fetched from."""
    max_connections: int = Field(default=20, ge=1)
    """At most this many feed and page requests at once, over all hosts."""
    max_connections_per_host: int = Field(default=2, ge=1)
    """At most this many requests at once to any one host."""
    parse_timeout_seconds: float = Field(default=30.0, gt=0)
    """Give up parsing one feed document after this many seconds."""
    page_delay_seconds: float = Field(default=1.0, ge=0)
    """Wait at least this long between two article page fetches from one host."""


# --- feeds.yaml --------------------------------------------------------------


class FeedConfig(Strict):
    id: Id
    title: str | None = None
    url: str | None = None
    path: str | None = None
    enabled: bool = True
    interval_seconds: int | None = Field(default=None, ge=10)
    backfill: Literal["store", "alert"] = "store"
    """The first poll's backlog: "store" keeps it as history without alerting,
    "alert" judges it like any new article."""
    full_text: Literal["auto", "always", "never"] = "auto"
    """Fetch each new article's web page for its text: "auto" when the feed carries
    only a summary, "always", or "never" (use what the feed carries)."""

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

Scope = Literal["official", "group", "any"]


class AlertRule(Strict):
    """When to post an alert, and where.

    ``type`` picks the comparison from the registry (shift, contradiction,
    first_position). ``topics``, ``officials``, ``groups`` and ``roles`` narrow which
    statements the rule looks at; groups and roles are judged on each statement's own
    date. ``scope`` says which two officials a contradiction compares.
    """

    id: Id
    """The rule's name in alerts and logs: lower-case letters, digits, '-' or '_'."""
    type: str
    """What to look for: shift, contradiction or first_position."""
    topics: list[Id] = []
    """Only these topics; leave out for every topic."""
    officials: list[Id] = []
    """Only statements by these officials; leave out for everyone."""
    groups: list[Id] = []
    """Only statements made while the speaker belonged to one of these groups."""
    roles: list[str] = []
    """Only statements made while the speaker held one of these role titles (officials.yaml)."""
    scope: Scope = "group"
    """Who a contradiction compares: group (officials sharing a group on the day), official
    (the officials listed) or any (any two officials)."""
    reversal: bool = False
    """shift only: fire only when the new position is opposed to the old one."""
    window_days: int = Field(default=120, ge=1)
    """How many days apart two statements may be and still be compared; also how long one
    alert keeps collecting updates."""
    min_confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    """Ignore stances read with less confidence than this (0.0 to 1.0)."""
    cooldown_hours: float = Field(default=0, ge=0)
    """Post an alert's updates at most once per this many hours; evidence found meanwhile goes
    out together in one update when the cooldown has passed. 0 posts every update."""
    severity: Severity = "medium"
    """How much the alert matters: low, medium, high or critical."""
    channels: list[str] = []
    """Where to post; leave out for settings.yaml's default_channels."""
    enabled: bool = True
    """false switches the rule off without deleting it."""

    _id = field_validator("id")(_check_id)

    @field_validator("roles")
    @classmethod
    def _role_titles(cls, value: list[str]) -> list[str]:
        for title in value:
            if not title.strip():
                raise ValueError("a role title needs at least one word")
        return value


class RulesFile(Strict):
    """config/rules.yaml: the alert rules."""

    rules: list[AlertRule] = []
    """The alert rules, each picked by its ``type``."""
