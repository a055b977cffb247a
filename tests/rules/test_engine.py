from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from rules.config import Config
from rules.engine import EVALUATORS, evaluate
from rules.model import AlertRule, Group, Membership, Official, Position, Role, Topic
from rules.records import Stance, Statement
from rules.registry import RULE_TYPES

TOPIC = Topic(
    id="ferries",
    match=["ferry"],
    positions=[
        Position(id="engage", cues=["keep the ferry"]),
        Position(id="refuse", cues=["scrap the ferry"]),
        Position(id="undecided", cues=["review the ferry"]),
    ],
    opposed=[["engage", "refuse"]],
)
OFFICIALS = (
    Official(id="pell", name="Arthur Pell", groups=["council"]),
    Official(id="varga", name="Ilona Varga", groups=["council"]),
    Official(id="quist", name="Moa Quist", groups=["opposition"]),
    # Joined the council on 1 June 2024 and left at the end of that year.
    Official(
        id="lind",
        name="Per Lind",
        groups=[
            Membership.model_validate(
                {"group": "council", "from": "2024-06-01", "to": "2024-12-31"}
            )
        ],
    ),
    # Harbour master from 1 June to 31 December 2024 only.
    Official(
        id="moss",
        name="Ida Moss",
        roles=[
            Role.model_validate(
                {"title": "harbour master", "from": "2024-06-01", "to": "2024-12-31"}
            )
        ],
    ),
    Official(id="rook", name="Ben Rook", roles=[Role(title="Deputy Mayor", aliases=["deputy"])]),
    # A candidate's campaign, and an adviser who joins it on 1 July 2024.
    Official(id="okafor", name="Nia Okafor", groups=["campaign"]),
    Official(
        id="vance",
        name="Teodor Vance",
        groups=[Membership.model_validate({"group": "campaign", "from": "2024-07-01"})],
    ),
)
GROUPS = (Group(id="council"), Group(id="opposition"), Group(id="campaign"))
DAY = date(2024, 9, 10)
_counter = iter(range(10_000))


def said(
    official: str,
    position: str,
    day: date = DAY,
    *,
    confidence: float = 0.85,
    topic: str = "ferries",
) -> Statement:
    """A statement by ``official`` holding ``position`` on ``day`` (each one unique)."""
    n = next(_counter)
    return Statement(
        article_id=f"article-{n}",
        source="test",
        kind="indirect",
        text=f"{official} on the ferry ({position})",
        start=n,
        end=n + 10,
        speaker=official,
        speaker_id=official,
        speaker_mention=(0, 1),
        cue="said",
        date=day,
        topics=(topic,),
        stances=(Stance(topic, position, confidence, (position,)),),
    )


def config(*rules: AlertRule) -> Config:
    return Config(
        base_dir=Path("."), groups=GROUPS, officials=OFFICIALS, topics=(TOPIC,), rules=rules
    )


SHIFT = AlertRule(id="shifts", type="shift", scope="official", window_days=365)
CONTRA = AlertRule(id="contras", type="contradiction", scope="group", window_days=30)


# --- shift -----------------------------------------------------------------------


def test_engine_shift_fires_on_a_reversal() -> None:
    before = said("pell", "engage", DAY - timedelta(days=20))
    now = said("pell", "refuse")
    [finding] = evaluate(now, [before], config(SHIFT))
    assert finding.type == "shift"
    assert finding.rule_id == "shifts"
    assert finding.reversal is True
    assert finding.officials == ("pell",)
    assert finding.statements == (before, now)
    assert finding.position_map == {"pell": "refuse"}


@pytest.mark.parametrize(
    ("earlier", "new", "count", "reversal"),
    [
        ("engage", "engage", 0, None),
        ("refuse", "refuse", 0, None),
        ("refuse", "engage", 1, True),
        # A move to a position not opposed to the old one is a shift, not a reversal.
        ("engage", "undecided", 1, False),
    ],
)
def test_engine_shift_only_when_position_changes(
    earlier: str, new: str, count: int, reversal: bool | None
) -> None:
    findings = evaluate(
        said("pell", new), [said("pell", earlier, DAY - timedelta(days=3))], config(SHIFT)
    )
    assert len(findings) == count
    if findings:
        assert findings[0].reversal is reversal


def test_engine_shift_compares_the_neighbour_just_before() -> None:
    history = [
        said("pell", "refuse", DAY - timedelta(days=30)),
        said("pell", "engage", DAY - timedelta(days=10)),
    ]
    assert evaluate(said("pell", "engage"), history, config(SHIFT)) == []


def test_engine_shift_ignores_other_officials_and_the_window() -> None:
    rule = AlertRule(id="shifts", type="shift", scope="official", window_days=30)
    history = [
        said("varga", "engage", DAY - timedelta(days=2)),
        said("pell", "engage", DAY - timedelta(days=31)),
    ]
    assert evaluate(said("pell", "refuse"), history, config(rule)) == []


def test_engine_shift_late_report_compared_with_the_next_statement() -> None:
    later = said("pell", "engage", DAY + timedelta(days=5))
    late = said("pell", "refuse")
    [finding] = evaluate(late, [later], config(SHIFT))
    assert finding.statements == (late, later)
    assert finding.position_map == {"pell": "engage"}


# --- contradiction ------------------------------------------------------------------


def test_engine_contradiction_same_group_opposed_positions() -> None:
    earlier = said("varga", "engage", DAY - timedelta(days=4))
    new = said("pell", "refuse")
    [finding] = evaluate(new, [earlier], config(CONTRA))
    assert finding.type == "contradiction"
    assert finding.officials == ("pell", "varga")
    assert finding.position_map == {"pell": "refuse", "varga": "engage"}
    assert finding.statements == (earlier, new)
    assert finding.window_days == 30


@pytest.mark.parametrize(
    ("other", "position", "days_before", "why"),
    [
        ("varga", "engage", 31, "beyond the window"),
        ("varga", "refuse", 2, "same position"),
        ("varga", "undecided", 2, "not an opposed position"),
        ("quist", "engage", 2, "different groups"),
        ("pell", "engage", 2, "the same official (a shift, not a contradiction)"),
    ],
)
def test_engine_contradiction_not_fired(
    other: str, position: str, days_before: int, why: str
) -> None:
    history = [said(other, position, DAY - timedelta(days=days_before))]
    assert evaluate(said("pell", "refuse"), history, config(CONTRA)) == [], why


@pytest.mark.parametrize(
    ("lind_day", "pell_day", "fires"),
    [
        # Lind spoke before joining the council: those words do not contradict it.
        (date(2024, 5, 20), date(2024, 6, 10), False),
        (date(2024, 6, 2), date(2024, 6, 10), True),
        # Lind has left the council when Pell speaks.
        (date(2024, 12, 20), date(2025, 1, 5), False),
    ],
)
def test_engine_contradiction_respects_dated_membership(
    lind_day: date, pell_day: date, fires: bool
) -> None:
    history = [said("lind", "engage", lind_day)]
    findings = evaluate(said("pell", "refuse", pell_day), history, config(CONTRA))
    assert bool(findings) is fires


def test_engine_contradiction_new_speaker_not_yet_a_member() -> None:
    history = [said("pell", "engage", date(2024, 5, 20))]
    assert evaluate(said("lind", "refuse", date(2024, 5, 25)), history, config(CONTRA)) == []


@pytest.mark.parametrize(
    ("new_confidence", "old_confidence", "fires"),
    [(0.85, 0.85, True), (0.4, 0.85, False), (0.85, 0.4, False), (0.5, 0.5, True)],
)
def test_engine_contradiction_min_confidence(
    new_confidence: float, old_confidence: float, fires: bool
) -> None:
    rule = AlertRule(id="contras", type="contradiction", min_confidence=0.5)
    history = [said("varga", "engage", DAY - timedelta(days=1), confidence=old_confidence)]
    findings = evaluate(said("pell", "refuse", confidence=new_confidence), history, config(rule))
    assert bool(findings) is fires


@pytest.mark.parametrize(
    ("rule", "fires"),
    [
        (AlertRule(id="r", type="contradiction", scope="any"), True),
        (AlertRule(id="r", type="contradiction", scope="group"), False),
        (AlertRule(id="r", type="contradiction", scope="official"), False),
        (
            AlertRule(id="r", type="contradiction", scope="official", officials=["pell", "quist"]),
            True,
        ),
        (
            AlertRule(id="r", type="contradiction", scope="official", officials=["pell", "varga"]),
            False,
        ),
        (AlertRule(id="r", type="contradiction", scope="any", officials=["pell"]), False),
        (AlertRule(id="r", type="contradiction", scope="any", topics=["other"]), False),
        (AlertRule(id="r", type="contradiction", scope="any", enabled=False), False),
    ],
    ids=[
        "any",
        "group-different-groups",
        "official-without-list",
        "official-both-listed",
        "official-other-not-listed",
        "any-limited-to-one-official",
        "other-topic",
        "disabled",
    ],
)
def test_engine_contradiction_scope(rule: AlertRule, fires: bool) -> None:
    history = [said("quist", "engage", DAY - timedelta(days=1))]
    findings = evaluate(said("pell", "refuse"), history, config(rule))
    assert bool(findings) is fires


def test_engine_contradiction_group_limited_to_rule_groups() -> None:
    rule = AlertRule(id="r", type="contradiction", scope="group", groups=["opposition"])
    history = [said("varga", "engage", DAY - timedelta(days=1))]
    assert evaluate(said("pell", "refuse"), history, config(rule)) == []


@pytest.mark.parametrize(
    ("varga_says", "fires", "held_day"),
    [
        # Varga moved from refuse to engage: judged by the latest, engage -> contradiction.
        ((("refuse", 20), ("engage", 5)), True, 5),
        # Varga moved from engage to refuse: agrees with Pell now.
        ((("engage", 20), ("refuse", 5)), False, None),
        # Varga's later statement (after Pell's) does not count while an earlier one exists.
        ((("engage", 5), ("refuse", -3)), True, 5),
        # Only a later statement: that is what counts.
        ((("engage", -3),), True, -3),
    ],
)
def test_engine_contradiction_other_side_is_latest_up_to_new(
    varga_says: tuple[tuple[str, int], ...], fires: bool, held_day: int | None
) -> None:
    history = [said("varga", p, DAY - timedelta(days=d)) for p, d in varga_says]
    findings = evaluate(said("pell", "refuse"), history, config(CONTRA))
    assert bool(findings) is fires
    if fires:
        [finding] = findings
        held = next(s for s in finding.statements if s.speaker_id == "varga")
        assert held.date == DAY - timedelta(days=held_day or 0)
        assert finding.position_map["varga"] == "engage"


def test_engine_contradiction_one_finding_per_other_official() -> None:
    history = [
        said("varga", "engage", DAY - timedelta(days=3)),
        said("varga", "engage", DAY - timedelta(days=2)),
        said("lind", "engage", DAY - timedelta(days=1)),
    ]
    findings = evaluate(said("pell", "refuse"), history, config(CONTRA))
    assert sorted(f.officials for f in findings) == [("lind", "pell"), ("pell", "varga")]


def test_engine_unattributed_statement_gives_nothing() -> None:
    anonymous = Statement(
        **{**said("pell", "refuse").__dict__, "speaker_id": None, "speaker": None}
    )
    history = [said("varga", "engage", DAY - timedelta(days=1))]
    assert evaluate(anonymous, history, config(CONTRA, SHIFT)) == []


def test_engine_new_statement_in_history_is_not_compared_with_itself() -> None:
    new = said("pell", "refuse")
    assert evaluate(new, [new], config(SHIFT, CONTRA)) == []


# --- shift: the reversal flag -------------------------------------------------------

REVERSALS = AlertRule(id="reversals", type="shift", reversal=True, window_days=365)


@pytest.mark.parametrize(
    ("earlier", "new", "fires"),
    [
        ("engage", "refuse", True),
        ("refuse", "engage", True),
        # Moving to a position that is not the opposite is a shift, but no reversal.
        ("engage", "undecided", False),
        ("undecided", "refuse", False),
        ("refuse", "refuse", False),
    ],
)
def test_engine_shift_reversal_flag_fires_only_between_opposed_positions(
    earlier: str, new: str, fires: bool
) -> None:
    history = [said("pell", earlier, DAY - timedelta(days=3))]
    findings = evaluate(said("pell", new), history, config(REVERSALS))
    assert bool(findings) is fires
    assert all(f.reversal for f in findings)


def test_engine_shift_without_the_flag_still_fires_on_any_change() -> None:
    history = [said("pell", "engage", DAY - timedelta(days=3))]
    [finding] = evaluate(said("pell", "undecided"), history, config(SHIFT))
    assert finding.reversal is False


# --- first_position ---------------------------------------------------------------

FIRSTS = AlertRule(id="firsts", type="first_position", window_days=30)


def replay(statements: list[Statement], cfg: Config) -> list[list[str]]:
    """Judge statements in arrival order, each against all that arrived before it (as the
    pipeline does with the store); the rule types that fired for each one."""
    fired = []
    for i, statement in enumerate(statements):
        fired.append([f.type for f in evaluate(statement, statements[:i], cfg)])
    return fired


def test_engine_first_position_fires_once_per_official() -> None:
    statements = [
        said("pell", "engage", DAY),
        said("pell", "refuse", DAY + timedelta(days=1)),
        said("varga", "engage", DAY + timedelta(days=2)),
        # Far beyond the window: the first position is the first ever, not per window.
        said("pell", "engage", DAY + timedelta(days=400)),
        # An older statement reported late is not a second first.
        said("varga", "refuse", DAY - timedelta(days=50)),
    ]
    assert replay(statements, config(FIRSTS)) == [
        ["first_position"],
        [],
        ["first_position"],
        [],
        [],
    ]


def test_engine_first_position_finding_names_the_official_and_position() -> None:
    new = said("quist", "refuse")
    [finding] = evaluate(new, [said("pell", "engage", DAY - timedelta(days=1))], config(FIRSTS))
    assert (finding.type, finding.officials, finding.position_map) == (
        "first_position",
        ("quist",),
        {"quist": "refuse"},
    )
    assert finding.statements == (new,)


@pytest.mark.parametrize(
    ("earlier_confidence", "fires"),
    [(0.85, False), (0.3, True)],
    ids=["earlier-position-counts", "too-unsure-to-count"],
)
def test_engine_first_position_ignores_stances_below_min_confidence(
    earlier_confidence: float, fires: bool
) -> None:
    history = [said("pell", "engage", DAY - timedelta(days=1), confidence=earlier_confidence)]
    findings = evaluate(said("pell", "engage"), history, config(FIRSTS))
    assert bool(findings) is fires


def test_engine_first_position_counts_words_said_before_joining_the_scope() -> None:
    rule = AlertRule(id="firsts", type="first_position", groups=["campaign"])
    june = said("vance", "refuse", date(2024, 6, 20))
    august = said("vance", "refuse", date(2024, 8, 5))
    # In June Vance is outside the rule's scope: no alert, but he has taken a position.
    assert replay([june, august], config(rule)) == [[], []]


# --- scope: roles, groups and officials, dated ---------------------------------------


@pytest.mark.parametrize(
    ("moss_day", "rook_day", "fires"),
    [
        (date(2024, 7, 1), date(2024, 7, 10), True),
        # Moss spoke before becoming harbour master: not the words of the post.
        (date(2024, 5, 20), date(2024, 6, 10), False),
        # Moss has left the post when Rook speaks.
        (date(2024, 12, 20), date(2025, 1, 5), False),
    ],
)
def test_engine_contradiction_role_scope_is_dated(
    moss_day: date, rook_day: date, fires: bool
) -> None:
    rule = AlertRule(
        id="posts", type="contradiction", scope="any", roles=["harbour master", "deputy mayor"]
    )
    history = [said("moss", "engage", moss_day)]
    findings = evaluate(said("rook", "refuse", rook_day), history, config(rule))
    assert bool(findings) is fires


@pytest.mark.parametrize(
    ("roles", "fires"),
    [
        (["Deputy  Mayor"], True),  # case and spacing do not matter
        (["deputy"], True),  # a role's alias names it too
        (["harbour master"], False),  # Rook never holds it
    ],
)
def test_engine_role_scope_matches_titles_and_aliases(roles: list[str], fires: bool) -> None:
    rule = AlertRule(id="firsts", type="first_position", roles=roles)
    assert bool(evaluate(said("rook", "engage"), [], config(rule))) is fires


def test_engine_shift_role_scope_compares_only_statements_made_in_the_role() -> None:
    rule = AlertRule(id="shifts", type="shift", roles=["harbour master"], window_days=365)
    before_the_post = said("moss", "engage", date(2024, 5, 1))
    in_the_post = said("moss", "engage", date(2024, 7, 1))
    assert evaluate(said("moss", "refuse", date(2024, 8, 1)), [before_the_post], config(rule)) == []
    [finding] = evaluate(
        said("moss", "refuse", date(2024, 8, 1)), [before_the_post, in_the_post], config(rule)
    )
    assert finding.statements[0] == in_the_post


@pytest.mark.parametrize(
    ("vance_day", "fires"),
    [
        # Vance joins the campaign on 1 July: what he said in June never contradicts it.
        (date(2024, 6, 20), False),
        (date(2024, 7, 2), True),
    ],
)
@pytest.mark.parametrize(
    "rule",
    [
        AlertRule(id="one-voice", type="contradiction", scope="group"),
        AlertRule(id="one-voice", type="contradiction", scope="any", groups=["campaign"]),
    ],
    ids=["scope-group", "groups-filter"],
)
def test_engine_adviser_joining_a_campaign(vance_day: date, fires: bool, rule: AlertRule) -> None:
    history = [said("vance", "refuse", vance_day)]
    findings = evaluate(said("okafor", "engage", date(2024, 8, 1)), history, config(rule))
    assert bool(findings) is fires


def test_engine_adviser_june_words_do_not_count_against_him_either() -> None:
    rule = AlertRule(id="one-voice", type="contradiction", scope="group")
    history = [said("okafor", "engage", date(2024, 6, 25))]
    assert evaluate(said("vance", "refuse", date(2024, 6, 28)), history, config(rule)) == []
    assert evaluate(said("vance", "refuse", date(2024, 7, 3)), history, config(rule)) != []


@pytest.mark.parametrize(
    ("rule", "fires"),
    [
        (AlertRule(id="s", type="shift", officials=["pell"]), True),
        (AlertRule(id="s", type="shift", officials=["varga"]), False),
        (AlertRule(id="s", type="shift", groups=["council"]), True),
        (AlertRule(id="s", type="shift", groups=["opposition"]), False),
        (AlertRule(id="s", type="shift", topics=["ferries"]), True),
        (AlertRule(id="s", type="shift", topics=["trams"]), False),
    ],
    ids=["official", "other-official", "group", "other-group", "topic", "other-topic"],
)
def test_engine_filters_apply_to_shifts(rule: AlertRule, fires: bool) -> None:
    history = [said("pell", "engage", DAY - timedelta(days=3))]
    assert bool(evaluate(said("pell", "refuse"), history, config(rule))) is fires


# --- what a finding carries from its rule -------------------------------------------


@pytest.mark.parametrize("rule_type", ["shift", "contradiction", "first_position"])
def test_engine_findings_carry_severity_cooldown_and_channels(rule_type: str) -> None:
    rule = AlertRule(
        id="r",
        type=rule_type,
        scope="any",
        severity="critical",
        cooldown_hours=6,
        channels=["#harbour"],
    )
    history = [said("varga", "engage", DAY - timedelta(days=1))]
    new = said("pell" if rule_type == "contradiction" else "varga", "refuse")
    if rule_type == "first_position":
        new, history = said("pell", "refuse"), []
    [finding] = evaluate(new, history, config(rule))
    assert (finding.type, finding.severity, finding.cooldown_hours, finding.channels) == (
        rule_type,
        "critical",
        6,
        ("#harbour",),
    )


def test_engine_severity_defaults_to_medium() -> None:
    [finding] = evaluate(said("pell", "refuse"), [], config(FIRSTS))
    assert finding.severity == "medium"


def test_engine_rule_types_and_evaluators_agree() -> None:
    assert set(RULE_TYPES.names()) == set(EVALUATORS.names())
    assert len(RULE_TYPES) == len(EVALUATORS)
