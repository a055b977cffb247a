"""The shipped JSON Schemas: up to date with the models, named by every shipped YAML file,
and accepting exactly what the loader accepts (checked with a small validator of the
keywords the schemas use, since no JSON Schema library is a dependency)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from rules.registry import RULE_TYPES
from rules.schema import KINDS, render, schema_for
from rules.yamlfile import read_yaml

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "config" / "schema"
SCHEMA_COMMENT = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")
YAML_FILES = sorted(
    [
        *(ROOT / "config").glob("*.yaml"),
        *(ROOT / "config" / "topics").glob("*.yaml"),
        *(ROOT / "tests" / "data" / "articles").glob("*/config/*.yaml"),
    ]
)


def kind_of(path: Path) -> str:
    return "topics" if path.parent.name == "topics" else path.stem


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_schema_shipped_files_are_up_to_date(kind: str) -> None:
    shipped = (SHIPPED / f"{kind}.json").read_text(encoding="utf-8")
    assert shipped == render(schema_for(kind)), (
        f"config/schema/{kind}.json is out of date with rules/model.py: "
        "run `stancewatch rules schema --out config/schema`"
    )


def test_schema_no_stray_shipped_files() -> None:
    assert sorted(p.stem for p in SHIPPED.glob("*.json")) == sorted(KINDS)


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_schema_every_shipped_yaml_names_its_schema_and_meets_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = SCHEMA_COMMENT.match(text)
    assert found, f"{path} must start with '# yaml-language-server: $schema=...'"
    target = (path.parent / found.group(1)).resolve()
    assert target == SHIPPED / f"{kind_of(path)}.json"
    schema = schema_for(kind_of(path))
    assert problems(schema, as_json(read_yaml(path).data or {})) == []


def test_schema_rule_types_come_from_the_registry() -> None:
    rule = schema_for("rules")["$defs"]["AlertRule"]["properties"]["type"]
    assert rule["enum"] == list(RULE_TYPES.names())


@pytest.mark.parametrize(
    ("kind", "data", "error"),
    [
        ("rules", {"rules": [{"id": "r", "type": "shift", "widow_days": 3}]}, "widow_days"),
        ("rules", {"rules": [{"id": "r", "type": "shfit"}]}, "shfit"),
        ("rules", {"rules": [{"id": "R", "type": "shift"}]}, "'R'"),
        ("rules", {"rules": [{"id": "r", "type": "shift", "severity": "dire"}]}, "dire"),
        ("settings", {"admin_channel": 3}, "3"),
        ("officials", {"officials": [{"id": "a", "name": "A", "groups": [{"grp": "x"}]}]}, ""),
        ("topics", {"topics": [{"id": "t", "match": [], "positions": [{"id": "p"}]}]}, "[]"),
    ],
    ids=[
        "unknown-key",
        "unknown-type",
        "bad-id",
        "bad-severity",
        "wrong-type",
        "bad-group",
        "empty-match",
    ],
)
def test_schema_rejects_what_the_loader_rejects(kind: str, data: Any, error: str) -> None:
    found = problems(schema_for(kind), data)
    assert found and error in " ".join(found)


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("officials", {"officials": [{"id": "a", "name": "A", "groups": ["cabinet"]}]}),
        (
            "officials",
            {
                "officials": [
                    {"id": "a", "name": "A", "roles": [{"title": "t", "from": "2020-01-01"}]}
                ]
            },
        ),
        (
            "topics",
            {
                "topics": [
                    {"id": "t", "match": ["t"], "positions": [{"id": "p", "attitude": "oppose"}]}
                ]
            },
        ),
        (
            "rules",
            {
                "rules": [
                    {"id": "r", "type": "first_position", "roles": ["mayor"], "cooldown_hours": 1.5}
                ]
            },
        ),
    ],
    ids=["group-shorthand", "dated-role", "single-attitude", "rule-keys"],
)
def test_schema_accepts_the_shorthands(kind: str, data: Any) -> None:
    assert problems(schema_for(kind), data) == []


# --- a validator for the keywords our schemas use ---------------------------------------

TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}


def as_json(value: Any) -> Any:
    """YAML data as JSON sees it: dates are strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


def problems(schema: dict[str, Any], value: Any, root: dict[str, Any] | None = None) -> list[str]:
    root = root or schema
    if "$ref" in schema:
        return problems(root["$defs"][schema["$ref"].split("/")[-1]], value, root)
    if "anyOf" in schema:
        options = [problems(option, value, root) for option in schema["anyOf"]]
        return [] if any(not found for found in options) else [f"{value!r}: no option fits"]
    kind = schema.get("type")
    if kind is not None and not _is(value, kind):
        return [f"{value!r} is not {kind}"]
    found: list[str] = []
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{value!r} not in {schema['enum']}")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        found.append(f"{value!r} does not match {schema['pattern']}")
    if "minLength" in schema and len(value) < schema["minLength"]:
        found.append(f"{value!r} is too short")
    if "minItems" in schema and len(value) < schema["minItems"]:
        found.append(f"{value!r} has too few items")
    for bound, fails in (
        ("minimum", lambda v, b: v < b),
        ("maximum", lambda v, b: v > b),
        ("exclusiveMinimum", lambda v, b: v <= b),
    ):
        if bound in schema and fails(value, schema[bound]):
            found.append(f"{value!r} is out of range ({bound} {schema[bound]})")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                found.append(f"{key} is required")
        for key, item in value.items():
            if key in properties:
                found += problems(properties[key], item, root)
            elif schema.get("additionalProperties") is False:
                found.append(f"unknown key {key}")
    if isinstance(value, list) and "items" in schema:
        for item in value:
            found += problems(schema["items"], item, root)
    return found


def _is(value: Any, kind: str) -> bool:
    if isinstance(value, bool) and kind in ("integer", "number"):
        return False
    return isinstance(value, TYPES[kind])
