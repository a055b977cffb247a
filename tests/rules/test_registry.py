from __future__ import annotations

import pytest

from rules.registry import RULE_TYPES, Registry
from watchers.errors import RuleError


def test_registry_rule_types() -> None:
    assert RULE_TYPES.names() == ("contradiction", "first_position", "shift")
    assert "shift" in RULE_TYPES
    assert all(RULE_TYPES.get(name) for name in RULE_TYPES)


def test_registry_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(RuleError) as caught:
        RULE_TYPES.get("shfit")
    assert str(caught.value) == (
        "unknown rule type 'shfit'; known rule types: contradiction, first_position, shift"
    )


def test_registry_refuses_a_name_twice() -> None:
    registry: Registry[int] = Registry("widget")
    assert registry.register("a", 1) == 1
    with pytest.raises(ValueError, match="widget 'a' is registered twice"):
        registry.register("a", 2)
    assert registry.get("a") == 1
    assert len(registry) == 1
