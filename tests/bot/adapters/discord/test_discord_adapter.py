"""The Discord adapter against a loopback Discord API: login, embeds, replies, outages."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import discord
import discord.http
import pytest

from bot.adapters.discord import DiscordAdapter
from bot.alerts import AlertBook
from bot.cards import COLOR_HEX, Card, CardField, Link
from bot.outbox import flush, retry_delay
from bot.store import SqlStore
from tests.bot.adapters.discord.fake_discord import CUT_SHORT, FakeDiscord, keep_discord_globals
from tests.bot.adapters.discord.waits import Waits
from tests.bot.adapters.levy import finding as levy_finding
from tests.bot.adapters.levy import on_levy
from watchers.errors import AdapterError

CHANNEL = "1200000000000000001"
TOKEN = "MTIz.fake-token-for-tests"
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
HOSTILE = (
    "@everyone look: <@&123> and <@&1234567890123456789> said <@U123> @here "
    "**bold** _x_ ~~y~~ `code` [click](https://evil.example/x) @Moderators"
)


@pytest.fixture
def fake(http_server: Any) -> FakeDiscord:
    server = FakeDiscord(http_server)
    server.open_channel(CHANNEL)
    return server


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> Waits:
    # The adapter points discord.py at the fake; put the real base back after the test.
    keep_discord_globals(monkeypatch)
    return Waits().install(monkeypatch)


def make_adapter(fake: FakeDiscord, waits: Waits, token: str = TOKEN) -> DiscordAdapter:
    return DiscordAdapter(token, api_base=fake.base, connect_gateway=False, sleep=waits.sleep)


@pytest.fixture
async def adapter(fake: FakeDiscord, waits: Waits) -> AsyncIterator[DiscordAdapter]:
    started = make_adapter(fake, waits)
    await started.start()
    yield started
    await started.close()


def card(text: str = "Ada Quill and Bo Marsh take opposed positions.", **changes: Any) -> Card:
    values: dict[str, Any] = {
        "kind": "contradiction",
        "title": "Contradiction on Harbour tax: Ada Quill vs Bo Marsh",
        "text": text,
        "fields": (
            CardField(
                "Ada Quill · support",
                "“We will keep the levy.”\n2025-02-10 · Harbour Gazette\n"
                "https://gazette.example/ada",
                True,
            ),
            CardField(
                "Bo Marsh · oppose",
                "“The levy has to go.”\n2025-02-12 · Quay Post\nhttps://quay.example/bo",
                True,
            ),
            CardField("Rule", "harbour-one-voice · severity high · confidence 70%", True),
        ),
        "color": "red",
        "footer": "alert A1 · revision 0 · 2 statements",
        "url": "https://quay.example/bo",
        "links": (
            Link("Ada Quill: Harbour Gazette", "https://gazette.example/ada"),
            Link("Bo Marsh: Quay Post", "https://quay.example/bo"),
        ),
    }
    values.update(changes)
    return Card(**values)


async def test_discord_adapter_logs_in_and_posts_an_alert_embed(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    ref = await adapter.post(CHANNEL, card())

    [login] = fake.requests("GET", "/users/@me")
    assert login.headers["authorization"] == f"Bot {TOKEN}"
    assert fake.requests("GET", "/oauth2/applications/@me")
    [sent] = fake.posts_to(CHANNEL)
    assert ref == fake.messages[ref]["id"]
    assert sent.payload["allowed_mentions"] == {"parse": []}
    [embed] = sent.embeds
    assert embed["title"] == "Contradiction on Harbour tax: Ada Quill vs Bo Marsh"
    assert embed["url"] == "https://quay.example/bo"
    assert embed["color"] == COLOR_HEX["red"]
    assert embed["footer"]["text"] == "alert A1 · revision 0 · 2 statements"
    first, second, rule = embed["fields"]
    # The two statements side by side, each with its source as a link.
    assert first["inline"] and second["inline"]
    assert first["name"] == "Ada Quill · support"
    assert first["value"] == (
        "“We will keep the levy.”\n2025-02-10 · [Harbour Gazette](https://gazette.example/ada)"
    )
    assert rule["value"] == "harbour-one-voice · severity high · confidence 70%"
    # Every source is linked beside its quote, so no separate list repeats them.
    assert all(field["name"] != "Sources" for field in embed["fields"])


async def test_discord_adapter_hostile_statement_mentions_nobody(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    hostile = card(
        text=HOSTILE,
        fields=(CardField("Ada Quill · support", f"“{HOSTILE}”\n2025-02-10 · @everyone News"),),
        title="Shift: @everyone <@&1234567890123456789>",
    )
    await adapter.post(CHANNEL, hostile)

    [sent] = fake.posts_to(CHANNEL)
    assert sent.payload["allowed_mentions"] == {"parse": []}
    seen = sent.text
    assert not re.search(r"@(everyone|here)", seen), seen
    assert "<@" not in seen and "<#" not in seen
    # Shown as written: the markdown is escaped, not applied, and the link is not a link.
    description = sent.embeds[0]["description"]
    assert r"\*\*bold\*\* \_x\_ \~\~y\~\~ \`code\`" in description
    assert r"\[click](https://evil.example/x)" in description
    assert "@\u200beveryone" in description and "<\u200b@&123>" in description
    # A role named in plain text was never a mention; it stays readable.
    assert "@Moderators" in description


async def test_discord_adapter_posts_updates_as_replies(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    first = await adapter.post(CHANNEL, card())
    update = await adapter.post(CHANNEL, card(title="Update: contradiction"), reply_to=first)

    original, reply = fake.posts_to(CHANNEL)
    assert "message_reference" not in original.payload
    assert reply.payload["message_reference"] == {
        "type": 0,  # a reply (1 would forward)
        "message_id": int(first),
        "channel_id": int(CHANNEL),
        "fail_if_not_exists": False,
    }
    assert reply.payload["allowed_mentions"] == {"parse": []}
    assert update != first


async def test_discord_adapter_waits_out_a_rate_limit(
    fake: FakeDiscord, adapter: DiscordAdapter, waits: Waits
) -> None:
    fake.answer_next(f"/channels/{CHANNEL}/messages", fake.rate_limited(2.5))

    ref = await adapter.post(CHANNEL, card())

    assert waits.delays == [2.5]
    assert len(fake.requests("POST", f"/channels/{CHANNEL}/messages")) == 2
    assert [s.payload["nonce"] for s in fake.posts_to(CHANNEL)] and ref in fake.messages


async def test_discord_adapter_retries_server_errors_with_growing_pauses(
    fake: FakeDiscord, adapter: DiscordAdapter, waits: Waits
) -> None:
    path = f"/channels/{CHANNEL}/messages"
    fake.answer_next(path, fake.server_error(500), fake.server_error(502), fake.server_error(503))

    await adapter.post(CHANNEL, card())

    # discord.py pauses 1 s and 3 s after a 500 and a 502; a 503 it raises, and post retries.
    assert waits.delays == [1, 3, 1.0]
    assert len(fake.posts_to(CHANNEL)) == 1


async def test_discord_adapter_gives_up_on_a_failing_server_with_an_adapter_error(
    fake: FakeDiscord, adapter: DiscordAdapter, waits: Waits
) -> None:
    fake.answer_next(f"/channels/{CHANNEL}/messages", *[fake.server_error()] * 5)

    with pytest.raises(AdapterError, match="server error on every try"):
        await adapter.post(CHANNEL, card())

    assert waits.delays == [1, 3, 5, 7, 9]
    assert fake.posts_to(CHANNEL) == []


async def test_discord_adapter_dropped_answer_is_retried_and_posted_once(
    fake: FakeDiscord, adapter: DiscordAdapter, waits: Waits
) -> None:
    # Discord creates the message, then the connection drops before its answer arrives.
    fake.answer_next(f"/channels/{CHANNEL}/messages", CUT_SHORT)

    ref = await adapter.post(CHANNEL, card())

    assert waits.delays == [1.0]
    tries = fake.requests("POST", f"/channels/{CHANNEL}/messages")
    assert len(tries) == 2
    nonces = {json.loads(t.body)["nonce"] for t in tries}
    assert len(nonces) == 1, "a retry must carry the same nonce"
    [created] = fake.posts_to(CHANNEL)
    assert fake.messages[ref]["nonce"] == created.payload["nonce"]


async def test_discord_adapter_unreachable_discord_is_an_adapter_error(
    fake: FakeDiscord, adapter: DiscordAdapter, waits: Waits, closed_port: int
) -> None:
    discord.http.Route.BASE = f"http://127.0.0.1:{closed_port}/api/v10"  # Discord went away

    with pytest.raises(AdapterError, match=r"could not reach Discord .*3 tries"):
        await adapter.post(CHANNEL, card())

    assert waits.delays == [1.0, 2.0]


@pytest.mark.parametrize(
    ("status", "code", "words"),
    [
        (403, 50013, "may not post in channel"),
        (404, 10003, "knows no channel"),
        (400, 50035, "refused the message"),
    ],
)
async def test_discord_adapter_refusals_are_adapter_errors_in_plain_words(
    fake: FakeDiscord, adapter: DiscordAdapter, status: int, code: int, words: str
) -> None:
    refusal = fake.refusal(status, code, "refused by the test")
    fake.answer_next(f"/channels/{CHANNEL}/messages", refusal)

    with pytest.raises(AdapterError, match=words) as raised:
        await adapter.post(CHANNEL, card())
    assert f"code {code}" in str(raised.value)


async def test_discord_adapter_channel_must_be_an_id(adapter: DiscordAdapter) -> None:
    with pytest.raises(AdapterError, match="not a Discord channel id"):
        await adapter.post("#policy-alerts", card())


async def test_discord_adapter_bad_token_is_an_adapter_error_without_the_token(
    fake: FakeDiscord, waits: Waits
) -> None:
    fake.answer_next("/users/@me", fake.refusal(401, 0, "401: Unauthorized"))
    adapter = make_adapter(fake, waits, token="secret-token-value")

    with pytest.raises(AdapterError, match="check DISCORD_TOKEN") as raised:
        await adapter.start()
    assert "secret-token-value" not in str(raised.value)
    assert "secret-token-value" not in repr(adapter)
    await adapter.close()


def test_discord_adapter_asks_for_the_least_it_needs() -> None:
    from bot.adapters.discord import intents, invite_url

    assert intents().value == discord.Intents(guilds=True).value  # nothing privileged
    url = invite_url(1300000000000000001)
    # View Channel, Send Messages, Embed Links, Attach Files, Read Message History.
    assert url.endswith("scope=bot+applications.commands&permissions=117760")


async def test_discord_adapter_post_before_start_is_an_adapter_error(
    fake: FakeDiscord, waits: Waits
) -> None:
    with pytest.raises(AdapterError, match="not started"):
        await make_adapter(fake, waits).post(CHANNEL, card())


# --- the outbox, exactly once ---------------------------------------------------------


finding = functools.partial(levy_finding, channels=(f"discord:{CHANNEL}",))


async def test_discord_adapter_outbox_delivers_exactly_once_across_a_restart(
    tmp_path: Path, fake: FakeDiscord, waits: Waits
) -> None:
    url = f"sqlite:///{tmp_path / 'outbox.db'}"
    ada = on_levy("ada", date(2025, 2, 10), "support", "We keep the levy, @everyone.")
    bo = on_levy("bo", date(2025, 2, 12), "oppose", "The levy must go.")
    bo_again = on_levy("bo", date(2025, 2, 20), "oppose", "Scrap the levy now.")
    path = f"/channels/{CHANNEL}/messages"

    # First run: Discord is down for every try, then the bot stops.
    with SqlStore(url) as store:
        AlertBook(store).record(finding(ada, bo), NOW)
        fake.answer_next(path, *[fake.server_error(503)] * 3)
        adapter = make_adapter(fake, waits)
        await adapter.start()
        report = await flush(store, {"discord": adapter}, NOW)
        await adapter.close()
        assert report.sent == () and "server error" in report.failed[0][1]
        assert waits.delays == [1.0, 2.0]

    # After a restart the waiting alert goes out once, and only once.
    later = NOW + retry_delay(1)
    with SqlStore(url) as store:
        adapter = make_adapter(fake, waits)
        await adapter.start()
        assert len((await flush(store, {"discord": adapter}, later)).sent) == 1
        assert (await flush(store, {"discord": adapter}, later + timedelta(hours=2))).sent == ()
        [first] = fake.posts_to(CHANNEL)
        [delivery] = store.list_deliveries()
        assert (delivery.status, delivery.message_ref) == ("delivered", first.message_id)

        # New evidence: the update is a reply to the alert's first message, not a new alert.
        AlertBook(store).record(finding(ada, bo, bo_again), later + timedelta(hours=3))
        assert len((await flush(store, {"discord": adapter}, later + timedelta(hours=3))).sent) == 1
        await adapter.close()

    first, update = fake.posts_to(CHANNEL)
    assert update.payload["message_reference"]["message_id"] == int(str(first.message_id))
    assert update.embeds[0]["title"].startswith("Update:")
    assert not first.embeds[0]["title"].startswith("Update:")
