"""The console adapter: Cards as readable text on a stream, and a record of what was sent."""

from __future__ import annotations

from bot.adapters.console.adapter import ConsoleAdapter, Posted
from bot.adapters.console.render import render_card

__all__ = ["ConsoleAdapter", "Posted", "render_card"]
