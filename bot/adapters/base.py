"""The interface every chat adapter implements; the core only ever talks to this."""

from __future__ import annotations

from abc import ABC, abstractmethod
from types import TracebackType
from typing import TYPE_CHECKING, Self

from bot.cards import Card

if TYPE_CHECKING:
    from bot.commands import Commands


class ChatAdapter(ABC):
    """Posts Cards to one chat platform.

    ``post`` raises ``watchers.errors.AdapterError`` (and nothing else) when the platform
    refuses or cannot be reached, so the outbox can retry without knowing any SDK's errors.
    """

    name: str
    # Set by `run` before ``start``; an adapter that takes slash commands answers them through
    # it. Without it the adapter still posts (send-test-alert, tests that only post).
    commands: Commands | None = None

    @abstractmethod
    async def post(self, channel: str, card: Card, *, reply_to: str | None = None) -> str:
        """Send ``card`` to ``channel`` (threaded under ``reply_to``); return the message ref."""

    @abstractmethod
    async def start(self) -> None:
        """Connect and log in; call before the first ``post``."""

    @abstractmethod
    async def close(self) -> None:
        """Disconnect and release resources."""

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
