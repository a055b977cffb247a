"""``run`` reloads an edited configuration; a bad edit keeps the old rules running."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.adapters.console import ConsoleAdapter
from bot.pipeline import Pipeline
from bot.runner import ConfigReloader
from bot.store import SqlStore
from rules.loader import load_config
from watchers.article import Article

NOW = datetime(2025, 5, 2, 9, 0, tzinfo=UTC)
OFFICIALS = """\
officials:
  - id: brook
    name: Ada Brook
    pronoun: she
  - id: quarry
    name: Ben Quarry
    pronoun: he
"""
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
"""
SHIFTS = "rules:\n  - id: shifts\n    type: shift\n    scope: official\n"
FIRSTS = "rules:\n  - id: firsts\n    type: first_position\n    severity: high\n"
TYPO = "rules:\n  - id: firsts\n    type: first_postion\n"


def article(n: int, who: str, position: str) -> Article:
    text = f'"We will {position} the ferry levy for another year," {who} said on Thursday.\n'
    return Article(id=f"levy-{n}", source="Harbour Gazette", text=text, published=date(2025, 5, n))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    config = tmp_path / "config"
    config.mkdir()
    files = {
        "officials.yaml": OFFICIALS,
        "topics.yaml": TOPICS,
        "rules.yaml": SHIFTS,
        "settings.yaml": f"store_url: sqlite:///{tmp_path / 'run.db'}\nadmin_channel: '#ops'\n",
    }
    for name, text in files.items():
        (config / name).write_text(text, encoding="utf-8")
    return config


@pytest.fixture
def console() -> ConsoleAdapter:
    return ConsoleAdapter(stream=io.StringIO())


@pytest.fixture
def pipeline(folder: Path, console: ConsoleAdapter, tmp_path: Path) -> Iterator[Pipeline]:
    config = load_config(folder)
    with SqlStore(config.settings.store_url) as store:
        yield Pipeline(config, store, {"console": console}, clock=lambda: NOW)


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def test_runner_reload_keeps_old_rules_on_a_bad_edit_and_takes_a_good_one(
    folder: Path,
    pipeline: Pipeline,
    console: ConsoleAdapter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    reloader = ConfigReloader(pipeline)
    running = pipeline.config
    assert pipeline.extractor is not None
    nlp = pipeline.extractor.nlp
    assert await reloader.tick() is False  # nothing edited

    (folder / "rules.yaml").write_text(TYPO, encoding="utf-8")
    with caplog.at_level(logging.INFO):
        assert await reloader.tick() is False
        assert await reloader.tick() is False  # the same bad version is reported once
    [logged] = errors(caplog)
    problem = f"{folder}/rules.yaml:3: rules[0].type: unknown rule type 'first_postion'"
    assert problem in logged
    assert pipeline.config is running
    [posted] = console.posted
    assert posted.channel == "#ops"
    assert problem in posted.card.text

    # Still the old rules: a first position fires nothing.
    first = pipeline.ingest(article(1, "Ada Brook", "keep"))
    assert first.attributed and first.events == ()

    (folder / "rules.yaml").write_text(FIRSTS, encoding="utf-8")
    assert await reloader.tick() is True
    assert [r.id for r in pipeline.config.rules] == ["firsts"]
    assert pipeline.extractor is not None and pipeline.extractor.nlp is nlp  # spaCy kept

    # Later articles are judged by the new rules (Brook has taken a position already).
    second = pipeline.ingest(article(2, "Ben Quarry", "scrap"))
    [event] = second.events
    assert (event.alert.type, event.alert.officials, event.alert.severity) == (
        "first_position",
        ("quarry",),
        "high",
    )
    assert len(errors(caplog)) == 1


async def test_runner_reload_reports_each_bad_version_and_takes_topic_edits(
    folder: Path,
    pipeline: Pipeline,
    console: ConsoleAdapter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    reloader = ConfigReloader(pipeline)
    with caplog.at_level(logging.ERROR):
        (folder / "rules.yaml").write_text(TYPO, encoding="utf-8")
        await reloader.tick()
        (folder / "rules.yaml").write_text(TYPO.replace("firsts", "Firsts"), encoding="utf-8")
        await reloader.tick()
    assert len(errors(caplog)) == 2
    assert len(console.posted) == 2

    (folder / "rules.yaml").write_text(SHIFTS, encoding="utf-8")
    (folder / "topics.yaml").write_text(TOPICS.replace("[ferry levy]", "[ferry levy, fare]"))
    assert await reloader.tick() is True
    assert pipeline.config.topics[0].match == ["ferry levy", "fare"]
    assert pipeline.extractor is not None
    assert pipeline.extractor.stance.topics == list(pipeline.config.topics)


async def test_runner_reload_without_admin_channel_only_logs(
    folder: Path, pipeline: Pipeline, console: ConsoleAdapter, caplog: pytest.LogCaptureFixture
) -> None:
    reloader = ConfigReloader(pipeline)
    settings = folder / "settings.yaml"
    settings.write_text(settings.read_text().replace("admin_channel: '#ops'\n", ""))
    assert await reloader.tick() is True
    assert pipeline.config.settings.admin_channel is None
    (folder / "topics.yaml").write_text(TOPICS + "    nmae: typo\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        assert await reloader.tick() is False
    [logged] = errors(caplog)
    assert f"{folder}/topics.yaml:10: topics[0].nmae: unknown key 'nmae'" in logged
    assert console.posted == []
