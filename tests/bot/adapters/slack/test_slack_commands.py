"""Slash commands sent to the Bolt app as Slack signs them, answered by the real Commands."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.adapters.slack import SlackAdapter
from bot.adapters.slack.commands import SLASH_COMMANDS, answer, channel_arg, url_arg, words
from bot.commands import Caller, Commands, Reply
from bot.pipeline import Pipeline
from bot.store import SqlStore
from rules.config import Config
from rules.loader import load_config
from rules.records import Statement
from tests.bot.adapters.slack.fakeslack import Call, FakeSlack
from tests.bot.adapters.slack.slack_requests import SECRET, form, signed_headers, slash_command
from tests.bot.statements import said as said_on

ROOT = Path(__file__).resolve().parents[4]
NOW = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
MEMBER = Caller(platform="slack", workspace="T0TEST", channel="C0ALERTS", user="U0ALICE")
MENTION = re.compile(r"<[!@#]")
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    # Loaded once: a Config is immutable, and no test here edits the files.
    config_dir = tmp_path_factory.mktemp("slack") / "config"
    shutil.copytree(ROOT / "config", config_dir)
    return load_config(config_dir)


@pytest.fixture
def pipeline(config: Config, tmp_path: Path) -> Iterator[Pipeline]:
    store = SqlStore(f"sqlite:///{tmp_path / 'commands.db'}")
    yield Pipeline(config, store, {}, clock=lambda: NOW)
    store.close()


@pytest.fixture
def commands(pipeline: Pipeline) -> Commands:
    return Commands(pipeline, clock=lambda: NOW)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack.running() as fake:
        fake.users["U0ALICE"] = {"id": "U0ALICE", "is_admin": False, "is_owner": False}
        fake.users["U0ADMIN"] = {"id": "U0ADMIN", "is_admin": True}
        fake.users["U0OWNER"] = {"id": "U0OWNER", "is_admin": False, "is_primary_owner": True}
        fake.users["U0EDITOR"] = {"id": "U0EDITOR", "is_admin": False}
        fake.usergroups["S0EDITORS"] = ("stance-editors", ["U0EDITOR"])
        yield fake


def slack_app(fake: FakeSlack, commands: Commands, usergroup: str | None = None) -> SlackAdapter:
    adapter = SlackAdapter(
        bot_token="xoxb-test",
        mode="http",
        signing_secret=SECRET,
        api_url=fake.api_url,
        admin_usergroup=usergroup,
    )
    adapter.commands = commands
    return adapter


async def send(adapter: SlackAdapter, fake: FakeSlack, text: str, **fields: str) -> int:
    """Dispatch a signed slash command (``/stance a b``) to the app; the HTTP status of its ack."""
    name, _, rest = text.partition(" ")
    body = form(slash_command(name, rest, fake.response_url(), **fields))
    response = await adapter.app.async_dispatch(
        AsyncBoltRequest(body=body, headers=signed_headers(body))
    )
    return response.status


async def answered(fake: FakeSlack, count: int = 1) -> Call:
    return (await fake.wait_for("respond", count))[count - 1]


def shown(call: Call) -> str:
    return json.dumps(call.params["blocks"], ensure_ascii=False)


def said(who: str, day: date, position: str | None, words: str) -> Statement:
    return said_on(who, day, position, words, topic="north-korea", cues=("ready to talk",))


# --- arguments ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "usage"),
    [
        ("/stance tillerson", "/stance <official> <topic>"),
        ("/stance a b c", "/stance <official> <topic>"),
        ("/compare trump tillerson", "/compare <official> <official> <topic>"),
        ("/alerts north-korea 0", "/alerts [topic] [days]"),
        ("/alerts a b", "/alerts [topic] [days]"),
        ("/why", "/why <alert id>"),
        ("/subscribe weather north-korea", "/subscribe topic|group|official <id> [#channel]"),
        ("/subscribe topic north-korea #general", "/subscribe topic|group|official"),
        ("/feeds purge", "/feeds list | add <url> [id] | remove <id>"),
        ("/rules", "/rules check | reload"),
    ],
)
async def test_slack_commands_mistakes_get_the_usage_line_privately(
    commands: Commands, text: str, usage: str
) -> None:
    name, _, rest = text.partition(" ")
    reply = await answer(commands, MEMBER, name, rest)
    assert reply.ephemeral and reply.card.kind == "error"
    assert reply.card.title.startswith(f"Usage: {usage}")


def test_slack_commands_read_slack_escaped_arguments() -> None:
    assert channel_arg("<#C0OTHER|policy>") == "C0OTHER"
    assert channel_arg("<#C0OTHER>") == "C0OTHER"
    assert channel_arg("C0OTHER") == "C0OTHER"
    assert url_arg("<https://wire.example/rss?a=1&b=2|wire.example/rss>") == (
        "https://wire.example/rss?a=1&b=2"
    )
    assert words("<https://wire.example/rss?a=1&amp;b=2>  tillerson ") == [
        "<https://wire.example/rss?a=1&b=2>",
        "tillerson",
    ]
    assert set(SLASH_COMMANDS) == {
        "/stance",
        "/timeline",
        "/compare",
        "/alerts",
        "/why",
        "/subscribe",
        "/unsubscribe",
        "/feeds",
        "/rules",
    }


async def test_slack_commands_subscribe_a_picked_channel(
    commands: Commands, pipeline: Pipeline
) -> None:
    reply = await answer(commands, MEMBER, "/subscribe", "topic north-korea <#C0OTHER|other>")
    assert not reply.ephemeral, reply.card
    [kept] = pipeline.store.subscriptions(channel="slack:C0OTHER")
    assert (kept.kind, kept.target, kept.workspace) == ("topic", "north-korea", "T0TEST")


# --- through the app, signed --------------------------------------------------------------------


async def test_slack_commands_stance_answers_in_channel_and_uploads_the_chart(
    fake: FakeSlack, commands: Commands, pipeline: Pipeline
) -> None:
    pipeline.store.add_statements(
        [
            said("tillerson", date(2017, 9, 30), "engage", "Our lines to <!channel> stay open."),
            said("tillerson", date(2017, 12, 12), "engage", "We are ready to talk any time."),
        ]
    )
    assert await send(slack_app(fake, commands), fake, "/stance tillerson north-korea") == 200
    reply = await answered(fake)
    assert reply.params["response_type"] == "in_channel"
    assert "Rex Tillerson on" in shown(reply) and "Position: engage" in shown(reply)
    assert "&lt;!channel&gt;" in shown(reply) and not MENTION.search(reply.body.decode())

    [done] = await fake.wait_for("files.completeUploadExternal")
    [asked] = fake.calls_to("files.getUploadURLExternal")
    [upload] = fake.calls_to("upload")
    assert upload.body.startswith(PNG) and int(asked.params["length"]) == len(upload.body)
    assert asked.params["filename"] == "stance-tillerson-north-korea.png"
    assert done.params["channel_id"] == "C0ALERTS"
    [uploaded] = json.loads(done.params["files"])
    assert uploaded["title"].startswith("Rex Tillerson on")  # the answer's title, not a file name


async def test_slack_commands_chart_outside_the_apps_channels_says_how_to_fix_it(
    fake: FakeSlack, commands: Commands, pipeline: Pipeline
) -> None:
    fake.channels_without_app.add("C0ALERTS")
    pipeline.store.add_statements(
        [said("tillerson", date(2017, 9, 30), "engage", "We are ready to talk.")]
    )
    await send(slack_app(fake, commands), fake, "/stance tillerson north-korea")
    note = await answered(fake, 2)
    assert note.params["response_type"] == "ephemeral"
    assert "not_in_channel" in shown(note) and "/invite @stancewatch" in shown(note)


async def test_slack_commands_acknowledge_before_the_answer_is_ready(
    fake: FakeSlack, pipeline: Pipeline
) -> None:
    gate = asyncio.Event()

    class SlowCommands(Commands):
        async def why(self, caller: Caller, alert_id: str) -> Reply:
            await gate.wait()  # a query that takes its time
            return await super().why(caller, alert_id)

    adapter = slack_app(fake, SlowCommands(pipeline, clock=lambda: NOW))
    assert await send(adapter, fake, "/why A0000000") == 200  # acked while the query waits
    assert fake.calls_to("respond") == []
    gate.set()
    reply = await answered(fake)
    assert reply.params["response_type"] == "ephemeral"  # no such alert: a private answer


async def test_slack_commands_unknown_id_is_a_private_hint(
    fake: FakeSlack, commands: Commands
) -> None:
    await send(slack_app(fake, commands), fake, "/stance tilerson north-korea")
    reply = await answered(fake)
    assert reply.params["response_type"] == "ephemeral"
    assert "did you mean" in shown(reply) and "tillerson" in shown(reply)
    assert fake.calls_to("files.getUploadURLExternal") == []


async def test_slack_commands_admin_commands_refuse_members(
    fake: FakeSlack, commands: Commands
) -> None:
    await send(slack_app(fake, commands), fake, "/feeds list", user_id="U0ALICE")
    reply = await answered(fake)
    assert reply.params["response_type"] == "ephemeral" and "Not allowed" in shown(reply)
    [looked_up] = fake.calls_to("users.info")
    assert looked_up.params["user"] == "U0ALICE"


@pytest.mark.parametrize(
    ("user", "usergroup"),
    [
        ("U0ADMIN", None),
        ("U0OWNER", None),
        ("U0EDITOR", "stance-editors"),
        ("U0EDITOR", "S0EDITORS"),
    ],
)
async def test_slack_commands_admins_owners_and_the_admin_group_may_use_admin_commands(
    fake: FakeSlack, commands: Commands, user: str, usergroup: str | None
) -> None:
    adapter = slack_app(fake, commands, usergroup)
    await send(adapter, fake, "/rules check", user_id=user)
    reply = await answered(fake)
    assert "Not allowed" not in shown(reply), shown(reply)
    assert "rules" in shown(reply).lower()


async def test_slack_commands_a_failed_admin_lookup_refuses(
    fake: FakeSlack, commands: Commands
) -> None:
    fake.fail("users.info", body={"ok": False, "error": "missing_scope"})
    await send(slack_app(fake, commands), fake, "/rules check", user_id="U0ADMIN")
    reply = await answered(fake)
    assert "Not allowed" in shown(reply)


async def test_slack_commands_other_commands_need_no_admin_lookup(
    fake: FakeSlack, commands: Commands
) -> None:
    await send(slack_app(fake, commands), fake, "/alerts 30")
    reply = await answered(fake)
    assert reply.params["response_type"] == "in_channel"
    assert fake.calls_to("users.info") == []
