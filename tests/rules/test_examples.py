from __future__ import annotations

from pathlib import Path

import pytest

from rules.examples import run_examples, tally
from rules.loader import load
from rules.records import Stance

OFFICIALS = "officials:\n  - id: ada\n    name: Ada Brook\n"
TOPICS = """\
topics:
  - id: ferry-levy
    match: [ferry levy]
    positions:
      - id: keep
        cues: [keep the levy]
      - id: scrap
        cues: [scrap the levy]
    opposed: [[keep, scrap]]
    examples:
      - text: We will keep the levy.
        position: keep
      - text: It is not the time to keep the levy.
        position: scrap
      - text: The levy was set in 2019.
        position: null
  - id: tram-line
    match: [tram]
    positions:
      - id: build
"""
# What a reader says of each example text (a stand-in for StanceReader.position_of).
READINGS = {
    "We will keep the levy.": Stance("ferry-levy", "keep", 0.85, ("keep the levy",)),
    "It is not the time to keep the levy.": Stance(
        "ferry-levy", "keep", 0.85, ("keep the levy", "time")
    ),
    "The levy was set in 2019.": None,
}


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    (tmp_path / "officials.yaml").write_text(OFFICIALS, encoding="utf-8")
    (tmp_path / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    return tmp_path


def read(text: str, topic: str) -> Stance | None:
    assert topic == "ferry-levy"
    return READINGS[text]


def test_examples_failure_names_file_line_key_path_and_evidence(config_dir: Path) -> None:
    loaded = load(config_dir)
    results = run_examples(loaded.topics, read)
    assert [r.passed for r in results] == [True, False, True]
    assert str(results[1].failure()) == (
        f"{config_dir}/topics.yaml:13: topics[0].examples[1]: expected scrap, got keep "
        "(evidence: 'keep the levy', 'time')"
    )


@pytest.mark.parametrize(
    ("expected", "got", "message"),
    [
        ("keep", None, "expected keep, got no position"),
        (
            None,
            Stance("ferry-levy", "scrap", 0.7, ("not: keep the levy",)),
            ("expected no position, got scrap (evidence: 'not: keep the levy')"),
        ),
    ],
)
def test_examples_no_position_either_way(
    config_dir: Path, expected: str | None, got: Stance | None, message: str
) -> None:
    text = TOPICS.replace("position: keep\n", f"position: {expected or 'null'}\n", 1)
    (config_dir / "topics.yaml").write_text(text, encoding="utf-8")
    loaded = load(config_dir)
    [first, *_] = run_examples(loaded.topics, lambda _text, _topic: got)
    assert str(first.failure()).endswith(f"topics[0].examples[0]: {message}")


def test_examples_tally_per_topic_and_only_some_topics(config_dir: Path) -> None:
    loaded = load(config_dir)
    results = run_examples(loaded.topics, read)
    assert [str(t) for t in tally(loaded.topics, results)] == [
        "ferry-levy: 2 passed, 1 failed",
        "tram-line: no examples",
    ]
    assert run_examples(loaded.topics, read, only=["tram-line"]) == []
    assert [t.topic for t in tally(loaded.topics, [], only=["tram-line"])] == ["tram-line"]
