"""SlackAdapter.post against a loopback Slack, through the real outbox and SQLite store."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.adapters.slack import SlackAdapter
from bot.adapters.slack.adapter import MAX_RATE_LIMIT_WAIT, retry_after
from bot.alerts import AlertBook
from bot.cards import alert_card
from bot.outbox import flush, retry_delay
from bot.store import SqlStore
from rules.model import SlackSettings
from tests.bot.adapters.slack.fakeslack import FakeSlack
from tests.bot.adapters.slack.samples import HOSTILE, NOW, contradiction, finding, said
from watchers.errors import AdapterError, ConfigError

MENTION = re.compile(r"<[!@#]")


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack.running() as fake:
        yield fake


def slack(fake: FakeSlack) -> SlackAdapter:
    return SlackAdapter(bot_token="xoxb-test", app_token="xapp-test", api_url=fake.api_url)


ADA = said("a1", "ada", "support", date(2024, 1, 10))
BO = said("a2", "bo", "oppose", date(2024, 1, 12))
BO_AGAIN = said("a3", "bo", "oppose", date(2024, 2, 1), "the harbour levy stays dead")


async def test_slack_adapter_posts_block_kit_and_threads_updates(fake: FakeSlack) -> None:
    adapter = slack(fake)
    card = alert_card(contradiction(first_words=HOSTILE))
    first = await adapter.post("C0ALERTS", card)
    update = await adapter.post("C0ALERTS", card, reply_to=first)

    [sent, threaded] = fake.posts()
    assert first == "1700000000.000001" and update != first
    assert sent.headers["authorization"] == "Bearer xoxb-test"
    assert sent.params["channel"] == "C0ALERTS" and "thread_ts" not in sent.params
    assert threaded.params["thread_ts"] == first
    assert sent.params["blocks"][0]["type"] == "header"
    assert sent.params["text"].startswith("Contradiction on")
    # nothing that could notify: no link_names, no mention markup anywhere in the request
    assert "link_names" not in sent.params and "parse" not in sent.params
    assert not MENTION.search(sent.body.decode()), sent.body
    assert "&lt;!channel&gt;" in json.dumps(sent.params["blocks"])


async def test_slack_adapter_refusal_is_an_adapter_error_with_slacks_reason(
    fake: FakeSlack,
) -> None:
    fake.missing_channels.add("C0GONE")
    with pytest.raises(AdapterError, match="C0GONE: channel_not_found"):
        await slack(fake).post("C0GONE", alert_card(contradiction()))


async def test_slack_adapter_server_error_is_an_adapter_error(fake: FakeSlack) -> None:
    fake.fail("chat.postMessage", status=500, body="<html>upstream down</html>")
    with pytest.raises(AdapterError, match="HTTP 500"):
        await slack(fake).post("C0ALERTS", alert_card(contradiction()))


async def test_slack_adapter_unreachable_slack_is_an_adapter_error(closed_port: int) -> None:
    adapter = SlackAdapter(
        bot_token="xoxb-test", app_token="xapp-test", api_url=f"http://127.0.0.1:{closed_port}/api/"
    )
    with pytest.raises(AdapterError, match="could not post to Slack channel C0ALERTS"):
        await adapter.post("C0ALERTS", alert_card(contradiction()))


async def test_slack_adapter_waits_out_a_short_rate_limit(fake: FakeSlack) -> None:
    fake.fail("chat.postMessage", status=429, headers={"Retry-After": "0"})
    ts = await slack(fake).post("C0ALERTS", alert_card(contradiction()))
    assert len(fake.posts()) == 2  # the 429, then the post that went through
    assert ts == "1700000000.000001"


async def test_slack_adapter_leaves_a_long_rate_limit_to_the_outbox(fake: FakeSlack) -> None:
    wait = str(MAX_RATE_LIMIT_WAIT + 1)
    fake.fail("chat.postMessage", status=429, headers={"Retry-After": wait})
    with pytest.raises(AdapterError, match="ratelimited"):
        await slack(fake).post("C0ALERTS", alert_card(contradiction()))
    assert len(fake.posts()) == 1


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"Retry-After": ["7"]}, 7),
        ({"retry-after": "3"}, 3),
        ({"Retry-After": "soon"}, None),
        ({}, None),
    ],
)
def test_slack_adapter_reads_retry_after(
    headers: dict[str, str | list[str]], seconds: int | None
) -> None:
    assert retry_after(headers) == seconds


async def test_slack_adapter_outbox_survives_a_500_and_delivers_once_across_a_restart(
    fake: FakeSlack, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'outbox.db'}"
    channels = ("slack:C0ONE", "slack:C0TWO")
    fake.fail("chat.postMessage", status=500)
    with SqlStore(url) as store:
        AlertBook(store).record(finding(ADA, BO, channels=channels), NOW)
        report = await flush(store, {"slack": slack(fake)}, NOW)
        assert len(report.failed) == 1 and len(report.sent) == 1
        assert "slack: could not post" in report.failed[0][1]
        [waiting] = store.pending_deliveries(NOW + retry_delay(1))
        assert waiting.channel in channels

    with SqlStore(url) as restarted:  # a new run, a new adapter
        report = await flush(restarted, {"slack": slack(fake)}, NOW + retry_delay(1))
        assert report.sent == (waiting.id,)
        assert (
            await flush(restarted, {"slack": slack(fake)}, NOW + timedelta(days=1))
            == type(report)()
        )
        refs = {d.channel: d.message_ref for d in restarted.list_deliveries()}

    ok = [p for p in fake.posts() if p.params["channel"] in ("C0ONE", "C0TWO")]
    assert len(ok) == 3  # the refused post and one delivery per channel
    delivered = sorted(p.params["channel"] for p in ok[1:])
    assert delivered == ["C0ONE", "C0TWO"]
    assert set(refs) == set(channels) and all(refs.values())


async def test_slack_adapter_outbox_delivers_through_a_short_rate_limit_in_one_flush(
    fake: FakeSlack, tmp_path: Path
) -> None:
    fake.fail("chat.postMessage", status=429, headers={"Retry-After": "0"})
    with SqlStore(f"sqlite:///{tmp_path / 'outbox.db'}") as store:
        AlertBook(store).record(finding(ADA, BO), NOW)
        report = await flush(store, {"slack": slack(fake)}, NOW)
        assert len(report.sent) == 1 and report.failed == ()
        [delivery] = store.list_deliveries()
    assert (delivery.status, delivery.attempts) == ("delivered", 1)
    assert len(fake.posts()) == 2  # the 429 and the one message


async def test_slack_adapter_outbox_threads_an_update_under_the_first_message(
    fake: FakeSlack, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'outbox.db'}"
    with SqlStore(url) as store:
        book = AlertBook(store)
        book.record(finding(ADA, BO), NOW)
        await flush(store, {"slack": slack(fake)}, NOW)
    with SqlStore(url) as restarted:
        AlertBook(restarted).record(finding(ADA, BO, BO_AGAIN), NOW + timedelta(hours=1))
        report = await flush(restarted, {"slack": slack(fake)}, NOW + timedelta(hours=1))
        assert len(report.sent) == 1
    first, update = fake.posts()
    assert "thread_ts" not in first.params
    assert update.params["thread_ts"] == "1700000000.000001"
    assert update.params["text"].startswith("Update:")


# --- configuration ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "environ", "missing"),
    [
        ("socket", {}, "SLACK_BOT_TOKEN"),
        ("socket", {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN"),
        (
            "http",
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"},
            "SLACK_SIGNING_SECRET",
        ),
        ("socket", {"SLACK_BOT_TOKEN": "  ", "SLACK_APP_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN"),
    ],
)
def test_slack_adapter_missing_token_is_a_config_error_naming_it(
    mode: str, environ: dict[str, str], missing: str
) -> None:
    settings = SlackSettings(enabled=True, mode=mode)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=missing):
        SlackAdapter.from_settings(settings, environ)


async def test_slack_adapter_from_settings_uses_slack_api_url(fake: FakeSlack) -> None:
    environ = {
        "SLACK_BOT_TOKEN": "xoxb-env",
        "SLACK_SIGNING_SECRET": "s3cret",
        "SLACK_API_URL": fake.api_url,
    }
    adapter = SlackAdapter.from_settings(SlackSettings(enabled=True, mode="http"), environ)
    await adapter.post("C0ALERTS", alert_card(contradiction()))
    assert fake.posts()[0].headers["authorization"] == "Bearer xoxb-env"


async def test_slack_adapter_start_refuses_a_bad_bot_token(fake: FakeSlack) -> None:
    fake.fail("auth.test", body={"ok": False, "error": "invalid_auth"})
    with pytest.raises(AdapterError, match="SLACK_BOT_TOKEN: invalid_auth"):
        await slack(fake).start()


async def test_slack_adapter_start_refuses_a_bad_app_token(fake: FakeSlack) -> None:
    fake.fail("apps.connections.open", body={"ok": False, "error": "invalid_auth"})
    with pytest.raises(AdapterError, match="SLACK_APP_TOKEN: invalid_auth"):
        await slack(fake).start()
