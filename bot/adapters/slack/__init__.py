"""The Slack adapter: alerts as Block Kit messages, slash commands through slack-bolt."""

from __future__ import annotations

from bot.adapters.slack.adapter import SlackAdapter
from bot.adapters.slack.render import SlackMessage, render_card

__all__ = ["SlackAdapter", "SlackMessage", "render_card"]
