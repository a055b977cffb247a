"""The two ways commands reach the app: the real HTTP endpoint (signed requests) and Socket Mode."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.adapters.slack import SlackAdapter
from tests.bot.adapters.slack.fakeslack import FakeSlack
from tests.bot.adapters.slack.slack_requests import (
    SECRET,
    form,
    signed_headers,
    slash_command,
    socket_envelope,
)
from watchers.errors import AdapterError


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack.running() as fake:
        yield fake


@pytest.fixture
async def http_app(fake: FakeSlack) -> AsyncIterator[SlackAdapter]:
    adapter = SlackAdapter(
        bot_token="xoxb-test",
        mode="http",
        signing_secret=SECRET,
        api_url=fake.api_url,
        http_host="127.0.0.1",
        http_port=0,
    )
    async with adapter:
        yield adapter


async def post(url: str, body: str, headers: dict[str, str]) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body.encode(), headers=headers) as response,
    ):
        return response.status, await response.text()


async def test_slack_http_answers_a_signed_command(fake: FakeSlack, http_app: SlackAdapter) -> None:
    assert http_app.http_url is not None and http_app.http_url.startswith("http://127.0.0.1:")
    body = form(slash_command("/why", "c0ffee12", fake.response_url("signed")))
    status, _ = await post(http_app.http_url, body, signed_headers(body))
    assert status == 200
    [answer] = await fake.wait_for("respond")
    # no Commands attached in this test: the command is still answered, in plain words
    assert answer.params["response_type"] == "ephemeral"
    assert "starting" in json.dumps(answer.params["blocks"])


@pytest.mark.parametrize(
    "forge",
    [
        "bad signature",
        "replayed timestamp",
        "body changed after signing",
        "no signature",
    ],
)
async def test_slack_http_refuses_requests_slack_did_not_sign_now(
    fake: FakeSlack, http_app: SlackAdapter, forge: str
) -> None:
    assert http_app.http_url is not None
    body = form(slash_command("/why", "c0ffee12", fake.response_url("forged")))
    if forge == "bad signature":
        headers = signed_headers(body, secret="not-the-app-secret")
    elif forge == "replayed timestamp":
        # correctly signed, but six minutes old: Bolt accepts five at most
        headers = signed_headers(body, timestamp=int(time.time()) - 6 * 60)
    elif forge == "body changed after signing":
        headers = signed_headers(body)
        body = body.replace("c0ffee12", "deadbeef")
    else:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
    status, _ = await post(http_app.http_url, body, headers)
    assert status == 401

    # A genuine request afterwards is answered, and it is the only one that was.
    good = form(slash_command("/why", "c0ffee12", fake.response_url("genuine")))
    assert (await post(http_app.http_url, good, signed_headers(good)))[0] == 200
    await fake.wait_for("respond")
    assert [c.method for c in fake.calls if c.method == "respond"] == ["respond"]
    assert not any("forged" in str(c.params) for c in fake.calls)


async def test_slack_socket_mode_acknowledges_and_answers_a_command(fake: FakeSlack) -> None:
    adapter = SlackAdapter(bot_token="xoxb-test", app_token="xapp-test", api_url=fake.api_url)
    async with adapter:
        await fake.socket_connected()
        [opened] = fake.calls_to("apps.connections.open")
        assert opened.headers["authorization"] == "Bearer xapp-test"
        envelope = socket_envelope(slash_command("/why", "c0ffee12", fake.response_url("ws")))
        await fake.send_envelope(envelope)
        [ack] = await fake.wait_for("socket")
        assert ack.params["envelope_id"] == envelope["envelope_id"]
        [answer] = await fake.wait_for("respond")
        assert answer.params["response_type"] == "ephemeral"
    assert len(fake.calls_to("apps.connections.open")) == 1


async def test_slack_http_port_in_use_is_an_adapter_error_naming_the_setting(
    fake: FakeSlack,
) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        adapter = SlackAdapter(
            bot_token="xoxb-test",
            mode="http",
            signing_secret=SECRET,
            api_url=fake.api_url,
            http_port=port,
        )
        with pytest.raises(AdapterError, match=f"127.0.0.1:{port} .*http_port"):
            await adapter.start()
    await adapter.close()
