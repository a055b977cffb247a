from __future__ import annotations

import io

import pytest

from bot.adapters.console import ConsoleAdapter, render_card
from bot.cards import Card, CardField, Link

CARD = Card(
    kind="contradiction",
    title="Contradiction on Harbour tax: Ada Quill vs Bo Marsh",
    text="Ada Quill (support) and Bo Marsh (oppose) take opposed positions on Harbour tax.",
    fields=(CardField("Ada Quill · support", "“I back the levy.”\n2024-02-01 · Gazette", True),),
    color="red",
    footer="alert A1b2c3d4 · revision 0 · 2 statements",
    url="https://gazette.example/ada",
    links=(Link("Ada Quill: Gazette", "https://gazette.example/ada"),),
)


def test_console_render_card_is_readable_text() -> None:
    text = render_card(CARD)
    lines = text.splitlines()
    assert lines[0] == f"[contradiction] {CARD.title}"
    assert "Ada Quill · support:" in lines
    assert "  “I back the levy.”" in lines
    assert "  Ada Quill: Gazette: https://gazette.example/ada" in lines
    assert lines[-1] == CARD.footer


async def test_console_posts_records_and_threads() -> None:
    stream = io.StringIO()
    async with ConsoleAdapter(stream) as console:
        assert isinstance(console, ConsoleAdapter)
        first = await console.post("#alerts", CARD)
        second = await console.post("#alerts", CARD, reply_to=first)
    assert (first, second) == ("console:1", "console:2")
    assert [(p.ref, p.channel, p.reply_to) for p in console.posted] == [
        ("console:1", "#alerts", None),
        ("console:2", "#alerts", "console:1"),
    ]
    output = stream.getvalue()
    assert "── console:1 to #alerts ──" in output
    assert "── console:2 to #alerts, in reply to console:1 ──" in output
    assert output.count(CARD.title) == 2


async def test_console_writes_to_stdout_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    await ConsoleAdapter().post("#alerts", CARD)
    assert CARD.title in capsys.readouterr().out
