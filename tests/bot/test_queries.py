from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.alerts import Alert
from bot.queries import (
    QueryError,
    UnknownIdError,
    compare,
    comparison_to_json,
    counted,
    digest_to_json,
    official_choices,
    recent_alerts,
    render_comparison_text,
    render_digest_text,
    render_report_text,
    render_timeline_text,
    report_to_json,
    source_and_url,
    stance,
    stance_basis,
    timeline,
    timeline_to_json,
    topic_choices,
)
from bot.store import SqlStore
from rules.config import Config
from rules.model import Official, Position, Topic
from rules.records import Stance, Statement
from tests.bot.statements import said as said_on
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
    return said_on(
        who,
        day,
        position,
        words,
        topic=TOPIC,
        cues=(f"cue for {position}",),
        source="Harbour Gazette",
        site="https://gazette.example",
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


# --- /timeline ----------------------------------------------------------------------------

FERRY = "ferry-fares"


def two_topics(tmp_path: Path) -> Config:
    """The test configuration with a second topic and a third, unopposed harbour position."""
    base = config(tmp_path)
    harbour = base.topics[0]
    harbour = harbour.model_copy(
        update={"positions": [*harbour.positions, Position(id="review", label="wait and see")]}
    )
    ferry = Topic(
        id=FERRY,
        name="Ferry fares",
        match=["ferry fare"],
        positions=[Position(id="freeze"), Position(id="raise")],
        opposed=[["freeze", "raise"]],
    )
    return replace(base, topics=(ferry, harbour))


def spoke(
    who: str, day: date | None, words: str, positions: dict[str, str | None], tag: str = ""
) -> Statement:
    """A statement on several topics at once (``None``: on the topic but no position)."""
    return Statement(
        article_id=f"{who}-{day}-{tag}",
        source="Harbour Gazette",
        kind="indirect",
        text=words,
        start=0,
        end=len(words),
        speaker=who,
        speaker_id=who,
        speaker_mention=None,
        cue="said",
        date=day,
        topics=tuple(positions),
        stances=tuple(
            Stance(topic, position, 0.7, (f"cue for {position}",))
            for topic, position in positions.items()
            if position is not None
        ),
    )


def test_queries_timeline_lists_statements_oldest_first_and_marks_changes(
    store: SqlStore, tmp_path: Path
) -> None:
    store.add_statements(list(reversed(ADA_HISTORY)))
    t = timeline(store, config(tmp_path), "ada", TOPIC)
    assert (t.official_name, t.topic_name) == ("Ada Quill", "Harbour tax")
    assert [e.text for e in t.entries] == [s.text for s in ADA_HISTORY]
    assert [[r.position for r in e.readings] for e in t.entries] == [
        ["oppose"],
        ["support"],
        [None],
        ["support"],
        ["oppose"],
    ]
    # oppose -> support on Feb 1 is the one change; the undated remark cannot be placed.
    assert [[r.changed_from for r in e.readings] for e in t.entries] == [
        [None],
        ["oppose"],
        [None],
        [None],
        [None],
    ]
    assert t.changes == 1
    [summary] = t.topics
    assert (summary.position, summary.consistent_since, summary.statements) == (
        "support",
        date(2024, 2, 1),
        5,
    )
    assert (summary.first, summary.last, summary.changes) == (
        date(2024, 1, 5),
        date(2024, 3, 1),
        1,
    )


def test_queries_timeline_without_a_topic_covers_every_topic_spoken_on(
    store: SqlStore, tmp_path: Path
) -> None:
    store.add_statements(
        [
            spoke("ada", date(2024, 1, 1), "Fares stay put.", {FERRY: "freeze"}),
            spoke("ada", date(2024, 1, 2), "Nice weather at the quay.", {}),
            spoke(
                "ada",
                date(2024, 1, 3),
                "Raise fares and back the levy.",
                {FERRY: "raise", TOPIC: "support"},
            ),
            spoke("ada", date(2024, 1, 4), "The levy can wait.", {TOPIC: "review"}),
            spoke("bo", date(2024, 1, 5), "Not my words.", {TOPIC: "oppose"}),
        ]
    )
    t = timeline(store, two_topics(tmp_path), "ada")
    assert t.topic_id is None
    # The remark on no topic says nothing about positions; Bo's statement is not Ada's.
    assert [e.text for e in t.entries] == [
        "Fares stay put.",
        "Raise fares and back the levy.",
        "The levy can wait.",
    ]
    both = t.entries[1]
    assert [(r.topic_id, r.position, r.changed_from) for r in both.readings] == [
        (FERRY, "raise", "freeze"),
        (TOPIC, "support", None),  # her first word on the levy is no change
    ]
    assert [(r.position, r.changed_from) for r in t.entries[2].readings] == [("review", "support")]
    # topics.yaml order (ferry first), each with its own position and count of changes
    assert [(s.topic_id, s.position, s.statements, s.changes) for s in t.topics] == [
        (FERRY, "raise", 2, 1),
        (TOPIC, "review", 2, 1),
    ]
    assert t.changes == 2
    text = render_timeline_text(t)
    assert "harbour-tax: support → review" in text and "ferry-fares: freeze → raise" in text
    assert "3 statements on 2 topics, 2024-01-01 to 2024-01-04; 2 changes of position." in text


def test_queries_timeline_of_a_silent_official_says_so(store: SqlStore, tmp_path: Path) -> None:
    t = timeline(store, config(tmp_path), "eve", TOPIC)
    assert (t.entries, t.topics, t.changes) == ((), (), 0)
    assert "No statements of Eve Stone on Harbour tax are stored." in render_timeline_text(t)
    assert "on any topic" in render_timeline_text(timeline(store, config(tmp_path), "eve"))


def test_queries_timeline_to_json_marks_changes(store: SqlStore, tmp_path: Path) -> None:
    store.add_statements(ADA_HISTORY)
    data = timeline_to_json(timeline(store, config(tmp_path), "ada", TOPIC))
    assert json.loads(json.dumps(data)) == data
    assert [s["positions"][0]["changed_from"] for s in data["statements"]] == [
        None,
        "oppose",
        None,
        None,
        None,
    ]
    assert data["topics"][0]["position"] == "support" and data["changes"] == 1


# --- /compare -----------------------------------------------------------------------------


def test_queries_compare_opposed_positions_with_their_evidence(
    store: SqlStore, tmp_path: Path
) -> None:
    store.add_statements(
        [*ADA_HISTORY, said("eve", date(2024, 3, 5), "oppose", "The levy must go.")]
    )
    c = compare(store, config(tmp_path), "ada", "eve", TOPIC)
    assert c.relation == "opposed"
    assert (c.first.position, c.second.position) == ("support", "oppose")
    assert c.first.latest is not None and c.first.latest.text == ADA_HISTORY[3].text
    assert c.second.latest is not None and c.second.latest.text == "The levy must go."
    assert (c.shared_on, c.shared_groups) == (
        date(2024, 3, 5),
        (("harbour-council", "harbour-council"),),
    )
    text = render_comparison_text(c)
    assert "Ada Quill (support) and Eve Stone (oppose) hold opposed positions" in text
    assert "Both were in harbour-council on 2024-03-05." in text
    data = comparison_to_json(c)
    assert (data["relation"], data["opposed"], data["shared_groups"]) == (
        "opposed",
        True,
        ["harbour-council"],
    )


@pytest.mark.parametrize(
    ("eve_says", "relation"),
    [
        ("support", "agree"),
        ("review", "differ"),  # another position the topic does not oppose to support
        (None, "one_unknown"),
    ],
)
def test_queries_compare_tells_agreement_difference_and_silence(
    store: SqlStore, tmp_path: Path, eve_says: str | None, relation: str
) -> None:
    store.add_statements(
        [
            *ADA_HISTORY,
            spoke("eve", date(2024, 3, 2), "Words of Eve on the levy.", {TOPIC: eve_says}),
        ]
    )
    c = compare(store, two_topics(tmp_path), "eve", "ada", TOPIC)
    assert c.relation == relation
    assert c.first.position == eve_says and c.second.position == "support"
    if eve_says is None:
        assert c.first.latest is None and c.first.statements == 1
        assert "Only Ada Quill has a position on Harbour tax recorded (support)" in (
            render_comparison_text(c)
        )


def test_queries_compare_with_no_statements_on_either_side(store: SqlStore, tmp_path: Path) -> None:
    c = compare(store, config(tmp_path), "ada", "dee", TOPIC)
    assert (c.relation, c.shared_on, c.shared_groups) == ("both_unknown", None, ())
    assert "Neither Ada Quill nor Dee Font has a position" in render_comparison_text(c)


@pytest.mark.parametrize(
    ("cy_day", "shared"),
    [
        # Cy joins the council on 2024-07-01: a word before that shares no group with Ada.
        (date(2024, 3, 1), ()),
        (date(2024, 7, 1), ("harbour-council",)),
    ],
)
def test_queries_compare_shares_a_group_only_by_dated_membership(
    store: SqlStore, tmp_path: Path, cy_day: date, shared: tuple[str, ...]
) -> None:
    store.add_statements(
        [
            said("ada", date(2024, 2, 1), "support", "I back the levy."),
            said("cy", cy_day, "oppose", "The levy is wrong."),
        ]
    )
    c = compare(store, config(tmp_path), "ada", "cy", TOPIC)
    assert c.relation == "opposed"
    assert c.shared_on == cy_day
    assert tuple(g for g, _ in c.shared_groups) == shared
    expected = "Both were in" if shared else "They shared no group on"
    assert expected in render_comparison_text(c)


def test_queries_compare_an_official_with_themselves_is_a_plain_mistake(
    store: SqlStore, tmp_path: Path
) -> None:
    with pytest.raises(QueryError, match="two different officials") as raised:
        compare(store, config(tmp_path), "ada", "ada", TOPIC)
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, StancewatchError)


# --- /alerts ------------------------------------------------------------------------------

NOW = datetime(2024, 3, 20, 12, 0, tzinfo=UTC)


def stored_alert(number: int, updated: datetime, *, topic: str = TOPIC, revision: int = 0) -> Alert:
    ada = said("ada", date(2024, 3, number % 28 + 1), "support", f"Ada, take {number}.")
    bo = said("bo", date(2024, 3, 1), "oppose", f"Bo, take {number}.")
    return Alert(
        id=f"A{number:08x}",
        type="contradiction",
        rule_id="harbour-one-voice",
        topic=topic,
        officials=("ada", "bo"),
        positions=(("ada", "support"), ("bo", "oppose")),
        statement_ids=(bo.id, ada.id),
        statements=(bo, ada),
        confidence=0.8,
        channels=("#alerts",),
        first_fired_at=updated - timedelta(hours=revision),
        updated_at=updated,
        revision=revision,
        window_days=30,
        severity="high",
    )


def test_queries_recent_alerts_newest_first_within_the_days(
    store: SqlStore, tmp_path: Path
) -> None:
    store.save_alert(stored_alert(1, NOW - timedelta(days=8)))  # too old
    store.save_alert(stored_alert(2, NOW - timedelta(days=6)))
    store.save_alert(stored_alert(3, NOW - timedelta(hours=1), revision=2))
    store.save_alert(stored_alert(4, NOW - timedelta(days=3), topic="old-topic"))
    digest = recent_alerts(store, config(tmp_path), now=NOW)
    assert [a.alert_id for a in digest.alerts] == ["A00000003", "A00000004", "A00000002"]
    newest = digest.alerts[0]
    assert newest.positions == (
        ("ada", "Ada Quill", "support", "for the new levy"),
        ("bo", "Bo Marsh", "oppose", "against the new levy"),
    )
    assert (newest.revision, newest.severity, newest.topic_name) == (2, "high", "Harbour tax")
    assert newest.updated_at == NOW - timedelta(hours=1) and newest.statements == 2
    # A topic that is no longer configured still shows, by its id.
    assert digest.alerts[1].topic_name == "old-topic"
    assert [a.alert_id for a in recent_alerts(store, config(tmp_path), days=10, now=NOW).alerts][
        -1
    ] == "A00000001"
    text = render_digest_text(digest)
    assert text.index("A00000003") < text.index("A00000002")
    assert "Ada Quill: support · Bo Marsh: oppose" in text
    data = digest_to_json(digest)
    assert json.loads(json.dumps(data)) == data
    assert data["alerts"][0]["positions"] == {"ada": "support", "bo": "oppose"}


def test_queries_recent_alerts_on_one_topic(store: SqlStore, tmp_path: Path) -> None:
    store.save_alert(stored_alert(1, NOW - timedelta(days=1)))
    store.save_alert(stored_alert(2, NOW - timedelta(days=1), topic="old-topic"))
    digest = recent_alerts(store, config(tmp_path), topic_id=TOPIC, days=2, now=NOW)
    assert [a.alert_id for a in digest.alerts] == ["A00000001"]
    assert (digest.topic_name, digest.since) == ("Harbour tax", NOW - timedelta(days=2))


def test_queries_recent_alerts_when_there_are_none(store: SqlStore, tmp_path: Path) -> None:
    store.save_alert(stored_alert(1, NOW - timedelta(days=30)))
    digest = recent_alerts(store, config(tmp_path), topic_id=TOPIC, now=NOW)
    assert digest.alerts == ()
    assert "No alerts on harbour-tax in the last 7 days." in render_digest_text(digest)


@pytest.mark.parametrize("days", [0, -3, 366, 10_000])
def test_queries_recent_alerts_days_out_of_range_is_a_plain_mistake(
    store: SqlStore, tmp_path: Path, days: int
) -> None:
    with pytest.raises(ValueError, match="days must be a whole number from 1 to 365") as raised:
        recent_alerts(store, config(tmp_path), days=days, now=NOW)
    assert isinstance(raised.value, StancewatchError)


@pytest.mark.parametrize(
    ("ask", "message"),
    [
        (lambda s, c: timeline(s, c, "adda"), "unknown official 'adda'; did you mean 'ada'?"),
        (
            lambda s, c: timeline(s, c, "ada", "harbor-tax"),
            "unknown topic 'harbor-tax'; did you mean 'harbour-tax'?",
        ),
        (
            lambda s, c: compare(s, c, "ada", "boo", TOPIC),
            "unknown official 'boo'; did you mean 'bo'?",
        ),
        (
            lambda s, c: compare(s, c, "ada", "bo", "harbour"),
            "unknown topic 'harbour'; did you mean 'harbour-tax'?",
        ),
        (
            lambda s, c: recent_alerts(s, c, topic_id="harbourtax", now=NOW),
            "unknown topic 'harbourtax'; did you mean 'harbour-tax'?",
        ),
    ],
)
def test_queries_new_questions_reject_unknown_ids_with_suggestions(
    store: SqlStore, tmp_path: Path, ask: Callable[[SqlStore, Config], object], message: str
) -> None:
    with pytest.raises(UnknownIdError) as raised:
        ask(store, config(tmp_path))
    assert str(raised.value) == message


def test_queries_counted_says_one_in_the_singular_and_any_other_count_in_the_plural() -> None:
    assert [counted(n, "ruling") for n in (0, 1, 2)] == ["0 rulings", "1 ruling", "2 rulings"]


def test_queries_source_and_url_leaves_out_a_missing_url_or_one_that_is_the_source() -> None:
    assert source_and_url("Valley Post", "https://valley.example/a") == (
        "Valley Post https://valley.example/a"
    )
    assert source_and_url("Valley Post", None) == "Valley Post"
    assert source_and_url("https://valley.example/a", "https://valley.example/a") == (
        "https://valley.example/a"
    )
