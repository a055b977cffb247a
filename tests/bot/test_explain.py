from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.alerts import Alert, AlertBook
from bot.cards import explanation_card
from bot.explain import (
    UnknownAlertError,
    explain,
    explanation_to_json,
    find_alert,
    render_explanation_text,
)
from bot.store import SqlStore
from rules.config import Config
from rules.model import AlertRule, Official, Position, Topic
from rules.records import Statement
from tests.bot.statements import finding
from tests.bot.statements import said as said_on
from watchers.article import Article
from watchers.errors import StancewatchError

NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
TOPIC = "harbour-tax"
RULE = AlertRule(
    id="council-one-voice",
    type="contradiction",
    scope="group",
    groups=["harbour-council"],
    window_days=90,
    min_confidence=0.6,
    channels=["#harbour"],
)
SHIFT_RULE = AlertRule(id="turncoats", type="shift", scope="official", window_days=200)


def config(tmp_path: Path, *rules: AlertRule, opposed: bool = True) -> Config:
    return Config(
        base_dir=tmp_path,
        officials=(
            Official(id="ada", name="Ada Quill", groups=["harbour-council"]),
            Official(id="bo", name="Bo Marsh", groups=["harbour-council"]),
        ),
        topics=(
            Topic(
                id=TOPIC,
                name="Harbour tax",
                match=["levy"],
                positions=[
                    Position(id="support", label="for the new levy"),
                    Position(id="oppose", label="against the new levy"),
                ],
                opposed=[["support", "oppose"]] if opposed else [],
            ),
        ),
        rules=rules if rules else (RULE, SHIFT_RULE),
    )


# Cues are given by each statement: they are what the explanation quotes.
said = functools.partial(said_on, topic=TOPIC, site="https://gazette.example", confidence=0.85)


ADA_FOR = said("ada", date(2024, 1, 5), "support", "We back the levy for dredging.", cues=("back",))
BO_AGAINST = said(
    "bo",
    date(2024, 2, 1),
    "oppose",
    "I will never back a levy on small boats.",
    cues=("not: back",),
    speaker="Councillor Marsh",  # not the configured name: the explanation gives both
    confidence=0.7,
    negated=True,
)
ADA_AGAINST = said("ada", date(2024, 2, 20), "oppose", "Scrap the levy.", cues=("scrap",))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    store = SqlStore(f"sqlite:///{tmp_path / 'explain.db'}")
    yield store
    store.close()


def record(store: SqlStore, finding_type: str, rule: AlertRule, *statements: Statement) -> Alert:
    """Stores the statements' articles and an alert of them, as the pipeline would."""
    for s in statements:
        store.add_article(
            Article(id=s.article_id, source="Harbour Gazette", text=s.text, title=f"{s.speaker}")
        )
    found = finding(
        *statements,
        type=finding_type,  # type: ignore[arg-type]
        rule_id=rule.id,
        channels=tuple(rule.channels),
        window_days=rule.window_days,
    )
    event = AlertBook(store).record(found, NOW)
    assert event is not None
    return event.alert


def test_explain_names_the_rule_with_its_parameters_as_configured_now(
    store: SqlStore, tmp_path: Path
) -> None:
    alert = record(store, "contradiction", RULE, ADA_FOR, BO_AGAINST)
    rule = explain(store, config(tmp_path), alert.id).rule
    assert (rule.id, rule.type, rule.in_config) == ("council-one-voice", "contradiction", True)
    parameters = dict(rule.parameters)
    assert parameters["groups"] == ["harbour-council"]
    assert parameters["window_days"] == 90
    assert parameters["min_confidence"] == 0.6
    assert parameters["channels"] == ["#harbour"]
    assert parameters["scope"] == "group"
    # Left out of the YAML, so shown as defaults; set ones are not.
    assert {"topics", "officials", "enabled"} <= rule.defaults
    assert "groups" not in rule.defaults and "window_days" not in rule.defaults
    assert rule.notes == ()


def test_explain_lists_statements_in_time_order_with_their_deciding_words(
    store: SqlStore, tmp_path: Path
) -> None:
    alert = record(store, "contradiction", RULE, BO_AGAINST, ADA_FOR)
    explanation = explain(store, config(tmp_path), alert.id)
    ada, bo = explanation.statements
    assert (ada.speaker_id, ada.speaker_name, ada.date) == ("ada", "Ada Quill", date(2024, 1, 5))
    assert (ada.position, ada.confidence, ada.evidence, ada.negated) == (
        "support",
        0.85,
        ("back",),
        False,
    )
    assert (bo.speaker, bo.speaker_name) == ("Councillor Marsh", "Bo Marsh")
    assert (bo.position, bo.evidence, bo.negated) == ("oppose", ("not: back",), True)
    assert bo.position_label == "against the new levy"
    assert (bo.outlet, bo.url, bo.kind) == ("Harbour Gazette", BO_AGAINST.url, "direct")
    text = render_explanation_text(explanation)
    assert text.index(ADA_FOR.text) < text.index(BO_AGAINST.text)
    assert "decided by “not: back” (negated)" in text
    assert "confidence 0.70" in text


def test_explain_says_why_the_pair_conflicts(store: SqlStore, tmp_path: Path) -> None:
    alert = record(store, "contradiction", RULE, ADA_FOR, BO_AGAINST)
    explanation = explain(store, config(tmp_path), alert.id)
    [conflict] = explanation.conflicts
    assert conflict.text == (
        "bo: oppose (2024-02-01) vs ada: support (2024-01-05), opposed in topic harbour-tax; "
        "both in harbour-council then"
    )
    assert explanation.opposed == (("support", "oppose"),)
    assert "Ada Quill (support) and Bo Marsh (oppose) took opposed positions" in (
        explanation.summary
    )


def test_explain_a_shift_names_the_move(store: SqlStore, tmp_path: Path) -> None:
    alert = record(store, "shift", SHIFT_RULE, ADA_FOR, ADA_AGAINST)
    explanation = explain(store, config(tmp_path), alert.id)
    [conflict] = explanation.conflicts
    assert conflict.text.startswith("ada: oppose (2024-02-20) vs ada: support (2024-01-05)")
    assert "moved from support to oppose on Harbour tax" in explanation.summary


@pytest.mark.parametrize(
    ("rules", "opposed", "says"),
    [
        ((SHIFT_RULE,), True, "rule 'council-one-voice' is no longer in the configuration"),
        ((RULE.model_copy(update={"enabled": False}),), True, "the rule is disabled now"),
        ((RULE.model_copy(update={"window_days": 30}),), True, "the rule says 30 now"),
        ((RULE,), False, "not an opposed pair in topic harbour-tax as configured now"),
    ],
    ids=["removed", "disabled", "window-changed", "pair-no-longer-opposed"],
)
def test_explain_says_plainly_what_changed_in_the_configuration_since(
    store: SqlStore,
    tmp_path: Path,
    rules: tuple[AlertRule, ...],
    opposed: bool,
    says: str,
) -> None:
    alert = record(store, "contradiction", RULE, ADA_FOR, BO_AGAINST)
    explanation = explain(store, config(tmp_path, *rules, opposed=opposed), alert.id)
    assert says in render_explanation_text(explanation)
    assert explanation.rule.in_config == (rules[0].id == RULE.id)


def test_explain_accepts_an_unambiguous_prefix_in_any_case(store: SqlStore, tmp_path: Path) -> None:
    alert = record(store, "contradiction", RULE, ADA_FOR, BO_AGAINST)
    for typed in (alert.id, alert.id[:4], alert.id[:4].lower(), f" {alert.id} "):
        assert explain(store, config(tmp_path), typed).alert_id == alert.id


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Abeef", "no alert 'Abeef' in the store"),
        ("A12345679", "did you mean 'A12345678'?"),
        ("A1234", "alert id prefix 'A1234' matches 2 alerts (A12345678, A1234ffff)"),
        ("", "no alert '' in the store"),
    ],
    ids=["unknown", "typo", "ambiguous", "empty"],
)
def test_explain_unknown_or_ambiguous_id_errors_clearly(
    store: SqlStore, tmp_path: Path, typed: str, message: str
) -> None:
    alert = record(store, "contradiction", RULE, ADA_FOR, BO_AGAINST)
    store.save_alert(replace(alert, id="A12345678"))
    store.save_alert(replace(alert, id="A1234ffff", first_fired_at=NOW.replace(hour=13)))
    with pytest.raises(UnknownAlertError) as raised:
        find_alert(store, typed)
    assert isinstance(raised.value, StancewatchError)
    assert message in str(raised.value)
    if not raised.value.ambiguous:
        assert "replay --json" in str(raised.value)  # how to find ids


def test_explain_unknown_id_in_an_empty_store_says_where_ids_come_from(
    store: SqlStore, tmp_path: Path
) -> None:
    with pytest.raises(UnknownAlertError, match="this store holds no alerts"):
        explain(store, config(tmp_path), "A1b2c3d4")


def test_explain_json_is_plain_and_complete(store: SqlStore, tmp_path: Path) -> None:
    alert = record(store, "contradiction", RULE, ADA_FOR, BO_AGAINST)
    data = explanation_to_json(explain(store, config(tmp_path), alert.id))
    assert json.loads(json.dumps(data)) == data
    assert data["id"] == alert.id
    assert data["rule"]["id"] == "council-one-voice"
    assert data["rule"]["parameters"]["window_days"] == 90
    assert data["topic"] == {
        "id": TOPIC,
        "name": "Harbour tax",
        "in_config": True,
        "opposed": [["support", "oppose"]],
    }
    assert [s["evidence"] for s in data["statements"]] == [["back"], ["not: back"]]
    assert [s["confidence"] for s in data["statements"]] == [0.85, 0.7]
    assert data["conflicts"][0]["text"].startswith("bo: oppose (2024-02-01) vs ada: support")


def test_explain_card_shows_rule_words_and_conflict_within_platform_limits(
    store: SqlStore, tmp_path: Path
) -> None:
    many = [
        said("ada", date(2024, 1, 1 + i), "support", f"Levy remark {i}.", cues=("back",))
        for i in range(14)
    ]
    alert = record(store, "contradiction", RULE, *many, BO_AGAINST)
    card = explanation_card(explain(store, config(tmp_path), alert.id[:5]))
    assert card.kind == "explanation"
    assert alert.id in card.title and alert.id in (card.footer or "")
    fields = {f.name: f.value for f in card.fields}
    assert "council-one-voice · contradiction" in fields["Rule"]
    assert "groups: harbour-council" in fields["Rule"]
    assert "window_days: 90" in fields["Rule"]
    assert "enabled" not in fields["Rule"]  # a default: left off the card
    bo = next(v for n, v in fields.items() if n.startswith("2024-02-01 · Bo Marsh · oppose 0.70"))
    assert "decided by “not: back” (negated)" in bo
    assert "opposed in topic harbour-tax" in fields["Why they conflict"]
    assert "Showing the latest 10 of 15 statements." in card.text
    assert len(card.fields) <= 25
    assert all(len(f.value) <= 1024 for f in card.fields)
