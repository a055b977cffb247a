from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from rules.config import Config
from rules.engine import EVALUATORS, evaluate
from rules.model import AlertRule, Group, Membership, Official, Position, Topic
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
)
GROUPS = (Group(id="council"), Group(id="opposition"))
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


def test_engine_rule_types_and_evaluators_agree() -> None:
    assert set(RULE_TYPES.names()) == set(EVALUATORS.names())
    assert len(RULE_TYPES) == len(EVALUATORS)
