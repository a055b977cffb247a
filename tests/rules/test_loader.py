from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from rules.loader import (
    CONFIG_ENV,
    check_config,
    config_files,
    load,
    load_config,
    resolve_config_dir,
)
from rules.registry import RULE_TYPES
from watchers.errors import ConfigError

SHIPPED = Path(__file__).resolve().parents[2] / "config"

# The smallest valid configuration; each test breaks one thing in it. Line numbers in
# the expected messages count lines of these texts (or of the test's own text), and
# <dir> stands for the test's config folder.
OFFICIALS = """\
groups:
  - id: cabinet
officials:
  - id: ann
    name: Ann Example
    groups: [cabinet]
"""
TOPICS = """\
topics:
  - id: budget
    match: [budget]
    positions:
      - id: cut
        cues: [cut spending]
      - id: spend
        cues: [spend more]
    opposed: [[cut, spend]]
"""


def write_config(directory: Path, files: dict[str, str | None]) -> Path:
    """officials.yaml and topics.yaml as above, changed by ``files`` (None removes one)."""
    contents: dict[str, str | None] = {"officials.yaml": OFFICIALS, "topics.yaml": TOPICS}
    contents.update(files)
    for name, text in contents.items():
        if text is not None:
            path = directory / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return directory


# --- the shipped configuration ------------------------------------------------------


def test_loader_shipped_config_loads_without_problems() -> None:
    assert check_config(SHIPPED) == []


def test_loader_shipped_config_uses_the_seed_ids() -> None:
    config = load_config(SHIPPED)
    ids = {o.id for o in config.officials}
    assert {"trump", "tillerson", "nauert", "hammond", "white-house", "kim-jong-un", "kcna"} <= ids
    assert {g.id for g in config.groups} == {"us-administration", "north-korea-government"}
    topic = config.topic("north-korea")
    assert topic is not None
    assert topic.position_ids() == ["engage", "refuse"]
    assert topic.opposes("engage", "refuse")
    assert {r.id: r.type for r in config.rules if r.enabled} == {
        "us-admin-contradictions": "contradiction",
        "position-shifts": "shift",
    }


def test_loader_shipped_config_dates_the_secretary_of_state() -> None:
    config = load_config(SHIPPED)

    def secretary_on(day: date) -> list[str]:
        return [
            o.id
            for o in config.officials
            for role in o.roles
            if role.title == "secretary of state" and role.active_on(day)
        ]

    assert secretary_on(date(2017, 10, 1)) == ["tillerson"]
    assert secretary_on(date(2019, 5, 1)) == ["pompeo"]


def test_loader_shipped_config_groups_and_kinds() -> None:
    config = load_config(SHIPPED)
    white_house, kcna = config.official("white-house"), config.official("kcna")
    assert white_house is not None and kcna is not None
    assert white_house.kind == "anonymous"
    assert "senior administration official" in white_house.aliases
    assert kcna.kind == "outlet"
    assert white_house.in_group("us-administration", date(2017, 10, 1))
    assert not kcna.in_group("us-administration", date(2017, 10, 1))


def test_loader_shipped_config_feed_path_is_relative_to_the_config_folder() -> None:
    config = load_config(SHIPPED)
    [sample] = [f for f in config.feeds if f.id == "sample"]
    assert config.feed_location(sample) == str(SHIPPED / "sample" / "feed.xml")


def test_loader_shipped_files_start_with_a_comment() -> None:
    for path in [*SHIPPED.glob("*.yaml"), *SHIPPED.glob("topics/*.yaml")]:
        assert path.read_text(encoding="utf-8").startswith("# "), path


# --- one mistake, one message with its place -----------------------------------------

MISTAKES = {
    "unknown_key": (
        {"officials.yaml": OFFICIALS + "    nmae: typo\n"},
        "<dir>/officials.yaml:7: officials[0].nmae: unknown key 'nmae'; did you mean 'name'?",
    ),
    "unknown_key_lists_known_ones": (
        {"settings.yaml": "adapters:\n  console: {}\n  irc: {}\n"},
        "<dir>/settings.yaml:3: adapters.irc: unknown key 'irc'; known keys: console",
    ),
    "wrong_type": (
        {"settings.yaml": "store_url: sqlite:///x.db\npoll_interval_seconds: soon\n"},
        "<dir>/settings.yaml:2: poll_interval_seconds: Input should be a valid integer",
    ),
    "list_instead_of_mapping": (
        {"settings.yaml": "adapters: [console]\n"},
        "<dir>/settings.yaml:1: adapters: expected 'key: value' entries here, not a list",
    ),
    "wrong_literal": (
        {"officials.yaml": OFFICIALS + "    kind: robot\n"},
        "<dir>/officials.yaml:7: officials[0].kind: Input should be 'person', 'anonymous'",
    ),
    "bad_date": (
        {
            "officials.yaml": OFFICIALS
            + "    roles:\n      - title: minister\n        from: 2017-02\n"
        },
        "<dir>/officials.yaml:9: officials[0].roles[0].from: Input should be a valid date",
    ),
    "impossible_date": (
        {
            "officials.yaml": OFFICIALS
            + "    roles:\n      - title: minister\n        to: 2017-02-30\n"
        },
        "<dir>/officials.yaml:9: officials[0].roles[0].to: cannot read '2017-02-30'",
    ),
    "duplicate_key": (
        {"officials.yaml": OFFICIALS + "    name: Ann Again\n"},
        "<dir>/officials.yaml:7: officials[0].name: duplicate key 'name' (first at line 5)",
    ),
    "bad_id": (
        {"officials.yaml": OFFICIALS.replace("id: ann", "id: Ann")},
        "<dir>/officials.yaml:4: officials[0].id: 'Ann' is not an id",
    ),
    "missing_required_key": (
        {"officials.yaml": OFFICIALS.replace("    name: Ann Example\n", "")},
        "<dir>/officials.yaml:4: officials[0].name: required key is missing",
    ),
    "missing_required_topic_key": (
        {"topics.yaml": TOPICS.replace("    match: [budget]\n", "")},
        "<dir>/topics.yaml:2: topics[0].match: required key is missing",
    ),
    "feed_without_location": (
        {"feeds.yaml": "feeds:\n  - id: news\n    title: News\n"},
        "<dir>/feeds.yaml:2: feeds[0]: give exactly one of 'url'",
    ),
    "yaml_syntax_error": (
        {"topics.yaml": TOPICS.replace("[budget]", "[budget")},
        "<dir>/topics.yaml:4: YAML syntax error: ",
    ),
    "wrong_suffix_in_topics_folder": (
        {"topics/more.yml": TOPICS},
        "<dir>/topics/more.yml: only *.yaml files are read here",
    ),
    "missing_officials_file": (
        {"officials.yaml": None},
        "<dir>/officials.yaml: file not found: the officials are required",
    ),
    "no_topics": (
        {"topics.yaml": None},
        "<dir>: no topics: write topics.yaml",
    ),
    # Cross-file checks (lint) --------------------------------------------------------
    "unknown_group": (
        {"officials.yaml": OFFICIALS.replace("[cabinet]", "[cabinet, cabnet]")},
        "<dir>/officials.yaml:6: officials[0].groups[1]: group 'cabnet' is not declared "
        "under 'groups:'; did you mean 'cabinet'?",
    ),
    "unknown_group_in_long_form": (
        {"officials.yaml": OFFICIALS.replace("[cabinet]", "\n      - group: senate")},
        "<dir>/officials.yaml:7: officials[0].groups[0].group: group 'senate' is not declared",
    ),
    "duplicate_official_id": (
        {"officials.yaml": OFFICIALS + "  - id: ann\n    name: Another Ann\n"},
        "<dir>/officials.yaml:7: officials[1].id: duplicate official id 'ann' (first at line 4)",
    ),
    "duplicate_group_id": (
        {"officials.yaml": OFFICIALS.replace("officials:", "  - id: cabinet\nofficials:")},
        "<dir>/officials.yaml:3: groups[1].id: duplicate group id 'cabinet' (first at line 2)",
    ),
    "role_dates_reversed": (
        {
            "officials.yaml": OFFICIALS
            + "    roles:\n      - title: minister\n        from: 2018-01-01\n"
            + "        to: 2017-01-01\n"
        },
        "<dir>/officials.yaml:9: officials[0].roles[0].from: 'from' (2018-01-01) is after 'to'",
    ),
    "duplicate_position_id": (
        {"topics.yaml": TOPICS.replace("    opposed:", "      - id: spend\n    opposed:")},
        "<dir>/topics.yaml:9: topics[0].positions[2].id: "
        "duplicate position id 'spend' (first at line 7)",
    ),
    "opposed_unknown_position": (
        {"topics.yaml": TOPICS.replace("[[cut, spend]]", "[[cut, save]]")},
        "<dir>/topics.yaml:9: topics[0].opposed[0][1]: topic 'budget' has no position 'save'; "
        "its positions: cut, spend",
    ),
    "cue_under_both_opposed_positions": (
        {"topics.yaml": TOPICS.replace("[spend more]", "[spend more, Cut  spending]")},
        "<dir>/topics.yaml:8: topics[0].positions[1].cues[1]: cue 'Cut  spending' is also under "
        "the opposed position 'cut' (at line 6)",
    ),
    "position_opposed_to_itself": (
        {"topics.yaml": TOPICS.replace("[[cut, spend]]", "[[cut, spend], [cut, cut]]")},
        "<dir>/topics.yaml:9: topics[0].opposed[1]: a position cannot be opposed to itself",
    ),
    "empty_cue": (
        {"topics.yaml": TOPICS.replace("[spend more]", '[spend more, " "]')},
        "<dir>/topics.yaml:8: topics[0].positions[1].cues[1]: a cue needs at least one word",
    ),
    "target_without_a_word": (
        {"topics.yaml": TOPICS.replace("match: [", 'targets: ["—"]\n    match: [', 1)},
        "<dir>/topics.yaml:3: topics[0].targets[0]: a target needs at least one word or number",
    ),
    "unknown_topic_in_rule": (
        {
            "rules.yaml": "rules:\n  - id: splits\n    type: contradiction\n"
            "    topics: [budget, tax]\n"
        },
        "<dir>/rules.yaml:4: rules[0].topics[1]: unknown topic 'tax'",
    ),
    "unknown_official_in_rule": (
        {"rules.yaml": "rules:\n  - id: splits\n    type: shift\n    officials: [anne]\n"},
        "<dir>/rules.yaml:4: rules[0].officials[0]: unknown official 'anne'; did you mean 'ann'?",
    ),
    "unknown_group_in_rule": (
        {"rules.yaml": "rules:\n  - id: splits\n    type: shift\n    groups: [senate]\n"},
        "<dir>/rules.yaml:4: rules[0].groups[0]: unknown group 'senate'",
    ),
    "unknown_rule_type": (
        {"rules.yaml": "rules:\n  - id: splits\n    type: shfit\n"},
        "<dir>/rules.yaml:3: rules[0].type: unknown rule type 'shfit'; "
        "known rule types: contradiction, first_position, shift",
    ),
    "duplicate_rule_id": (
        {"rules.yaml": "rules:\n  - id: r\n    type: shift\n  - id: r\n    type: shift\n"},
        "<dir>/rules.yaml:4: rules[1].id: duplicate rule id 'r' (first at line 2)",
    ),
    "duplicate_feed_id": (
        {"feeds.yaml": "feeds:\n  - id: f\n    path: a.xml\n  - id: f\n    path: b.xml\n"},
        "<dir>/feeds.yaml:4: feeds[1].id: duplicate feed id 'f' (first at line 2)",
    ),
}


@pytest.mark.parametrize(("files", "expected"), MISTAKES.values(), ids=MISTAKES.keys())
def test_loader_mistake_gives_path_line_key_path(
    tmp_path: Path, files: dict[str, str | None], expected: str
) -> None:
    write_config(tmp_path, files)
    problems = check_config(tmp_path)
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected.replace("<dir>", str(tmp_path))), problems[0]


def test_loader_load_config_raises_config_error_with_the_problems(tmp_path: Path) -> None:
    write_config(tmp_path, {"rules.yaml": "rules:\n  - id: r\n    type: shfit\n"})
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert caught.value.problems == check_config(tmp_path)
    assert str(caught.value) == caught.value.problems[0]


def test_loader_duplicate_topic_across_files_names_the_other_file(tmp_path: Path) -> None:
    write_config(tmp_path, {"topics/budget.yaml": TOPICS})
    assert check_config(tmp_path) == [
        f"{tmp_path}/topics/budget.yaml:2: topics[0].id: duplicate topic id 'budget' "
        f"(first at {tmp_path}/topics.yaml:2)"
    ]


def test_loader_reports_problems_across_files_together(tmp_path: Path) -> None:
    write_config(
        tmp_path,
        {
            "settings.yaml": "poll_interval_seconds: soon\n",
            "officials.yaml": OFFICIALS + "    nmae: typo\n",
            "topics/extra.yaml": "topics:\n  - id: tax\n    match: [tax]\n",
            "rules.yaml": "rules:\n  - id: r\n    type: shift\n    window: 3\n",
        },
    )
    problems = check_config(tmp_path)
    assert [p.split(": ")[0] for p in problems] == [
        f"{tmp_path}/settings.yaml:1",
        f"{tmp_path}/officials.yaml:7",
        f"{tmp_path}/topics/extra.yaml:2",
        f"{tmp_path}/rules.yaml:4",
    ]


def test_loader_reports_lint_problems_across_files_together(tmp_path: Path) -> None:
    write_config(
        tmp_path,
        {
            "officials.yaml": OFFICIALS + "  - id: ann\n    name: Another Ann\n",
            "topics.yaml": TOPICS.replace("[[cut, spend]]", "[[cut, save]]"),
            "rules.yaml": "rules:\n  - id: r\n    type: shfit\n",
        },
    )
    problems = check_config(tmp_path)
    assert [p.split(": ")[0] for p in problems] == [
        f"{tmp_path}/officials.yaml:7",
        f"{tmp_path}/topics.yaml:9",
        f"{tmp_path}/rules.yaml:3",
    ]


def test_loader_skips_lint_when_a_file_does_not_validate(tmp_path: Path) -> None:
    # Officials that do not load would make every reference to them look unknown.
    write_config(
        tmp_path,
        {
            "officials.yaml": OFFICIALS.replace("    name: Ann Example\n", ""),
            "rules.yaml": "rules:\n  - id: r\n    type: shift\n    officials: [ann]\n",
        },
    )
    assert check_config(tmp_path) == [
        f"{tmp_path}/officials.yaml:4: officials[0].name: required key is missing"
    ]


def test_loader_lists_problems_in_line_order_within_a_file(tmp_path: Path) -> None:
    text = OFFICIALS + "    nmae: typo\n    name: again\n"
    write_config(tmp_path, {"officials.yaml": text.replace("id: ann", "id: Ann")})
    lines = [int(p.split(":")[1]) for p in check_config(tmp_path)]
    assert lines == sorted(lines) and len(lines) == 3


# --- files and folders ---------------------------------------------------------------


def test_loader_missing_config_dir_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "absent")
    assert caught.value.problems == [
        f"{tmp_path / 'absent'}: configuration folder not found: give one with --config DIR "
        "or set STANCEWATCH_CONFIG"
    ]


def test_loader_config_path_that_is_a_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "file.yaml").write_text("a: 1\n", encoding="utf-8")
    assert check_config(tmp_path / "file.yaml")[0].startswith(f"{tmp_path}/file.yaml: this is not")


def test_loader_optional_files_fall_back_to_defaults(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, {}))
    assert config.settings.poll_interval_seconds == 900
    assert (config.feeds, config.rules) == ((), ())
    assert config.base_dir == tmp_path.resolve()


def test_loader_empty_optional_file_is_empty(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, {"rules.yaml": "# no rules yet\n"}))
    assert config.rules == ()


def test_loader_reads_topics_yaml_and_the_topics_folder(tmp_path: Path) -> None:
    tax = TOPICS.replace("budget", "tax")
    write_config(tmp_path, {"topics/tax.yaml": tax, "topics/notes.txt": "not a topic"})
    assert [t.id for t in load_config(tmp_path).topics] == ["budget", "tax"]


def test_loader_reads_the_topics_folder_alone(tmp_path: Path) -> None:
    write_config(tmp_path, {"topics.yaml": None, "topics/budget.yaml": TOPICS})
    assert [t.id for t in load_config(tmp_path).topics] == ["budget"]


def test_loader_group_shorthand_equals_long_form(tmp_path: Path) -> None:
    long_form = OFFICIALS.replace("[cabinet]", "\n      - group: cabinet")
    short = load_config(write_config(tmp_path / "short", {})).officials[0]
    long = load_config(write_config(tmp_path / "long", {"officials.yaml": long_form})).officials[0]
    assert short.memberships == long.memberships
    assert short.in_group("cabinet", date(2020, 1, 1))


def test_loader_rule_types_come_from_the_registry(tmp_path: Path) -> None:
    rules = "rules:\n" + "".join(f"  - id: r-{n}\n    type: {n}\n" for n in RULE_TYPES.names())
    two = OFFICIALS + "  - id: bo\n    name: Bo Example\n    groups: [cabinet]\n"
    config = load_config(write_config(tmp_path, {"rules.yaml": rules, "officials.yaml": two}))
    assert {r.type for r in config.rules} == set(RULE_TYPES.names())


# --- where the configuration is -------------------------------------------------------


def test_loader_resolve_config_dir_prefers_the_argument(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CONFIG_ENV, "/from/env")
    assert resolve_config_dir("/from/arg") == Path("/from/arg")


def test_loader_resolve_config_dir_then_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CONFIG_ENV, "/from/env")
    assert resolve_config_dir(None) == Path("/from/env")


@pytest.mark.parametrize("env", [None, ""])
def test_loader_resolve_config_dir_defaults_to_config(
    monkeypatch: pytest.MonkeyPatch, env: str | None
) -> None:
    if env is None:
        monkeypatch.delenv(CONFIG_ENV, raising=False)
    else:
        monkeypatch.setenv(CONFIG_ENV, env)
    assert resolve_config_dir(None) == Path("config")


# --- rules that can never fire, and other cross-file mistakes -------------------------

# Three officials whose groups and roles are dated, for rules that can never fire.
# Ann is finance minister in 2020-2021 only; Bo joins the cabinet in 2023; the campaign
# had Bo until 2019 and Cy from 2022, so nobody was in it together.
TEAM = """\
groups:
  - id: cabinet
  - id: senate
  - id: campaign
officials:
  - id: ann
    name: Ann Example
    groups: [cabinet]
    roles:
      - title: finance minister
        from: 2020-01-01
        to: 2021-12-31
  - id: bo
    name: Bo Example
    groups:
      - group: cabinet
        from: 2023-01-01
      - group: campaign
        to: 2019-12-31
    roles:
      - title: chief whip
        aliases: [whip]
  - id: cy
    name: Cy Example
    groups:
      - group: campaign
        from: 2022-01-01
"""
# A second topic without an opposed pair: nothing can contradict on it.
MOOD = (
    TOPICS
    + """\
  - id: mood
    match: [mood]
    positions:
      - id: calm
      - id: cross
"""
)


def rule(*lines: str) -> str:
    """rules.yaml with one rule of these lines (indented under "- id: r")."""
    return "rules:\n  - id: r\n" + "".join(f"    {line}\n" for line in lines)


NEVER_FIRES = {
    "empty_group": (
        rule("type: shift", "groups: [cabinet, senate]"),
        "rules.yaml:4: rules[0].groups[1]: this rule can never fire: "
        "no official ever belongs to group 'senate'",
    ),
    "contradiction_with_one_official": (
        rule("type: contradiction", "scope: any", "officials: [ann]"),
        "rules.yaml:5: rules[0].officials: this rule can never fire: a contradiction needs "
        "two officials, and only 'ann' is listed",
    ),
    "official_scope_without_officials": (
        rule("type: contradiction", "scope: official"),
        "rules.yaml:4: rules[0].scope: this rule can never fire: 'scope: official' compares "
        "the officials listed",
    ),
    "contradiction_on_a_topic_without_opposed_positions": (
        rule("type: contradiction", "scope: any", "topics: [budget, mood]"),
        "rules.yaml:5: rules[0].topics[1]: this rule can never fire: topic 'mood' has no "
        "'opposed' pair of positions, and a contradiction needs one",
    ),
    "reversal_on_a_topic_without_opposed_positions": (
        rule("type: shift", "reversal: true", "topics: [mood]"),
        "rules.yaml:5: rules[0].topics[0]: this rule can never fire: topic 'mood' has no "
        "'opposed' pair of positions, and a reversal needs one",
    ),
    "min_confidence_above_the_maximum": (
        rule("type: shift", "min_confidence: 0.995"),
        "rules.yaml:4: rules[0].min_confidence: this rule can never fire: min_confidence "
        "0.995 is above 0.99",
    ),
    "role_nobody_holds": (
        rule("type: first_position", "roles: [finance ministre]"),
        "rules.yaml:4: rules[0].roles[0]: no official holds a role titled 'finance ministre'; "
        "did you mean 'finance minister'?",
    ),
    "cooldown_longer_than_window": (
        rule("type: contradiction", "scope: any", "window_days: 3", "cooldown_hours: 96"),
        "rules.yaml:6: rules[0].cooldown_hours: cooldown_hours (96 h) is longer than "
        "window_days (3 days)",
    ),
    "reversal_on_a_contradiction": (
        rule("type: contradiction", "scope: any", "reversal: true"),
        "rules.yaml:5: rules[0].reversal: 'reversal' applies to shift rules only, and this "
        "is a contradiction rule",
    ),
    "official_never_in_the_role": (
        rule("type: first_position", "officials: [ann]", "roles: [chief whip]"),
        "rules.yaml:2: rules[0]: this rule can never fire: no official is ever in its scope "
        "(officials: ann; roles: chief whip)",
    ),
    "one_official_holds_the_roles": (
        rule("type: contradiction", "scope: any", "roles: [finance minister]"),
        "rules.yaml:2: rules[0]: this rule can never fire: only 'ann' is ever in its scope "
        "(roles: finance minister), and a contradiction needs two officials",
    ),
    "group_members_never_together": (
        rule("type: contradiction", "groups: [campaign]"),
        "rules.yaml:4: rules[0].groups: this rule can never fire: no two officials in its scope "
        "ever belong to the same group (campaign) at the same time",
    ),
    "listed_officials_never_share_a_group": (
        rule("type: contradiction", "scope: group", "officials: [bo, cy]"),
        "rules.yaml:4: rules[0].scope: this rule can never fire: no two officials in its scope "
        "ever belong to the same group (cabinet, campaign, senate)",
    ),
    # Both are in the cabinet from 2023, but Ann is finance minister only before that.
    "in_the_group_but_not_in_the_role_at_the_same_time": (
        rule("type: contradiction", "groups: [cabinet]", "roles: [finance minister, whip]"),
        "rules.yaml:4: rules[0].groups: this rule can never fire: no two officials in its scope "
        "ever belong to the same group (cabinet)",
    ),
}


@pytest.mark.parametrize(("rules", "expected"), NEVER_FIRES.values(), ids=NEVER_FIRES.keys())
def test_loader_rule_that_can_never_fire(tmp_path: Path, rules: str, expected: str) -> None:
    write_config(tmp_path, {"officials.yaml": TEAM, "topics.yaml": MOOD, "rules.yaml": rules})
    problems = check_config(tmp_path)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{tmp_path}/{expected}"), problems[0]


@pytest.mark.parametrize(
    "rules",
    [
        rule("type: contradiction", "groups: [cabinet]"),
        rule("type: contradiction", "scope: any", "roles: [Finance  Minister, whip]"),
        rule("type: contradiction", "scope: official", "officials: [ann, cy]"),
        rule("type: shift", "reversal: true", "topics: [budget]"),
        rule("type: shift", "topics: [mood]", "min_confidence: 0.99"),
        rule("type: first_position", "roles: [chief whip]", "cooldown_hours: 48"),
        # Switched off: allowed to be unfinished.
        rule("type: contradiction", "officials: [ann]", "enabled: false"),
    ],
    ids=[
        "group",
        "roles-any-case",
        "listed-officials",
        "reversal",
        "most-confidence",
        "role-first-position",
        "disabled",
    ],
)
def test_loader_rules_that_can_fire_pass(tmp_path: Path, rules: str) -> None:
    write_config(tmp_path, {"officials.yaml": TEAM, "topics.yaml": MOOD, "rules.yaml": rules})
    assert check_config(tmp_path) == []


def test_loader_warns_of_scope_on_a_rule_that_is_not_a_contradiction(tmp_path: Path) -> None:
    # "scope: official" on a shift reads as "only the listed officials" and limits nothing.
    rules = rule("type: shift", "scope: official") + "  - id: c\n    type: contradiction\n"
    rules += "    scope: any\n"
    write_config(tmp_path, {"officials.yaml": TEAM, "topics.yaml": MOOD, "rules.yaml": rules})
    loaded = load(tmp_path)
    assert loaded.warnings == (
        f"{tmp_path}/rules.yaml:4: rules[0].scope: 'scope' applies to contradiction rules only "
        "and does nothing on a shift rule (a warning: to narrow whose statements it looks at, "
        "use officials, groups or roles)",
    )
    assert [r.id for r in loaded.config.rules] == ["r", "c"]


TOPIC_MISTAKES = {
    "example_with_an_unknown_position": (
        TOPICS + "    examples:\n      - text: We must cut.\n        position: cutt\n",
        "topics.yaml:12: topics[0].examples[0].position: topic 'budget' has no position "
        "'cutt'; its positions: cut, spend",
    ),
    "attitude_under_two_positions": (
        TOPICS.replace("[cut spending]\n", "[cut spending]\n        attitude: oppose\n").replace(
            "[spend more]\n", "[spend more]\n        attitude: [support, oppose]\n"
        ),
        "topics.yaml:10: topics[0].positions[1].attitude[1]: attitude 'oppose' is also given "
        "to position 'cut' (at line 7)",
    ),
}


@pytest.mark.parametrize(("topics", "expected"), TOPIC_MISTAKES.values(), ids=TOPIC_MISTAKES.keys())
def test_loader_topic_examples_and_attitudes(tmp_path: Path, topics: str, expected: str) -> None:
    write_config(tmp_path, {"topics.yaml": topics})
    problems = check_config(tmp_path)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{tmp_path}/{expected}"), problems[0]


def test_loader_example_without_a_position_is_fine(tmp_path: Path) -> None:
    topics = TOPICS + "    examples:\n      - text: The budget is due.\n        position: null\n"
    write_config(tmp_path, {"topics.yaml": topics})
    assert check_config(tmp_path) == []


# --- what the loader exposes ------------------------------------------------------------


def test_loader_load_keeps_where_topics_and_rules_are(tmp_path: Path) -> None:
    write_config(
        tmp_path,
        {
            "topics/tax.yaml": "# taxes\n" + TOPICS.replace("budget", "tax"),
            "rules.yaml": "rules:\n  - id: firsts\n    type: first_position\n",
        },
    )
    loaded = load(tmp_path)
    assert loaded.config == load_config(tmp_path)
    tax = loaded.topics["tax"]
    assert (tax.doc.path, tax.loc, tax.doc.line_of(tax.loc)) == (
        tmp_path / "topics" / "tax.yaml",
        ("topics", 0),
        3,
    )
    assert loaded.rules["firsts"].where() == f"{tmp_path}/rules.yaml:2"
    assert loaded.paths == (
        tmp_path / "officials.yaml",
        tmp_path / "topics.yaml",
        tmp_path / "topics" / "tax.yaml",
        tmp_path / "rules.yaml",
    )


def test_loader_config_files_lists_what_is_read(tmp_path: Path) -> None:
    write_config(tmp_path, {"topics/a.yaml": TOPICS, "topics/b.yml": TOPICS, "notes.txt": "x"})
    assert config_files(tmp_path) == [
        tmp_path / "officials.yaml",
        tmp_path / "topics.yaml",
        tmp_path / "topics" / "a.yaml",
        tmp_path / "topics" / "b.yml",
    ]


def test_loader_readme_rules_example_passes_the_checks(tmp_path: Path) -> None:
    readme = (SHIPPED.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### rules.yaml") :]
    example = section[section.index("```yaml\n") + 8 : section.index("```\n")]
    config = tmp_path / "config"
    shutil.copytree(SHIPPED.parent / "tests" / "data" / "articles" / "fuel-duty" / "config", config)
    (config / "rules.yaml").write_text(example, encoding="utf-8")
    assert check_config(config) == []
    assert {r.type for r in load_config(config).rules} == set(RULE_TYPES.names())
