from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.adapters.console import ConsoleAdapter
from bot.alerts import AlertBook, alert_id
from bot.outbox import flush
from bot.store import SqlStore
from rules.records import Finding, Stance, Statement

NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    store = SqlStore(f"sqlite:///{tmp_path / 'alerts.db'}")
    yield store
    store.close()


def said(article: str, who: str, position: str, day: date | None) -> Statement:
    return Statement(
        article_id=article,
        source="Harbour Gazette",
        kind="direct",
        text=f"{who} on the levy in {article}",
        start=0,
        end=30,
        speaker=who.title(),
        speaker_id=who,
        speaker_mention=None,
        cue="said",
        date=day,
        stances=(Stance("harbour-tax", position, 0.8, ("levy",)),),
    )


def contradiction(*statements: Statement, window_days: int = 30) -> Finding:
    return Finding(
        type="contradiction",
        rule_id="harbour-one-voice",
        topic="harbour-tax",
        officials=("ada", "bo"),
        positions=tuple(sorted({s.speaker_id or "": _position(s) for s in statements}.items())),
        statements=statements,
        confidence=0.7,
        channels=("#alerts", "#policy"),
        window_days=window_days,
    )


def _position(statement: Statement) -> str:
    return statement.stances[0].position


ADA_JAN = said("a1", "ada", "support", date(2024, 1, 10))
BO_JAN = said("a2", "bo", "oppose", date(2024, 1, 12))
BO_FEB = said("a3", "bo", "oppose", date(2024, 2, 1))


def test_alerts_first_finding_creates_alert_and_one_delivery_per_channel(store: SqlStore) -> None:
    event = AlertBook(store).record(contradiction(ADA_JAN, BO_JAN), NOW)
    assert event is not None and not event.updated
    alert = event.alert
    assert (alert.revision, alert.first_fired_at, alert.updated_at) == (0, NOW, NOW)
    assert alert.statement_ids == (ADA_JAN.id, BO_JAN.id)
    assert alert.position_map == {"ada": "support", "bo": "oppose"}
    assert store.get_alert(alert.id) == alert
    deliveries = [(d.channel, d.revision, d.reply_to_alert) for d in store.list_deliveries()]
    assert deliveries == [("#alerts", 0, False), ("#policy", 0, False)]


async def test_alerts_update_within_window_bumps_revision_and_threads_replies(
    store: SqlStore,
) -> None:
    book = AlertBook(store)
    first = book.record(contradiction(ADA_JAN, BO_JAN), NOW)
    console = ConsoleAdapter()
    await flush(store, {"console": console}, NOW)

    later = NOW + timedelta(days=20)
    update = book.record(contradiction(ADA_JAN, BO_FEB), later)
    assert first is not None and update is not None
    assert update.updated and update.new_statements == (BO_FEB,)
    assert update.alert.id == first.alert.id
    assert update.alert.revision == 1
    assert (update.alert.first_fired_at, update.alert.updated_at) == (NOW, later)
    assert update.alert.statement_ids == (ADA_JAN.id, BO_JAN.id, BO_FEB.id)

    await flush(store, {"console": console}, later)
    replies = [(p.channel, p.reply_to) for p in console.posted[2:]]
    assert replies == [("#alerts", "console:1"), ("#policy", "console:2")]


def test_alerts_new_alert_after_the_window(store: SqlStore) -> None:
    book = AlertBook(store)
    first = book.record(contradiction(ADA_JAN, BO_JAN, window_days=10), NOW)
    ada_may = said("a4", "ada", "support", date(2024, 5, 1))
    bo_may = said("a5", "bo", "oppose", date(2024, 5, 2))
    second = book.record(contradiction(ada_may, bo_may, window_days=10), NOW)
    assert first is not None and second is not None
    assert not second.updated
    assert second.alert.id != first.alert.id  # same key and clock, new evidence
    assert second.alert.revision == 0
    assert len(store.list_alerts()) == 2


def test_alerts_no_event_when_the_finding_brings_nothing_new(store: SqlStore) -> None:
    book = AlertBook(store)
    book.record(contradiction(ADA_JAN, BO_JAN), NOW)
    deliveries = store.list_deliveries()
    assert book.record(contradiction(BO_JAN, ADA_JAN), NOW + timedelta(hours=1)) is None
    assert store.list_deliveries() == deliveries
    [alert] = store.list_alerts()
    assert alert.revision == 0


def test_alerts_undated_evidence_updates_the_latest_alert(store: SqlStore) -> None:
    book = AlertBook(store)
    book.record(contradiction(ADA_JAN, BO_JAN), NOW)
    undated = said("a6", "bo", "oppose", None)
    event = book.record(contradiction(ADA_JAN, undated), NOW + timedelta(hours=1))
    assert event is not None and event.updated
    assert event.alert.statement_ids[-1] == undated.id  # undated evidence sorts last


def test_alerts_id_is_short_and_stable() -> None:
    key = ("contradiction", "harbour-tax", ("ada", "bo"))
    first = alert_id(key, NOW, ["s1", "s2"])
    assert first == alert_id(key, NOW.astimezone(), ["s2", "s1"])
    assert first.startswith("A") and len(first) == 9
    assert first != alert_id(key, NOW + timedelta(seconds=1), ["s1", "s2"])


def test_alerts_findings_without_channels_go_to_the_default_channels(store: SqlStore) -> None:
    bare = replace(contradiction(ADA_JAN, BO_JAN), channels=())
    event = AlertBook(store, default_channels=["#policy-alerts"]).record(bare, NOW)
    assert event is not None and event.alert.channels == ("#policy-alerts",)
    assert [d.channel for d in store.list_deliveries()] == ["#policy-alerts"]
