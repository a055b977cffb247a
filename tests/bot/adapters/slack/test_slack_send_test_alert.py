"""`stancewatch send-test-alert --platform slack` against a loopback Slack, as a user runs it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.cli import main
from bot.store import SqlStore
from tests.bot.adapters.slack.fakeslack import FakeSlack

ROOT = Path(__file__).resolve().parents[4]
MENTION = re.compile(r"<[!@#]")


def send_test_alert(tmp_path: Path, channel: str = "C0TEST") -> int:
    return main(
        [
            "send-test-alert",
            "--platform",
            "slack",
            "--channel",
            channel,
            "--config",
            str(ROOT / "config"),
            "--db",
            f"sqlite:///{tmp_path / 'cli.db'}",
        ]
    )


def slack_environment(monkeypatch: pytest.MonkeyPatch, fake: FakeSlack) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-cli")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-cli")
    monkeypatch.setenv("SLACK_API_URL", fake.api_url)


def test_slack_send_test_alert_posts_the_sample_and_notifies_nobody(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeSlack.threaded() as fake:
        slack_environment(monkeypatch, fake)
        assert send_test_alert(tmp_path) == 0

    out = capsys.readouterr().out
    assert "to slack:C0TEST (message 1700000000.000001)" in out
    [post] = fake.posts()
    assert post.params["channel"] == "C0TEST"
    assert post.headers["authorization"] == "Bearer xoxb-cli"
    assert not MENTION.search(post.body.decode()), post.body
    blocks = json.dumps(post.params["blocks"])
    assert "&lt;!channel&gt;" in blocks and "&lt;@U123&gt;" in blocks
    # started like `run` starts it: token checked, socket mode connected
    assert fake.calls_to("auth.test") and fake.calls_to("apps.connections.open")


def test_slack_send_test_alert_outage_leaves_the_alert_in_the_outbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeSlack.threaded() as fake:
        slack_environment(monkeypatch, fake)
        fake.fail("chat.postMessage", status=500)
        assert send_test_alert(tmp_path) == 1

    assert "stays in the outbox" in capsys.readouterr().err
    with SqlStore(f"sqlite:///{tmp_path / 'cli.db'}") as store:
        [delivery] = store.list_deliveries()
    assert (delivery.status, delivery.channel) == ("pending", "slack:C0TEST")


def test_slack_send_test_alert_names_a_missing_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-cli")
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    assert send_test_alert(tmp_path) == 2
    assert "SLACK_APP_TOKEN" in capsys.readouterr().err
