"""Load config/ into a ``Config``: read every YAML file strictly, validate it, lint across files.

Loading and linting are separate steps, as in pySigma: when a file does not validate,
the cross-file checks are skipped, since references into a broken file would only add
noise. Each step collects every problem of every file before raising, so a user fixes
them all in one pass. Every problem reads ``path:line: key.path: message`` with key
paths written ``officials[2].roles[0].from`` (list indexes count from 0).
"""

from __future__ import annotations

import os
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from rules import messages
from rules.attitude_words import act_word_in
from rules.config import Config
from rules.engine import role_key
from rules.model import (
    AlertRule,
    Dated,
    FeedsFile,
    Official,
    OfficialsFile,
    RulesFile,
    Settings,
    Topic,
    TopicsFile,
)
from rules.records import MAX_CONFIDENCE
from rules.registry import RULE_TYPES
from rules.yamlfile import KeyPath, Problem, YamlFile, read_yaml
from watchers.errors import ConfigError

CONFIG_ENV = "STANCEWATCH_CONFIG"
DEFAULT_CONFIG_DIR = Path("config")

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


# --- public API --------------------------------------------------------------


def resolve_config_dir(arg: str | None) -> Path:
    """The folder named on the command line, else $STANCEWATCH_CONFIG, else ./config."""
    if arg:
        return Path(arg)
    return Path(os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG_DIR)


def load_config(config_dir: Path | str) -> Config:
    """Read, validate and lint ``config_dir``; ``ConfigError`` lists every problem found.

    officials.yaml and the topics (topics.yaml and/or topics/*.yaml) are required;
    settings.yaml, feeds.yaml and rules.yaml fall back to empty defaults.
    """
    return load(config_dir).config


def load(config_dir: Path | str) -> LoadedConfig:
    """Like ``load_config``, keeping where each topic and rule is written (for
    ``rules test``, which reports failing examples by ``path:line``)."""
    directory = Path(config_dir)
    files = _read_files(directory)
    problems = _lint(files)
    if problems:
        raise ConfigError(_ordered(problems, files.paths))
    return LoadedConfig(
        config=_assemble(directory, files),
        paths=tuple(p for p in files.paths if p.is_file()),
        topics={t.item.id: t for f in files.topics for t in _located(f, "topics")},
        rules={r.item.id: r for r in _located(files.rules, "rules")},
        warnings=tuple(_ordered(_advice(files), files.paths)),
    )


def config_files(config_dir: Path | str) -> list[Path]:
    """The files ``load_config`` reads from ``config_dir`` (those that exist), in reading
    order; ``topics/*.yml`` too, which it reports as misnamed."""
    directory = Path(config_dir)
    names = ["settings.yaml", "feeds.yaml", "officials.yaml", "topics.yaml", "rules.yaml"]
    found = [directory / name for name in names if (directory / name).is_file()]
    folder = directory / "topics"
    if folder.is_dir():
        found += sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    return found


def check_config(config_dir: Path | str) -> list[str]:
    """The problems ``load_config`` would raise, one line each; empty when all is well."""
    try:
        load_config(config_dir)
    except ConfigError as exc:
        return exc.problems
    return []


@dataclass(frozen=True)
class Located(Generic[T]):
    """An item of a YAML list and where it is, so a problem about it can point at its line."""

    item: T
    doc: YamlFile
    loc: KeyPath

    def problem(self, message: str, *more: str | int) -> Problem:
        # Lint points at values that exist, so the deepest existing key path is the one
        # to show: "groups[0]" for the shorthand "- cabinet", "groups[0].group" otherwise.
        loc = self.doc.deepest((*self.loc, *more))
        return self.doc.problem(loc, message)

    def where(self, *more: str | int, seen_from: Path | None = None) -> str:
        return self.doc.where((*self.loc, *more), seen_from)

    def child(self, item: Any, *more: str | int) -> Located[Any]:
        return Located(item, self.doc, (*self.loc, *more))


@dataclass(frozen=True)
class LoadedConfig:
    """A configuration and where its topics and rules are written, by id."""

    config: Config
    paths: tuple[Path, ...]  # the files read, in reading order
    topics: Mapping[str, Located[Topic]]
    rules: Mapping[str, Located[AlertRule]]
    # Things that load and run but may not do what the analyst meant, one line each in
    # the ``path:line: key.path: message`` form; ``rules check`` prints them.
    warnings: tuple[str, ...] = ()


# --- reading and validating each file ----------------------------------------


@dataclass(frozen=True)
class _Parsed(Generic[M]):
    """A validated file and the YAML it came from (for the lines of lint problems)."""

    doc: YamlFile
    model: M


@dataclass(frozen=True)
class _Files:
    paths: tuple[Path, ...]  # in reading order, which is also the order problems are listed in
    settings: _Parsed[Settings] | None
    feeds: _Parsed[FeedsFile] | None
    officials: _Parsed[OfficialsFile]
    topics: tuple[_Parsed[TopicsFile], ...]
    rules: _Parsed[RulesFile] | None


class _Reader:
    """Reads the files of one config folder, collecting the problems of all of them."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.paths: list[Path] = []
        self.problems: list[Problem] = []

    def optional(self, name: str, model: type[M]) -> _Parsed[M] | None:
        path = self.directory / name
        return self.parse(path, model) if path.exists() else None

    def required(self, name: str, model: type[M], what: str) -> _Parsed[M] | None:
        path = self.directory / name
        if not path.exists():
            self.paths.append(path)
            self.problems.append(Problem(path, None, (), messages.MISSING_FILE.format(what=what)))
            return None
        return self.parse(path, model)

    def topics(self) -> tuple[_Parsed[TopicsFile], ...]:
        paths = [p for p in [self.directory / "topics.yaml"] if p.exists()]
        folder = self.directory / "topics"
        if folder.is_dir():
            paths += sorted(folder.glob("*.yaml"))
            # A topic file named *.yml would otherwise be ignored without a word.
            for stray in sorted(folder.glob("*.yml")):
                self.problems.append(Problem(stray, None, (), messages.WRONG_SUFFIX))
        if not paths:
            self.problems.append(Problem(self.directory, None, (), messages.NO_TOPICS))
        parsed = (self.parse(path, TopicsFile) for path in paths)
        return tuple(p for p in parsed if p is not None)

    def parse(self, path: Path, model: type[M]) -> _Parsed[M] | None:
        self.paths.append(path)
        doc = read_yaml(path)
        self.problems.extend(doc.problems)
        if not doc.parsed:
            return None
        try:
            # An empty file is an empty mapping: every top-level key is optional.
            value = model.model_validate({} if doc.data is None else doc.data)
        except ValidationError as exc:
            self.problems.extend(doc.problem(e["loc"], _explain(model, e)) for e in exc.errors())
            return None
        return None if doc.problems else _Parsed(doc, value)


def _read_files(directory: Path) -> _Files:
    if not directory.exists():
        raise ConfigError(str(Problem(directory, None, (), messages.NO_CONFIG_DIR)))
    if not directory.is_dir():
        raise ConfigError(str(Problem(directory, None, (), messages.NOT_A_DIR)))
    reader = _Reader(directory)
    settings = reader.optional("settings.yaml", Settings)
    feeds = reader.optional("feeds.yaml", FeedsFile)
    officials = reader.required("officials.yaml", OfficialsFile, "the officials")
    topics = reader.topics()
    rules = reader.optional("rules.yaml", RulesFile)
    if reader.problems or officials is None:
        raise ConfigError(_ordered(reader.problems, reader.paths))
    return _Files(tuple(reader.paths), settings, feeds, officials, topics, rules)


def _explain(model: type[BaseModel], error: ErrorDetails) -> str:
    """A pydantic error in our words; the caller adds where it is."""
    kind, loc = error["type"], error["loc"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        known = _keys_of(_model_at(model, loc[:-1]))
        hint = messages.did_you_mean(key, known) or messages.KNOWN_KEYS.format(
            known=messages.listing(known)
        )
        return messages.UNKNOWN_KEY.format(key=key) + hint
    if kind == "missing":
        return messages.MISSING_KEY
    if kind == "model_type":  # pydantic's words would name our model class
        return messages.NOT_A_MAPPING.format(what=_kind_of(error["input"]))
    if kind == "value_error" and "error" in error.get("ctx", {}):
        return str(error["ctx"]["error"])  # our validators' own words, without "Value error, "
    return error["msg"] + _got(error["input"])


def _got(value: object) -> str:
    if isinstance(value, str):
        return messages.GOT.format(value=repr(value))
    if isinstance(value, int | float | date):
        return messages.GOT.format(value=value)
    return ""  # a list or mapping would only repeat the file


def _kind_of(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    return "nothing" if value is None else repr(value)


def _model_at(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model that validates the mapping at ``loc``, found by following field types."""
    current: Any = model
    for part in loc:
        current = _without_none(current)
        if isinstance(part, int):
            if typing.get_origin(current) is not list:
                return None
            current = typing.get_args(current)[0]
        else:
            field = _fields_by_key(current).get(part)
            if field is None:
                return None
            current = field.annotation
    current = _without_none(current)
    return current if _is_model(current) else None


def _keys_of(model: type[BaseModel] | None) -> list[str]:
    return list(_fields_by_key(model))


def _fields_by_key(model: object) -> dict[str, FieldInfo]:
    # A field is written in YAML under its alias when it has one ("from", not "since").
    if not _is_model(model):
        return {}
    return {info.alias or name: info for name, info in model.model_fields.items()}


def _without_none(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def _is_model(value: object) -> typing.TypeGuard[type[BaseModel]]:
    return isinstance(value, type) and issubclass(value, BaseModel)


# --- cross-file checks ---------------------------------------------------------


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


Identified = TypeVar("Identified", bound=_HasId)


def _located(parsed: _Parsed[Any] | None, key: str) -> list[Located[Any]]:
    if parsed is None:
        return []
    items = getattr(parsed.model, key)
    return [Located(item, parsed.doc, (key, i)) for i, item in enumerate(items)]


@dataclass(frozen=True)
class _Known:
    """What rules may name, and what decides whether a rule can fire."""

    officials: tuple[Official, ...]
    groups: frozenset[str]
    topics: Mapping[str, Topic]

    @property
    def official_ids(self) -> frozenset[str]:
        return frozenset(o.id for o in self.officials)

    def role_titles(self) -> dict[str, str]:
        """Every role title and alias, by its comparison key, as first written."""
        titles: dict[str, str] = {}
        for official in self.officials:
            for role in official.roles:
                for phrase in role.phrases:
                    titles.setdefault(role_key(phrase), phrase)
        return titles


def _lint(files: _Files) -> list[Problem]:
    groups = _located(files.officials, "groups")
    officials: list[Located[Official]] = _located(files.officials, "officials")
    topics: list[Located[Topic]] = [t for f in files.topics for t in _located(f, "topics")]
    rules: list[Located[AlertRule]] = _located(files.rules, "rules")
    known = _Known(
        officials=tuple(o.item for o in officials),
        groups=frozenset(g.item.id for g in groups),
        topics={t.item.id: t.item for t in reversed(topics)},  # the first of duplicates
    )
    return [
        *_duplicates("group", groups),
        *_duplicates("official", officials),
        *_duplicates("topic", topics),
        *_duplicates("rule", rules),
        *_duplicates("feed", _located(files.feeds, "feeds")),
        *(p for official in officials for p in _lint_official(official, known.groups)),
        *(p for topic in topics for p in _lint_topic(topic)),
        *(p for rule in rules for p in _lint_rule(rule, known)),
    ]


def _duplicates(kind: str, items: Iterable[Located[Identified]]) -> list[Problem]:
    first: dict[str, Located[Identified]] = {}
    problems = []
    for at in items:
        seen = first.setdefault(at.item.id, at)
        if seen is not at:
            message = messages.DUPLICATE_ID.format(
                kind=kind, id=at.item.id, first=seen.where("id", seen_from=at.doc.path)
            )
            problems.append(at.problem(message, "id"))
    return problems


def _lint_official(at: Located[Official], declared_groups: frozenset[str]) -> list[Problem]:
    problems = []
    for i, role in enumerate(at.item.roles):
        if role.since and role.until and role.since > role.until:
            message = messages.DATES_REVERSED.format(since=role.since, until=role.until)
            problems.append(at.problem(message, "roles", i, "from"))
    for i, membership in enumerate(at.item.memberships):
        if membership.group not in declared_groups:
            hint = messages.did_you_mean(membership.group, declared_groups)
            message = messages.UNDECLARED_GROUP.format(id=membership.group, hint=hint)
            problems.append(at.problem(message, "groups", i, "group"))
        if membership.since and membership.until and membership.since > membership.until:
            message = messages.DATES_REVERSED.format(since=membership.since, until=membership.until)
            problems.append(at.problem(message, "groups", i, "from"))
    return problems


def _lint_topic(at: Located[Topic]) -> list[Problem]:
    positions = [at.child(p, "positions", i) for i, p in enumerate(at.item.positions)]
    return [
        *_duplicates("position", positions),
        *_lint_opposed(at),
        *_lint_cues(at),
        *_lint_terms(at),
        *_lint_attitudes(at),
        *_lint_examples(at),
    ]


def _advice(files: _Files) -> list[Problem]:
    """Warnings, not errors: the configuration runs as written."""
    topics: list[Located[Topic]] = [t for f in files.topics for t in _located(f, "topics")]
    rules: list[Located[AlertRule]] = _located(files.rules, "rules")
    return [
        *(p for topic in topics for p in _lint_act_targets(topic)),
        *(p for rule in rules for p in _lint_scope(rule)),
    ]


def _lint_scope(at: Located[AlertRule]) -> list[Problem]:
    """``scope`` only says which two officials a contradiction compares; written on another
    rule it reads as a filter ("scope: official" on a shift) and filters nothing. A warning,
    not an error: the rule runs as it would without it."""
    rule = at.item
    if rule.type == "contradiction" or "scope" not in rule.model_fields_set:
        return []
    return [at.problem(messages.SCOPE_NOT_CONTRADICTION.format(type=rule.type), "scope")]


def _lint_act_targets(at: Located[Topic]) -> list[Problem]:
    """A target that holds an act ("abolish", "ban on fracking") is read through that act
    only when a position named after it tells which way the attitudes point
    (``rules.act_targets``); the analyst should know."""
    problems = []
    for i, target in enumerate(at.item.targets or ()):
        word = act_word_in(target)
        if word is None:
            continue
        message = messages.TARGET_HOLDS_AN_ACT.format(target=target, word=word)
        problems.append(at.problem(message, "targets", i))
    return problems


def _lint_attitudes(at: Located[Topic]) -> list[Problem]:
    """An attitude given to two positions maps to neither (``Topic.position_for``)."""
    first: dict[str, tuple[str, str]] = {}  # attitude -> (position id, where)
    problems = []
    for i, position in enumerate(at.item.positions):
        for j, attitude in enumerate(position.attitude):
            here = ("positions", i, "attitude", j)
            if attitude in first and first[attitude][0] != position.id:
                other, where = first[attitude]
                message = messages.ATTITUDE_TWICE.format(
                    attitude=attitude, other=other, first=where
                )
                problems.append(at.problem(message, *here))
            first.setdefault(attitude, (position.id, at.where(*here, seen_from=at.doc.path)))
    return problems


def _lint_examples(at: Located[Topic]) -> list[Problem]:
    topic = at.item
    known = topic.position_ids()
    problems = []
    for i, example in enumerate(topic.examples):
        if example.position is not None and example.position not in known:
            message = messages.UNKNOWN_POSITION.format(
                topic=topic.id, id=example.position, known=messages.listing(known)
            )
            problems.append(at.problem(message, "examples", i, "position"))
    return problems


def _lint_opposed(at: Located[Topic]) -> list[Problem]:
    topic = at.item
    known = topic.position_ids()
    problems = []
    for i, pair in enumerate(topic.opposed):
        for j, position in enumerate(pair):
            if position not in known:
                message = messages.UNKNOWN_POSITION.format(
                    topic=topic.id, id=position, known=messages.listing(known)
                )
                problems.append(at.problem(message, "opposed", i, j))
        if len(pair) == 2 and pair[0] == pair[1]:
            problems.append(at.problem(messages.SELF_OPPOSED, "opposed", i))
    return problems


def _lint_cues(at: Located[Topic]) -> list[Problem]:
    """Empty cues, and a cue under two opposed positions (it could never decide between them)."""
    topic = at.item
    seen: dict[str, list[tuple[str, str]]] = {}  # cue -> [(position id, where)]
    problems = []
    for i, position in enumerate(topic.positions):
        for j, cue in enumerate(position.cues):
            # The matcher ignores case and spacing, so "Not the time" is "not  the time".
            key = " ".join(cue.casefold().split())
            here = ("positions", i, "cues", j)
            if not key:
                problems.append(at.problem(messages.EMPTY_CUE, *here))
                continue
            for other, first in seen.get(key, []):
                if topic.opposes(other, position.id):
                    message = messages.CUE_IN_OPPOSED.format(cue=cue, other=other, first=first)
                    problems.append(at.problem(message, *here))
            seen.setdefault(key, []).append((position.id, at.where(*here, seen_from=at.doc.path)))
    return problems


def _lint_terms(at: Located[Topic]) -> list[Problem]:
    """Match terms and targets with no word in them: the stance layer parses each one and
    looks for its words, so a term of punctuation alone can match nothing."""
    return [
        at.problem(messages.EMPTY_TERM.format(what=what), key, i)
        for key, what, terms in (
            ("match", "a match term", at.item.match),
            ("targets", "a target", at.item.targets),
        )
        for i, term in enumerate(terms)
        if not any(c.isalnum() for c in term)
    ]


def _lint_rule(at: Located[AlertRule], known: _Known) -> list[Problem]:
    rule = at.item
    problems = []
    if rule.type not in RULE_TYPES:
        problems.append(at.problem(RULE_TYPES.unknown(rule.type), "type"))
    references = (
        ("topics", "topic", rule.topics, known.topics.keys()),
        ("officials", "official", rule.officials, known.official_ids),
        ("groups", "group", rule.groups, known.groups),
    )
    for key, kind, ids, valid in references:
        for i, ref in enumerate(ids):
            if ref not in valid:
                hint = messages.did_you_mean(ref, valid)
                message = messages.UNKNOWN_REFERENCE.format(kind=kind, id=ref, hint=hint)
                problems.append(at.problem(message, key, i))
    titles = known.role_titles()
    for i, title in enumerate(rule.roles):
        if role_key(title) not in titles:
            hint = messages.did_you_mean(title, titles.values())
            problems.append(
                at.problem(messages.UNKNOWN_ROLE.format(title=title, hint=hint), "roles", i)
            )
    if rule.reversal and rule.type != "shift":
        problems.append(at.problem(messages.REVERSAL_NOT_SHIFT.format(type=rule.type), "reversal"))
    if rule.cooldown_hours > rule.window_days * 24:
        message = messages.COOLDOWN_OVER_WINDOW.format(
            hours=rule.cooldown_hours, days=rule.window_days
        )
        problems.append(at.problem(message, "cooldown_hours"))
    # A switched-off rule is allowed to be unfinished: switching it off is how a user
    # keeps the bot running while a rule is being worked on.
    if not problems and rule.enabled:
        problems += _never_fires(at, known)
    return problems


def _never_fires(at: Located[AlertRule], known: _Known) -> list[Problem]:
    """A rule that no statement could ever fire, each reason at the key that causes it."""
    rule = at.item
    problems = []
    if rule.min_confidence > MAX_CONFIDENCE:
        message = messages.ABOVE_MAX_CONFIDENCE.format(
            value=rule.min_confidence, most=MAX_CONFIDENCE
        )
        problems.append(at.problem(message, "min_confidence"))
    for i, group in enumerate(rule.groups):
        if not any(m.group == group for o in known.officials for m in o.memberships):
            problems.append(at.problem(messages.EMPTY_GROUP.format(id=group), "groups", i))
    pairs = rule.type == "contradiction"
    if pairs and len(rule.officials) == 1:
        problems.append(at.problem(messages.ONE_OFFICIAL.format(id=rule.officials[0]), "officials"))
    if pairs and rule.scope == "official" and not rule.officials:
        problems.append(at.problem(messages.OFFICIAL_SCOPE_UNLISTED, "scope"))
    problems += _without_opposed(at, known)
    if not problems:
        problems += _empty_scope(at, known)
    return problems


def _without_opposed(at: Located[AlertRule], known: _Known) -> list[Problem]:
    """Contradictions and reversals exist only between opposed positions."""
    rule = at.item
    if rule.type == "contradiction":
        what = "contradiction"
    elif rule.type == "shift" and rule.reversal:
        what = "reversal"
    else:
        return []
    if not rule.topics:
        if any(t.opposed for t in known.topics.values()):
            return []
        return [at.problem(messages.NO_TOPIC_OPPOSED.format(what=what), "type")]
    return [
        at.problem(messages.NOT_OPPOSED.format(topic=topic, what=what), "topics", i)
        for i, topic in enumerate(rule.topics)
        if not known.topics[topic].opposed
    ]


def _empty_scope(at: Located[AlertRule], known: _Known) -> list[Problem]:
    """Nobody passes the rule's filters on any day (or, for a contradiction, fewer than two,
    or no two who share a group at the same time under ``scope: group``)."""
    rule = at.item
    spans = {o.id: _spans_in_view(rule, o) for o in known.officials}
    inside = [o for o in known.officials if spans[o.id]]
    scope = _describe_scope(rule)
    if not inside:
        return [at.problem(messages.NOBODY_IN_SCOPE.format(scope=scope))]
    if rule.type != "contradiction":
        return []
    if len(inside) == 1:
        return [at.problem(messages.ONE_IN_SCOPE.format(id=inside[0].id, scope=scope))]
    if rule.scope == "group" and not _two_share_a_group(rule, inside, spans):
        groups = messages.listing(rule.groups or known.groups)
        # At the groups when the rule names them, else at the scope that asks for a group.
        key = "groups" if rule.groups else "scope"
        return [at.problem(messages.NO_SHARED_GROUP.format(groups=groups), key)]
    return []


Span = tuple[date, date]  # inclusive; open ends are date.min / date.max


def _span(dated: Dated) -> Span:
    return (dated.since or date.min, dated.until or date.max)


def _overlap(a: Span, b: Span) -> Span | None:
    start, end = max(a[0], b[0]), min(a[1], b[1])
    return (start, end) if start <= end else None


def _spans_in_view(rule: AlertRule, official: Official) -> list[Span]:
    """The stretches of time in which ``official`` passes the rule's filters."""
    if rule.officials and official.id not in rule.officials:
        return []
    spans = [(date.min, date.max)]
    if rule.groups:
        groups = [_span(m) for m in official.memberships if m.group in rule.groups]
        spans = [o for a in spans for b in groups if (o := _overlap(a, b))]
    if rule.roles:
        wanted = {role_key(t) for t in rule.roles}
        roles = [_span(r) for r in official.roles if wanted & {role_key(p) for p in r.phrases}]
        spans = [o for a in spans for b in roles if (o := _overlap(a, b))]
    return spans


def _two_share_a_group(
    rule: AlertRule, inside: Sequence[Official], spans: Mapping[str, list[Span]]
) -> bool:
    for i, first in enumerate(inside):
        for second in inside[i + 1 :]:
            for a in first.memberships:
                for b in second.memberships:
                    if a.group != b.group or (rule.groups and a.group not in rule.groups):
                        continue
                    together = _overlap(_span(a), _span(b))
                    if together and any(
                        (both := _overlap(together, x)) and _overlap(both, y)
                        for x in spans[first.id]
                        for y in spans[second.id]
                    ):
                        return True
    return False


def _describe_scope(rule: AlertRule) -> str:
    parts = [
        f"{key}: {', '.join(values)}"
        for key, values in (
            ("officials", rule.officials),
            ("groups", rule.groups),
            ("roles", rule.roles),
        )
        if values
    ]
    return "; ".join(parts) or "everyone"


# --- putting it together ---------------------------------------------------------


def _assemble(directory: Path, files: _Files) -> Config:
    return Config(
        # Resolved, so relative feed paths keep meaning the config folder if the cwd changes.
        base_dir=directory.resolve(),
        settings=files.settings.model if files.settings else Settings(),
        feeds=tuple(files.feeds.model.feeds) if files.feeds else (),
        groups=tuple(files.officials.model.groups),
        officials=tuple(files.officials.model.officials),
        topics=tuple(t for f in files.topics for t in f.model.topics),
        rules=tuple(files.rules.model.rules) if files.rules else (),
    )


def _ordered(problems: Iterable[Problem], paths: Sequence[Path]) -> list[str]:
    """Problems as lines, file by file in reading order, then by line."""
    rank = {path: i for i, path in enumerate(paths)}
    ordered = sorted(problems, key=lambda p: (rank.get(p.path, -1), p.line or 0))
    return [str(p) for p in ordered]
