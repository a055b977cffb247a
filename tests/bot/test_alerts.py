from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.adapters.console import ConsoleAdapter
from bot.alerts import AlertBook, alert_id
from bot.outbox import flush
from bot.store import SqlStore, Subscription
from rules.config import Config
from rules.model import Official
from rules.records import Finding, Statement
from tests.bot.statements import finding, said

NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    store = SqlStore(f"sqlite:///{tmp_path / 'alerts.db'}")
    yield store
    store.close()


on_levy = functools.partial(said, topic="harbour-tax", cues=("levy",), source="Harbour Gazette")


# Alerts with two channels, to see one delivery per channel.
contradiction = functools.partial(finding, channels=("#alerts", "#policy"), window_days=30)


ADA_JAN = on_levy("ada", date(2024, 1, 10), "support", "ada on the levy")
BO_JAN = on_levy("bo", date(2024, 1, 12), "oppose", "bo on the levy")
BO_FEB = on_levy("bo", date(2024, 2, 1), "oppose", "bo on the levy")


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
    ada_may = on_levy("ada", date(2024, 5, 1), "support", "ada on the levy")
    bo_may = on_levy("bo", date(2024, 5, 2), "oppose", "bo on the levy")
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
    undated = on_levy("bo", None, "oppose", "bo on the levy")
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


# --- severity ---------------------------------------------------------------------------


def test_alerts_severity_reaches_the_stored_alert(store: SqlStore) -> None:
    event = AlertBook(store).record(replace(contradiction(ADA_JAN, BO_JAN), severity="high"), NOW)
    assert event is not None
    stored = store.get_alert(event.alert.id)
    assert stored is not None and stored.severity == "high"
    assert [a.severity for a in store.list_alerts()] == ["high"]


@pytest.mark.parametrize(
    ("first", "then", "kept"),
    [("low", "critical", "critical"), ("high", "medium", "high"), ("medium", "medium", "medium")],
)
def test_alerts_update_keeps_the_graver_severity(
    store: SqlStore, first: str, then: str, kept: str
) -> None:
    book = AlertBook(store)
    book.record(replace(contradiction(ADA_JAN, BO_JAN), severity=first), NOW)
    event = book.record(replace(contradiction(ADA_JAN, BO_FEB), severity=then), NOW)
    assert event is not None and event.updated
    stored = store.get_alert(event.alert.id)
    assert stored is not None and stored.severity == kept


# --- cooldown ---------------------------------------------------------------------------

BO_FEB_LATER = on_levy("bo", date(2024, 2, 3), "oppose", "bo on the levy")
BO_MAR = on_levy("bo", date(2024, 3, 1), "oppose", "bo on the levy")


def cooling(*statements: Statement) -> Finding:
    return replace(finding(*statements, window_days=30), cooldown_hours=6)


async def test_alerts_cooldown_holds_updates_back_and_posts_them_once(store: SqlStore) -> None:
    book, console = AlertBook(store), ConsoleAdapter(stream=io.StringIO())
    adapters = {"console": console}

    book.record(cooling(ADA_JAN, BO_JAN), NOW)
    assert len((await flush(store, adapters, NOW)).sent) == 1  # the first firing is never held

    # Two updates inside the cooldown: recorded at once, posted at neither time.
    first = book.record(cooling(ADA_JAN, BO_FEB), NOW + timedelta(hours=1))
    assert first is not None and first.alert.revision == 1
    assert (await flush(store, adapters, NOW + timedelta(hours=1))).sent == ()
    second = book.record(cooling(ADA_JAN, BO_FEB_LATER), NOW + timedelta(hours=2))
    assert second is not None and second.alert.due_at == NOW + timedelta(hours=6)
    assert (await flush(store, adapters, NOW + timedelta(hours=5, minutes=59))).sent == ()

    # When the cooldown has passed: one update with everything, the older revision skipped.
    report = await flush(store, adapters, NOW + timedelta(hours=6))
    assert (len(report.sent), len(report.skipped)) == (1, 1)
    assert (await flush(store, adapters, NOW + timedelta(hours=9))).sent == ()
    assert len(console.posted) == 2
    update = console.posted[1]
    assert update.reply_to == "console:1"  # threaded under the first message
    assert update.card.title.startswith("Update")
    stored = store.get_alert(second.alert.id)
    assert stored is not None and stored.revision == 2
    assert {BO_FEB.id, BO_FEB_LATER.id} <= set(stored.statement_ids)


async def test_alerts_cooldown_runs_from_the_last_posted_update(store: SqlStore) -> None:
    book, adapters = AlertBook(store), {"console": ConsoleAdapter(stream=io.StringIO())}
    book.record(cooling(ADA_JAN, BO_JAN), NOW)
    await flush(store, adapters, NOW)
    held = book.record(cooling(ADA_JAN, BO_FEB), NOW + timedelta(hours=1))
    assert held is not None and held.alert.due_at == NOW + timedelta(hours=6)
    await flush(store, adapters, NOW + timedelta(hours=6))
    # Six hours after that update went out, the next one is not held at all.
    later = NOW + timedelta(hours=13)
    free = book.record(cooling(ADA_JAN, BO_MAR), later)
    assert free is not None and free.alert.due_at == later
    assert len((await flush(store, adapters, later)).sent) == 1


async def test_alerts_cooldown_never_holds_back_an_unposted_first_firing(store: SqlStore) -> None:
    # Two articles in one poll: the alert fires and is updated before anything is posted.
    book, console = AlertBook(store), ConsoleAdapter(stream=io.StringIO())
    book.record(cooling(ADA_JAN, BO_JAN), NOW)
    book.record(cooling(ADA_JAN, BO_FEB), NOW + timedelta(seconds=1))
    report = await flush(store, {"console": console}, NOW + timedelta(seconds=1))
    assert len(report.sent) == 1
    [posted] = console.posted
    assert posted.reply_to is None


def test_alerts_without_cooldown_updates_are_due_at_once(store: SqlStore) -> None:
    book = AlertBook(store)
    book.record(contradiction(ADA_JAN, BO_JAN), NOW)
    book.record(contradiction(ADA_JAN, BO_FEB), NOW + timedelta(minutes=5))
    assert [d.revision for d in store.pending_deliveries(NOW + timedelta(minutes=5))] == [
        0,
        0,
        1,
        1,
    ]


# --- subscriptions ------------------------------------------------------------------------


def _subscribe(store: SqlStore, channel: str, kind: str, target: str) -> None:
    store.add_subscription(
        Subscription(channel=channel, workspace="g1", kind=kind, target=target, created_at=NOW)  # type: ignore[arg-type]
    )


def _harbour_config(tmp_path: Path) -> Config:
    return Config(
        base_dir=tmp_path,
        officials=(
            Official(id="ada", name="Ada Quill", groups=["harbour-council"]),
            # Bo joins the council in February: his January words are not the council's.
            Official.model_validate(
                {
                    "id": "bo",
                    "name": "Bo Marsh",
                    "groups": [{"group": "harbour-council", "from": "2024-02-01"}],
                }
            ),
        ),
    )


def test_alerts_go_to_channels_subscribed_to_the_topic_or_an_official(store: SqlStore) -> None:
    _subscribe(store, "discord:10", "topic", "harbour-tax")
    _subscribe(store, "discord:11", "official", "bo")
    _subscribe(store, "discord:12", "topic", "fishing-quotas")
    _subscribe(store, "discord:13", "official", "cy")
    event = AlertBook(store, ["#default"]).record(contradiction(ADA_JAN, BO_JAN), NOW)
    assert event is not None
    # The rule's own channels first, then the subscribers; nobody else.
    assert event.alert.channels == ("#alerts", "#policy", "discord:10", "discord:11")
    assert [d.channel for d in store.list_deliveries(event.alert.id)] == list(event.alert.channels)


def test_alerts_group_subscription_follows_dated_membership(
    store: SqlStore, tmp_path: Path
) -> None:
    _subscribe(store, "slack:C1", "group", "harbour-council")
    config = _harbour_config(tmp_path)
    bo_only = contradiction(BO_JAN, type="first_position")
    event = AlertBook(store, config=config).record(bo_only, NOW)
    assert event is not None and "slack:C1" not in event.alert.channels

    bo_later = contradiction(BO_FEB, type="first_position")
    later = AlertBook(store, config=config).record(replace(bo_later, topic="harbour-fees"), NOW)
    assert later is not None and "slack:C1" in later.alert.channels


def test_alerts_unsubscribed_channel_gets_no_later_alert(store: SqlStore) -> None:
    _subscribe(store, "discord:10", "topic", "harbour-tax")
    store.remove_subscription("discord:10", "topic", "harbour-tax")
    event = AlertBook(store).record(contradiction(ADA_JAN, BO_JAN), NOW)
    assert event is not None and "discord:10" not in event.alert.channels
