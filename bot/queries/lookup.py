"""Officials and topics by id: lookup with suggestions, display names, position labels and
the autocomplete choices of the slash commands."""

from __future__ import annotations

from collections.abc import Iterable

from bot.queries.errors import UnknownIdError
from rules.config import Config
from rules.model import Official, Topic

MAX_CHOICES = 25  # Discord's and Slack's limit on autocomplete options


def lookup_official(config: Config, official_id: str) -> Official:
    """The configured official of that id; UnknownIdError (with suggestions) otherwise."""
    official = config.official(official_id)
    if official is None:
        raise UnknownIdError("official", official_id, [o.id for o in config.officials])
    return official


def lookup_topic(config: Config, topic_id: str) -> Topic:
    """The configured topic of that id; UnknownIdError (with suggestions) otherwise."""
    topic = config.topic(topic_id)
    if topic is None:
        raise UnknownIdError("topic", topic_id, [t.id for t in config.topics])
    return topic


def topic_display_name(topic: Topic | None, topic_id: str) -> str:
    """The topic's name, its id when it has none, ``topic_id`` when it is no longer configured."""
    return (topic.name or topic.id) if topic is not None else topic_id


def official_display_name(config: Config | None, official_id: str) -> str:
    """The official's name; ``official_id`` when there is no such official (any more)."""
    official = config.official(official_id) if config else None
    return official.name if official is not None else official_id


def position_label(topic: Topic | None, position: str | None) -> str | None:
    if topic is None or position is None:
        return None
    return next((p.label for p in topic.positions if p.id == position), None)


def official_choices(config: Config, partial: str) -> list[tuple[str, str]]:
    """(id, name) of officials whose id or name contains ``partial``, for autocomplete."""
    return choices_among(((o.id, o.name) for o in config.officials), partial)


def topic_choices(config: Config, partial: str) -> list[tuple[str, str]]:
    """(id, name) of topics whose id or name contains ``partial``, for autocomplete."""
    return choices_among(((t.id, t.name or t.id) for t in config.topics), partial)


def choices_among(items: Iterable[tuple[str, str]], partial: str) -> list[tuple[str, str]]:
    """The (id, name) pairs whose id or name contains ``partial``, at most MAX_CHOICES."""
    needle = partial.strip().lower()
    found = [(i, n) for i, n in items if needle in i.lower() or needle in n.lower()]
    return found[:MAX_CHOICES]
