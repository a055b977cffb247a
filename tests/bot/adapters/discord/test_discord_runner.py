"""Discord in the running bot: adapters_for, send-test-alert and the seed scenario, all
against the loopback Discord API."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.adapters.discord import DiscordAdapter
from bot.cli import main, replay_sources
from bot.pipeline import Pipeline
from bot.runner import adapters_for
from bot.store import SqlStore, open_store
from rules.loader import load_config
from tests.bot.adapters.discord.fake_discord import FakeDiscord, Sent, keep_discord_globals
from tests.bot.adapters.discord.waits import Waits
from tests.scenarios.goldcheck import GoldResult, check_alerts_fired, seeds_feed
from watchers.errors import ConfigError

ROOT = Path(__file__).resolve().parents[4]
CHANNEL = "1200000000000000001"
TOKEN = "MTIz.fake-token-for-tests"


@pytest.fixture
def fake(http_server: Any, monkeypatch: pytest.MonkeyPatch) -> FakeDiscord:
    keep_discord_globals(monkeypatch)
    server = FakeDiscord(http_server)
    server.open_channel(CHANNEL)
    return server


def discord_config(tmp_path: Path) -> Path:
    """The shipped configuration, switched to Discord as a user would: enabled in settings,
    and the alert channel named by its Discord id."""
    target = tmp_path / "config"
    shutil.copytree(ROOT / "config", target)
    for name in ("settings.yaml", "rules.yaml"):
        path = target / name
        text = path.read_text(encoding="utf-8").replace('"#policy-alerts"', f'"discord:{CHANNEL}"')
        path.write_text(text, encoding="utf-8")
    settings = target / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace(
            "  console:\n    enabled: true",
            "  console:\n    enabled: false\n  discord:\n    enabled: true",
        ),
        encoding="utf-8",
    )
    return target


def mentions_nobody(sent: Sent) -> bool:
    shown = sent.text
    return (
        sent.payload["allowed_mentions"] == {"parse": []}
        and not re.search(r"@(everyone|here)", shown)
        and "<@" not in shown  # Slack's <!channel> means nothing on Discord: left as written
    )


# --- adapters_for ------------------------------------------------------------------------


def test_discord_adapters_for_reads_the_token_and_api_base_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeDiscord
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("DISCORD_API_BASE", fake.base)

    adapters = adapters_for(load_config(discord_config(tmp_path)))

    assert list(adapters) == ["discord"]
    adapter = adapters["discord"]
    assert isinstance(adapter, DiscordAdapter) and adapter.api_base == fake.base
    assert TOKEN not in repr(adapter)


@pytest.mark.parametrize(
    ("environment", "words"),
    [
        ({}, "DISCORD_TOKEN is not set"),
        ({"DISCORD_TOKEN": "  "}, "DISCORD_TOKEN is not set"),
        ({"DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": "discord.example"}, "not an http(s) URL"),
    ],
)
def test_discord_adapters_for_names_the_variable_that_is_missing_or_wrong(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], words: str
) -> None:
    for name in ("DISCORD_TOKEN", "DISCORD_API_BASE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(ConfigError, match=re.escape(words)) as raised:
        adapters_for(load_config(discord_config(tmp_path)))
    assert TOKEN not in str(raised.value)


# --- send-test-alert ------------------------------------------------------------------------


def test_discord_send_test_alert_posts_the_hostile_sample_harmlessly(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fake: FakeDiscord,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("DISCORD_API_BASE", fake.base)
    db = f"sqlite:///{tmp_path / 'outbox.db'}"
    argv = ["send-test-alert", "--platform", "discord", "--channel", CHANNEL]

    code = main([*argv, "--config", str(ROOT / "config"), "--db", db])

    assert code == 0, capsys.readouterr().err
    [sent] = fake.posts_to(CHANNEL)
    assert mentions_nobody(sent)
    fields = "\n".join(f["value"] for f in sent.embeds[0]["fields"])
    assert r"\*\*bold\*\*" in fields and "@\u200beveryone" in fields
    out = capsys.readouterr().out
    found = re.search(rf"sent test alert (A[0-9a-f]+) to discord:{CHANNEL} \(message (\d+)\)", out)
    assert found is not None and found.group(2) == sent.message_id
    with SqlStore(db) as store:
        [delivery] = store.list_deliveries(found.group(1))
        assert (delivery.status, delivery.message_ref) == ("delivered", sent.message_id)


def test_discord_send_test_alert_reports_a_refusal_in_plain_words(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fake: FakeDiscord,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("DISCORD_API_BASE", fake.base)
    fake.answer_next(
        f"/channels/{CHANNEL}/messages", fake.refusal(403, 50013, "Missing Permissions")
    )
    argv = ["send-test-alert", "--platform", "discord", "--channel", CHANNEL]

    code = main([*argv, "--config", str(ROOT / "config"), "--db", f"sqlite:///{tmp_path / 'o.db'}"])

    assert code == 1
    err = capsys.readouterr().err
    assert "not delivered" in err and "may not post in channel" in err and "Traceback" not in err
    assert fake.posts_to(CHANNEL) == []


# --- the seed scenario ----------------------------------------------------------------------


async def test_discord_seed_scenario_posts_the_required_alerts_and_nothing_else(
    http_server: Any,
    fake: FakeDiscord,
    monkeypatch: pytest.MonkeyPatch,
    shared_path: Callable[[str], Path],
    tmp_path: Path,
) -> None:
    seeds = shared_path("seeds")
    gold = yaml.safe_load(shared_path("gold/seeds.yaml").read_text(encoding="utf-8"))
    url = http_server.serve(
        "/seeds.xml", seeds_feed(seeds, gold), content_type="application/rss+xml"
    )
    config = load_config(discord_config(tmp_path))
    config = replace(
        config, settings=config.settings.model_copy(update={"allow_hosts": ["127.0.0.1"]})
    )
    waits = Waits().install(monkeypatch)
    adapter = DiscordAdapter(TOKEN, api_base=fake.base, connect_gateway=False, sleep=waits.sleep)
    await adapter.start()
    try:
        with open_store(f"sqlite:///{tmp_path / 'scenario.db'}") as store:
            pipeline = Pipeline(
                config, store, {"discord": adapter}, clock=lambda: datetime(2026, 1, 1)
            )
            ingested = await replay_sources(pipeline, [url])
            alerts = store.list_alerts()
            deliveries = store.list_deliveries()
    finally:
        await adapter.close()

    result = GoldResult("seeds to Discord")
    check_alerts_fired(gold, ingested, alerts, result)
    assert result.failures == [], "\n".join(result.failures)

    posted = fake.posts_to(CHANNEL)
    delivered = [d for d in deliveries if d.status == "delivered"]
    # Every message is an alert delivery the store recorded, and every delivery was posted.
    assert posted and len(posted) == len(delivered) == len(fake.sent)
    assert {d.message_ref for d in delivered} == {p.message_id for p in posted}
    assert {d.status for d in deliveries} <= {"delivered", "skipped"}
    ids = {a.id for a in alerts}
    by_message = {p.message_id: p for p in posted}
    first_message = {d.alert_id: d.message_ref for d in delivered if d.revision == 0}
    for delivery in delivered:
        sent = by_message[delivery.message_ref]
        footer = sent.embeds[0]["footer"]["text"]
        assert footer.startswith(f"alert {delivery.alert_id} ") and delivery.alert_id in ids
        assert mentions_nobody(sent)
        reference = sent.payload.get("message_reference")
        if delivery.revision == 0:
            assert reference is None
        else:  # an update answers the alert's first message, it is not a new alert
            assert str(reference["message_id"]) == first_message[delivery.alert_id]
    assert any(d.revision > 0 for d in delivered), "the seeds update an alert"
    assert waits.delays == []
