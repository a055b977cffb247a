"""The Slack adapter's I/O: a slack-bolt AsyncApp and its AsyncWebClient.

Alerts go out with chat.postMessage (updates in the thread of the first message, whose
``ts`` is the ref ``post`` returns). Slash commands come in through Socket Mode (the
default: no public address needed) or through Bolt's aiohttp endpoint (``http`` mode,
behind a reverse proxy), where Bolt checks every request's signature and timestamp.

Slack's rate limits are waited out as Slack asks (``Retry-After``) when the wait is short;
a longer one, a refusal or an outage becomes an AdapterError, and the outbox retries later.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from aiohttp import web
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.app.async_server import AsyncSlackAppServer
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.base import ChatAdapter
from bot.adapters.slack.commands import SLACK_ERRORS, register
from bot.adapters.slack.render import render_card
from bot.cards import Card
from rules.model import SlackSettings
from watchers.errors import AdapterError, ConfigError

if TYPE_CHECKING:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
EVENTS_PATH = "/slack/events"  # Bolt's default; the README's manifest names it
# Longest Retry-After waited out inside one post; a longer one fails the post, and the
# outbox's own backoff takes over instead of holding up every other delivery.
MAX_RATE_LIMIT_WAIT = 30
RATE_LIMIT_RETRIES = 2

Mode = Literal["socket", "http"]
# A post fails on Slack's errors, or on render_card's ValueError: a block Slack would refuse.
POST_ERRORS: tuple[type[Exception], ...] = (*SLACK_ERRORS, ValueError)


class PatientRateLimitHandler(AsyncRateLimitErrorRetryHandler):
    """Bolt's 429 handler (sleeps ``Retry-After``), for waits up to ``max_wait`` seconds."""

    def __init__(self, max_retry_count: int, max_wait: int = MAX_RATE_LIMIT_WAIT) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        wait = retry_after(response.headers)
        return wait is None or wait <= self.max_wait


def retry_after(headers: Mapping[str, str | list[str]]) -> int | None:
    """The seconds a 429 asks us to wait; None when it does not say (or says nonsense)."""
    for name, value in headers.items():
        if name.lower() == "retry-after":
            first = value[0] if isinstance(value, list) else value
            try:
                return max(int(first), 0)
            except ValueError:
                return None
    return None


def web_client(token: str, api_url: str | None = None) -> AsyncWebClient:
    """The Web API client: connection errors and short rate limits retried, nothing else."""
    handlers: list[AsyncRetryHandler] = [
        AsyncConnectionErrorRetryHandler(),
        PatientRateLimitHandler(max_retry_count=RATE_LIMIT_RETRIES),
    ]
    return AsyncWebClient(token=token, base_url=api_url or DEFAULT_API_URL, retry_handlers=handlers)


class SlackAdapter(ChatAdapter):
    """Posts alerts to Slack channels and answers the slash commands (see commands.py)."""

    name = "slack"

    def __init__(
        self,
        *,
        bot_token: str,
        mode: Mode = "socket",
        app_token: str | None = None,
        signing_secret: str | None = None,
        api_url: str | None = None,
        http_host: str = "127.0.0.1",
        http_port: int = 3000,
        admin_usergroup: str | None = None,
    ) -> None:
        if mode == "socket" and not app_token:
            raise ConfigError("Slack socket mode needs SLACK_APP_TOKEN (an xapp- token)")
        if mode == "http" and not signing_secret:
            raise ConfigError("Slack http mode needs SLACK_SIGNING_SECRET")
        self.mode: Mode = mode
        self.admin_usergroup = admin_usergroup
        self.client = web_client(bot_token, api_url)
        self._app_token = app_token
        self._http_host = http_host
        self._http_port = http_port
        # In socket mode no HTTP request reaches the app (Bolt skips the signature check
        # for socket envelopes); a random secret keeps Bolt's check refusing any that did.
        self.app = AsyncApp(
            client=self.client,
            signing_secret=signing_secret or secrets.token_hex(32),
            name="stancewatch",
            logger=logging.getLogger("stancewatch.slack"),
        )
        # Registered here, not in start(): whatever dispatches to the app finds them.
        register(self.app, self)
        self._socket: AsyncSocketModeHandler | None = None
        self._runner: web.AppRunner | None = None
        self.http_url: str | None = None

    @classmethod
    def from_settings(
        cls, settings: SlackSettings, environ: Mapping[str, str] | None = None
    ) -> SlackAdapter:
        """The adapter ``settings`` describe, with its tokens from the environment."""
        env = os.environ if environ is None else environ

        def need(variable: str, why: str) -> str:
            value = env.get(variable, "").strip()
            if not value:
                raise ConfigError(
                    f"settings.yaml: adapters.slack.enabled: {variable} is not set "
                    f"in the environment ({why})"
                )
            return value

        bot_token = need("SLACK_BOT_TOKEN", "the app's xoxb- bot token")
        if settings.mode == "socket":
            app_token = need("SLACK_APP_TOKEN", "an xapp- app-level token, for socket mode")
            secret = None
        else:
            app_token = None
            secret = need("SLACK_SIGNING_SECRET", "the app's signing secret, for http mode")
        return cls(
            bot_token=bot_token,
            mode=settings.mode,
            app_token=app_token,
            signing_secret=secret,
            api_url=env.get("SLACK_API_URL") or None,
            http_host=settings.http_host,
            http_port=settings.http_port,
            admin_usergroup=settings.admin_usergroup,
        )

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        """Check the bot token, then connect (socket) or listen (http) for commands."""
        try:
            await self.client.auth_test()
        except SLACK_ERRORS as error:
            raise AdapterError(f"Slack did not accept SLACK_BOT_TOKEN: {_reason(error)}") from error
        if self.mode == "socket":
            await self._start_socket()
        else:
            await self._start_http()

    async def _start_socket(self) -> None:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        assert self._app_token is not None  # checked in __init__
        # Asked here first: the client itself retries a refused app token forever, silently
        # for us; a wrong token must stop `run` with a reason instead.
        try:
            opened = await self.client.apps_connections_open(app_token=self._app_token)
        except SLACK_ERRORS as error:
            raise AdapterError(
                f"Slack did not open a socket mode connection with SLACK_APP_TOKEN: "
                f"{_reason(error)}"
            ) from error
        handler = AsyncSocketModeHandler(self.app, self._app_token, web_client=self.client)
        handler.client.wss_uri = str(opened["url"])
        await handler.connect_async()  # type: ignore[no-untyped-call]  # Bolt leaves it untyped
        self._socket = handler
        log.info("slack: connected in socket mode")

    async def _start_http(self) -> None:
        server = AsyncSlackAppServer(
            port=self._http_port, path=EVENTS_PATH, app=self.app, host=self._http_host
        )
        runner = web.AppRunner(server.web_app, access_log=None)
        await runner.setup()
        # A socket of our own, so port 0 (tests) gives a port we can read back.
        family = socket.AF_INET6 if ":" in self._http_host else socket.AF_INET
        try:
            sock = socket.create_server((self._http_host, self._http_port), family=family)
        except OSError as error:
            await runner.cleanup()
            raise AdapterError(
                f"cannot listen for Slack on {self._http_host}:{self._http_port} "
                f"(settings.yaml adapters.slack.http_host/http_port): {error.strerror or error}"
            ) from error
        try:
            await web.SockSite(runner, sock).start()
        except BaseException:
            sock.close()
            await runner.cleanup()
            raise
        host, port = sock.getsockname()[:2]
        self._runner = runner
        self.http_url = f"http://{host}:{port}{EVENTS_PATH}"
        log.info("slack: listening for requests at %s", self.http_url)

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
            self._socket = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            self.http_url = None

    # --- alerts ---------------------------------------------------------------------------

    async def post(self, channel: str, card: Card, *, reply_to: str | None = None) -> str:
        """Post ``card`` to a channel id (in the thread of ``reply_to``); return its ts."""
        try:
            message = render_card(card)  # a block Slack would refuse fails here, as a refusal
            response = await self.client.chat_postMessage(
                channel=channel,
                text=message.text,
                blocks=message.blocks,
                thread_ts=reply_to,
                unfurl_links=False,
                unfurl_media=False,
            )
        except POST_ERRORS as error:
            raise AdapterError(
                f"could not post to Slack channel {channel}: {_reason(error)}"
            ) from error
        ts = response.get("ts")
        if not isinstance(ts, str) or not ts:
            raise AdapterError(f"Slack accepted a post to {channel} but returned no message ts")
        return ts


def _reason(error: BaseException) -> str:
    """What went wrong in Slack's own words where it gave some (``channel_not_found``)."""
    if isinstance(error, SlackApiError):
        response = error.response
        status = getattr(response, "status_code", None)
        data = getattr(response, "data", None)
        code = data.get("error") if isinstance(data, dict) else None
        if code:
            return f"{code} (HTTP {status})" if status not in (None, 200) else str(code)
        return f"HTTP {status}"
    text = str(error) or type(error).__name__
    return text
