"""The Discord adapter: alerts as embeds (updates as replies), slash commands over the gateway."""

from __future__ import annotations

from bot.adapters.discord.adapter import (
    DiscordAdapter,
    adapter_from_environment,
    intents,
    invite_url,
    permissions,
    set_api_base,
)
from bot.adapters.discord.render import escape, render_card

__all__ = [
    "DiscordAdapter",
    "adapter_from_environment",
    "escape",
    "intents",
    "invite_url",
    "permissions",
    "render_card",
    "set_api_base",
]
