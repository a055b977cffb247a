"""Observable waiting for Discord tests: every pause is recorded instead of slept.

discord.py pauses inside its HTTP code (``asyncio.sleep(retry_after)`` on a 429, ``1 + 2*tries``
seconds after a 5xx) and between gateway reconnects; ``Waits.install`` swaps the ``asyncio``
those modules see for one
whose ``sleep`` records the delay and returns at once, and the adapter is given
``Waits.sleep`` for its own pauses. Tests then assert on the pauses asked for, never on time.
"""

from __future__ import annotations

import asyncio
import types
from typing import Any

import discord.client
import discord.http
import discord.webhook.async_
import pytest

_real_sleep = asyncio.sleep


class _AsyncioSeenByDiscord(types.ModuleType):
    def __init__(self, waits: Waits) -> None:
        super().__init__("asyncio")
        self._waits = waits

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    async def sleep(self, delay: float, result: Any = None) -> Any:
        return await self._waits.sleep(delay, result)


class Waits:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def sleep(self, delay: float, result: Any = None) -> Any:
        # discord.py "waits" 0 s after each request on a fresh rate-limit bucket: no pause.
        if delay > 0:
            self.delays.append(delay)
        await _real_sleep(0)  # still a suspension point, as a real pause would be
        return result

    def install(self, monkeypatch: pytest.MonkeyPatch) -> Waits:
        seen = _AsyncioSeenByDiscord(self)
        for module in (discord.http, discord.webhook.async_, discord.client):
            monkeypatch.setattr(module, "asyncio", seen)
        return self
