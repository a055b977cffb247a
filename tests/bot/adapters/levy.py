"""The adapters' outbox tests' dispute (our own words): ada and bo disagree on the harbour levy."""

from __future__ import annotations

import functools

from rules.records import Finding, Statement
from tests.bot.statements import said

on_levy = functools.partial(said, topic="harbour-tax", cues=("levy",), source="Harbour Gazette")


def finding(*statements: Statement, channels: tuple[str, ...]) -> Finding:
    """The contradiction ``statements`` show, to be delivered to ``channels``."""
    return Finding(
        type="contradiction",
        rule_id="harbour-one-voice",
        topic="harbour-tax",
        officials=("ada", "bo"),
        positions=(("ada", "support"), ("bo", "oppose")),
        statements=statements,
        confidence=0.7,
        channels=channels,
        window_days=60,
    )
