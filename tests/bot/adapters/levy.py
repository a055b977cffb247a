"""The adapters' outbox tests' dispute (our own words): ada and bo disagree on the harbour levy."""

from __future__ import annotations

import functools

from tests.bot.statements import finding, said

__all__ = ["finding", "on_levy"]

on_levy = functools.partial(said, topic="harbour-tax", cues=("levy",), source="Harbour Gazette")
