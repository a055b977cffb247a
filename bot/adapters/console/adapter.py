"""The console adapter's I/O: write rendered cards to a stream and keep them for inspection."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO

from bot.adapters.base import ChatAdapter
from bot.adapters.console.render import render_card
from bot.cards import Card


@dataclass(frozen=True)
class Posted:
    """One message the console adapter "sent"."""

    ref: str
    channel: str
    card: Card
    reply_to: str | None
    text: str


class ConsoleAdapter(ChatAdapter):
    """Prints cards; scenario tests read ``posted`` to see what a chat would have received."""

    name = "console"

    def __init__(self, stream: TextIO | None = None) -> None:
        # None means "sys.stdout at the time of posting", so pytest's capture sees the output.
        self._stream = stream
        self.posted: list[Posted] = []

    async def start(self) -> None:
        pass  # nothing to connect to

    async def close(self) -> None:
        pass  # the stream belongs to the caller

    async def post(self, channel: str, card: Card, *, reply_to: str | None = None) -> str:
        ref = f"console:{len(self.posted) + 1}"
        text = render_card(card)
        thread = f", in reply to {reply_to}" if reply_to else ""
        stream = self._stream or sys.stdout
        stream.write(f"── {ref} to {channel}{thread} ──\n{text}\n\n")
        stream.flush()
        self.posted.append(
            Posted(ref=ref, channel=channel, card=card, reply_to=reply_to, text=text)
        )
        return ref
