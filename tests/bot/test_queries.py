from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from bot.queries import (
    UnknownIdError,
    official_choices,
    render_report_text,
    report_to_json,
    stance,
    stance_basis,
    topic_choices,
)
from bot.store import SqlStore
from rules.config import Config
from rules.model import Official, Position, Topic
from rules.records import Stance, Statement
from watchers.errors import StancewatchError

TOPIC = "harbour-tax"


def config(tmp_path: Path) -> Config:
    council = {"group": "harbour-council"}
    return Config(
        base_dir=tmp_path,
        officials=(
            Official(id="ada", name="Ada Quill", groups=["harbour-council"]),
            Official.model_validate(
                {"id": "bo", "name": "Bo Marsh", "groups": [{**council, "to": "2024-06-30"}]}
            ),
            Official.model_validate(
                {"id": "cy", "name": "Cy Lund", "groups": [{**council, "from": "2024-07-01"}]}
            ),
            Official(id="dee", name="Dee Font", groups=["fishers-guild"]),
            Official(id="eve", name="Eve Stone", groups=["harbour-council"]),
        ),
        topics=(
            Topic(
                id=TOPIC,
                name="Harbour tax",
                match=["harbour tax", "levy"],
                positions=[
                    Position(id="support", label="for the new levy"),
                    Position(id="oppose", label="against the new levy"),
                ],
                opposed=[["support", "oppose"]],
            ),
        ),
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    store = SqlStore(f"sqlite:///{tmp_path / 'queries.db'}")
    yield store
    store.close()


def said(who: str, day: date | None, position: str | None, words: str) -> Statement:
    """One statement per article: tests here give each official at most one per day."""
    stances = (Stance(TOPIC, position, 0.8, (f"cue for {position}",)),) if position else ()
    return Statement(
        article_id=f"{who}-{day}",
        source="Harbour Gazette",
        kind="direct",
        text=words,
        start=0,
        end=len(words),
        speaker=who,
        speaker_id=who,
        speaker_mention=None,
        cue="said",
        date=day,
        topics=(TOPIC,),
        stances=stances,
        url=f"https://gazette.example/{who}/{day}",
    )


ADA_HISTORY = [
    said("ada", date(2024, 1, 5), "oppose", "The levy would sink the small boats."),
    said("ada", date(2024, 2, 1), "support", "Having read the figures, I back the levy."),
    said("ada", date(2024, 2, 10), None, "The quay needs new lamps."),
    said("ada", date(2024, 3, 1), "support", "The levy pays for the dredging we need."),
    said("ada", None, "oppose", "An undated remark against the levy."),
]


def test_queries_stance_gives_position_and_consistent_since(
    store: SqlStore, tmp_path: Path
) -> None:
    store.add_statements(ADA_HISTORY)
    report = stance(store, config(tmp_path), "ada", TOPIC)
    assert (report.position, report.position_label) == ("support", "for the new levy")
    assert report.consistent_since == date(2024, 2, 1)
    assert report.latest is not None and report.latest.text == ADA_HISTORY[3].text


def test_queries_stance_lists_every_statement_in_time_order(
    store: SqlStore, tmp_path: Path
) -> None:
    store.add_statements(list(reversed(ADA_HISTORY)))
    report = stance(store, config(tmp_path), "ada", TOPIC)
    assert [e.text for e in report.evidence] == [s.text for s in ADA_HISTORY]
    assert [e.position for e in report.evidence] == ["oppose", "support", None, "support", "oppose"]
    assert report.evidence[1].cues == ("cue for support",)
    assert report.evidence[1].source == "Harbour Gazette"


def test_queries_stance_without_positions_has_none(store: SqlStore, tmp_path: Path) -> None:
    store.add_statements([ADA_HISTORY[2]])
    report = stance(store, config(tmp_path), "ada", TOPIC)
    assert (report.position, report.consistent_since, report.latest) == (None, None, None)
    assert len(report.evidence) == 1 and report.contradicted_by == ()


@pytest.mark.parametrize(
    ("ada_latest", "expected"),
    [
        (date(2024, 3, 1), ["bo"]),  # Bo is on the council until June, Cy joins in July
        (date(2024, 8, 1), ["cy"]),
    ],
)
def test_queries_contradicted_by_respects_group_membership_dates(
    store: SqlStore, tmp_path: Path, ada_latest: date, expected: list[str]
) -> None:
    store.add_statements(
        [
            said("ada", ada_latest, "support", "The levy is the right call."),
            said("bo", date(2024, 2, 1), "oppose", "No levy while I sit here."),
            said("cy", date(2024, 2, 1), "oppose", "The levy is a mistake."),
            said("dee", date(2024, 2, 1), "oppose", "The guild rejects the levy."),  # other group
            said("eve", date(2024, 2, 1), "support", "I stand with the levy."),  # agrees
        ]
    )
    report = stance(store, config(tmp_path), "ada", TOPIC)
    assert [o.official_id for o in report.contradicted_by] == expected
    [opponent] = report.contradicted_by
    assert opponent.position == "oppose" and opponent.latest.position == "oppose"


def test_queries_contradicted_by_uses_the_peers_latest_position(
    store: SqlStore, tmp_path: Path
) -> None:
    store.add_statements(
        [
            said("ada", date(2024, 3, 1), "support", "The levy is the right call."),
            said("eve", date(2024, 1, 1), "oppose", "I doubt the levy."),
            said("eve", date(2024, 2, 1), "support", "I came round to the levy."),
        ]
    )
    assert stance(store, config(tmp_path), "ada", TOPIC).contradicted_by == ()


@pytest.mark.parametrize(
    ("official", "topic", "message"),
    [
        ("adda", TOPIC, "unknown official 'adda'; did you mean 'ada'?"),
        ("ada", "harbor-tax", "unknown topic 'harbor-tax'; did you mean 'harbour-tax'?"),
        ("zed", TOPIC, "unknown official 'zed'; known officials: ada, bo, cy, dee, eve"),
    ],
)
def test_queries_unknown_ids_raise_with_suggestions(
    store: SqlStore, tmp_path: Path, official: str, topic: str, message: str
) -> None:
    with pytest.raises(UnknownIdError) as raised:
        stance(store, config(tmp_path), official, topic)
    assert isinstance(raised.value, StancewatchError)
    assert str(raised.value) == message


def test_queries_report_to_json_has_stable_keys(store: SqlStore, tmp_path: Path) -> None:
    store.add_statements(
        [*ADA_HISTORY, said("bo", date(2024, 1, 20), "oppose", "No levy while I sit here.")]
    )
    data = report_to_json(stance(store, config(tmp_path), "ada", TOPIC))
    assert json.loads(json.dumps(data)) == data
    assert (data["official"], data["topic"], data["position"]) == ("ada", TOPIC, "support")
    assert data["consistent_since"] == "2024-02-01"
    assert {"date", "text", "source", "position", "kind"} <= set(data["evidence"][0])
    assert data["evidence"][0]["date"] == "2024-01-05"
    assert data["contradicted_by"] == [
        {
            "official": "bo",
            "name": "Bo Marsh",
            "position": "oppose",
            "date": "2024-01-20",
            "text": "No levy while I sit here.",
            "source": "Harbour Gazette",
            "url": "https://gazette.example/bo/2024-01-20",
        }
    ]


def test_queries_render_report_text_tells_the_whole_story(store: SqlStore, tmp_path: Path) -> None:
    store.add_statements(
        [*ADA_HISTORY, said("bo", date(2024, 1, 20), "oppose", "No levy while I sit here.")]
    )
    text = render_report_text(stance(store, config(tmp_path), "ada", TOPIC))
    assert "Ada Quill (ada) on Harbour tax" in text
    assert "support (for the new levy), consistent since 2024-02-01" in text
    assert all(s.text in text for s in ADA_HISTORY)
    assert text.index(ADA_HISTORY[0].text) < text.index(ADA_HISTORY[3].text)
    assert "Bo Marsh (bo): oppose" in text


def test_queries_choices_match_ids_and_names(tmp_path: Path) -> None:
    assert official_choices(config(tmp_path), "quill") == [("ada", "Ada Quill")]
    assert [i for i, _ in official_choices(config(tmp_path), "")] == [
        "ada",
        "bo",
        "cy",
        "dee",
        "eve",
    ]
    assert topic_choices(config(tmp_path), "HARB") == [(TOPIC, "Harbour tax")]


def test_queries_why_shows_deciding_words_confidence_and_the_basis(
    store: SqlStore, tmp_path: Path
) -> None:
    store.add_statements(
        [*ADA_HISTORY, said("bo", date(2024, 1, 20), "oppose", "No levy while I sit here.")]
    )
    report = stance(store, config(tmp_path), "ada", TOPIC)
    plain = render_report_text(report)
    why = render_report_text(report, why=True)
    assert "Why:" not in plain and "decided by" not in plain
    assert (
        "Why: the newest statement with a position (2024-03-01) reads support from "
        "“cue for support” (confidence 0.80); 2 statements hold it since 2024-02-01; "
        "other statements hold oppose"
    ) in why
    # One "decided by" line per statement of Ada (five) and one for Bo's opposing one.
    assert why.count("decided by: “cue for support” (confidence 0.80)") == 2
    assert why.count("decided by: “cue for oppose” (confidence 0.80)") == 3
    assert why.count("decided by: no position on this topic") == 1


def test_queries_why_without_statements_says_so(store: SqlStore, tmp_path: Path) -> None:
    report = stance(store, config(tmp_path), "ada", TOPIC)
    assert stance_basis(report) == f"no statements of ada on {TOPIC} are stored"
    store.add_statements([ADA_HISTORY[2]])
    report = stance(store, config(tmp_path), "ada", TOPIC)
    assert stance_basis(report) == f"none of the 1 statements takes a position on {TOPIC}"


def test_queries_report_to_json_why_adds_basis_and_confidence_only_when_asked(
    store: SqlStore, tmp_path: Path
) -> None:
    store.add_statements(ADA_HISTORY)
    report = stance(store, config(tmp_path), "ada", TOPIC)
    plain, why = report_to_json(report), report_to_json(report, why=True)
    assert "basis" not in plain and "confidence" not in plain["evidence"][0]
    assert why["basis"].startswith("the newest statement with a position (2024-03-01)")
    assert [e["confidence"] for e in why["evidence"]] == [0.8, 0.8, None, 0.8, 0.8]
    assert {k: v for k, v in why.items() if k != "basis"} | {"evidence": []} == plain | {
        "evidence": []
    }
