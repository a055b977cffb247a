"""Card -> Slack Block Kit (built with slack_sdk.models.blocks, which validates) and fallback text.

Everything a Card holds is plain text that may come from a news article, so every piece
of it is escaped for mrkdwn (``&``, ``<``, ``>``) before it is put into a block: an
``<!channel>`` or ``<@U123>`` inside a quoted statement then shows as text and notifies
nobody. The only markup in a message is what this module adds: ``*bold*`` field names and
``<url|label>`` links to the sources. mrkdwn objects are sent ``verbatim`` so Slack does
not turn bare words (channel names, ``@here``) into links or mentions either.

Slack's limits are kept here, not left to Slack to refuse: 50 blocks, 150 characters
in a header, 3000 per text object, 10 elements in a context block. Long text is cut at a
word, and a cut never splits an escape (``&amp;``) or a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.cards import Card, CardField

MAX_BLOCKS = 50
MAX_HEADER = 150
MAX_TEXT = 3000
MAX_CONTEXT_ELEMENTS = 10
# The notification text: what a phone or the sidebar shows of the message.
MAX_FALLBACK = 3000
ELLIPSIS = "…"

# Fields that say how an alert was decided go to the context line under the message,
# beside the footer (alert id), rather than into a section of their own.
CONTEXT_FIELDS = frozenset({"Rule"})

_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class SlackMessage:
    """What chat.postMessage (or a slash command's response_url) is given."""

    text: str
    """Fallback for notifications and clients that show no blocks; escaped mrkdwn."""
    blocks: list[dict[str, Any]]


def escape(text: str) -> str:
    """``text`` made safe for mrkdwn: Slack's three control characters as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link(url: str, label: str) -> str:
    """A mrkdwn link, or the escaped label and address as text when ``url`` is not http(s)."""
    if not _is_web_url(url):
        return f"{escape(label)} ({escape(url)})"
    # "|" would end the address part of the link early; it is not special in a URL's path.
    return f"<{escape(url).replace('|', '%7C')}|{escape(label)}>"


def cut(text: str, limit: int) -> str:
    """Plain ``text`` of at most ``limit`` characters, cut at a word with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: _word_end(text, limit - len(ELLIPSIS))].rstrip() + ELLIPSIS


def cut_mrkdwn(text: str, limit: int) -> str:
    """Escaped mrkdwn of at most ``limit`` characters, cut at a word but never inside an
    entity or a ``<...>`` link (all literal ``&``, ``<``, ``>`` are escaped, so any left
    start one of ours)."""
    if len(text) <= limit:
        return text
    end = _word_end(text, limit - len(ELLIPSIS))
    amp = text.rfind("&", 0, end)
    if amp != -1 and text.find(";", amp, end) == -1:
        end = amp
    bracket = text.rfind("<", 0, end)
    if bracket != -1 and text.find(">", bracket, end) == -1:
        end = bracket
    return text[:end].rstrip() + ELLIPSIS


def render_card(card: Card) -> SlackMessage:
    """A Card as a header, sections, and a context line; plus its notification text."""
    title = cut(" ".join(card.title.split()), MAX_HEADER) or card.kind  # Slack wants 1 or more
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=title))]
    if card.text:
        blocks.append(_section(escape(card.text)))

    context: list[str] = []
    shown_urls: set[str] = set()
    for field in card.fields:
        if field.name in CONTEXT_FIELDS:
            context.append(f"{escape(field.name)}: {escape(' '.join(field.value.split()))}")
            continue
        value, urls = _field_value(field, card)
        shown_urls |= urls
        blocks.append(_section(f"*{escape(field.name)}*\n{value}"))

    links = [item for item in card.links if item.url not in shown_urls]
    if links:
        blocks.append(_section(" · ".join(link(item.url, item.label) for item in links)))
    elif card.url and card.url not in shown_urls:
        blocks.append(_section(link(card.url, "Source")))
    if card.footer:
        context.append(escape(card.footer))

    tail = [_context(context)] if context else []
    room = MAX_BLOCKS - len(tail)
    if len(blocks) > room:
        left_out = len(blocks) - (room - 1)
        blocks = [*blocks[: room - 1], _context([f"{left_out} more sections not shown"])]
    blocks += tail
    return SlackMessage(text=fallback_text(card), blocks=[block.to_dict() for block in blocks])


def fallback_text(card: Card) -> str:
    """The notification text: title and summary, escaped and cut."""
    text = f"{card.title}\n{card.text}" if card.text else card.title
    return cut_mrkdwn(escape(text), MAX_FALLBACK)


def _section(mrkdwn: str) -> SectionBlock:
    return SectionBlock(text=_mrkdwn(mrkdwn))


def _context(pieces: list[str]) -> ContextBlock:
    kept = pieces[:MAX_CONTEXT_ELEMENTS]
    return ContextBlock(elements=[_mrkdwn(piece) for piece in kept])


def _mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=cut_mrkdwn(text, MAX_TEXT), verbatim=True)


def _field_value(field: CardField, card: Card) -> tuple[str, set[str]]:
    """A field's text escaped, its address lines turned into links; and the addresses.

    Cards put a statement's address on the line under "date · source": the source's
    name becomes the link, so a reader sees who said it, when, and where, in one line.
    """
    lines: list[str] = []
    previous: str | None = None  # the raw line rendered last, while it is still plain text
    urls: set[str] = set()
    for line in field.value.splitlines():
        stripped = line.strip()
        if not _is_web_url(stripped):
            lines.append(escape(line))
            previous = line
            continue
        urls.add(stripped)
        where, sep, source = (previous or "").rpartition(" · ")
        if sep and source.strip():
            lines[-1] = f"{escape(where)} · {link(stripped, source.strip())}"
        else:
            lines.append(link(stripped, _label_for(stripped, card)))
        previous = None
    return "\n".join(lines), urls


def _label_for(url: str, card: Card) -> str:
    for item in card.links:
        if item.url == url:
            return item.label
    return "Source"


def _is_web_url(text: str) -> bool:
    if not text or _SPACE.search(text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _word_end(text: str, end: int) -> int:
    """Where to cut ``text`` to keep at most ``end`` characters: before the last word that
    does not fit, unless that would throw away more than half (one giant "word")."""
    space = max(text.rfind(" ", 0, end + 1), text.rfind("\n", 0, end + 1))
    return space if space > end // 2 else end
