from __future__ import annotations

import json
import re

import pytest

from bot.adapters.slack.render import (
    MAX_BLOCKS,
    MAX_HEADER,
    MAX_TEXT,
    cut,
    cut_mrkdwn,
    escape,
    link,
    render_card,
)
from bot.cards import Card, CardField, Link, alert_card
from tests.bot.adapters.slack.samples import HOSTILE, contradiction

# Markup Slack turns into a notification or a link: <!channel>, <!here>, <@U…>, <#C…>, <!subteam^…>
MENTION = re.compile(r"<[!@#]")


def texts(blocks: list[dict[str, object]]) -> list[str]:
    """Every text object's text in the blocks, in order."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                found.append(node["text"])  # type: ignore[arg-type]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return found


def test_slack_render_escapes_mentions_in_quoted_statements_so_nobody_is_notified() -> None:
    message = render_card(alert_card(contradiction(first_words=HOSTILE)))
    sent = json.dumps(message.blocks) + message.text
    assert not MENTION.search(sent), sent
    quoted = next(t for t in texts(message.blocks) if "channel" in t)
    assert "&lt;!channel&gt;" in quoted and "&lt;@U123&gt;" in quoted
    assert "&lt;!here&gt;" in quoted and "Q&amp;A" in quoted
    # every mrkdwn object is verbatim: Slack does not link-ify bare names either
    mrkdwn = [b["text"] for b in message.blocks if b.get("type") == "section"]
    assert mrkdwn and all(t["verbatim"] is True for t in mrkdwn)  # type: ignore[index]


def test_slack_render_alert_has_header_two_statement_sections_and_a_context_line() -> None:
    alert = contradiction()
    message = render_card(alert_card(alert))
    kinds = [block["type"] for block in message.blocks]
    assert kinds[0] == "header" and kinds[-1] == "context"
    header = message.blocks[0]["text"]["text"]  # type: ignore[index]
    assert header.startswith("Contradiction on")
    sections = [t for t in texts(message.blocks[1:-1])]
    ada = next(t for t in sections if t.startswith("*ada · support"))
    bo = next(t for t in sections if t.startswith("*bo · oppose"))
    # speaker and position, words, date, and the source's name linking to the article
    assert "support" in ada and "harbour levy will pass" in ada
    assert "2024-01-10 · <https://news.example/a1|Harbour Gazette>" in ada
    assert "oppose" in bo and "<https://news.example/a2|Harbour Gazette>" in bo
    context = " ".join(texts([message.blocks[-1]]))
    assert "harbour-one-voice" in context and "confidence 70%" in context
    assert f"alert {alert.id}" in context
    assert message.text.startswith("Contradiction on") and "\n" in message.text


def test_slack_render_fallback_text_is_escaped() -> None:
    card = Card(kind="notice", title="Ops <!here> & co", text="ask <@U9>")
    message = render_card(card)
    assert message.text == "Ops &lt;!here&gt; &amp; co\nask &lt;@U9&gt;"
    # a header is plain text, which Slack never parses for mentions
    assert message.blocks[0]["text"] == {"type": "plain_text", "text": "Ops <!here> & co"}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example/a?x=1&y=2", "<https://news.example/a?x=1&amp;y=2|Gazette>"),
        ("https://news.example/a|b", "<https://news.example/a%7Cb|Gazette>"),
        ("javascript:alert(1)", "Gazette (javascript:alert(1))"),
        ("https://news.example/<!channel>", "<https://news.example/&lt;!channel&gt;|Gazette>"),
    ],
)
def test_slack_render_links_only_web_addresses_and_escapes_them(url: str, expected: str) -> None:
    assert link(url, "Gazette") == expected


def test_slack_render_cuts_long_text_at_a_word() -> None:
    text = "word " * 1000
    cut_text = cut(text, 100)
    assert len(cut_text) <= 100 and cut_text.endswith("word…")
    assert cut("short", 100) == "short"


@pytest.mark.parametrize(
    "text",
    [
        "x" * 2990 + " &amp; tail of the text",  # an entity across the limit
        "y" * 2985 + " <https://news.example/long/address|Gazette> more",  # a link across it
        escape("<" * 1200),  # nothing but entities, no space at all
    ],
)
def test_slack_render_never_cuts_inside_an_entity_or_a_link(text: str) -> None:
    result = cut_mrkdwn(text, MAX_TEXT)
    assert len(result) <= MAX_TEXT and result.endswith("…")
    body = result[:-1]
    assert body.count("<") == body.count(">")
    assert not re.search(r"&[a-z]*$", body)


def test_slack_render_keeps_block_kit_limits_for_huge_cards() -> None:
    long_words = ("<!channel> " + "lorem ipsum " * 400).strip()
    card = Card(
        kind="stance",
        title="T" * 400,
        text=long_words,
        fields=tuple(CardField(f"Field {i}", long_words) for i in range(70)),
        footer="/stance ada harbour-tax",
        links=(Link("Gazette", "https://news.example/x"),),
    )
    message = render_card(card)  # to_dict() validates every block against Slack's limits
    assert len(message.blocks) == MAX_BLOCKS
    assert len(message.blocks[0]["text"]["text"]) <= MAX_HEADER  # type: ignore[index]
    assert all(len(t) <= MAX_TEXT for t in texts(message.blocks))
    assert "more sections not shown" in json.dumps(message.blocks[-2])
    assert message.blocks[-1]["type"] == "context"  # the footer survives the cut
    assert not MENTION.search(json.dumps(message.blocks))
