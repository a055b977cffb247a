"""The slash commands on Discord: an app_commands tree that only translates.

Each command turns the interaction into a ``Caller`` (is the member an admin? only Discord
knows), calls the platform-free command layer (bot.commands.Commands) and renders its
Reply. Discord wants an answer within 3 s: a reply ready within DEFER_AFTER seconds is
sent at once; otherwise the interaction is deferred ("stancewatch is thinking...") and the
reply follows. Autocomplete offers the configured ids (Commands.choices).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.adapters.discord.render import render_card
from bot.commands import Caller, ChoiceKind, Commands, Reply, error_reply

if TYPE_CHECKING:
    from bot.adapters.discord.adapter import DiscordAdapter

log = logging.getLogger(__name__)

# Discord gives 3 s for the first answer; what is not ready by then is deferred, leaving
# a second for the defer itself to reach Discord.
DEFER_AFTER = 2.0
CHOICE_LIMIT = 25  # Discord's limits on autocomplete: 25 options, 100 characters each
CHOICE_TEXT_LIMIT = 100
# What the caller hears when the bot itself failed; the log has the traceback.
FAILED = "Something went wrong on our side; the bot's log has the details."

Channel = app_commands.AppCommandChannel | app_commands.AppCommandThread
Work = Callable[[Caller], Awaitable[Reply]]
Complete = Callable[
    [discord.Interaction[discord.Client], str], Coroutine[Any, Any, list[app_commands.Choice[str]]]
]


class StancewatchTree(app_commands.CommandTree[discord.Client]):
    """The command tree; an argument Discord could not turn into its type gets a plain answer."""

    async def on_error(
        self, interaction: discord.Interaction[discord.Client], error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.TransformerError | app_commands.CommandSignatureMismatch):
            text = (
                "Discord sent an argument this command cannot use. If the bot was updated "
                "recently, wait a minute for Discord to show the new commands and try again."
            )
        else:
            log.error("slash command failed", exc_info=error)
            text = FAILED
        await _send(interaction, error_reply("That did not work", text))


def is_admin(interaction: discord.Interaction[discord.Client], admin_roles: list[str]) -> bool:
    """Manage Server (or Administrator) in this server, or a role named in admin_roles.

    Roles are matched by id or by name (case and a leading @ ignored), against the roles
    the gateway reported for the server (the ``guilds`` intent).
    """
    permissions = interaction.permissions
    if permissions.administrator or permissions.manage_guild:
        return True
    member = interaction.user
    if not isinstance(member, discord.Member) or not admin_roles:
        return False
    wanted = {name.strip().lstrip("@").casefold() for name in admin_roles}
    return any(str(role.id) in wanted or role.name.casefold() in wanted for role in member.roles)


def caller_for(interaction: discord.Interaction[discord.Client], admin_roles: list[str]) -> Caller:
    return Caller(
        platform="discord",
        workspace=str(interaction.guild_id or ""),
        channel=str(interaction.channel_id or ""),
        user=str(interaction.user.id),
        is_admin=is_admin(interaction, admin_roles),
    )


async def answer(
    interaction: discord.Interaction[discord.Client],
    work: Work,
    *,
    admin_roles: list[str],
    defer_after: float = DEFER_AFTER,
) -> None:
    """Run ``work`` for the caller and send its reply: at once, or after deferring."""
    task = asyncio.ensure_future(work(caller_for(interaction, admin_roles)))
    done, _ = await asyncio.wait({task}, timeout=defer_after)
    deferred = False
    if not done:
        try:
            await interaction.response.defer(thinking=True)
            deferred = True
        except discord.HTTPException as error:
            log.warning("could not defer /%s: %s", _name(interaction), error)
    try:
        reply = await task
    except Exception:
        log.exception("/%s failed", _name(interaction))
        reply = error_reply("That did not work", FAILED)
    await _send(interaction, reply, deferred=deferred)


async def _send(
    interaction: discord.Interaction[discord.Client], reply: Reply, *, deferred: bool = False
) -> None:
    rendered = render_card(reply.card, reply.attachments)
    kwargs: dict[str, Any] = {
        "embed": rendered.embed,
        "ephemeral": reply.ephemeral,
        "allowed_mentions": discord.AllowedMentions.none(),
    }
    if rendered.files:
        kwargs["files"] = list(rendered.files)
    try:
        if not deferred and not interaction.response.is_done():
            await interaction.response.send_message(**kwargs)
            return
        if reply.ephemeral:
            # A deferred answer is public; a reply meant for the caller alone replaces it.
            await interaction.delete_original_response()
        await interaction.followup.send(**kwargs)
    except discord.HTTPException as error:
        log.warning("could not answer /%s: %s", _name(interaction), error)


def _name(interaction: discord.Interaction[discord.Client]) -> str:
    command = interaction.command
    return command.qualified_name if command is not None else "command"


def _channel_id(channel: Channel | None) -> str | None:
    return str(channel.id) if channel is not None else None


def build_tree(adapter: DiscordAdapter, commands: Commands) -> StancewatchTree:
    """The commands, bound to ``commands``; the tree registers itself with the client."""
    tree = StancewatchTree(adapter.client)
    defer_after = DEFER_AFTER if adapter.defer_after is None else adapter.defer_after

    async def run(interaction: discord.Interaction[discord.Client], work: Work) -> None:
        await answer(
            interaction,
            work,
            admin_roles=list(adapter.settings.admin_roles),
            defer_after=defer_after,
        )

    def choices(kind: ChoiceKind) -> Complete:
        async def complete(
            interaction: discord.Interaction[discord.Client], current: str
        ) -> list[app_commands.Choice[str]]:
            return [
                app_commands.Choice(name=label[:CHOICE_TEXT_LIMIT], value=value[:CHOICE_TEXT_LIMIT])
                for value, label in commands.choices(kind, current)[:CHOICE_LIMIT]
            ]

        return complete

    official_choices, topic_choices = choices("official"), choices("topic")
    group_choices, feed_choices = choices("group"), choices("feed")

    # --- questions ---------------------------------------------------------------------

    @tree.command(name="stance", description="Where an official stands on a topic, with a chart")
    @app_commands.describe(official="official id", topic="topic id")
    @app_commands.autocomplete(official=official_choices, topic=topic_choices)
    async def stance(
        interaction: discord.Interaction[discord.Client], official: str, topic: str
    ) -> None:
        await run(interaction, lambda caller: commands.stance(caller, official, topic))

    @tree.command(name="timeline", description="An official's statements in time order")
    @app_commands.describe(official="official id", topic="topic id (all topics if left out)")
    @app_commands.autocomplete(official=official_choices, topic=topic_choices)
    async def timeline(
        interaction: discord.Interaction[discord.Client], official: str, topic: str | None = None
    ) -> None:
        await run(interaction, lambda caller: commands.timeline(caller, official, topic))

    @tree.command(name="compare", description="Two officials' positions on a topic side by side")
    @app_commands.describe(first="official id", second="official id", topic="topic id")
    @app_commands.autocomplete(first=official_choices, second=official_choices, topic=topic_choices)
    async def compare(
        interaction: discord.Interaction[discord.Client], first: str, second: str, topic: str
    ) -> None:
        await run(interaction, lambda caller: commands.compare(caller, first, second, topic))

    @tree.command(name="alerts", description="Alerts of the last days")
    @app_commands.describe(topic="topic id (all topics if left out)", days="how many days back")
    @app_commands.autocomplete(topic=topic_choices)
    async def alerts(
        interaction: discord.Interaction[discord.Client],
        topic: str | None = None,
        days: app_commands.Range[int, 1, 365] = 7,
    ) -> None:
        await run(interaction, lambda caller: commands.alerts(caller, topic, days))

    @tree.command(name="why", description="Why an alert fired: the rule, statements and words")
    @app_commands.describe(alert_id="the alert id shown in the alert's footer")
    async def why(interaction: discord.Interaction[discord.Client], alert_id: str) -> None:
        await run(interaction, lambda caller: commands.why(caller, alert_id))

    # --- subscriptions -------------------------------------------------------------------

    subscribe = app_commands.Group(
        name="subscribe",
        description="Send alerts about a topic, group or official to a channel",
        guild_only=True,
    )
    unsubscribe = app_commands.Group(
        name="unsubscribe",
        description="Stop sending alerts about a topic, group or official",
        guild_only=True,
    )

    def subscription_commands(group: app_commands.Group, adding: bool) -> None:
        verb = commands.subscribe if adding else commands.unsubscribe
        where = "to" if adding else "from"

        @group.command(name="topic", description=f"Alerts about a topic, {where} a channel")
        @app_commands.describe(topic="topic id", channel="this channel if left out")
        @app_commands.autocomplete(topic=topic_choices)
        async def by_topic(
            interaction: discord.Interaction[discord.Client],
            topic: str,
            channel: Channel | None = None,
        ) -> None:
            await run(interaction, lambda c: verb(c, "topic", topic, _channel_id(channel)))

        @group.command(name="group", description=f"Alerts about a group, {where} a channel")
        @app_commands.describe(group="group id", channel="this channel if left out")
        @app_commands.autocomplete(group=group_choices)
        async def by_group(
            interaction: discord.Interaction[discord.Client],
            group: str,
            channel: Channel | None = None,
        ) -> None:
            await run(interaction, lambda c: verb(c, "group", group, _channel_id(channel)))

        @group.command(name="official", description=f"Alerts about an official, {where} a channel")
        @app_commands.describe(official="official id", channel="this channel if left out")
        @app_commands.autocomplete(official=official_choices)
        async def by_official(
            interaction: discord.Interaction[discord.Client],
            official: str,
            channel: Channel | None = None,
        ) -> None:
            await run(interaction, lambda c: verb(c, "official", official, _channel_id(channel)))

    subscription_commands(subscribe, adding=True)
    subscription_commands(unsubscribe, adding=False)

    # --- admin -----------------------------------------------------------------------------

    feeds = app_commands.Group(
        name="feeds", description="Watched feeds (Manage Server or an admin role)", guild_only=True
    )

    @feeds.command(name="add", description="Watch a feed")
    @app_commands.describe(url="the feed's http(s) address", feed_id="an id (made from the URL)")
    async def feeds_add(
        interaction: discord.Interaction[discord.Client], url: str, feed_id: str | None = None
    ) -> None:
        await run(interaction, lambda caller: commands.feeds_add(caller, url, feed_id))

    @feeds.command(name="remove", description="Stop watching a feed")
    @app_commands.describe(feed_id="feed id")
    @app_commands.autocomplete(feed_id=feed_choices)
    async def feeds_remove(interaction: discord.Interaction[discord.Client], feed_id: str) -> None:
        await run(interaction, lambda caller: commands.feeds_remove(caller, feed_id))

    @feeds.command(name="list", description="The watched feeds and how they are doing")
    async def feeds_list(interaction: discord.Interaction[discord.Client]) -> None:
        await run(interaction, commands.feeds_list)

    rules = app_commands.Group(
        name="rules", description="Rule files (Manage Server or an admin role)", guild_only=True
    )

    @rules.command(name="check", description="Check the rule files as they are now")
    async def rules_check(interaction: discord.Interaction[discord.Client]) -> None:
        await run(interaction, commands.rules_check)

    @rules.command(name="reload", description="Take up edited rule files now")
    async def rules_reload(interaction: discord.Interaction[discord.Client]) -> None:
        await run(interaction, commands.rules_reload)

    for group in (subscribe, unsubscribe, feeds, rules):
        tree.add_command(group)
    return tree
