from __future__ import annotations

import contextlib
import io
import json
import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "config"
SAMPLE_FEED = CONFIG / "sample" / "feed.xml"

EXTRACT_KEYS = {
    "file",
    "kind",
    "text",
    "start",
    "end",
    "speaker",
    "speaker_id",
    "speaker_mention",
    "co_speakers",
    "cue",
    "date",
    "topics",
    "stances",
}
ALERT_KEYS = {
    "id",
    "type",
    "topic",
    "officials",
    "positions",
    "statements",
    "first_fired_at",
    "updated",
}

# Our own invented report, using officials of the shipped officials.yaml.
ARTICLE = """\
 date 2017-11-01 Tillerson keeps the door open

"We remain ready to talk with North Korea as soon as the missile tests stop," Rex Tillerson said.
Heavy traffic slowed the motorcade on its way to the airport.
"""


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def copy_config(tmp_path: Path) -> Path:
    target = tmp_path / "config"
    shutil.copytree(CONFIG, target)
    return target


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[dict[str, object]]]:
    """The sample feed replayed once into a store: (store URL, the JSON alerts printed)."""
    db = tmp_path_factory.mktemp("replay") / "x.db"
    url = f"sqlite:///{db}"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["replay", "--json", "--config", str(CONFIG), "--db", url, str(SAMPLE_FEED)])
    assert code == 0
    return url, json_lines(out.getvalue())


# --- extract ----------------------------------------------------------------------


def test_cli_extract_prints_json_lines_with_the_contract_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "tillerson-talks.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", "--config", str(CONFIG), str(article)]) == 0
    records = json_lines(capsys.readouterr().out)
    assert records
    for record in records:
        assert set(record) == EXTRACT_KEYS
        assert record["file"] == str(article)
    [said] = [r for r in records if r["speaker_id"] == "tillerson"]
    assert said["kind"] == "direct"
    assert said["speaker"] == "Rex Tillerson"
    assert said["date"] == "2017-11-01"
    assert said["topics"] == ["north-korea"]
    assert isinstance(said["start"], int) and isinstance(said["end"], int)
    # Offsets index the file as written (the date line included).
    assert str(said["text"]) in ARTICLE[said["start"] : said["end"]]
    [stance] = said["stances"]  # type: ignore[misc]
    assert set(stance) == {"topic", "position", "confidence", "evidence"}
    assert stance["position"] == "engage"


def test_cli_extract_missing_file_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.txt"
    assert main(["extract", "--config", str(CONFIG), str(missing)]) == 1
    err = capsys.readouterr().err
    assert str(missing) in err
    assert "Traceback" not in err


# --- rules check ------------------------------------------------------------------


def test_cli_rules_check_shipped_config(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "check", "--config", str(CONFIG)]) == 0
    assert "OK" in capsys.readouterr().out


def test_cli_rules_check_warns_but_passes_on_a_target_that_holds_an_act(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "officials.yaml").write_text("officials:\n  - id: kim\n    name: Kim Example\n")
    (tmp_path / "topics.yaml").write_text(
        "topics:\n"
        "  - id: toll\n"
        "    match: [bridge toll]\n"
        "    targets: [scrap the toll]\n"
        "    positions:\n"
        "      - {id: scrap, attitude: support}\n"
        "      - {id: keep, attitude: oppose}\n"
        "    opposed: [[scrap, keep]]\n"
    )
    assert main(["rules", "check", "--config", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "OK" in captured.out and "1 warning(s)" in captured.out
    assert f"warning: {tmp_path}/topics.yaml:4: topics[0].targets[0]: " in captured.err
    assert "holds the act 'scrap'" in captured.err


@pytest.mark.parametrize(
    ("file", "old", "new", "below", "message"),
    [
        (
            "officials.yaml",
            "    pronoun: he\n",
            "    pronoun: he\n    pronouns: he\n",
            1,
            "officials[0].pronouns: unknown key 'pronouns'",
        ),
        (
            "rules.yaml",
            "    window_days: 120\n",
            "    window_days: 120\n    window_days: 90\n",
            1,
            "rules[0].window_days: duplicate key 'window_days'",
        ),
        (
            "settings.yaml",
            "poll_interval_seconds: 900\n",
            "poll_interval_seconds: every hour\n",
            0,
            "poll_interval_seconds: ",
        ),
    ],
    ids=["unknown-key", "duplicate-key", "bad-type"],
)
@pytest.mark.parametrize("command", [["rules", "check"], ["replay", "--json"]])
def test_cli_broken_config_exits_2_with_file_and_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    file: str,
    old: str,
    new: str,
    below: int,
    message: str,
    command: list[str],
) -> None:
    config = copy_config(tmp_path)
    path = config / file
    original = path.read_text(encoding="utf-8")
    assert old in original
    # The line of the first ``old``, or of the line added right below it.
    line = original[: original.index(old)].count("\n") + 1 + below
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    args = [*command, "--config", str(config)]
    if command[0] == "replay":
        args.append(str(SAMPLE_FEED))
    assert main(args) == 2
    captured = capsys.readouterr()
    assert f"{path}:{line}: {message}" in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


# --- rules test and rules schema ----------------------------------------------------

LEVY_OFFICIALS = "officials:\n  - id: ada\n    name: Ada Brook\n"
LEVY_TOPICS = """\
topics:
  - id: ferry-levy
    match: [ferry levy, levy]
    positions:
      - id: keep
        cues: [keep the levy]
      - id: scrap
        cues: [scrap the levy]
    opposed: [[keep, scrap]]
    examples:
      - text: We will keep the levy for another year.
        position: keep
      - text: I do not want to keep the levy.
        position: {second}
      - text: The levy was introduced in 2019.
        position: null
"""


def levy_config(tmp_path: Path, second: str) -> Path:
    folder = tmp_path / "levy"
    folder.mkdir()
    (folder / "officials.yaml").write_text(LEVY_OFFICIALS, encoding="utf-8")
    (folder / "topics.yaml").write_text(LEVY_TOPICS.format(second=second), encoding="utf-8")
    return folder


def test_cli_rules_test_reports_failures_with_path_line_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = levy_config(tmp_path, second="keep")
    assert main(["rules", "test", "--config", str(folder)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{folder}/topics.yaml:13: topics[0].examples[1]: expected keep, got scrap "
        "(evidence: 'not: keep the levy')",
        "ferry-levy: 2 passed, 1 failed",
        "3 example(s): 2 passed, 1 failed",
    ]


def test_cli_rules_test_passes_with_exit_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = levy_config(tmp_path, second="scrap")
    assert main(["rules", "test", "--config", str(folder), "--topic", "ferry-levy"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "3 example(s): 3 passed, 0 failed"


@pytest.mark.parametrize(
    ("second", "code", "message"),
    [
        # A mistake in the YAML is a configuration error, reported before anything is read.
        ("skrap", 2, "topics[0].examples[1].position: topic 'ferry-levy' has no position"),
        ("scrap", 1, "unknown topic 'ferry-levi'; did you mean 'ferry-levy'?"),
    ],
    ids=["config-error", "unknown-topic"],
)
def test_cli_rules_test_config_errors_exit_2_and_unknown_topic_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], second: str, code: int, message: str
) -> None:
    folder = levy_config(tmp_path, second=second)
    assert main(["rules", "test", "--config", str(folder), "--topic", "ferry-levi"]) == code
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_cli_rules_schema_writes_the_shipped_schemas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rules", "schema", "--out", str(tmp_path / "schema")]) == 0
    written = sorted(p.name for p in (tmp_path / "schema").iterdir())
    assert written == sorted(p.name for p in (CONFIG / "schema").glob("*.json"))
    for name in written:
        assert (tmp_path / "schema" / name).read_text(encoding="utf-8") == (
            CONFIG / "schema" / name
        ).read_text(encoding="utf-8")
    assert len(capsys.readouterr().out.splitlines()) == len(written)


def test_cli_rules_schema_prints_every_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert sorted(printed) == ["feeds", "officials", "rules", "settings", "topics"]
    assert printed["rules"]["$defs"]["AlertRule"]["properties"]["severity"]["default"] == "medium"


# --- replay and stance --------------------------------------------------------------


def test_cli_replay_json_alerts(replayed: tuple[str, list[dict[str, object]]]) -> None:
    _url, alerts = replayed
    assert alerts
    for alert in alerts:
        assert set(alert) == ALERT_KEYS
    pairs = {(a["type"], tuple(a["officials"])) for a in alerts}  # type: ignore[arg-type]
    assert ("contradiction", ("tillerson", "trump")) in pairs
    contradiction = next(
        a
        for a in alerts
        if a["type"] == "contradiction" and a["officials"] == ["tillerson", "trump"]
    )
    assert contradiction["topic"] == "north-korea"
    assert contradiction["positions"] == {"tillerson": "engage", "trump": "refuse"}
    speakers = {s["speaker_id"] for s in contradiction["statements"]}  # type: ignore[attr-defined]
    assert speakers == {"tillerson", "trump"}


def test_cli_stance_after_replay(
    replayed: tuple[str, list[dict[str, object]]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, _alerts = replayed
    code = main(
        ["stance", "tillerson", "north-korea", "--db", url, "--json", "--config", str(CONFIG)]
    )
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["official"] == "tillerson"
    assert report["topic"] == "north-korea"
    assert report["position"] == "engage"


@pytest.mark.parametrize(
    ("official", "topic", "hint"),
    [
        ("tilerson", "north-korea", "did you mean 'tillerson'"),
        ("tillerson", "north-koria", "did you mean 'north-korea'"),
    ],
)
def test_cli_stance_unknown_id_exits_1_with_a_suggestion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], official: str, topic: str, hint: str
) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    assert main(["stance", official, topic, "--db", url, "--config", str(CONFIG)]) == 1
    err = capsys.readouterr().err
    assert hint in err
    assert "Traceback" not in err


def test_cli_stance_why_shows_deciding_words_and_basis(
    replayed: tuple[str, list[dict[str, object]]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, _alerts = replayed
    args = ["stance", "tillerson", "north-korea", "--db", url, "--config", str(CONFIG)]
    assert main(args) == 0
    plain = capsys.readouterr().out
    assert main([*args, "--why"]) == 0
    why = capsys.readouterr().out
    assert "Why: the newest statement with a position" in why and "Why:" not in plain
    assert "decided by: “ready to talk” (confidence" in why


# --- explain ------------------------------------------------------------------------


def _contradiction_id(alerts: list[dict[str, object]], other: str) -> str:
    return next(str(a["id"]) for a in alerts if a["officials"] == sorted(["tillerson", other]))


def test_cli_replay_prints_each_alert_id_to_type_into_explain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'ids.db'}"
    assert main(["replay", "--config", str(CONFIG), "--db", url, str(SAMPLE_FEED)]) == 0
    out = capsys.readouterr().out
    from bot.store import open_store

    with open_store(url) as store:
        ids = [a.id for a in store.list_alerts()]
    assert ids
    for alert_id in ids:
        assert f"alert(s): {alert_id} (new)" in out or f", {alert_id} (new)" in out
        assert f"alert {alert_id} · revision 0" in out  # the card's last line


def test_cli_explain_by_prefix_names_rule_words_and_conflict(
    replayed: tuple[str, list[dict[str, object]]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, alerts = replayed
    alert_id = _contradiction_id(alerts, "trump")
    assert main(["explain", alert_id[:6], "--db", url, "--config", str(CONFIG)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Alert {alert_id}: contradiction on North Korea (north-korea)")
    assert "Rule: us-admin-contradictions (type contradiction)" in out
    assert "  groups: us-administration" in out and "  window_days: 120" in out
    assert "decided by “Save your energy”" in out
    assert "trump: refuse (2017-10-01) vs tillerson: engage (2017-09-30), opposed in topic " in out


def test_cli_explain_json(
    replayed: tuple[str, list[dict[str, object]]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, alerts = replayed
    alert_id = _contradiction_id(alerts, "trump")
    assert main(["explain", alert_id, "--json", "--db", url, "--config", str(CONFIG)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == alert_id
    assert data["rule"]["parameters"]["groups"] == ["us-administration"]
    assert {s["speaker_id"] for s in data["statements"]} == {"tillerson", "trump"}


def test_cli_explain_unknown_id_exits_2_and_says_how_to_find_ids(
    replayed: tuple[str, list[dict[str, object]]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, alerts = replayed
    assert main(["explain", "Azzzz", "--db", url, "--config", str(CONFIG)]) == 2
    captured = capsys.readouterr()
    assert "no alert 'Azzzz' in the store" in captured.err
    assert "replay --json" in captured.err
    assert str(alerts[-1]["id"]) in captured.err  # the newest ids are listed
    assert "Traceback" not in captured.err and captured.out == ""


# --- timeline, compare, alerts, stance --chart --------------------------------------------


def test_cli_timeline_lists_statements_oldest_first(
    replayed: tuple[str, list[dict[str, object]]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, _alerts = replayed
    args = ["timeline", "trump", "--db", url, "--config", str(CONFIG)]
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["official"], data["topic"]) == ("trump", None)
    dates = [s["date"] for s in data["statements"] if s["date"] is not None]
    assert dates and dates == sorted(dates)
    assert {t["topic"] for t in data["topics"]} == {"north-korea"}
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.startswith("Donald Trump (trump): timeline\n")
    assert "North Korea (north-korea): refuse" in out
    assert "north-korea: refuse" in out


def test_cli_compare_says_opposed_and_the_shared_group(
    replayed: tuple[str, list[dict[str, object]]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, _alerts = replayed
    args = ["compare", "tillerson", "trump", "north-korea", "--db", url, "--config", str(CONFIG)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Rex Tillerson (engage) and Donald Trump (refuse) hold opposed positions" in out
    assert "Both were in US administration" in out
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["relation"], data["shared_groups"]) == ("opposed", ["us-administration"])
    assert data["first"]["latest"]["text"] and data["second"]["position"] == "refuse"


def test_cli_alerts_lists_what_the_replay_fired(
    replayed: tuple[str, list[dict[str, object]]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, alerts = replayed
    assert main(["alerts", "--json", "--db", url, "--config", str(CONFIG)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {a["id"] for a in data["alerts"]} == {a["id"] for a in alerts}
    updated = [a["updated_at"] for a in data["alerts"]]
    assert updated == sorted(updated, reverse=True)
    args = ["alerts", "--topic", "iran-deal", "--days", "30", "--db", url, "--config", str(CONFIG)]
    assert main(args) == 0
    assert "No alerts on iran-deal in the last 30 days." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["alerts", "--days", "0"], 2, "--days: days must be a whole number from 1 to 365"),
        (["alerts", "--topic", "north-koria"], 1, "did you mean 'north-korea'"),
        (["timeline", "tilerson"], 1, "did you mean 'tillerson'"),
        (["compare", "tillerson", "trumpp", "north-korea"], 1, "did you mean 'trump'"),
        (["compare", "trump", "trump", "north-korea"], 2, "two different officials"),
    ],
)
def test_cli_timeline_compare_alerts_mistakes_are_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    code: int,
    message: str,
) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    assert main([*args, "--db", url, "--config", str(CONFIG)]) == code
    captured = capsys.readouterr()
    assert captured.err.startswith("stancewatch: ") and message in captured.err
    assert "Traceback" not in captured.err and captured.out == ""


def test_cli_stance_chart_writes_a_png_beside_the_answer(
    tmp_path: Path,
    replayed: tuple[str, list[dict[str, object]]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, _alerts = replayed
    chart = tmp_path / "tillerson.png"
    args = ["stance", "tillerson", "north-korea", "--db", url, "--config", str(CONFIG)]
    assert main([*args, "--json", "--chart", str(chart)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["position"] == "engage"  # stdout stays pure JSON
    assert f"chart written to {chart}" in captured.err
    assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_cli_stance_chart_without_positions_writes_nothing_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    chart = tmp_path / "nothing.png"
    args = ["stance", "tillerson", "north-korea", "--chart", str(chart)]
    assert main([*args, "--db", url, "--config", str(CONFIG)]) == 0
    assert "no chart written: no dated statement of tillerson on north-korea" in (
        capsys.readouterr().err
    )
    assert not chart.exists()


# --- replay --rules-only ------------------------------------------------------------


def test_cli_replay_rules_only_with_unchanged_config_still_fires_every_alert(
    replayed: tuple[str, list[dict[str, object]]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, alerts = replayed
    args = ["replay", "--rules-only", "--db", url, "--config", str(CONFIG)]
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {a["status"] for a in data["alerts"]} == {"still"}
    assert {a["id"] for a in data["alerts"]} == {a["id"] for a in alerts}
    assert data["changed_positions"] == []
    assert main([*args, "--since", "2017-12-13"]) == 0
    out = capsys.readouterr().out
    assert "dated 2017-12-13 or later" in out
    assert "Would no longer fire: 0" in out


def test_cli_replay_rules_only_judges_a_new_cue_before_it_goes_live(
    tmp_path: Path,
    replayed: tuple[str, list[dict[str, object]]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, alerts = replayed
    config = copy_config(tmp_path)
    topic = config / "topics" / "north-korea.yaml"
    text = topic.read_text(encoding="utf-8")
    assert "          - before talks\n" in text
    # Tillerson's "tough to talk" (outside its if-clause) now reads as refuse.
    topic.write_text(
        text.replace(
            "          - before talks\n", "          - before talks\n          - tough to talk\n"
        ),
        encoding="utf-8",
    )
    assert main(["replay", "--rules-only", "--json", "--db", url, "--config", str(config)]) == 0
    data = json.loads(capsys.readouterr().out)
    [change] = data["changed_positions"]
    assert (change["speaker_id"], change["before"], change["after"]) == (
        "tillerson",
        None,
        "refuse",
    )
    by_status = {(a["status"], a["type"], tuple(a["officials"])): a for a in data["alerts"]}
    assert ("new", "shift", ("tillerson",)) in by_status
    # Tillerson now holds refuse too, so Nauert's refuse no longer contradicts him.
    gone = by_status[("gone", "contradiction", ("nauert", "tillerson"))]
    assert gone["id"] == _contradiction_id(alerts, "nauert")
    assert "tillerson" in gone["reason"]


@pytest.mark.parametrize(
    "args",
    [
        ["replay"],
        ["replay", "--rules-only", str(SAMPLE_FEED)],
        ["replay", "--since", "2017-10-01", str(SAMPLE_FEED)],
    ],
    ids=["no-source", "rules-only-with-source", "since-without-rules-only"],
)
def test_cli_replay_misused_exits_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*args, "--config", str(CONFIG)]) == 2
    assert "stancewatch: " in capsys.readouterr().err


def test_cli_replay_since_must_be_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["replay", "--rules-only", "--since", "last week"])
    assert exited.value.code == 2
    assert "'last week' is not a date (YYYY-MM-DD)" in capsys.readouterr().err


# --- run ----------------------------------------------------------------------------


def test_cli_run_once_with_a_dead_feed(
    tmp_path: Path, closed_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    config = copy_config(tmp_path)
    (config / "feeds.yaml").write_text(
        f"feeds:\n  - id: dead\n    url: http://127.0.0.1:{closed_port}/feed.xml\n",
        encoding="utf-8",
    )
    db = tmp_path / "run.db"
    (config / "settings.yaml").write_text(
        f"store_url: sqlite:///{db}\n"
        "allow_hosts: [127.0.0.1]\n"
        "fetch_timeout_seconds: 5\n"
        "adapters:\n  console:\n    enabled: false\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.INFO):
        assert main(["run", "--once", "--config", str(config)]) == 0
    failing = [
        r for r in caplog.records if "dead" in r.getMessage() and "failing" in r.getMessage()
    ]
    assert len(failing) == 1
    assert failing[0].levelno == logging.WARNING
    assert not [r for r in caplog.records if r.exc_info]
    assert db.exists()


def test_cli_replay_parses_feeds_within_the_configured_parse_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import watchers.sources

    config = copy_config(tmp_path)
    with (config / "settings.yaml").open("a", encoding="utf-8") as settings:
        settings.write("parse_timeout_seconds: 7.5\n")
    timeouts: list[float] = []
    original = watchers.sources.parse_off_loop

    async def spy(*args: Any, timeout: float, **kwargs: Any) -> Any:
        timeouts.append(timeout)
        return await original(*args, timeout=timeout, **kwargs)

    monkeypatch.setattr(watchers.sources, "parse_off_loop", spy)
    assert main(["replay", "--json", "--config", str(config), str(SAMPLE_FEED)]) == 0
    assert timeouts == [7.5]


# --- feeds ----------------------------------------------------------------------------

# Our own three-entry feed: a full entry, one without a guid whose link carries tracking
# parameters, and a bare one with neither guid, link nor date.
HARBOUR_RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour Gazette</title>
<item><title>Council freezes the ferry levy</title>
  <guid isPermaLink="false">tag:gazette.example,2025:levy-1</guid>
  <link>https://gazette.example/council/levy-frozen</link>
  <pubDate>Tue, 04 Feb 2025 09:30:00 +0000</pubDate>
  <description>The council kept the levy as it is.</description></item>
<item><title>Ferry crews walk out</title>
  <link>https://www.gazette.example/ferry/strike/?utm_source=rss&amp;utm_medium=feed</link>
  <pubDate>Wed, 05 Feb 2025 18:00:00 +0000</pubDate>
  <description>Crews stopped work at noon.</description></item>
<item><description>A note from the editor.</description></item>
</channel></rss>
"""


def feeds_config(tmp_path: Path, settings: str = "") -> Path:
    """The shipped configuration with its sample feed, a store in tmp_path and ``settings``."""
    config = copy_config(tmp_path)
    (config / "settings.yaml").write_text(
        f"store_url: sqlite:///{tmp_path / 'feeds.db'}\n{settings}", encoding="utf-8"
    )
    return config


def feeds_json(config: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, Any]]:
    capsys.readouterr()
    assert main(["feeds", "list", "--json", "--config", str(config)]) == 0
    return {record["id"]: record for record in json.loads(capsys.readouterr().out)}


def test_cli_feeds_test_prints_each_entry_with_date_identity_and_url(
    tmp_path: Path, http_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    config = feeds_config(tmp_path)
    url = http_server.serve("/rss", HARBOUR_RSS, content_type="application/rss+xml")
    args = ["feeds", "test", url, "--allow-host", "127.0.0.1", "--config", str(config)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert f"{url}: 3 entries" in out
    first, second, third = re.split(r"^\d\. ", out, flags=re.MULTILINE)[1:]
    assert first.startswith("Council freezes the ferry levy\n")
    assert "date:     2025-02-04 (from the feed)" in first
    assert "identity: tag:gazette.example,2025:levy-1" in first
    assert "url:      https://gazette.example/council/levy-frozen" in first
    # Without a guid the link is the identity; its URL key drops the tracking.
    assert "identity: https://www.gazette.example/ferry/strike/?utm_source=rss" in second
    assert "url key:  gazette.example/ferry/strike\n" in second
    assert third.startswith("(no title)")
    assert "(the fetch time: no date given)" in third  # undated: dated by the fetch
    assert "identity: sha256:content:" in third
    assert "url:      (none)" in third


LOCALHOST_REDIRECT = "http://localhost:{port}/rss"


@pytest.mark.parametrize(
    ("reply", "allow", "settings", "reason"),
    [
        ({"body": HARBOUR_RSS}, False, "", "loopback address 127.0.0.1 is not public"),
        ({"body": "<rss>" + "x" * 5000 + "</rss>"}, True, "max_feed_bytes: 1024\n", "too large"),
        (
            {"body": '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss>&a;</rss>'},
            True,
            "",
            "refused before parsing: the document declares XML entities",
        ),
        (
            {"body": "<!doctype html><html><body>Hi</body></html>", "content_type": "text/html"},
            True,
            "",
            "not a feed: got an HTML page",
        ),
        ({"body": '{"items": []}', "content_type": "application/json"}, True, "", "got JSON"),
        ({"body": "down", "status": 503}, True, "", "HTTP 503"),
        ({"body": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, True, "", "not a feed"),
        ({"redirect": LOCALHOST_REDIRECT}, True, "", "loopback address"),
    ],
    ids=[
        "refused-address",
        "too-large",
        "entities",
        "html",
        "json",
        "http-error",
        "binary",
        "redirect-to-loopback",
    ],
)
def test_cli_feeds_test_refuses_with_the_reason_and_exit_1(
    tmp_path: Path,
    http_server: Any,
    capsys: pytest.CaptureFixture[str],
    reply: dict[str, Any],
    allow: bool,
    settings: str,
    reason: str,
) -> None:
    config = feeds_config(tmp_path, settings)
    if "redirect" in reply:
        http_server.serve("/rss", HARBOUR_RSS)  # what localhost would serve, were it allowed
        url = http_server.redirect("/old", reply["redirect"].format(port=http_server.port))
    else:
        url = http_server.serve("/feed", **reply)
    allowed = ["--allow-host", "127.0.0.1"] if allow else []
    assert main(["feeds", "test", url, *allowed, "--config", str(config)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("stancewatch: refused: ")
    assert reason in captured.err
    assert len(captured.err.strip().splitlines()) == 1
    assert "Traceback" not in captured.err


def test_cli_feeds_test_reads_feed_files_and_refuses_an_article_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = feeds_config(tmp_path)
    assert main(["feeds", "test", str(SAMPLE_FEED), "--config", str(config)]) == 0
    assert f"{SAMPLE_FEED}: 4 entries" in capsys.readouterr().out
    article = tmp_path / "levy.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert main(["feeds", "test", str(article), "--config", str(config)]) == 1
    assert "an article file, not a feed" in capsys.readouterr().err


def test_cli_feeds_add_remove_and_list_persist_over_restarts_and_yaml_edits(
    tmp_path: Path, http_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    config = feeds_config(tmp_path, "allow_hosts: [127.0.0.1]\n")
    url = http_server.serve("/harbour/rss.xml", HARBOUR_RSS)
    add = ["feeds", "add", url, "--interval", "600", "--title", "Harbour Gazette"]
    assert main([*add, "--backfill", "alert", "--config", str(config)]) == 0
    feed_id = f"127-0-0-1-{http_server.port}-harbour"
    assert capsys.readouterr().out.startswith(f"added feed {feed_id} ({url}): 3 entries now")
    assert main(["feeds", "remove", "sample", "--config", str(config)]) == 0
    assert "feeds.yaml still lists it" in capsys.readouterr().out

    # feeds.yaml edited afterwards: the removal and the addition both hold.
    (config / "feeds.yaml").write_text(
        "feeds:\n"
        "  - id: sample\n    path: sample/feed.xml\n    title: Renamed\n"
        "  - id: extra\n    path: sample\n",
        encoding="utf-8",
    )
    listed = feeds_json(config, capsys)
    assert list(listed) == ["extra", feed_id]
    assert listed[feed_id]["location"] == url
    assert (listed[feed_id]["origin"], listed[feed_id]["interval_seconds"]) == ("store", 600)
    assert (listed[feed_id]["title"], listed[feed_id]["backfill"]) == ("Harbour Gazette", "alert")
    assert len(http_server.requests_to("/harbour/rss.xml")) == 1  # list fetches nothing

    assert main(["feeds", "add", str(SAMPLE_FEED), "--id", "sample", "--config", str(config)]) == 0
    assert list(feeds_json(config, capsys)) == ["sample", "extra", feed_id]


def test_cli_feeds_add_refuses_what_is_not_a_feed_unless_told_not_to_check(
    tmp_path: Path, http_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    config = feeds_config(tmp_path, "allow_hosts: [127.0.0.1]\n")
    url = http_server.serve("/page", "<html><body>news</body></html>", content_type="text/html")
    assert main(["feeds", "add", url, "--id", "page", "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("stancewatch: not added: ") and "not a feed" in err
    assert "--no-check" in err
    assert "page" not in feeds_json(config, capsys)
    assert main(["feeds", "add", url, "--id", "page", "--no-check", "--config", str(config)]) == 0
    assert len(http_server.requests_to("/page")) == 1  # --no-check fetched nothing
    assert feeds_json(config, capsys)["page"]["location"] == url


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["https://x.example/rss", "--interval", "5"], "--interval: must be at least 10"),
        (["https://x.example/rss", "--id", "Bad Id"], "--id: 'Bad Id' is not an id"),
        (["https://x.example/rss", "--id", "sample"], "the id 'sample' is watched already"),
        (["{config}/sample/feed.xml"], "is watched already, as 'sample'"),
        (["ftp://x.example/rss"], "unsupported scheme"),
    ],
)
def test_cli_feeds_add_mistakes_are_one_line_and_change_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    config = feeds_config(tmp_path)
    args = [arg.format(config=config) for arg in args]
    assert main(["feeds", "add", *args, "--no-check", "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert list(feeds_json(config, capsys)) == ["sample"]


def test_cli_feeds_list_shows_a_failing_and_a_disabled_feed_and_enable_restores_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import UTC, datetime, timedelta

    from bot.store import SqlStore
    from watchers.schedule import FeedState

    config = feeds_config(tmp_path)
    (config / "feeds.yaml").write_text(
        "feeds:\n  - id: sample\n    path: sample/feed.xml\n"
        "  - id: wire\n    url: https://wire.example/rss\n",
        encoding="utf-8",
    )
    since = datetime(2025, 5, 30, 6, 0, tzinfo=UTC)
    with SqlStore(f"sqlite:///{tmp_path / 'feeds.db'}") as store:
        store.save_feed_state(
            FeedState(
                feed_id="wire",
                last_success_at=since - timedelta(hours=1),
                failures=40,
                failing_since=since,
                last_error="HTTP 503 Service Unavailable",
                disabled_reason="failing since 2025-05-30 06:00 UTC: HTTP 503 Service Unavailable",
                articles_seen=17,
            )
        )
    assert main(["feeds", "list", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    wire = out[out.index("wire  [disabled]") :]
    assert "last success 2025-05-30 05:00 UTC" in wire
    assert "next poll none while disabled · 17 articles seen" in wire
    assert "disabled: failing since 2025-05-30 06:00 UTC: HTTP 503" in wire
    assert "40 failed polls in a row since 2025-05-30 06:00 UTC" in wire
    assert "last error: HTTP 503 Service Unavailable" in wire
    assert "sample  [enabled]  every 15 min  (yaml)" in out

    assert main(["feeds", "enable", "wire", "--config", str(config)]) == 0
    assert "back on the schedule, due now" in capsys.readouterr().out
    wire_now = feeds_json(config, capsys)["wire"]
    assert (wire_now["enabled"], wire_now["consecutive_failures"]) == (True, 0)
    assert wire_now["articles_seen"] == 17 and wire_now["next_poll"] is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["remove", "smaple"], "no watched feed has the id 'smaple'; did you mean 'sample'?"),
        (["enable", "nothing"], "no watched feed has the id 'nothing'; watched feeds: sample"),
        (["list", "--db", "nosuchdb://x"], "cannot open the store nosuchdb://x"),
    ],
)
def test_cli_feeds_unknown_ids_and_stores_exit_1_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    config = feeds_config(tmp_path)
    assert main(["feeds", *args, "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"stancewatch: {message}")
    assert err.count("\n") == 1


# --- python -m bot -------------------------------------------------------------------


def test_cli_python_m_bot_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "usage: stancewatch" in result.stdout
    for command in ("extract", "replay", "stance", "explain", "run", "feeds", "rules"):
        assert command in result.stdout


def test_cli_send_test_alert_goes_through_the_outbox_to_the_console(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'outbox.db'}"
    config = copy_config(tmp_path)
    argv = ["send-test-alert", "--platform", "console", "--channel", "#ops"]
    code = main([*argv, "--config", str(config), "--db", db])
    out = capsys.readouterr().out
    assert code == 0
    assert "── console:1 to #ops ──" in out and "@everyone" in out
    sent = re.search(r"sent test alert (A[0-9a-f]{8}) to console:#ops \(message console:1\)", out)
    assert sent is not None

    from bot.store import SqlStore

    with SqlStore(db) as store:
        [delivery] = store.list_deliveries(sent.group(1))
        assert (delivery.status, delivery.message_ref) == ("delivered", "console:1")


def test_cli_extract_names_the_co_speakers_of_a_joint_statement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "joint.txt"
    article.write_text(
        "Priya Malhotra and Owen Baird said on Monday that fuel duty would stay frozen.\n",
        encoding="utf-8",
    )
    fuel_duty = ROOT / "tests" / "data" / "articles" / "fuel-duty" / "config"
    assert main(["extract", "--config", str(fuel_duty), str(article)]) == 0
    [record] = json_lines(capsys.readouterr().out)
    assert (record["speaker_id"], record["co_speakers"]) == (
        "malhotra",
        [{"speaker": "Owen Baird", "speaker_id": "baird"}],
    )
