"""Chat adapters: each translates Cards to one platform and commands from it.

Only modules under this package may import a chat SDK (discord, slack_sdk, ...).
"""

from __future__ import annotations

from bot.adapters.base import ChatAdapter

__all__ = ["ChatAdapter"]
