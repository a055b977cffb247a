"""Strict YAML reading: plain data, no duplicate keys, and the line of every key path.

``yaml.safe_load`` keeps the last of two equal keys without a word and forgets where
each value came from. Here the node tree from ``yaml.compose()`` is walked by hand, so
a duplicate key is a problem with its line, and each key path (``("officials", 2,
"roles", 0, "from")``) keeps the line that a validation error about it points at.
Nothing here raises for a bad file: problems are returned, so a caller can report
every mistake of every file at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

import yaml
from yaml.constructor import SafeConstructor

from rules import messages

KeyPath: TypeAlias = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_BOOL_TAG = _TAG + "bool"
_MAP_TAG = _TAG + "map"
_SEQ_TAG = _TAG + "seq"
_MERGE_TAG = _TAG + "merge"
_SCALAR_TAGS = frozenset(
    _TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans.

    YAML 1.1 reads yes/no/on/off as booleans, which would turn an alias "No" or a cue
    "off" into False; here only true/false are. The resolver table is this subclass's
    own copy: PyYAML's global SafeLoader is never changed.
    """

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML's own class-level table, copied
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


_StrictLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass(frozen=True)
class Problem:
    """One mistake in one file; ``str()`` gives ``path:line: key.path: message``.

    ``line`` is None for a problem with the whole file (missing, unreadable), and an
    empty ``key_path`` leaves the key path out.
    """

    path: Path
    line: int | None
    key_path: KeyPath
    message: str

    def __str__(self) -> str:
        where = str(self.path) if self.line is None else f"{self.path}:{self.line}"
        key = messages.format_key_path(self.key_path)
        return f"{where}: {key}: {self.message}" if key else f"{where}: {self.message}"


@dataclass(frozen=True)
class YamlFile:
    """A YAML file read into plain data (dicts, lists, str, int, float, bool, None, dates).

    ``parsed`` is False when the text is not YAML at all; ``data`` is then None and
    there is nothing to validate.
    """

    path: Path
    data: Any
    lines: Mapping[KeyPath, int]
    problems: tuple[Problem, ...] = ()
    parsed: bool = True

    def deepest(self, loc: Sequence[str | int]) -> KeyPath:
        """The longest prefix of ``loc`` present in the file (a missing key's parent)."""
        key = tuple(loc)
        while key and key not in self.lines:
            key = key[:-1]
        return key

    def line_of(self, loc: Sequence[str | int]) -> int:
        return self.lines.get(self.deepest(loc), 1)

    def where(self, loc: Sequence[str | int], seen_from: Path | None = None) -> str:
        """Where ``loc`` is, for a message that points at a second place: ``line 4`` when
        the message is about ``seen_from`` and that is this file, else ``path:line``."""
        line = self.line_of(loc)
        return f"line {line}" if seen_from == self.path else f"{self.path}:{line}"

    def problem(self, loc: Sequence[str | int], message: str) -> Problem:
        return Problem(self.path, self.line_of(loc), tuple(loc), message)


def read_yaml(path: Path) -> YamlFile:
    """Read ``path`` strictly; problems (unreadable, syntax, duplicate keys) are in the result."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return _unparsed(path, None, messages.NOT_UTF8)
    except OSError as exc:
        return _unparsed(path, None, messages.UNREADABLE.format(reason=exc.strerror or exc))
    return parse_yaml(text, path)


def parse_yaml(text: str, path: Path) -> YamlFile:
    """Like ``read_yaml`` for text already in hand; ``path`` only names it in problems."""
    try:
        root = yaml.compose(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return _unparsed(path, _line(mark) if mark else None, _syntax_message(exc))
    except yaml.reader.ReaderError as exc:
        # Raised for control characters; it knows the offset, not the line.
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        problem = messages.BAD_CHARACTER.format(reason=exc.reason, code=code)
        return _unparsed(path, line, messages.SYNTAX.format(problem=problem, context=""))
    except RecursionError:
        return _unparsed(path, None, messages.TOO_DEEP)
    if root is None:
        return YamlFile(path, None, {})
    builder = _Builder(path)
    try:
        data = builder.build(root, ())
    except RecursionError:
        return _unparsed(path, None, messages.TOO_DEEP)
    return YamlFile(path, data, builder.lines, tuple(builder.problems))


class _Builder:
    """Turns a composed node tree into plain data, noting lines and problems on the way."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: dict[KeyPath, int] = {}
        self.problems: list[Problem] = []
        self._scalars = SafeConstructor()
        # An alias shares its anchor's value, as in PyYAML: building it again would let
        # nested aliases blow up exponentially ("billion laughs").
        self._built: dict[yaml.Node, Any] = {}
        self._open: set[yaml.Node] = set()

    def build(self, node: yaml.Node, loc: KeyPath) -> Any:
        # A mapping value keeps the line of its key, noted by _mapping before this.
        self.lines.setdefault(loc, _line(node.start_mark))
        if node in self._open:
            self._report(loc, node, messages.RECURSIVE_ALIAS)
            return None
        if node not in self._built:
            self._open.add(node)
            self._built[node] = self._build_new(node, loc)
            self._open.discard(node)
        return self._built[node]

    def _build_new(self, node: yaml.Node, loc: KeyPath) -> Any:
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP_TAG:
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ_TAG:
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and node.tag in _SCALAR_TAGS:
            return self._scalar(node, loc)
        self._report(loc, node, messages.TAG_NOT_ALLOWED.format(tag=_short_tag(node.tag)))
        return None

    def _mapping(self, node: yaml.MappingNode, loc: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, loc)
            if key is None:
                continue
            line = _line(key_node.start_mark)
            if key in first_line:
                message = messages.DUPLICATE_KEY.format(key=key, first=first_line[key])
                self.problems.append(Problem(self.path, line, (*loc, key), message))
                continue
            first_line[key] = line
            self.lines[(*loc, key)] = line
            result[key] = self.build(value_node, (*loc, key))
        return result

    def _key(self, node: yaml.Node, loc: KeyPath) -> str | None:
        # Keys are field names, so the text as written is the key: "1:" and "no:" are
        # the strings "1" and "no", never an int or a bool.
        if isinstance(node, yaml.ScalarNode) and node.tag != _MERGE_TAG:
            return str(node.value)
        message = messages.MERGE_KEY if node.tag == _MERGE_TAG else messages.KEY_NOT_TEXT
        self._report(loc, node, message)
        return None

    def _scalar(self, node: yaml.ScalarNode, loc: KeyPath) -> Any:
        try:
            return self._scalars.construct_object(node)
        except yaml.constructor.ConstructorError as exc:
            reason = exc.problem or str(exc)
        except ValueError as exc:  # a timestamp-shaped date that does not exist: 2017-02-30
            reason = str(exc)
        self._report(loc, node, messages.BAD_SCALAR.format(value=node.value, reason=reason))
        return None

    def _report(self, loc: KeyPath, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.path, _line(node.start_mark), loc, message))


def _unparsed(path: Path, line: int | None, message: str) -> YamlFile:
    return YamlFile(path, None, {}, (Problem(path, line, (), message),), parsed=False)


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    if exc.problem == "but found another document":  # PyYAML's words for a second '---'
        return messages.SECOND_DOCUMENT
    context = ""
    if exc.context and exc.context_mark and exc.context_mark is not exc.problem_mark:
        context = messages.SYNTAX_CONTEXT.format(context=exc.context, line=_line(exc.context_mark))
    return messages.SYNTAX.format(problem=exc.problem or exc, context=context)


def _short_tag(tag: str) -> str:
    """``tag:yaml.org,2002:binary`` as it is written in a file: ``!!binary``."""
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _line(mark: yaml.Mark) -> int:
    return int(mark.line) + 1
