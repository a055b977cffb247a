"""``/compare``: two officials on one topic, how their positions relate, and which groups
they shared when the newer position was taken."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from bot.queries.errors import QueryError
from bot.queries.evidence import Evidence, deciding_words, evidence_json, evidence_of, standing
from bot.queries.formatting import counted, format_date, iso_date, source_and_url
from bot.queries.lookup import lookup_official, lookup_topic, position_label, topic_display_name
from bot.store.abc import Store
from rules.config import Config
from rules.model import Official, Topic

Relation = Literal["opposed", "agree", "differ", "one_unknown", "both_unknown"]


@dataclass(frozen=True)
class Side:
    """One official's current position on the compared topic, and the statement it rests on."""

    official_id: str
    official_name: str
    position: str | None
    position_label: str | None
    consistent_since: date | None
    latest: Evidence | None
    statements: int


@dataclass(frozen=True)
class Comparison:
    """Two officials on one topic.

    ``shared_groups`` are (id, name) of the groups both belonged to on ``shared_on``, the
    date of the newer of the two statements the positions rest on (dated membership, as
    the contradiction rules judge it). With no dated statement on either side,
    ``shared_on`` is None and the groups are those they ever shared.
    """

    topic_id: str
    topic_name: str
    first: Side
    second: Side
    relation: Relation
    shared_on: date | None
    shared_groups: tuple[tuple[str, str], ...]


def compare(
    store: Store, config: Config, first_id: str, second_id: str, topic_id: str
) -> Comparison:
    """Where two officials stand on a topic, whether that is opposed, and what group they share."""
    first = lookup_official(config, first_id)
    second = lookup_official(config, second_id)
    topic = lookup_topic(config, topic_id)
    if first.id == second.id:
        raise QueryError(f"compare needs two different officials; both are {first.id!r}")
    sides = [_side(store, topic, o) for o in (first, second)]
    a, b = sides
    dates = [s.latest.date for s in sides if s.latest is not None and s.latest.date is not None]
    shared_on = max(dates) if dates else None
    shared = first.groups_on(shared_on) & second.groups_on(shared_on)
    group_names = {g.id: g.name or g.id for g in config.groups}
    return Comparison(
        topic_id=topic.id,
        topic_name=topic_display_name(topic, topic.id),
        first=a,
        second=b,
        relation=_relation(topic, a.position, b.position),
        shared_on=shared_on,
        shared_groups=tuple((g, group_names.get(g, g)) for g in sorted(shared)),
    )


def _side(store: Store, topic: Topic, official: Official) -> Side:
    evidence = [evidence_of(s, topic.id) for s in store.statements_by(official.id, topic.id)]
    latest, position, since = standing(evidence)
    return Side(
        official_id=official.id,
        official_name=official.name,
        position=position,
        position_label=position_label(topic, position),
        consistent_since=since,
        latest=latest,
        statements=len(evidence),
    )


def _relation(topic: Topic, a: str | None, b: str | None) -> Relation:
    if a is None and b is None:
        return "both_unknown"
    if a is None or b is None:
        return "one_unknown"
    if a == b:
        return "agree"
    return "opposed" if topic.opposes(a, b) else "differ"


def comparison_summary(c: Comparison) -> str:
    """One sentence on how the two positions relate."""
    a, b = c.first, c.second
    if c.relation == "both_unknown":
        return (
            f"Neither {a.official_name} nor {b.official_name} has a position on "
            f"{c.topic_name} recorded."
        )
    if c.relation == "one_unknown":
        known, unknown = (a, b) if a.position is not None else (b, a)
        return (
            f"Only {known.official_name} has a position on {c.topic_name} recorded "
            f"({known.position}); {unknown.official_name} has none."
        )
    who = f"{a.official_name} ({a.position}) and {b.official_name} ({b.position})"
    if c.relation == "agree":
        return f"{who} agree on {c.topic_name}."
    if c.relation == "opposed":
        return f"{who} hold opposed positions on {c.topic_name}."
    return f"{who} differ on {c.topic_name}, but the topic does not count the two as opposed."


def shared_groups_text(c: Comparison) -> str:
    """Which groups the two shared when the newer position was taken, in one sentence."""
    names = ", ".join(name for _, name in c.shared_groups)
    if c.shared_on is None:
        if not c.shared_groups:
            return "They share no group."
        return f"They share {names} (no dated statement to check the membership dates on)."
    day = format_date(c.shared_on)
    if not c.shared_groups:
        return f"They shared no group on {day}."
    return f"Both were in {names} on {day}."


def render_comparison_text(c: Comparison) -> str:
    """The comparison for a terminal: the verdict, each side with its evidence, the groups."""
    lines = [
        f"{c.first.official_name} ({c.first.official_id}) vs "
        f"{c.second.official_name} ({c.second.official_id}) on {c.topic_name}",
        comparison_summary(c),
        shared_groups_text(c),
    ]
    for side in (c.first, c.second):
        lines.append("")
        lines.append(f"{side.official_name}: {_side_position(side)}")
        e = side.latest
        if e is not None:
            where = source_and_url(e.source, e.url)
            lines.append(
                f"  {format_date(e.date, e.date_precision)}  “{e.text}” ({e.kind}; {where})"
            )
            lines.append(f"  decided by: {deciding_words(e)}")
    return "\n".join(lines)


def _side_position(side: Side) -> str:
    statements = f"{counted(side.statements, 'statement')} on the topic"
    if side.position is None:
        return f"no position recorded ({statements})"
    label = f" ({side.position_label})" if side.position_label else ""
    since = f", since {format_date(side.consistent_since)}" if side.consistent_since else ""
    return f"{side.position}{label}{since} ({statements})"


def comparison_to_json(c: Comparison) -> dict[str, Any]:
    """The comparison as plain JSON types."""

    def side(s: Side) -> dict[str, Any]:
        return {
            "official": s.official_id,
            "name": s.official_name,
            "position": s.position,
            "position_label": s.position_label,
            "consistent_since": iso_date(s.consistent_since),
            "statements": s.statements,
            "latest": None if s.latest is None else evidence_json(s.latest),
        }

    return {
        "topic": c.topic_id,
        "topic_name": c.topic_name,
        "first": side(c.first),
        "second": side(c.second),
        "relation": c.relation,
        "opposed": c.relation == "opposed",
        "shared_on": iso_date(c.shared_on),
        "shared_groups": [g for g, _ in c.shared_groups],
    }
