"""JSON Schemas of the YAML files, generated from ``rules.model``.

Editors with a YAML language server complete and check keys when a file starts with
``# yaml-language-server: $schema=./schema/<kind>.json``. The schemas are made from the
same pydantic models the loader validates with (field descriptions are the models'
attribute docstrings), plus what pydantic cannot see: the shorthands that a ``before``
validator expands (``groups: [cabinet]``, ``attitude: oppose``) and the rule types of the
registry. The shipped copies in config/schema/ are checked against this by a test.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from rules.model import FeedsFile, OfficialsFile, RulesFile, Settings, TopicsFile
from rules.registry import RULE_TYPES

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Each kind of file: the model of its contents, and what it is for.
KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "settings": (Settings, "config/settings.yaml: storage, polling, channels and fetch limits."),
    "feeds": (FeedsFile, "config/feeds.yaml: the RSS or Atom feeds to poll, by URL or file."),
    "officials": (
        OfficialsFile,
        "config/officials.yaml: the officials whose statements are tracked, their roles "
        "and their groups, with dates.",
    ),
    "topics": (
        TopicsFile,
        "A topics file (topics.yaml or topics/*.yaml): what brings a statement under a "
        "topic, and the positions on it.",
    ),
    "rules": (RulesFile, "config/rules.yaml: when to post an alert, and where."),
}


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file (a key of ``KINDS``)."""
    model, description = KINDS[kind]
    schema = model.model_json_schema(by_alias=True)
    defs = schema.get("$defs", {})
    if "Official" in defs:
        _allow_group_shorthand(defs)
    if "Position" in defs:
        _allow_single_attitude(defs["Position"])
    if "AlertRule" in defs:
        _list_rule_types(defs["AlertRule"])
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"stancewatch {kind}",
        **{k: v for k, v in schema.items() if k != "title"},
        "description": description,
    }


def schemas() -> dict[str, dict[str, Any]]:
    return {kind: schema_for(kind) for kind in KINDS}


def render(schema: dict[str, Any]) -> str:
    """The text of a schema file, stable from one run to the next."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _allow_group_shorthand(defs: dict[str, Any]) -> None:
    # "groups: [cabinet]" is short for "groups: [{group: cabinet}]" (Official._group_shorthand).
    groups = defs["Official"]["properties"]["groups"]
    group_id = defs["Membership"]["properties"]["group"]
    id_only = {k: v for k, v in group_id.items() if k in ("type", "pattern")}
    groups["items"] = {"anyOf": [groups["items"], id_only]}


def _allow_single_attitude(position: dict[str, Any]) -> None:
    # "attitude: oppose" is short for "attitude: [oppose]" (Position._one_attitude).
    attitude = position["properties"]["attitude"]
    as_list = {k: attitude.pop(k) for k in ("items", "type")}
    attitude["anyOf"] = [as_list, as_list["items"]]


def _list_rule_types(rule: dict[str, Any]) -> None:
    # The model keeps `type` a plain string so that the loader can answer a typo with the
    # registry's list; the schema names the registered types so that editors complete them.
    rule_type = rule["properties"]["type"]
    rule_type["enum"] = list(RULE_TYPES.names())
    described = "; ".join(f"{name}: {RULE_TYPES.get(name)}" for name in RULE_TYPES.names())
    rule_type["description"] = f"{rule_type.get('description', '')} {described}".strip()
