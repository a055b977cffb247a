"""The Discord adapter's I/O: log in over REST, post embeds (threaded replies), run the gateway.

Posting needs only REST, so ``post`` works as soon as ``start`` has logged in. The gateway
connection (a websocket) is what brings slash commands in; it is opened only when the adapter
has a command layer (``commands``), runs as a background task and reconnects by itself.

discord.py already waits out a 429 for its ``retry_after`` and retries a 500/502/504 with
growing pauses; it does not retry a dropped connection on Linux, so ``post`` does. Whatever
still fails becomes an ``AdapterError`` in plain words, and the outbox tries again later.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
import logging
import os
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket

from bot.adapters.base import ChatAdapter
from bot.adapters.discord.commands import build_tree
from bot.adapters.discord.render import render_card
from bot.cards import Card
from rules.model import DiscordSettings
from watchers.errors import AdapterError, ConfigError

log = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://discord.com/api/v10"
CONNECT_ATTEMPTS = 3  # tries of one post when the connection drops or is refused
# discord.py sleeps through a 429 up to this long; a longer one fails the post, which the
# outbox retries later, so one slow channel does not hold up every other delivery.
MAX_RATELIMIT_WAIT = 60.0
MAX_GATEWAY_PAUSE = 300.0
# discord.py retries these server errors itself (five tries, 1 to 9 s apart); any other 5xx
# (503 above all) it raises at once, so post retries those like a dropped connection.
RETRIED_BY_DISCORD_PY = frozenset({500, 502, 504, 524})

Sleep = Callable[[float], Awaitable[None]]

# Connection trouble as aiohttp and discord.py raise it: refused, reset, cut short, timed out.
CONNECTION_ERRORS: tuple[type[Exception], ...] = (
    aiohttp.ClientError,
    OSError,
    asyncio.TimeoutError,
)
DISCORD_ERRORS: tuple[type[Exception], ...] = (discord.DiscordException, *CONNECTION_ERRORS)


def intents() -> discord.Intents:
    """The least the bot needs: ``guilds`` only (server and role names for admin_roles).

    Slash commands arrive over the gateway without any intent; no privileged intent
    (message content, members, presences) is asked for.
    """
    wanted = discord.Intents.none()
    wanted.guilds = True
    return wanted


TOKEN_VARIABLE = "DISCORD_TOKEN"
API_BASE_VARIABLE = "DISCORD_API_BASE"


def adapter_from_environment(
    settings: DiscordSettings, environ: Mapping[str, str] | None = None
) -> DiscordAdapter:
    """The adapter `run` uses: the token from DISCORD_TOKEN (never from YAML, never logged),
    the API from DISCORD_API_BASE when set (a proxy or a test server)."""
    env = os.environ if environ is None else environ
    token = env.get(TOKEN_VARIABLE, "").strip()
    if not token:
        raise ConfigError(
            f"{TOKEN_VARIABLE} is not set: Discord is enabled in settings.yaml "
            "(adapters.discord.enabled), so put the bot token in the environment "
            f"(export {TOKEN_VARIABLE}=...), or switch Discord off"
        )
    base = env.get(API_BASE_VARIABLE, "").strip() or None
    if base is not None:
        parts = urlsplit(base)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ConfigError(
                f"{API_BASE_VARIABLE}={base!r} is not an http(s) URL: give the API's base, "
                f"such as {DEFAULT_API_BASE}"
            )
    return DiscordAdapter(token, settings, api_base=base)


def permissions() -> discord.Permissions:
    """The least the bot needs in an alert channel: see it, post, embed, attach the chart,
    and read history (a reply to an earlier alert needs it)."""
    return discord.Permissions(
        view_channel=True,
        send_messages=True,
        embed_links=True,
        attach_files=True,
        read_message_history=True,
    )


def invite_url(application_id: int) -> str:
    """The link that adds the bot to a server with those permissions and its slash commands."""
    return discord.utils.oauth_url(
        application_id, permissions=permissions(), scopes=("bot", "applications.commands")
    )


def set_api_base(base: str) -> None:
    """Point discord.py's REST calls (webhooks and interaction replies included) at ``base``.

    ``Route.BASE`` is a class attribute read by every discord.py client in the process; the
    bot runs one, so this is the documented way to use a proxy or a test server.
    """
    discord.http.Route.BASE = base.rstrip("/")


def connect_pause(failures: int) -> float:
    """Seconds to wait before the next try after ``failures`` dropped connections in a row."""
    return float(min(2 ** max(failures - 1, 0), MAX_GATEWAY_PAUSE))


class DiscordAdapter(ChatAdapter):
    """Posts cards to Discord channels as embeds and serves the slash commands.

    ``channel`` in ``post`` is a channel (or thread) id; the returned ref is the id of the
    message posted, which the outbox passes back as ``reply_to`` for an alert's updates.
    """

    name = "discord"

    def __init__(
        self,
        token: str,
        settings: DiscordSettings | None = None,
        *,
        api_base: str | None = None,
        connect_gateway: bool = True,
        sleep: Sleep = asyncio.sleep,
        defer_after: float | None = None,
    ) -> None:
        self.settings = settings or DiscordSettings(enabled=True)
        self.api_base = api_base or DEFAULT_API_BASE
        self.connect_gateway = connect_gateway
        self._token = token
        self._sleep = sleep
        self.defer_after = defer_after  # None: commands.DEFER_AFTER
        self.client = discord.Client(
            intents=intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            max_ratelimit_timeout=MAX_RATELIMIT_WAIT,
        )
        self.tree: app_commands.CommandTree[discord.Client] | None = None
        self.synced: list[app_commands.AppCommand] = []
        self._gateway: asyncio.Task[None] | None = None
        self._started = False

    def __repr__(self) -> str:  # never show the token
        return f"DiscordAdapter(api_base={self.api_base!r})"

    @property
    def gateway(self) -> asyncio.Task[None] | None:
        """The background task keeping the gateway connected (None until it is opened)."""
        return self._gateway

    # --- lifecycle ---------------------------------------------------------------------

    async def start(self) -> None:
        """Log in over REST; with a command layer, sync the commands and open the gateway."""
        set_api_base(self.api_base)
        try:
            await self.client.login(self._token)
        except discord.LoginFailure as error:
            await self.client.close()
            raise AdapterError(
                "Discord refused the bot token (401 Unauthorized): check DISCORD_TOKEN "
                "(Developer Portal > your application > Bot > Reset Token)"
            ) from error
        except DISCORD_ERRORS as error:
            await self.client.close()
            raise AdapterError(
                f"could not log in to Discord at {self.api_base}: {_describe(error)}"
            ) from error
        self._started = True
        application = self.client.application_id
        log.info("logged in to Discord as %s (application %s)", self.client.user, application)
        if application is not None:
            log.info("invite the bot to a server with %s", invite_url(application))
        if self.commands is not None:
            self.tree = build_tree(self, self.commands)
            await self._sync_commands()
            if self.connect_gateway:
                self._gateway = asyncio.create_task(self._run_gateway(), name="discord gateway")

    async def _sync_commands(self) -> None:
        """Register the commands with Discord: per guild in settings (shown at once), else
        globally. A failure is logged, not fatal: alerts still go out."""
        assert self.tree is not None
        try:
            if self.settings.guilds:
                for guild_id in self.settings.guilds:
                    number = _snowflake(guild_id)
                    if number is None:
                        log.error(
                            "settings.yaml: adapters.discord.guilds: %r is not a server id "
                            "(right-click the server icon > Copy Server ID); skipped",
                            guild_id,
                        )
                        continue
                    guild = discord.Object(id=number)
                    self.tree.copy_global_to(guild=guild)
                    self.synced += await self.tree.sync(guild=guild)
            else:
                self.synced = await self.tree.sync()
        except DISCORD_ERRORS as error:
            log.error(
                "could not register the slash commands with Discord (%s); alerts still go "
                "out. Was the bot invited with the applications.commands scope?",
                _describe(error),
            )
        else:
            log.info("slash commands registered: %s", ", ".join(c.name for c in self.synced))

    async def _run_gateway(self) -> None:
        """Keep the gateway connected until ``close``.

        ``Client.connect`` reconnects by itself once connected; a first connection that
        fails escapes it, so this loop tries again with growing pauses. A refused token or
        intent is final: retrying cannot fix it.
        """
        failures = 0
        while not self.client.is_closed():
            try:
                await self._point_at_gateway()
                await self.client.connect(reconnect=True)
            except asyncio.CancelledError:
                raise
            except (discord.LoginFailure, discord.PrivilegedIntentsRequired) as error:
                log.error("Discord gateway refused the bot: %s; slash commands are off", error)
                return
            except Exception as error:
                if self.client.is_closed():
                    return
                failures += 1
                pause = connect_pause(failures)
                log.warning(
                    "Discord gateway connection failed (%s); trying again in %.0f s",
                    _describe(error),
                    pause,
                )
                await self._sleep(pause)
            else:
                return

    async def _point_at_gateway(self) -> None:
        """Ask the API where its gateway is (``GET /gateway/bot``), as Discord recommends.

        discord.py's Client otherwise always dials wss://gateway.discord.gg, whatever
        DISCORD_API_BASE says; asking the API sends a proxy's or a test server's bot to the
        gateway that API names. Like ``Route.BASE``, the setting is the process's.
        """
        _shards, url, _limits = await self.client.http.get_bot_gateway()
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)

    async def close(self) -> None:
        gateway, self._gateway = self._gateway, None
        # The client is closed before the gateway task is cancelled, so that every reconnect
        # loop (ours and discord.py's) sees it closed and stops: on Python 3.11
        # ``asyncio.wait_for`` can swallow a cancellation that lands just as a connection
        # attempt fails (fixed in 3.12), and a cancel alone then left the task retrying.
        await self.client.close()
        if gateway is not None:
            gateway.cancel()
            await asyncio.gather(gateway, return_exceptions=True)
        self._started = False

    # --- posting -----------------------------------------------------------------------

    async def post(self, channel: str, card: Card, *, reply_to: str | None = None) -> str:
        """Post ``card`` to channel id ``channel``, as a reply to message ``reply_to``."""
        if not self._started:
            raise AdapterError("the Discord adapter is not started (call start() first)")
        channel_id = _snowflake(channel)
        if channel_id is None:
            raise AdapterError(
                f"{channel!r} is not a Discord channel id: use the number Discord shows with "
                "Developer Mode on (right-click the channel > Copy Channel ID)"
            )
        reference = None
        if reply_to is not None:
            message_id = _snowflake(reply_to)
            if message_id is None:
                log.warning("reply_to %r is not a Discord message id; posting on its own", reply_to)
            else:
                # The first alert may have been deleted; the update then stands on its own.
                reference = discord.MessageReference(
                    message_id=message_id, channel_id=channel_id, fail_if_not_exists=False
                )
        target = self.client.get_partial_messageable(channel_id)
        embed = render_card(card).embed
        nonce = _nonce(channel_id, reference, card)
        extra: dict[str, Any] = {} if reference is None else {"reference": reference}

        failures = 0
        while True:
            try:
                message = await target.send(
                    embed=embed,
                    allowed_mentions=discord.AllowedMentions.none(),
                    nonce=nonce,
                    **extra,
                )
            except discord.DiscordServerError as error:
                if error.status in RETRIED_BY_DISCORD_PY:
                    raise AdapterError(_refusal(error, channel)) from error
                problem: BaseException = error
            except discord.HTTPException as error:
                raise AdapterError(_refusal(error, channel)) from error
            except discord.RateLimited as error:
                raise AdapterError(
                    f"Discord asks to wait {error.retry_after:.0f} s before posting again"
                ) from error
            except CONNECTION_ERRORS as error:
                problem = error
            except discord.DiscordException as error:
                raise AdapterError(f"Discord: {_describe(error)}") from error
            else:
                return str(message.id)

            failures += 1
            if failures >= CONNECT_ATTEMPTS:
                if isinstance(problem, discord.HTTPException):
                    raise AdapterError(_refusal(problem, channel)) from problem
                raise AdapterError(
                    f"could not reach Discord at {self.api_base} "
                    f"({failures} tries): {_describe(problem)}"
                ) from problem
            pause = connect_pause(failures)
            log.warning(
                "posting to Discord channel %s failed (%s); trying again in %.0f s",
                channel,
                _describe(problem),
                pause,
            )
            await self._sleep(pause)


def _snowflake(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() and 0 < int(value) < 2**64 else None


def _nonce(channel_id: int, reference: discord.MessageReference | None, card: Card) -> str:
    """The same message to the same place gets the same nonce.

    Sent with ``enforce_nonce``, Discord then answers a repeat within a few minutes with the
    message it already created, so a post retried after its answer was lost appears once.
    """
    body = json.dumps(
        [channel_id, reference.message_id if reference else None, dataclasses.asdict(card)],
        ensure_ascii=False,
    )
    return hashlib.sha256(body.encode()).hexdigest()[:25]  # Discord's nonce limit


def _refusal(error: discord.HTTPException, channel: str) -> str:
    """What Discord's refusal means, in words a user can act on."""
    detail = f"{error.status} {error.response.reason or ''}".strip()
    if error.code:
        detail += f", code {error.code}"
    if error.text:
        detail += f": {error.text}"
    if error.status == 401:
        return f"Discord refused the bot token ({detail}): check DISCORD_TOKEN"
    if error.status == 403:
        return (
            f"the bot may not post in channel {channel} ({detail}): it needs View Channel, "
            "Send Messages, Embed Links, Attach Files and Read Message History there"
        )
    if error.status == 404:
        return f"Discord knows no channel {channel} that the bot can see ({detail})"
    if isinstance(error, discord.DiscordServerError):
        return f"Discord had a server error on every try ({detail})"
    return f"Discord refused the message to channel {channel} ({detail})"


def _describe(error: BaseException) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
