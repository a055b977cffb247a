"""Slash commands on Discord, driven by interaction payloads against the loopback API.

Tests cannot open Discord's gateway (a websocket), so each interaction is handed to
discord.py exactly where the gateway would hand it over: ``parse_interaction_create`` with
an INTERACTION_CREATE payload from payloads/ (Discord's documented shape). The command tree
then runs the real callback, and every answer goes over REST to the fake, where the tests
read it.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import re
import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.discord import DiscordAdapter
from bot.commands import Commands
from bot.pipeline import Pipeline
from bot.store import SqlStore
from rules.extract import Extractor
from rules.loader import load_config
from rules.model import DiscordSettings
from rules.records import Statement
from tests.bot.adapters.discord.fake_discord import (
    APP_ID,
    FakeDiscord,
    Sent,
    fixture,
    keep_discord_globals,
)
from tests.bot.adapters.discord.waits import Waits
from tests.bot.statements import said as said_on

ROOT = Path(__file__).resolve().parents[4]
GUILD = "1100000000000000001"
CHANNEL = "1200000000000000001"
MANAGE_GUILD = 1 << 5
EPHEMERAL = 1 << 6
NOW = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
_ids = itertools.count(1)


@pytest.fixture
def fake(http_server: Any) -> FakeDiscord:
    server = FakeDiscord(http_server)
    server.open_channel(CHANNEL)
    server.open_guild(GUILD)
    return server


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> Waits:
    keep_discord_globals(monkeypatch)
    return Waits().install(monkeypatch)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    # Commands never extract; one spaCy pipeline for the module saves a second per test.
    return Extractor(load_config(ROOT / "config"))


@pytest.fixture
def pipeline(tmp_path: Path, extractor: Extractor) -> Iterator[Pipeline]:
    target = tmp_path / "config"
    shutil.copytree(ROOT / "config", target)
    store = SqlStore(f"sqlite:///{tmp_path / 'commands.db'}")
    yield Pipeline(load_config(target), store, {}, clock=lambda: NOW, extractor=extractor)
    store.close()


async def started(
    fake: FakeDiscord,
    waits: Waits,
    pipeline: Pipeline,
    *,
    defer_after: float = 30.0,
    admin_roles: tuple[str, ...] = (),
    guilds: tuple[str, ...] = (GUILD,),
) -> DiscordAdapter:
    settings = DiscordSettings(enabled=True, admin_roles=list(admin_roles), guilds=list(guilds))
    adapter = DiscordAdapter(
        "test-token",
        settings,
        api_base=fake.base,
        connect_gateway=False,
        sleep=waits.sleep,
        defer_after=defer_after,
    )
    adapter.commands = Commands(pipeline, clock=lambda: NOW)
    await adapter.start()
    return adapter


@pytest.fixture
async def adapter(
    fake: FakeDiscord, waits: Waits, pipeline: Pipeline
) -> AsyncIterator[DiscordAdapter]:
    running = await started(fake, waits, pipeline)
    yield running
    await running.close()


def payload(name: str, **changes: Any) -> dict[str, Any]:
    """A fixture payload with its own interaction id and token (as every interaction has)."""
    data = copy.deepcopy(fixture(name))
    n = next(_ids)
    data["id"] = str(int(data["id"]) + 1000 * n)
    data["token"] = f"{data['token']}-{n}"
    for key, value in changes.items():
        data[key] = value
    return data


def with_options(data: dict[str, Any], **values: str) -> dict[str, Any]:
    for option in data["data"]["options"]:
        if option["name"] in values:
            option["value"] = values[option["name"]]
    return data


def member(data: dict[str, Any], *, permissions: int = 3072, roles: tuple[str, ...] = ()) -> Any:
    data["member"]["permissions"] = str(permissions)
    data["member"]["roles"] = list(roles)
    return data


async def invoke(adapter: DiscordAdapter, fake: FakeDiscord, data: dict[str, Any]) -> list[Sent]:
    """Deliver ``data`` as the gateway would and wait for the command to finish answering."""
    fake.open_interaction(data)
    before = set(asyncio.all_tasks())
    # The ConnectionState is where the gateway's INTERACTION_CREATE lands; it starts the tree.
    adapter.client._connection.parse_interaction_create(data)  # type: ignore[arg-type]
    running = [t for t in asyncio.all_tasks() - before if t.get_name() == "CommandTree-invoker"]
    assert running, "the command tree did not take the interaction"
    await asyncio.gather(*running)
    mine = f"/{data['token']}/"
    return [s for s in fake.sent if mine in s.path + "/"]


def said(who: str, day: date, position: str | None, words: str) -> Statement:
    return said_on(who, day, position, words, topic="north-korea", cues=("talk",))


def assert_mentions_nobody(sent: Sent) -> None:
    data = sent.payload.get("data", sent.payload)
    assert data["allowed_mentions"] == {"parse": []}
    shown = Sent(sent.method, sent.path, data).text
    assert not re.search(r"@(everyone|here)", shown) and "<@" not in shown


# --- registration -----------------------------------------------------------------------


async def test_discord_commands_are_synced_to_the_configured_guilds(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    synced = {c["name"]: c for c in fake.synced[GUILD]}

    assert set(synced) == {
        "stance",
        "timeline",
        "compare",
        "alerts",
        "why",
        "subscribe",
        "unsubscribe",
        "feeds",
        "rules",
    }
    assert [o["name"] for o in synced["subscribe"]["options"]] == ["topic", "group", "official"]
    assert {o["name"] for o in synced["feeds"]["options"]} == {"add", "remove", "list"}
    assert all(o.get("autocomplete") for o in synced["stance"]["options"])
    assert "global" not in fake.synced


async def test_discord_commands_without_guilds_are_synced_globally(
    fake: FakeDiscord, waits: Waits, pipeline: Pipeline
) -> None:
    adapter = await started(fake, waits, pipeline, guilds=())
    await adapter.close()
    assert {c["name"] for c in fake.synced["global"]} >= {"stance", "feeds", "rules"}


# --- answers ----------------------------------------------------------------------------


async def test_discord_commands_stance_answers_with_the_card_and_chart(
    fake: FakeDiscord, adapter: DiscordAdapter, pipeline: Pipeline
) -> None:
    pipeline.store.add_statements(
        [
            said("tillerson", date(2017, 9, 30), "engage", "We can talk to them, @everyone."),
            said("tillerson", date(2017, 10, 2), "engage", "We keep lines of contact open."),
        ]
    )

    [answer] = await invoke(adapter, fake, payload("command_stance.json"))

    assert answer.payload["type"] == 4  # answered at once, no defer needed
    data = answer.payload["data"]
    assert not data.get("flags", 0) & EPHEMERAL
    [embed] = data["embeds"]
    assert "Position: engage" in embed["description"]
    [(name, png)] = answer.files.items()
    assert png.startswith(b"\x89PNG")
    assert embed["image"] == {"url": f"attachment://{name}"}
    assert_mentions_nobody(answer)


async def test_discord_commands_slow_answer_is_deferred_then_followed_up(
    fake: FakeDiscord, waits: Waits, pipeline: Pipeline
) -> None:
    pipeline.store.add_statements(
        [said("tillerson", date(2017, 9, 30), "engage", "We can talk to them.")]
    )
    adapter = await started(fake, waits, pipeline, defer_after=0)
    try:
        defer, followup = await invoke(adapter, fake, payload("command_stance.json"))
    finally:
        await adapter.close()

    assert (defer.method, defer.payload) == ("POST", {"type": 5})
    assert followup.method == "POST" and followup.path.startswith(f"/api/v10/webhooks/{APP_ID}/")
    assert "Position: engage" in followup.embeds[0]["description"]
    assert followup.files and not followup.payload.get("flags", 0) & EPHEMERAL
    assert_mentions_nobody(followup)


async def test_discord_commands_unknown_id_is_an_ephemeral_answer_in_plain_words(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    data = with_options(payload("command_stance.json"), official="tilerson")

    [answer] = await invoke(adapter, fake, data)

    assert answer.payload["data"]["flags"] & EPHEMERAL
    assert "did you mean" in answer.payload["data"]["embeds"][0]["description"]


async def test_discord_commands_deferred_mistake_still_reaches_only_the_caller(
    fake: FakeDiscord, waits: Waits, pipeline: Pipeline
) -> None:
    adapter = await started(fake, waits, pipeline, defer_after=0)
    data = with_options(payload("command_stance.json"), official="tilerson")
    try:
        defer, removed, followup = await invoke(adapter, fake, data)
    finally:
        await adapter.close()

    assert defer.payload == {"type": 5}
    # The public "thinking..." message goes, and the answer comes for the caller alone.
    assert removed.method == "DELETE" and removed.path.endswith("/messages/@original")
    assert followup.payload["flags"] & EPHEMERAL
    assert "did you mean" in followup.embeds[0]["description"]


async def test_discord_commands_autocomplete_offers_configured_ids(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    [answer] = await invoke(adapter, fake, payload("autocomplete_stance_official.json"))

    assert answer.payload["type"] == 8
    choices = answer.payload["data"]["choices"]
    assert {"name": choices[0]["name"], "value": "tillerson"} == choices[0]
    assert len(choices) <= 25 and all(len(c["name"]) <= 100 for c in choices)


async def test_discord_commands_subscribe_keeps_the_picked_channel_per_guild(
    fake: FakeDiscord, adapter: DiscordAdapter, pipeline: Pipeline
) -> None:
    [answer] = await invoke(adapter, fake, payload("command_subscribe_topic.json"))

    assert answer.payload["type"] == 4
    [subscription] = pipeline.store.subscriptions()
    assert subscription.channel == "discord:1200000000000000002"
    assert subscription.workspace == GUILD
    assert (subscription.kind, subscription.target) == ("topic", "north-korea")


# --- who may use /feeds and /rules ------------------------------------------------------


async def test_discord_commands_feeds_are_refused_to_members_ephemerally(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    [answer] = await invoke(adapter, fake, payload("command_feeds_list.json"))

    data = answer.payload["data"]
    assert data["flags"] & EPHEMERAL
    assert data["embeds"][0]["title"] == "Not allowed"


async def test_discord_commands_feeds_answer_members_with_manage_server(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    data = member(payload("command_feeds_list.json"), permissions=3072 | MANAGE_GUILD)

    [answer] = await invoke(adapter, fake, data)

    assert not answer.payload["data"].get("flags", 0) & EPHEMERAL
    assert answer.payload["data"]["embeds"][0]["title"] == "Feeds"


@pytest.mark.parametrize(
    ("admin_roles", "allowed"),
    [
        (["Policy Desk"], True),
        (["@policy desk"], True),
        (["1100000000000000011"], True),
        (["Readers-not"], False),
    ],
)
async def test_discord_commands_feeds_answer_members_with_an_admin_role(
    fake: FakeDiscord, waits: Waits, pipeline: Pipeline, admin_roles: list[str], allowed: bool
) -> None:
    adapter = await started(fake, waits, pipeline, admin_roles=tuple(admin_roles))
    # The guild's roles, as the gateway reports them when the bot connects.
    adapter.client._connection.parse_guild_create(fixture("guild_create.json"))  # type: ignore[arg-type]
    data = member(payload("command_feeds_list.json"), roles=("1100000000000000011",))
    try:
        [answer] = await invoke(adapter, fake, data)
    finally:
        await adapter.close()

    title = answer.payload["data"]["embeds"][0]["title"]
    assert (title == "Feeds") is allowed, title


# --- the gateway ------------------------------------------------------------------------


async def test_discord_adapter_start_keeps_the_gateway_connecting_in_the_background(
    fake: FakeDiscord, waits: Waits, pipeline: Pipeline, closed_port: int
) -> None:
    fake.gateway_at(f"ws://127.0.0.1:{closed_port}")
    adapter = DiscordAdapter(
        "test-token", api_base=fake.base, connect_gateway=True, sleep=waits.sleep
    )
    adapter.commands = Commands(pipeline, clock=lambda: NOW)
    await adapter.start()
    try:
        # The websocket cannot be opened; the bot keeps trying without stopping the rest.
        for _ in range(2):
            assert await asyncio.to_thread(fake.gateway_asked.acquire, True, 10)
        task = adapter.gateway
        assert task is not None and not task.done()
    finally:
        await adapter.close()
    assert task.done() and adapter.gateway is None
    assert waits.delays, "a reconnect waits before trying again"
