"""Slack's slash commands: text arguments -> a Commands call -> an answer through ``respond``.

Every command is acknowledged at once (Slack gives up after 3 seconds) and answered
afterwards through the command's response_url, so a slow query never times out. A mistake
in the arguments gets the command's usage line, seen by the caller alone. ``/feeds`` and
``/rules`` ask Slack whether the caller is a workspace admin or owner, or a member of
``settings.adapters.slack.admin_usergroup``; the other commands need no lookup.

A chart (``/stance``) is uploaded to the channel with files_upload_v2 beside the answer.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import aiohttp
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.render import SlackMessage, render_card
from bot.commands import SUBSCRIPTION_KINDS, Attachment, Caller, Commands, Reply, error_reply

if TYPE_CHECKING:
    from bot.adapters.slack.adapter import SlackAdapter

log = logging.getLogger(__name__)

PLATFORM = "slack"
ADMIN_COMMANDS = frozenset({"/feeds", "/rules"})
_CHANNEL = re.compile(r"^<#([A-Z0-9]+)(?:\|[^>]*)?>$")
_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")
_USERGROUP_ID = re.compile(r"^S[A-Z0-9]{2,}$")
_LINK = re.compile(r"^<([^|>]+)(?:\|[^>]*)?>$")
# What a Web API call raises when Slack refuses it or cannot be reached.
SLACK_ERRORS: tuple[type[Exception], ...] = (SlackClientError, aiohttp.ClientError, OSError)


class UsageError(Exception):
    """The arguments do not fit the command; the message is its usage line."""


@dataclass(frozen=True)
class SlashCommand:
    name: str
    usage: str
    run: Callable[[Commands, Caller, list[str]], Awaitable[Reply]]


# --- argument parsing ---------------------------------------------------------------------


def words(text: str) -> list[str]:
    """A command's text as words, with Slack's escapes (``&amp;``) undone."""
    return [_unescape(word) for word in text.split()]


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def channel_arg(word: str) -> str:
    """A channel picked in Slack's box (``<#C0123|name>``) or typed as an id, as its id."""
    found = _CHANNEL.match(word)
    if found:
        return found.group(1)
    if _CHANNEL_ID.match(word):
        return word
    raise UsageError(
        f"{word!r} is not a channel: pick it with # so Slack sends its id, or give the id (C0123…)"
    )


def url_arg(word: str) -> str:
    """A URL as Slack sends it (``<https://…|label>`` when it made a link of it), or bare."""
    found = _LINK.match(word)
    return found.group(1) if found else word


def _count(args: list[str], low: int, high: int) -> None:
    if not low <= len(args) <= high:
        raise UsageError("wrong number of arguments")


async def _stance(commands: Commands, caller: Caller, args: list[str]) -> Reply:
    _count(args, 2, 2)
    return await commands.stance(caller, args[0], args[1])


async def _timeline(commands: Commands, caller: Caller, args: list[str]) -> Reply:
    _count(args, 1, 2)
    return await commands.timeline(caller, args[0], args[1] if len(args) > 1 else None)


async def _compare(commands: Commands, caller: Caller, args: list[str]) -> Reply:
    _count(args, 3, 3)
    return await commands.compare(caller, args[0], args[1], args[2])


async def _alerts(commands: Commands, caller: Caller, args: list[str]) -> Reply:
    _count(args, 0, 2)
    topic: str | None = None
    days = 7
    for arg in args:
        if arg.isdigit():
            days = int(arg)
            if days < 1:
                raise UsageError("days must be at least 1")
        elif topic is None:
            topic = arg
        else:
            raise UsageError("one topic at most")
    return await commands.alerts(caller, topic, days)


async def _why(commands: Commands, caller: Caller, args: list[str]) -> Reply:
    _count(args, 1, 1)
    return await commands.why(caller, args[0])


def _subscription(args: list[str]) -> tuple[Any, str, str | None]:
    _count(args, 2, 3)
    kind = args[0].lower()
    if kind not in SUBSCRIPTION_KINDS:
        raise UsageError(f"{args[0]!r} is not one of {', '.join(SUBSCRIPTION_KINDS)}")
    channel = channel_arg(args[2]) if len(args) == 3 else None
    return kind, args[1], channel


async def _subscribe(commands: Commands, caller: Caller, args: list[str]) -> Reply:
    kind, target, channel = _subscription(args)
    return await commands.subscribe(caller, kind, target, channel)


async def _unsubscribe(commands: Commands, caller: Caller, args: list[str]) -> Reply:
    kind, target, channel = _subscription(args)
    return await commands.unsubscribe(caller, kind, target, channel)


async def _feeds(commands: Commands, caller: Caller, args: list[str]) -> Reply:
    action, rest = (args[0].lower(), args[1:]) if args else ("list", [])
    if action == "list":
        _count(rest, 0, 0)
        return await commands.feeds_list(caller)
    if action == "add":
        _count(rest, 1, 2)
        return await commands.feeds_add(
            caller, url_arg(rest[0]), rest[1] if len(rest) > 1 else None
        )
    if action == "remove":
        _count(rest, 1, 1)
        return await commands.feeds_remove(caller, rest[0])
    raise UsageError(f"{args[0]!r} is not list, add or remove")


async def _rules(commands: Commands, caller: Caller, args: list[str]) -> Reply:
    _count(args, 1, 1)
    action = args[0].lower()
    if action == "check":
        return await commands.rules_check(caller)
    if action == "reload":
        return await commands.rules_reload(caller)
    raise UsageError(f"{args[0]!r} is not check or reload")


KINDS = "|".join(SUBSCRIPTION_KINDS)
SLASH_COMMANDS: dict[str, SlashCommand] = {
    c.name: c
    for c in (
        SlashCommand("/stance", "/stance <official> <topic>", _stance),
        SlashCommand("/timeline", "/timeline <official> [topic]", _timeline),
        SlashCommand("/compare", "/compare <official> <official> <topic>", _compare),
        SlashCommand("/alerts", "/alerts [topic] [days]", _alerts),
        SlashCommand("/why", "/why <alert id>", _why),
        SlashCommand("/subscribe", f"/subscribe {KINDS} <id> [#channel]", _subscribe),
        SlashCommand("/unsubscribe", f"/unsubscribe {KINDS} <id> [#channel]", _unsubscribe),
        SlashCommand("/feeds", "/feeds list | add <url> [id] | remove <id>", _feeds),
        SlashCommand("/rules", "/rules check | reload", _rules),
    )
}


async def answer(commands: Commands, caller: Caller, name: str, text: str) -> Reply:
    """The Reply to ``name text`` (``/stance ada harbour-tax``); a usage line on a mistake."""
    command = SLASH_COMMANDS.get(name)
    if command is None:
        return error_reply("Unknown command", f"{name} is not a stancewatch command.")
    try:
        return await command.run(commands, caller, words(text))
    except UsageError as error:
        return error_reply(f"Usage: {command.usage}", f"{error}.")


# --- who may run admin commands --------------------------------------------------------------


async def is_admin(client: AsyncWebClient, user: str, usergroup: str | None) -> bool:
    """A workspace admin or owner, or a member of ``usergroup`` (a handle or an S… id).

    A lookup Slack refuses (a missing scope, an unknown group) counts as "no", and is
    logged with Slack's reason so the person running the bot can fix it.
    """
    try:
        info = await client.users_info(user=user)
        person = info.get("user") or {}
        if person.get("is_admin") or person.get("is_owner") or person.get("is_primary_owner"):
            return True
        if not usergroup:
            return False
        group = await _usergroup_id(client, usergroup)
        if group is None:
            log.warning("slack: admin_usergroup %r is not a user group here", usergroup)
            return False
        members = await client.usergroups_users_list(usergroup=group)
        return user in (members.get("users") or [])
    except SLACK_ERRORS as error:
        log.warning("slack: could not tell whether %s is an admin: %s", user, error)
        return False


async def _usergroup_id(client: AsyncWebClient, usergroup: str) -> str | None:
    if _USERGROUP_ID.match(usergroup):
        return usergroup
    handle = usergroup.removeprefix("@").lower()
    groups = await client.usergroups_list()
    for group in groups.get("usergroups") or []:
        if str(group.get("handle", "")).lower() == handle:
            return str(group["id"])
    return None


# --- the Bolt listener ---------------------------------------------------------------------


def register(app: AsyncApp, adapter: SlackAdapter) -> None:
    """Answer every slash command of SLASH_COMMANDS on ``app`` with ``adapter.commands``."""

    async def on_command(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        await handle(adapter, command, respond)

    for name in SLASH_COMMANDS:
        app.command(name)(on_command)


async def handle(adapter: SlackAdapter, command: dict[str, Any], respond: AsyncRespond) -> None:
    """Answer one acknowledged slash command."""
    name = str(command.get("command", ""))
    caller = Caller(
        platform=PLATFORM,
        workspace=str(command.get("team_id") or ""),
        channel=str(command.get("channel_id") or ""),
        user=str(command.get("user_id") or ""),
    )
    commands = adapter.commands
    if commands is None:
        reply = error_reply("Not ready", "stancewatch is starting; try again in a moment.")
    else:
        if name in ADMIN_COMMANDS:
            admin = await is_admin(adapter.client, caller.user, adapter.admin_usergroup)
            caller = replace(caller, is_admin=admin)
        try:
            reply = await answer(commands, caller, name, str(command.get("text") or ""))
        except Exception:  # the caller must hear something; the log gets the why
            log.exception("slack: %s failed", name)
            reply = error_reply("Something went wrong", f"{name} failed; the bot's log says why.")
    await send_reply(adapter.client, respond, caller.channel, reply)


async def send_reply(
    client: AsyncWebClient, respond: AsyncRespond, channel: str, reply: Reply
) -> None:
    """The reply through the response_url; its attachments uploaded to the channel."""
    message = render_card(reply.card)
    kind = "ephemeral" if reply.ephemeral else "in_channel"
    if not await _respond(respond, channel, message, kind):
        return
    if reply.ephemeral:
        return  # an upload would show the whole channel what only the caller was to see
    problems = await upload(client, channel, reply.attachments, reply.card.title)
    if problems:
        note = render_card(error_reply("Chart not uploaded", "\n".join(problems)).card)
        await _respond(respond, channel, note, "ephemeral")


async def _respond(respond: AsyncRespond, channel: str, message: SlackMessage, kind: str) -> bool:
    """Send ``message`` through the command's response_url; False (logged) if that failed."""
    try:
        response = await respond(
            text=message.text,
            blocks=message.blocks,
            response_type=kind,
            unfurl_links=False,
            unfurl_media=False,
        )
    except (aiohttp.ClientError, OSError, ValueError) as error:
        log.warning("slack: could not answer a command in %s: %s", channel, error)
        return False
    if response.status_code != 200:
        log.warning(
            "slack: answering a command in %s: HTTP %s %s",
            channel,
            response.status_code,
            response.body,
        )
        return False
    return True


async def upload(
    client: AsyncWebClient, channel: str, attachments: Sequence[Attachment], title: str
) -> list[str]:
    """Upload each attachment to ``channel`` under ``title``; why any could not be uploaded."""
    problems: list[str] = []
    for attachment in attachments:
        try:
            await client.files_upload_v2(
                channel=channel,
                file=attachment.data,
                filename=attachment.filename,
                title=title,
                alt_txt=f"Chart: {title}",
            )
        except SlackApiError as error:
            code = error.response.get("error") if error.response is not None else None
            hint = (
                " Invite the app to this channel (/invite @stancewatch) to get charts here."
                if code in ("not_in_channel", "channel_not_found")
                else ""
            )
            problems.append(f"The chart {attachment.filename} was not uploaded: {code}.{hint}")
        except SLACK_ERRORS as error:
            problems.append(f"The chart {attachment.filename} was not uploaded: {error}.")
    return problems
