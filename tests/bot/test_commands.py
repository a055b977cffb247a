"""The platform-free command layer: what /stance, /why, /subscribe, /feeds and /rules answer.

Adapters only translate these Replies, so what a Discord or Slack user sees is decided here.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.alerts import AlertBook
from bot.commands import Caller, Commands, Reply
from bot.pipeline import Pipeline
from bot.runner import ConfigReloader
from bot.store import SqlStore
from rules.config import Config
from rules.loader import load_config
from rules.records import Finding, Statement
from tests.bot.statements import said as said_on

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)

MEMBER = Caller(platform="discord", workspace="g1", channel="100", user="u1")
ADMIN = Caller(platform="discord", workspace="g1", channel="100", user="u2", is_admin=True)

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour wire</title>
<item><title>Quay works</title><link>http://127.0.0.1/quay</link><guid>q1</guid>
<description>The quay reopens in June.</description></item></channel></rss>"""


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    target = tmp_path / "config"
    shutil.copytree(ROOT / "config", target)
    return target


@pytest.fixture
def pipeline(config_dir: Path, tmp_path: Path) -> Iterator[Pipeline]:
    config = load_config(config_dir)
    store = SqlStore(f"sqlite:///{tmp_path / 'commands.db'}")
    yield Pipeline(config, store, {}, clock=lambda: NOW)
    store.close()


@pytest.fixture
def commands(pipeline: Pipeline) -> Commands:
    return Commands(pipeline, reload=ConfigReloader(pipeline).reload_now, clock=lambda: NOW)


def said(who: str, day: date, position: str | None, words: str) -> Statement:
    return said_on(who, day, position, words, topic="north-korea", cues=("ready to talk",))


def allow_loopback(pipeline: Pipeline) -> None:
    settings = pipeline.config.settings.model_copy(update={"allow_hosts": ["127.0.0.1"]})
    pipeline.config = replace(pipeline.config, settings=settings)


def run(coro: Any) -> Reply:
    result: Reply = asyncio.run(coro)
    return result


def text_of(reply: Reply) -> str:
    card = reply.card
    return "\n".join([card.title, card.text, *(f"{f.name}\n{f.value}" for f in card.fields)])


# --- questions ------------------------------------------------------------------------------


def test_commands_stance_answers_with_the_position_and_evidence(
    commands: Commands, pipeline: Pipeline
) -> None:
    pipeline.store.add_statements(
        [said("tillerson", date(2017, 9, 30), "engage", "We have lines open to them, he said.")]
    )
    reply = run(commands.stance(MEMBER, "tillerson", "north-korea"))
    assert not reply.ephemeral
    assert reply.card.kind == "stance"
    assert "Position: engage" in reply.card.text
    assert "We have lines open to them" in text_of(reply)


def test_commands_stance_carries_a_png_chart_when_positions_are_dated(
    commands: Commands, pipeline: Pipeline
) -> None:
    assert run(commands.stance(MEMBER, "tillerson", "north-korea")).attachments == ()
    pipeline.store.add_statements(
        [said("tillerson", date(2017, 9, 30), "engage", "We have lines open to them.")]
    )
    [chart] = run(commands.stance(MEMBER, "tillerson", "north-korea")).attachments
    assert chart.filename == "stance-tillerson-north-korea.png"
    assert chart.content_type == "image/png" and chart.data.startswith(b"\x89PNG\r\n\x1a\n")


def test_commands_timeline_compare_and_alerts_answer_from_the_store(
    commands: Commands, pipeline: Pipeline
) -> None:
    pipeline.store.add_statements(
        [
            said("tillerson", date(2017, 9, 30), "engage", "We have lines open to them."),
            said("trump", date(2017, 10, 1), "refuse", "Talking to them wastes our time."),
        ]
    )
    line = run(commands.timeline(MEMBER, "tillerson"))
    assert not line.ephemeral and "We have lines open to them." in text_of(line)
    versus = run(commands.compare(MEMBER, "tillerson", "trump", "north-korea"))
    assert not versus.ephemeral
    assert "engage" in text_of(versus) and "refuse" in text_of(versus)
    quiet = run(commands.alerts(MEMBER, "north-korea", 7))
    assert not quiet.ephemeral and "No alerts" in text_of(quiet)
    too_long = run(commands.alerts(MEMBER, None, 5000))
    assert too_long.ephemeral and too_long.card.kind == "error"
    unknown = run(commands.compare(MEMBER, "tillerson", "trump", "north-korae"))
    assert unknown.ephemeral and "did you mean 'north-korea'" in unknown.card.text


def test_commands_unknown_id_is_an_ephemeral_hint_not_an_exception(commands: Commands) -> None:
    reply = run(commands.stance(MEMBER, "tilerson", "north-korea"))
    assert reply.ephemeral and reply.card.kind == "error"
    assert "did you mean 'tillerson'" in reply.card.text


def test_commands_why_explains_a_stored_alert(commands: Commands, pipeline: Pipeline) -> None:
    a = said("tillerson", date(2017, 9, 30), "engage", "We can talk to them directly.")
    b = said("trump", date(2017, 10, 1), "refuse", "Talking to them is a waste of time.")
    finding = Finding(
        type="contradiction",
        rule_id="one-voice",
        topic="north-korea",
        officials=("tillerson", "trump"),
        positions=(("tillerson", "engage"), ("trump", "refuse")),
        statements=(a, b),
        confidence=0.8,
        channels=("#x",),
        window_days=30,
    )
    event = AlertBook(pipeline.store).record(finding, NOW)
    assert event is not None
    reply = run(commands.why(MEMBER, event.alert.id[:5]))
    assert reply.card.kind == "explanation" and not reply.ephemeral
    assert event.alert.id in reply.card.title

    missing = run(commands.why(MEMBER, "Azzzz"))
    assert missing.ephemeral and missing.card.kind == "error"


def test_commands_unexpected_failure_is_reported_in_plain_words(
    commands: Commands, pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    def broken(*args: object, **kwargs: object) -> list[Statement]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pipeline.store, "statements_by", broken)
    reply = run(commands.stance(MEMBER, "tillerson", "north-korea"))
    assert reply.ephemeral and "the bot's log has the details" in reply.card.text
    assert "disk on fire" not in reply.card.text
    assert "disk on fire" in caplog.text


def test_commands_run_store_work_off_the_event_loop(
    commands: Commands, pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    original = pipeline.store.statements_by

    def spy(*args: Any, **kwargs: Any) -> list[Statement]:
        threads.append(threading.current_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(pipeline.store, "statements_by", spy)
    run(commands.stance(MEMBER, "tillerson", "north-korea"))
    assert threads and threading.main_thread() not in threads


def test_commands_stance_reads_the_store_once_for_the_card_and_the_chart(
    commands: Commands, pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline.store.add_statements(
        [
            said("pompeo", date(2018, 6, 1), "engage", "The door to a summit stays open."),
            said("nauert", date(2018, 6, 3), "refuse", "There will be no meeting this year."),
        ]
    )
    reads: list[str] = []
    for name in ("statements_by", "statements_on", "statements_since"):
        original = getattr(pipeline.store, name)

        def counted(*args: Any, _name: str = name, _original: Any = original, **kw: Any) -> Any:
            reads.append(_name)
            return _original(*args, **kw)

        monkeypatch.setattr(pipeline.store, name, counted)
    reply = run(commands.stance(MEMBER, "pompeo", "north-korea"))
    # The card names the opposed peer and the chart is drawn: both needed the peer's words.
    assert "nauert" in text_of(reply).lower() and len(reply.attachments) == 1
    assert sorted(reads) == ["statements_by", "statements_on"]


# --- subscriptions --------------------------------------------------------------------------


def test_commands_subscribe_persists_per_channel_and_routes_later_alerts(
    commands: Commands, pipeline: Pipeline
) -> None:
    reply = run(commands.subscribe(MEMBER, "topic", "north-korea"))
    assert not reply.ephemeral and "now gets the alerts about topic north-korea" in reply.card.text
    again = run(commands.subscribe(MEMBER, "topic", "north-korea"))
    assert "already gets" in again.card.text
    run(commands.subscribe(MEMBER, "official", "trump", channel="200"))

    subs = pipeline.store.subscriptions(workspace="g1")
    assert [(s.channel, s.kind, s.target) for s in subs] == [
        ("discord:100", "topic", "north-korea"),
        ("discord:200", "official", "trump"),
    ]
    # An alert on the topic now goes to the subscribed channel through the pipeline's book.
    a = said("tillerson", date(2017, 9, 30), "engage", "We can talk to them directly.")
    finding = Finding(
        type="first_position",
        rule_id="first",
        topic="north-korea",
        officials=("tillerson",),
        positions=(("tillerson", "engage"),),
        statements=(a,),
        confidence=0.8,
        channels=(),
        window_days=30,
    )
    event = pipeline.book.record(finding, NOW)
    assert event is not None and "discord:100" in event.alert.channels
    assert "discord:200" not in event.alert.channels


def test_commands_subscribe_checks_the_kind_and_the_id(commands: Commands) -> None:
    wrong_kind = run(commands.subscribe(MEMBER, "person", "trump"))
    assert wrong_kind.ephemeral and "topic, group, official" in wrong_kind.card.text
    wrong_id = run(commands.subscribe(MEMBER, "group", "us-administraton"))
    assert wrong_id.ephemeral and "did you mean 'us-administration'" in wrong_id.card.text


def test_commands_unsubscribe_stops_and_says_what_is_left(
    commands: Commands, pipeline: Pipeline
) -> None:
    run(commands.subscribe(MEMBER, "topic", "north-korea"))
    run(commands.subscribe(MEMBER, "group", "us-administration"))
    reply = run(commands.unsubscribe(MEMBER, "topic", "north-korea"))
    assert not reply.ephemeral and "follows: group us-administration" in reply.card.text
    never = run(commands.unsubscribe(MEMBER, "official", "trump"))
    assert never.ephemeral and "does not follow official trump" in never.card.text
    assert [s.kind for s in pipeline.store.subscriptions(channel="discord:100")] == ["group"]


# --- admin ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda c, who: c.feeds_add(who, "http://127.0.0.1:9/feed.xml"),
        lambda c, who: c.feeds_remove(who, "x"),
        lambda c, who: c.feeds_list(who),
        lambda c, who: c.rules_check(who),
        lambda c, who: c.rules_reload(who),
    ],
)
def test_commands_admin_commands_refuse_members(commands: Commands, call: Any) -> None:
    reply = run(call(commands, MEMBER))
    assert reply.ephemeral and reply.card.title == "Not allowed"
    assert "Manage Server" in reply.card.text


def test_commands_feeds_add_reads_the_feed_then_watches_it(
    commands: Commands, pipeline: Pipeline, http_server: Any
) -> None:
    url = http_server.serve("/harbour.xml", RSS, content_type="application/rss+xml")
    allow_loopback(pipeline)
    reply = run(commands.feeds_add(ADMIN, url, "harbour-wire"))
    assert not reply.ephemeral, reply.card.text
    assert "Watching harbour-wire" in reply.card.text and "1 entries" in reply.card.text
    listed = run(commands.feeds_list(ADMIN))
    assert "harbour-wire · enabled" in text_of(listed)
    twice = run(commands.feeds_add(ADMIN, url))
    assert twice.ephemeral and "watched already, as 'harbour-wire'" in twice.card.text

    removed = run(commands.feeds_remove(ADMIN, "harbour-wire"))
    assert not removed.ephemeral
    assert "harbour-wire" not in text_of(run(commands.feeds_list(ADMIN)))
    unknown = run(commands.feeds_remove(ADMIN, "harbour-wire"))
    assert unknown.ephemeral


def test_commands_feeds_add_refuses_paths_private_hosts_and_non_feeds(
    commands: Commands, http_server: Any, pipeline: Pipeline
) -> None:
    local = run(commands.feeds_add(ADMIN, "/etc/passwd"))
    assert local.ephemeral and "http:// or https://" in local.card.text
    url = http_server.serve("/page.html", "<html><body>hi</body></html>", content_type="text/html")
    private = run(commands.feeds_add(ADMIN, url))
    assert private.ephemeral and private.card.title == "Feed not added"
    allow_loopback(pipeline)
    not_a_feed = run(commands.feeds_add(ADMIN, url))
    assert not_a_feed.ephemeral and not_a_feed.card.title == "Feed not added"
    assert pipeline.store.saved_feeds() == []


def test_commands_rules_check_reports_file_and_line(commands: Commands, config_dir: Path) -> None:
    ok = run(commands.rules_check(ADMIN))
    assert not ok.ephemeral and ok.card.title == "Rule files OK"
    rules = config_dir / "rules.yaml"
    rules.write_text(rules.read_text() + "\nbogus_key: 1\n")
    broken = run(commands.rules_check(ADMIN))
    assert broken.ephemeral and "rules.yaml:" in broken.card.text


def test_commands_rules_reload_takes_up_an_edit_and_keeps_rules_on_a_bad_one(
    commands: Commands, pipeline: Pipeline, config_dir: Path
) -> None:
    officials = config_dir / "officials.yaml"
    before = len(pipeline.config.groups)
    officials.write_text(
        officials.read_text().replace(
            "groups:\n", "groups:\n  - id: harbour-board\n    name: Harbour board\n", 1
        )
    )
    reply = run(commands.rules_reload(ADMIN))
    assert reply.card.title == "Rules reloaded", reply.card.text
    assert len(pipeline.config.groups) == before + 1

    officials.write_text(officials.read_text() + "\nnot: [valid\n")
    refused = run(commands.rules_reload(ADMIN))
    assert refused.ephemeral and "officials.yaml:" in refused.card.text
    assert len(pipeline.config.groups) == before + 1  # the last good rules keep running


def test_commands_choices_complete_ids_and_names(commands: Commands) -> None:
    assert ("tillerson", "Rex Tillerson") in commands.choices("official", "rex")
    assert [v for v, _ in commands.choices("topic", "korea")] == ["north-korea"]
    assert [v for v, _ in commands.choices("group", "admin")] == ["us-administration"]
    assert all(len(commands.choices(k, "")) <= 25 for k in ("official", "topic", "group", "feed"))


def test_commands_read_the_configuration_in_force_at_each_call(
    commands: Commands, pipeline: Pipeline
) -> None:
    config: Config = pipeline.config
    pipeline.config = Config(base_dir=config.base_dir, topics=config.topics)
    reply = run(commands.stance(MEMBER, "tillerson", "north-korea"))
    assert reply.ephemeral and "unknown official" in reply.card.text
