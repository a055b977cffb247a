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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from rules import messages
from rules.config import Config
from rules.model import (
    AlertRule,
    FeedsFile,
    Official,
    OfficialsFile,
    RulesFile,
    Settings,
    Topic,
    TopicsFile,
)
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
    directory = Path(config_dir)
    files = _read_files(directory)
    problems = _lint(files)
    if problems:
        raise ConfigError(_ordered(problems, files.paths))
    return _assemble(directory, files)


def check_config(config_dir: Path | str) -> list[str]:
    """The problems ``load_config`` would raise, one line each; empty when all is well."""
    try:
        load_config(config_dir)
    except ConfigError as exc:
        return exc.problems
    return []


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


@dataclass(frozen=True)
class _At(Generic[T]):
    """An item of a YAML list and where it is, so a lint problem can point at its line."""

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

    def child(self, item: Any, *more: str | int) -> _At[Any]:
        return _At(item, self.doc, (*self.loc, *more))


def _located(parsed: _Parsed[Any] | None, key: str) -> list[_At[Any]]:
    if parsed is None:
        return []
    items = getattr(parsed.model, key)
    return [_At(item, parsed.doc, (key, i)) for i, item in enumerate(items)]


@dataclass(frozen=True)
class _Known:
    """The ids that rules may name."""

    officials: frozenset[str]
    groups: frozenset[str]
    topics: frozenset[str]


def _lint(files: _Files) -> list[Problem]:
    groups = _located(files.officials, "groups")
    officials: list[_At[Official]] = _located(files.officials, "officials")
    topics: list[_At[Topic]] = [t for f in files.topics for t in _located(f, "topics")]
    rules: list[_At[AlertRule]] = _located(files.rules, "rules")
    known = _Known(
        officials=frozenset(o.item.id for o in officials),
        groups=frozenset(g.item.id for g in groups),
        topics=frozenset(t.item.id for t in topics),
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


def _duplicates(kind: str, items: Iterable[_At[Identified]]) -> list[Problem]:
    first: dict[str, _At[Identified]] = {}
    problems = []
    for at in items:
        seen = first.setdefault(at.item.id, at)
        if seen is not at:
            message = messages.DUPLICATE_ID.format(
                kind=kind, id=at.item.id, first=seen.where("id", seen_from=at.doc.path)
            )
            problems.append(at.problem(message, "id"))
    return problems


def _lint_official(at: _At[Official], declared_groups: frozenset[str]) -> list[Problem]:
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


def _lint_topic(at: _At[Topic]) -> list[Problem]:
    positions = [at.child(p, "positions", i) for i, p in enumerate(at.item.positions)]
    return [
        *_duplicates("position", positions),
        *_lint_opposed(at),
        *_lint_cues(at),
    ]


def _lint_opposed(at: _At[Topic]) -> list[Problem]:
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


def _lint_cues(at: _At[Topic]) -> list[Problem]:
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


def _lint_rule(at: _At[AlertRule], known: _Known) -> list[Problem]:
    rule = at.item
    problems = []
    if rule.type not in RULE_TYPES:
        problems.append(at.problem(RULE_TYPES.unknown(rule.type), "type"))
    references = (
        ("topics", "topic", rule.topics, known.topics),
        ("officials", "official", rule.officials, known.officials),
        ("groups", "group", rule.groups, known.groups),
    )
    for key, kind, ids, valid in references:
        for i, ref in enumerate(ids):
            if ref not in valid:
                hint = messages.did_you_mean(ref, valid)
                message = messages.UNKNOWN_REFERENCE.format(kind=kind, id=ref, hint=hint)
                problems.append(at.problem(message, key, i))
    return problems


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
