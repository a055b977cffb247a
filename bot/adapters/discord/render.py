"""Card -> Discord embed: escaping hostile text and keeping within Discord's embed limits.

Everything a card says came, in the end, from a news page or a user: it is escaped so that
Discord shows it as written (``**bold**`` stays two asterisks and a word) and so that it can
never mention anyone, even where Discord would only draw a mention without pinging (embeds).
The messages also carry ``AllowedMentions.none()`` (see adapter.py); this module makes sure a
mention is not even drawn.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

import discord
from discord.utils import escape_markdown

from bot.cards import COLOR_HEX, Card, Link

if TYPE_CHECKING:
    from bot.commands import Attachment

# Discord's documented embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_COUNT_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
TOTAL_LIMIT = 6000

ELLIPSIS = "…"
ZERO_WIDTH_SPACE = "\u200b"
# What a shortened text keeps at least before giving up room to others (see _fit_total).
MIN_KEPT = 100

# "@everyone", "@here" and the angle-bracket forms (<@id>, <@!id>, <@&id>, <#id>, </cmd:id>,
# <:emoji:id>, <a:emoji:id>, <t:123>) are what Discord turns into mentions or widgets.
_EVERYONE = re.compile(r"@(?=everyone|here)", re.IGNORECASE)
_ANGLE = re.compile(r"<(?=[@#/:]|a:|t:|id:)")
_URL_LINE = re.compile(r"https?://\S+")


def neutralise_mentions(text: str) -> str:
    """``text`` with every mention form broken by a zero-width space (it looks the same)."""
    text = _EVERYONE.sub("@" + ZERO_WIDTH_SPACE, text)
    return _ANGLE.sub("<" + ZERO_WIDTH_SPACE, text)


def escape(text: str) -> str:
    """Plain text as Discord markdown that shows exactly ``text`` and mentions nobody."""
    return neutralise_mentions(escape_markdown(text))


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) URL, made safe inside a markdown link; else None."""
    if not url:
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    # Parentheses, spaces and angle brackets would end a [label](url) link early.
    return quote(url, safe=":/?#[]@!$&'*+,;=%~")


def masked_link(label: str, url: str) -> str:
    """``[label](url)`` with the label escaped and unable to close the link early."""
    text = escape(label.replace("[", "(").replace("]", ")"))
    return f"[{text}]({url})"


def cut(text: str, limit: int, more_url: str | None = None) -> str:
    """``text`` (Discord markdown) in at most ``limit`` characters.

    A longer text is cut at a word and ends with an ellipsis and, when there is somewhere
    to read the rest, a link to it; the cut never splits an escape or a markdown link.
    """
    if len(text) <= limit:
        return text
    suffix = f"{ELLIPSIS} [more]({more_url})" if more_url else ELLIPSIS
    if len(suffix) >= limit:
        suffix = ELLIPSIS
    budget = limit - len(suffix)
    head = text[:budget]
    space = max(head.rfind(" "), head.rfind("\n"))
    if space >= budget // 2:
        head = head[:space]
    head = _drop_open_link(head).rstrip()
    # An odd run of backslashes at the end would escape the ellipsis instead of a character.
    trailing = len(head) - len(head.rstrip("\\"))
    if trailing % 2:
        head = head[:-1]
    return head + suffix


def _drop_open_link(text: str) -> str:
    """``text`` without a markdown link that the cut left unfinished at its end."""
    start = text.rfind("[")
    while start > 0 and text[start - 1] == "\\":
        start = text.rfind("[", 0, start - 1)
    if start >= 0 and not re.search(r"\]\([^)\s]*\)", text[start:]):
        return text[:start]
    return text


def field_value(value: str) -> str:
    """A card field's plain text as markdown; a quote's URL line becomes its source's link.

    Cards end a quoted statement with ``date · source`` and then the URL on its own line;
    on Discord the source itself is the link.
    """
    lines = value.splitlines()
    out: list[str] = []
    for index, line in enumerate(lines):
        url = safe_url(line) if _URL_LINE.fullmatch(line.strip()) else None
        if url is not None and index > 0 and out and lines[index - 1].strip():
            before, sep, source = lines[index - 1].rpartition(" · ")
            label = source or lines[index - 1]
            prefix = escape(before) + sep if sep else ""
            out[-1] = prefix + masked_link(label, url)
            continue
        out.append(escape(line) if url is None else url)
    return "\n".join(out)


@dataclass(frozen=True)
class Rendered:
    """A card as one Discord message: the embed and any files it shows."""

    embed: discord.Embed
    files: tuple[discord.File, ...] = ()


def render_card(card: Card, uploads: Sequence[Attachment] = ()) -> Rendered:
    """The embed for ``card``; the first image among ``uploads`` is shown inside it."""
    url = safe_url(card.url)
    embed = discord.Embed(
        title=cut(escape(card.title), TITLE_LIMIT),
        url=url,
        description=cut(escape(card.text), DESCRIPTION_LIMIT, url) if card.text else None,
        colour=discord.Colour(COLOR_HEX.get(card.color, COLOR_HEX["grey"])),
    )
    fields = [
        (
            cut(escape(field.name), FIELD_NAME_LIMIT) or ZERO_WIDTH_SPACE,
            cut(field_value(field.value), FIELD_VALUE_LIMIT, url) or ZERO_WIDTH_SPACE,
            field.inline,
        )
        for field in card.fields
    ]
    sources = _sources_field(card.links, "\n".join(value for _, value, _ in fields))
    if sources is not None:
        fields.append(sources)
    if len(fields) > FIELD_COUNT_LIMIT:
        kept = FIELD_COUNT_LIMIT - 1
        more = f"{len(fields) - kept} more not shown" + (f": [read them]({url})" if url else ".")
        fields = [*fields[:kept], ("…", more, False)]
    for name, value, inline in fields:
        embed.add_field(name=name, value=value, inline=inline)
    if card.footer:
        embed.set_footer(text=cut(neutralise_mentions(card.footer), FOOTER_LIMIT))
    _fit_total(embed, url)

    files = tuple(
        discord.File(io.BytesIO(upload.data), filename=_filename(upload.filename))
        for upload in uploads
    )
    image = next(
        (f for f, u in zip(files, uploads, strict=True) if u.content_type.startswith("image/")),
        None,
    )
    if image is not None:
        embed.set_image(url=f"attachment://{image.filename}")
    return Rendered(embed=embed, files=files)


def _sources_field(links: Sequence[Link], shown: str) -> tuple[str, str, bool] | None:
    """A field linking the sources not already linked in the other fields."""
    lines = []
    for link in links:
        url = safe_url(link.url)
        if url is not None and f"]({url})" not in shown:
            lines.append(masked_link(link.label, url))
    if not lines:
        return None
    return ("Sources", cut("\n".join(lines), FIELD_VALUE_LIMIT), False)


def _filename(name: str) -> str:
    """An attachment name Discord accepts in ``attachment://`` URLs (no spaces or slashes)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    return cleaned or "attachment.png"


def _fit_total(embed: discord.Embed, url: str | None) -> None:
    """Shrink the embed to TOTAL_LIMIT characters: the description first, then the longest
    fields, then drop fields from the end (the statements come first on every card)."""
    excess = len(embed) - TOTAL_LIMIT
    if excess <= 0:
        return
    description = embed.description or ""
    if len(description) > MIN_KEPT:
        embed.description = cut(description, max(MIN_KEPT, len(description) - excess), url)
        excess = len(embed) - TOTAL_LIMIT
    while excess > 0:
        fields = embed.fields
        longest = max(range(len(fields)), key=lambda i: len(fields[i].value or ""), default=None)
        if longest is None:
            break
        field = fields[longest]
        value = field.value or ""
        if len(value) <= MIN_KEPT:
            embed.remove_field(len(fields) - 1)
        else:
            shorter = cut(value, max(MIN_KEPT, len(value) - excess), url)
            embed.set_field_at(
                longest, name=field.name or "", value=shorter, inline=bool(field.inline)
            )
        excess = len(embed) - TOTAL_LIMIT
