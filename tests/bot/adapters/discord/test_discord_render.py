"""Card -> embed: Discord's limits, cutting at a word, escaping, source links."""

from __future__ import annotations

import re

import pytest

from bot.adapters.discord.render import (
    DESCRIPTION_LIMIT,
    FIELD_COUNT_LIMIT,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    FOOTER_LIMIT,
    TITLE_LIMIT,
    TOTAL_LIMIT,
    cut,
    escape,
    render_card,
)
from bot.cards import Card, CardField, Link
from bot.commands import Attachment

URL = "https://quay.example/long-read"
WORDS = "the harbour levy keeps the quay open for fishing boats and ferries alike "


def long(n: int) -> str:
    return (WORDS * (n // len(WORDS) + 1))[:n]


def test_discord_render_keeps_every_embed_limit_on_a_huge_card() -> None:
    card = Card(
        kind="shift",
        title=long(400),
        text=long(5000),
        fields=tuple(CardField(f"{i} " + long(300), long(2000)) for i in range(40)),
        color="orange",
        footer=long(3000),
        url=URL,
    )

    embed = render_card(card).embed.to_dict()

    assert len(embed["title"]) <= TITLE_LIMIT
    assert len(embed["description"]) <= DESCRIPTION_LIMIT
    assert len(embed["footer"]["text"]) <= FOOTER_LIMIT
    assert len(embed["fields"]) <= FIELD_COUNT_LIMIT
    for field in embed["fields"]:
        assert len(field["name"]) <= FIELD_NAME_LIMIT
        assert 0 < len(field["value"]) <= FIELD_VALUE_LIMIT
    total = len(embed["title"]) + len(embed["description"]) + len(embed["footer"]["text"])
    total += sum(len(f["name"]) + len(f["value"]) for f in embed["fields"])
    assert total <= TOTAL_LIMIT
    # What was cut says so and leads to the rest.
    assert embed["description"].endswith(f"… [more]({URL})")
    assert embed["title"].endswith("…")


def test_discord_render_cuts_long_text_at_a_word() -> None:
    text = escape(long(1500))

    shortened = cut(text, FIELD_VALUE_LIMIT, URL)

    body = shortened.removesuffix(f"… [more]({URL})")
    assert body != shortened and len(shortened) <= FIELD_VALUE_LIMIT
    assert text.startswith(body)
    assert text[len(body)] == " ", "the cut falls between words"


@pytest.mark.parametrize(
    "text",
    [
        "see [the harbour report](https://gazette.example/report) for the sums " * 30,
        "escaped \\* stars \\* everywhere " * 60,
    ],
)
def test_discord_render_cut_never_breaks_a_link_or_an_escape(text: str) -> None:
    for limit in range(200, 260):
        shortened = cut(text, limit)
        body = shortened.removesuffix("…")
        assert len(shortened) <= limit
        assert body.count("[") == body.count("]("), body[-60:]
        assert not re.search(r"(?<!\\)(\\\\)*\\$", body), body[-20:]


def test_discord_render_escapes_markdown_and_mentions_everywhere() -> None:
    hostile = "**bold** _x_ ~~y~~ `code` > quote @everyone <@&1234567890123456789> <#42>"
    card = Card(
        kind="contradiction",
        title=hostile,
        text=hostile,
        fields=(CardField(hostile, hostile),),
        footer=hostile,
    )

    embed = render_card(card).embed.to_dict()

    for text in (embed["title"], embed["description"], embed["fields"][0]["name"]):
        assert text.startswith(r"\*\*bold\*\* \_x\_ \~\~y\~\~ \`code\`")
    for text in (*(embed[k] for k in ("title", "description")), embed["footer"]["text"]):
        assert "@everyone" not in text and "<@" not in text and "<#" not in text


def test_discord_render_links_sources_not_shown_beside_a_quote() -> None:
    card = Card(
        kind="stance",
        title="Ada Quill on Harbour tax",
        fields=(CardField("2025-02-10 · support", "“We keep the levy.”\n2025-02-10 · Gazette"),),
        links=(Link("Ada Quill: Gazette [print]", "https://gazette.example/a (1)"),),
    )

    embed = render_card(card).embed.to_dict()

    [_, sources] = embed["fields"]
    assert sources["name"] == "Sources"
    # Brackets in the label and parentheses in the URL cannot end the link early.
    assert sources["value"] == "[Ada Quill: Gazette (print)](https://gazette.example/a%20%281%29)"


def test_discord_render_refuses_links_that_are_not_http() -> None:
    card = Card(
        kind="stance",
        title="t",
        url="javascript:alert(1)",
        links=(Link("x", "file:///etc/passwd"),),
    )

    embed = render_card(card).embed.to_dict()

    assert "url" not in embed and "fields" not in embed


def test_discord_render_shows_an_attached_chart_inside_the_embed() -> None:
    chart = Attachment("stance ada/harbour.png", b"\x89PNG fake")

    rendered = render_card(Card(kind="stance", title="Ada Quill on Harbour tax"), [chart])

    [file] = rendered.files
    assert file.filename == "stance-ada-harbour.png"
    assert rendered.embed.to_dict()["image"] == {"url": "attachment://stance-ada-harbour.png"}
