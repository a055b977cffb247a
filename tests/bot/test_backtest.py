from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bot.backtest import Backtest, backtest, backtest_to_json, render_backtest_text
from bot.pipeline import Pipeline
from bot.store import SqlStore
from rules.config import Config
from rules.linking import OfficialIndex
from rules.model import AlertRule, Official, Position, Topic
from rules.nlp import load_pipeline
from watchers.article import Article

TOPIC = "harbour-tax"
ONE_VOICE = AlertRule(
    id="one-voice", type="contradiction", scope="group", groups=["council"], window_days=120
)
SUPPORT_CUES = ["back the levy", "pay for the dredging"]
OPPOSE_CUES = ["scrap the levy", "sink the boats"]

# Our own invented council row: Ada backs the levy, Bo attacks it, Cy grumbles without a cue.
ARTICLES = [
    Article(
        id="gazette-1",
        source="Harbour Gazette",
        published=date(2024, 1, 8),
        text='"We back the levy because it will pay for the dredging," Ada Quill said.',
    ),
    Article(
        id="gazette-2",
        source="Harbour Gazette",
        published=date(2024, 2, 1),
        text='"The levy will sink the boats of every small skipper," Bo Marsh told reporters.',
    ),
    Article(
        id="gazette-3",
        source="Harbour Gazette",
        published=date(2024, 2, 10),
        text='"The harbour levy is a burden we cannot carry," Cy Lund said at the quay.',
    ),
]


def config(
    tmp_path: Path,
    *,
    rules: Sequence[AlertRule] = (ONE_VOICE,),
    oppose_cues: Sequence[str] = OPPOSE_CUES,
    opposed: bool = True,
) -> Config:
    return Config(
        base_dir=tmp_path,
        officials=tuple(
            Official(id=name.split()[0].lower(), name=name, groups=["council"])
            for name in ("Ada Quill", "Bo Marsh", "Cy Lund")
        ),
        topics=(
            Topic(
                id=TOPIC,
                name="Harbour tax",
                match=["harbour levy", "levy"],
                positions=[
                    Position(id="support", cues=SUPPORT_CUES),
                    Position(id="oppose", cues=list(oppose_cues)),
                ],
                opposed=[["support", "oppose"]] if opposed else [],
            ),
        ),
        rules=tuple(rules),
    )


def ingested(tmp_path: Path, stored_with: Config) -> SqlStore:
    """A store that the pipeline filled from ARTICLES under ``stored_with``."""
    store = SqlStore(f"sqlite:///{tmp_path / 'live.db'}")
    pipeline = Pipeline(stored_with, store)
    for article in ARTICLES:
        pipeline.ingest(article)
    return store


def statuses(result: Backtest) -> list[tuple[str, str, tuple[str, ...]]]:
    return sorted((a.status, a.type, a.officials) for a in result.alerts)


def test_backtest_unchanged_config_changes_nothing(tmp_path: Path) -> None:
    with ingested(tmp_path, config(tmp_path)) as store:
        [stored] = store.list_alerts()
        result = backtest(store, config(tmp_path))
    assert statuses(result) == [("still", "contradiction", ("ada", "bo"))]
    assert result.alerts[0].alert_id == stored.id
    assert result.changes == ()
    assert (result.statements, result.history) == (3, 0)


GUILD_TALKS = Topic(
    id="guild-talks",
    name="Talks with the dockers' guild",
    match=["guild"],
    targets=["talks", "sit down with"],
    positions=[
        Position(id="engage", label="open to talks", attitude=["support"]),
        Position(id="refuse", label="against talks", attitude=["oppose", "conditional"]),
    ],
    opposed=[["engage", "refuse"]],
)


def test_backtest_reads_a_quotation_broken_by_its_attribution_as_it_was_extracted(
    tmp_path: Path,
) -> None:
    # Stored, the two parts run together ("..., We will not ..."), which parses as one
    # sentence and read otherwise than the article did: the backtest must read the article.
    guild = replace(config(tmp_path, rules=[]), topics=(GUILD_TALKS,))
    article = Article(
        id="quay-1",
        source="Quay Post",
        published=date(2024, 3, 1),
        text='"Talks with the guild are a waste of time," Ada Quill told reporters on the '
        'quay. "We will not sit down with them."',
    )
    with SqlStore(f"sqlite:///{tmp_path / 'live.db'}") as store:
        Pipeline(guild, store).ingest(article)
        [statement] = store.statements_since(None)
        result = backtest(store, guild)
    assert [(s.topic, s.position) for s in statement.stances] == [("guild-talks", "refuse")]
    assert result.changes == ()


@pytest.mark.parametrize(
    ("text", "max_length"),
    [
        # A feed's leftover HTML is blanked before the extractor parses the article.
        (
            "<p>&quot;Talks with the guild are a waste of time,&quot; Ada Quill told "
            "reporters on the quay.</p><p>&quot;We will not sit down with them.&quot;</p>",
            None,
        ),
        # An article longer than the parser takes is read up to a paragraph break.
        (
            '"Talks with the guild are a waste of time," Ada Quill told reporters on the '
            'quay. "We will not sit down with them."\n\n' + "The tide came in. " * 120,
            1500,
        ),
    ],
    ids=["markup", "overlong"],
)
def test_backtest_reads_the_stored_article_as_the_extractor_prepared_it(
    tmp_path: Path, text: str, max_length: int | None
) -> None:
    guild = replace(config(tmp_path, rules=[]), topics=(GUILD_TALKS,))
    article = Article(id="quay-2", source="Quay Post", published=date(2024, 3, 1), text=text)
    nlp = load_pipeline(tuple(OfficialIndex(guild.officials).person_names()))
    default_length = nlp.max_length
    nlp.max_length = max_length or default_length
    try:
        with SqlStore(f"sqlite:///{tmp_path / 'live.db'}") as store:
            Pipeline(guild, store).ingest(article)
            [statement] = store.statements_since(None)
            result = backtest(store, guild, nlp=nlp)
    finally:
        nlp.max_length = default_length
    assert [(s.topic, s.position) for s in statement.stances] == [("guild-talks", "refuse")]
    assert result.changes == ()


def test_backtest_reports_a_new_alert_after_min_confidence_is_lowered(tmp_path: Path) -> None:
    strict = ONE_VOICE.model_copy(update={"min_confidence": 0.95})
    with ingested(tmp_path, config(tmp_path, rules=[strict])) as store:
        assert store.list_alerts() == []
        result = backtest(store, config(tmp_path))
    [new] = result.alerts
    assert (new.status, new.type, new.officials, new.alert_id) == (
        "new",
        "contradiction",
        ("ada", "bo"),
        None,
    )
    assert dict(new.positions) == {"ada": "support", "bo": "oppose"}
    assert new.statement_count == 2 and new.rule_id == "one-voice"


def test_backtest_reports_a_new_alert_after_a_topic_cue_is_added(tmp_path: Path) -> None:
    with ingested(tmp_path, config(tmp_path)) as store:
        result = backtest(store, config(tmp_path, oppose_cues=[*OPPOSE_CUES, "burden"]))
    assert statuses(result) == [
        ("new", "contradiction", ("ada", "cy")),
        ("still", "contradiction", ("ada", "bo")),
    ]
    [change] = result.changes
    assert (change.speaker_id, change.before, change.after) == ("cy", None, "oppose")
    assert "burden" in change.text


@pytest.mark.parametrize(
    ("changed", "reason"),
    [
        (
            {"rules": [ONE_VOICE.model_copy(update={"enabled": False})]},
            "rule one-voice is disabled",
        ),
        ({"rules": []}, "rule one-voice is no longer in the configuration"),
        ({"opposed": False}, "oppose and support are no longer opposed in harbour-tax"),
        ({"oppose_cues": ["scrap the levy"]}, "1 of its statements read differently now"),
    ],
    ids=["rule-disabled", "rule-removed", "pair-not-opposed", "cue-removed"],
)
def test_backtest_reports_an_alert_that_would_no_longer_fire(
    tmp_path: Path, changed: dict[str, object], reason: str
) -> None:
    with ingested(tmp_path, config(tmp_path)) as store:
        [stored] = store.list_alerts()
        result = backtest(store, config(tmp_path, **changed))  # type: ignore[arg-type]
    [gone] = result.alerts
    assert (gone.status, gone.alert_id, gone.officials) == ("gone", stored.id, ("ada", "bo"))
    assert gone.reason == reason
    assert f"{stored.id}" in render_backtest_text(result, "config")


@pytest.mark.parametrize(
    ("since", "expected", "counts"),
    [
        (None, [("still", "contradiction", ("ada", "bo"))], (3, 0)),
        # Ada's earlier words are read as history, so the conflict still counts.
        (date(2024, 2, 1), [("still", "contradiction", ("ada", "bo"))], (2, 1)),
        # The stored alert's evidence is older: it is not compared, so not "gone" either.
        (date(2024, 2, 2), [], (1, 2)),
        (date(2024, 6, 1), [], (0, 1)),  # history: the 120-day window back
    ],
)
def test_backtest_since_limits_the_period_compared(
    tmp_path: Path,
    since: date | None,
    expected: list[tuple[str, str, tuple[str, ...]]],
    counts: tuple[int, int],
) -> None:
    with ingested(tmp_path, config(tmp_path)) as store:
        result = backtest(store, config(tmp_path), since=since)
    assert statuses(result) == expected
    assert (result.statements, result.history) == counts


def test_backtest_since_leaves_out_new_alerts_before_it(tmp_path: Path) -> None:
    strict = ONE_VOICE.model_copy(update={"min_confidence": 0.95})
    with ingested(tmp_path, config(tmp_path, rules=[strict])) as store:
        before = backtest(store, config(tmp_path), since=date(2024, 2, 1))
        after = backtest(store, config(tmp_path), since=date(2024, 2, 2))
    assert [a.status for a in before.alerts] == ["new"]
    assert after.alerts == ()


def test_backtest_leaves_the_real_store_unchanged(tmp_path: Path) -> None:
    with ingested(tmp_path, config(tmp_path)) as store:

        def snapshot() -> tuple[object, ...]:
            return (
                store.statements_since(),
                store.list_alerts(),
                store.list_deliveries(),
                (tmp_path / "live.db").read_bytes(),
            )

        before = snapshot()
        loose = config(tmp_path, oppose_cues=[*OPPOSE_CUES, "burden"])
        assert any(a.status == "new" for a in backtest(store, loose).alerts)
        assert snapshot() == before


def test_backtest_json_lists_every_status(tmp_path: Path) -> None:
    with ingested(tmp_path, config(tmp_path)) as store:
        result = backtest(store, config(tmp_path, oppose_cues=[*OPPOSE_CUES, "burden"]))
    data = backtest_to_json(result)
    assert [(a["status"], a["officials"]) for a in data["alerts"]] == [
        ("new", ["ada", "cy"]),
        ("still", ["ada", "bo"]),
    ]
    assert data["alerts"][1]["id"] is not None and data["alerts"][0]["id"] is None
    assert data["changed_positions"][0]["after"] == "oppose"
    text = render_backtest_text(result, "config")
    assert "Would fire (new): 1" in text and "Still fires: 1" in text
    assert "Would no longer fire: 0" in text
