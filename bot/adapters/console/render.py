"""Card -> plain text, the console's "native" rendering."""

from __future__ import annotations

from bot.cards import Card


def render_card(card: Card) -> str:
    """A card as a block of text: title, text, one paragraph per field, links, footer."""
    lines = [f"[{card.kind}] {card.title}"]
    if card.text:
        lines += ["", card.text]
    for field in card.fields:
        lines += ["", f"{field.name}:"]
        lines += [f"  {line}" for line in field.value.splitlines()]
    # Links already printed beside their quotes are not repeated.
    shown = "\n".join(lines)
    links = [link for link in card.links if link.url not in shown]
    if links:
        lines += ["", "Links:"]
        lines += [f"  {link.label}: {link.url}" for link in links]
    elif card.url and card.url not in shown:
        lines += ["", card.url]
    if card.footer:
        lines += ["", card.footer]
    return "\n".join(lines)
