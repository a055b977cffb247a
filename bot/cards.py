"""The one neutral outbound message (a Card) and the builders for alerts and stance reports.

A Card holds plain text only: no markup, no mentions, nothing platform-specific. Each adapter
renders it natively (Discord embed, Slack blocks, console text) and escapes it for its platform.
Builders keep texts well inside the tightest platform limits (Discord: 25 fields, 256
characters per field name, 1024 per field value, 6000 in all; Slack: 3000 characters per
text block).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NamedTuple

from bot.alerts import Alert, evidence_order
from bot.queries import (
    AlertDigest,
    Comparison,
    Evidence,
    Relation,
    Side,
    Timeline,
    alert_line_positions,
    comparison_summary,
    counted,
    deciding_words,
    digest_heading,
    empty_digest_text,
    empty_timeline_text,
    format_date,
    format_moment,
    newest_dated,
    official_display_name,
    position_label,
    reading_text,
    shared_groups_text,
    stance_basis,
    timeline_summary,
    topic_display_name,
    topic_summary_text,
)
from rules.config import Config
from rules.model import Topic
from rules.records import Statement

if TYPE_CHECKING:
    from bot.explain import ExplainedStatement, Explanation
    from bot.queries import StanceReport

CardKind = Literal[
    "contradiction",
    "shift",
    "first_position",
    "stance",
    "timeline",
    "comparison",
    "alerts",
    "explanation",
    "notice",
    "error",
]

# Colour names, not values: each adapter maps them to its own palette (see COLOR_HEX).
COLORS: dict[CardKind, str] = {
    "contradiction": "red",
    "shift": "orange",
    "first_position": "blue",
    "stance": "blue",
    "timeline": "blue",
    "comparison": "blue",
    "alerts": "blue",
    "explanation": "blue",
    "notice": "grey",
    "error": "red",
}
COLOR_HEX: dict[str, int] = {
    "red": 0xC0392B,
    "orange": 0xE67E22,
    "blue": 0x2E86C1,
    "grey": 0x7F8C8D,
}

MAX_WORDS = 300  # characters of a quoted statement on a card
MAX_EVIDENCE_FIELDS = 10
MAX_FIELD_VALUE = 1000  # Discord allows 1024 characters per field value
MAX_FIELD_NAME = 200  # and 256 per field name


class CardField(NamedTuple):
    name: str
    value: str
    inline: bool = False


class Link(NamedTuple):
    label: str
    url: str


@dataclass(frozen=True)
class Card:
    kind: CardKind
    title: str
    text: str = ""
    fields: tuple[CardField, ...] = ()
    color: str = "grey"
    footer: str | None = None
    url: str | None = None
    links: tuple[Link, ...] = ()


def notice_card(title: str, text: str, *, error: bool = False) -> Card:
    """A short message, such as the answer to a slash command that named an unknown id."""
    kind: CardKind = "error" if error else "notice"
    return Card(kind=kind, title=title, text=text, color=COLORS[kind])


# --- alerts -------------------------------------------------------------------------------


def alert_card(alert: Alert, config: Config | None = None) -> Card:
    """The card announcing (revision 0) or updating an alert."""
    if alert.type == "contradiction":
        return _contradiction_card(alert, config)
    if alert.type == "first_position":
        return _first_position_card(alert, config)
    return _shift_card(alert, config)


def _first_position_card(alert: Alert, config: Config | None) -> Card:
    topic = config.topic(alert.topic) if config else None
    topic_name = topic_display_name(topic, alert.topic)
    official = alert.officials[0] if alert.officials else "?"
    name = official_display_name(config, official)
    position = alert.position_map.get(official)
    statement = _side(alert, official, position)
    fields = []
    if statement is not None:
        fields.append(CardField(f"{name} · {position}", _quoted(statement), True))
    fields.append(CardField("Topic", f"{topic_name} ({alert.topic})", True))
    fields.append(CardField("Position", _position_line(topic, name, position)))
    fields.append(_rule_field(alert))
    cue = _cue_line(name, statement, alert.topic)
    if cue:
        fields.append(CardField("Deciding words", cue))
    return Card(
        kind="first_position",
        title=_revised(alert, f"First position on {topic_name}: {name}, {position or '?'}"),
        text=_revised_text(alert, f"{name} takes a position on {topic_name} for the first time."),
        fields=tuple(fields),
        color=COLORS["first_position"],
        footer=_footer(alert),
        url=_newest_url([statement]),
        links=_links([(name, statement)]),
    )


def _contradiction_card(alert: Alert, config: Config | None) -> Card:
    topic = config.topic(alert.topic) if config else None
    topic_name = topic_display_name(topic, alert.topic)
    positions = alert.position_map
    names = {o: official_display_name(config, o) for o in alert.officials}
    sides = [(o, _side(alert, o, positions.get(o))) for o in alert.officials]

    fields = [
        CardField(f"{names[o]} · {positions.get(o, 'no position')}", _quoted(s), True)
        for o, s in sides
        if s is not None
    ]
    fields.append(CardField("Topic", f"{topic_name} ({alert.topic})", True))
    fields.append(
        CardField(
            "Positions",
            "\n".join(_position_line(topic, names[o], positions.get(o)) for o in alert.officials),
        )
    )
    fields.append(_rule_field(alert))
    cues = [_cue_line(names[o], s, alert.topic) for o, s in sides if s is not None]
    if any(cues):
        fields.append(CardField("Deciding words", "\n".join(c for c in cues if c)))

    who = " and ".join(f"{names[o]} ({positions.get(o, '?')})" for o in alert.officials)
    text = f"{who} take opposed positions on {topic_name}."
    return Card(
        kind="contradiction",
        title=_revised(alert, f"Contradiction on {topic_name}: " + " vs ".join(names.values())),
        text=_revised_text(alert, text),
        fields=tuple(fields),
        color=COLORS["contradiction"],
        footer=_footer(alert),
        url=_newest_url(s for _, s in sides),
        links=_links((names[o], s) for o, s in sides),
    )


def _shift_card(alert: Alert, config: Config | None) -> Card:
    topic = config.topic(alert.topic) if config else None
    topic_name = topic_display_name(topic, alert.topic)
    official = alert.officials[0] if alert.officials else "?"
    name = official_display_name(config, official)
    before, after = _before_after(alert, official)
    old = _position_of(before, alert.topic)
    new = _position_of(after, alert.topic) or alert.position_map.get(official)

    fields = []
    if before is not None:
        fields.append(CardField(f"Before · {old}", _quoted(before), True))
    if after is not None:
        fields.append(CardField(f"After · {new}", _quoted(after), True))
    fields.append(CardField("Topic", f"{topic_name} ({alert.topic})", True))
    fields.append(
        CardField(
            "Positions",
            "\n".join([_position_line(topic, "Before", old), _position_line(topic, "After", new)]),
        )
    )
    fields.append(_rule_field(alert))
    cues = [_cue_line(label, s, alert.topic) for label, s in (("Before", before), ("After", after))]
    if any(cues):
        fields.append(CardField("Deciding words", "\n".join(c for c in cues if c)))

    reversal = " (a reversal)" if alert.reversal else ""
    text = f"{name} moved from {old or '?'} to {new or '?'} on {topic_name}{reversal}."
    return Card(
        kind="shift",
        title=_revised(alert, f"Shift on {topic_name}: {name}, {old or '?'} → {new or '?'}"),
        text=_revised_text(alert, text),
        fields=tuple(fields),
        color=COLORS["shift"],
        footer=_footer(alert),
        url=_newest_url([after, before]),
        links=_links([("Before", before), ("After", after)]),
    )


def _side(alert: Alert, official: str, position: str | None) -> Statement | None:
    """The newest statement of ``official`` holding ``position``; else their newest at all."""
    theirs = [s for s in evidence_order(alert.statements) if s.speaker_id == official]
    holding = [s for s in theirs if position and _position_of(s, alert.topic) == position]
    return _newest(holding) or _newest(theirs)


def _before_after(alert: Alert, official: str) -> tuple[Statement | None, Statement | None]:
    """The newest positioned statement, and the newest earlier one with another position."""
    positioned = [
        s
        for s in evidence_order(alert.statements)
        if s.speaker_id == official and _position_of(s, alert.topic) is not None
    ]
    after = _newest(positioned)
    if after is None:
        return None, None
    new = _position_of(after, alert.topic)
    earlier = positioned[: positioned.index(after)]
    before = _newest([s for s in earlier if _position_of(s, alert.topic) != new])
    return before, after


def _newest(statements: Sequence[Statement]) -> Statement | None:
    return newest_dated(statements, lambda s: s.date)


def _position_of(statement: Statement | None, topic: str) -> str | None:
    stance = statement.stance_on(topic) if statement is not None else None
    return stance.position if stance is not None else None


def _rule_field(alert: Alert) -> CardField:
    return CardField(
        "Rule",
        f"{alert.rule_id} · severity {alert.severity} · confidence {alert.confidence:.0%}",
        True,
    )


def _cue_line(who: str, statement: Statement | None, topic: str) -> str:
    stance = statement.stance_on(topic) if statement is not None else None
    if stance is None or not stance.evidence:
        return ""
    negated = " (negated)" if stance.negated else ""
    return f"{who}: " + ", ".join(f"“{cue}”" for cue in stance.evidence) + negated


def _revised(alert: Alert, title: str) -> str:
    return f"Update: {title}" if alert.revision > 0 else title


def _revised_text(alert: Alert, text: str) -> str:
    if alert.revision == 0:
        return text
    return f"{text}\nNew evidence since the first alert (revision {alert.revision})."


def _footer(alert: Alert) -> str:
    count = len(alert.statements)
    return f"alert {alert.id} · revision {alert.revision} · {counted(count, 'statement')}"


def _newest_url(statements: Iterable[Statement | None]) -> str | None:
    newest = _newest(evidence_order(s for s in statements if s is not None and s.url))
    return newest.url if newest is not None else None


def _links(labelled: Iterable[tuple[str, Statement | None]]) -> tuple[Link, ...]:
    links: dict[str, Link] = {}
    for label, statement in labelled:
        if statement is not None and statement.url:
            links.setdefault(statement.url, Link(f"{label}: {statement.source}", statement.url))
    return tuple(links.values())


# --- stance reports -----------------------------------------------------------------------


def stance_card(report: StanceReport) -> Card:
    """The answer to ``/stance <official> <topic>``: position, evidence, who contradicts it."""
    if report.position is None:
        text = f"No position of {report.official_name} on {report.topic_name} recorded yet."
    else:
        label = f" ({report.position_label})" if report.position_label else ""
        since = (
            f", consistent since {format_date(report.consistent_since)}"
            if report.consistent_since
            else ""
        )
        text = f"Position: {report.position}{label}{since}.\nWhy: {stance_basis(report)}."

    shown = report.evidence[-MAX_EVIDENCE_FIELDS:]
    fields = [
        CardField(
            f"{format_date(e.date, e.date_precision)} · {e.position or 'no position'}",
            _quoted_evidence(e, why=True),
        )
        for e in shown
    ]
    if len(report.evidence) > len(shown):
        text += f"\nShowing the latest {len(shown)} of {len(report.evidence)} statements."
    for o in report.contradicted_by:
        fields.append(
            CardField(
                f"Contradicted by {o.name} · {o.position}", _quoted_evidence(o.latest, why=True)
            )
        )

    return Card(
        kind="stance",
        title=f"{report.official_name} on {report.topic_name}",
        text=text,
        fields=tuple(fields),
        color=COLORS["stance"],
        footer=f"/stance {report.official_id} {report.topic_id}",
        url=report.latest.url if report.latest else None,
    )


# --- timelines, comparisons, alert digests ------------------------------------------------

# Discord refuses an embed whose texts add up to more than 6000 characters; list cards drop
# their oldest items to stay under this, leaving room for the title, text and footer.
MAX_CARD_TOTAL = 5500
MAX_DIGEST_FIELDS = 15


def timeline_card(t: Timeline) -> Card:
    """The answer to ``/timeline <official> [topic]``: where the official stands on each topic,
    then their newest statements with each change of position marked ``old → new``."""
    on = f" on {t.topic_name}" if t.topic_name is not None else ""
    title = f"{t.official_name}: timeline{on}"
    footer = f"/timeline {t.official_id}" + (f" {t.topic_id}" if t.topic_id else "")
    if not t.entries:
        return Card(
            kind="timeline",
            title=title,
            text=empty_timeline_text(t),
            color=COLORS["timeline"],
            footer=footer,
        )
    heading = "Position" if t.topic_id is not None else "Topics"
    topics = CardField(heading, _fit("\n".join(topic_summary_text(s) for s in t.topics)))
    with_topic = t.topic_id is None
    candidates = [
        CardField(
            _shorten(
                f"{format_date(e.date, e.date_precision)} · "
                + "; ".join(
                    reading_text(r, with_topic=with_topic, none="no position") for r in e.readings
                ),
                MAX_FIELD_NAME,
            ),
            _quote_block(e.text, e.kind, e.source, e.url),
        )
        for e in t.entries[-MAX_EVIDENCE_FIELDS:]
    ]
    text = timeline_summary(t) + "\n“old → new” marks a change of position."
    shown = _newest_that_fit(candidates, [title, text, footer, topics.name, topics.value])
    if len(shown) < len(t.entries):
        hidden = len(t.entries) - len(shown)
        text += f"\nShowing the latest {len(shown)} of {len(t.entries)} statements ({hidden} more)."
    newest = newest_dated(t.entries, lambda e: e.date)
    return Card(
        kind="timeline",
        title=title,
        text=text,
        fields=(topics, *shown),
        color=COLORS["timeline"],
        footer=footer,
        url=newest.url if newest is not None else None,
    )


def compare_card(c: Comparison) -> Card:
    """The answer to ``/compare <official> <official> <topic>``: each side's position with the
    statement it rests on, whether they are opposed, and the group they shared then."""
    fields = [
        CardField(
            f"{side.official_name} · {side.position or 'no position'}", _side_block(side), True
        )
        for side in (c.first, c.second)
    ]
    fields.append(
        CardField("Positions", "\n".join(_side_line(side) for side in (c.first, c.second)))
    )
    fields.append(CardField("Groups", shared_groups_text(c)))
    sides = [s for s in (c.first, c.second) if s.latest is not None and s.latest.url]
    newest = newest_dated(sides, lambda s: s.latest.date if s.latest else None)
    return Card(
        kind="comparison",
        title=f"{c.first.official_name} vs {c.second.official_name} on {c.topic_name}",
        text=comparison_summary(c),
        fields=tuple(fields),
        color=_RELATION_COLORS[c.relation],
        footer=f"/compare {c.first.official_id} {c.second.official_id} {c.topic_id}",
        url=newest.latest.url if newest is not None and newest.latest is not None else None,
        links=tuple(
            Link(f"{s.official_name}: {s.latest.source}", s.latest.url)
            for s in sides
            if s.latest is not None and s.latest.url
        ),
    )


_RELATION_COLORS: dict[Relation, str] = {
    "opposed": "red",
    "differ": "orange",
    "agree": "blue",
    "one_unknown": "grey",
    "both_unknown": "grey",
}


def _side_block(side: Side) -> str:
    if side.latest is None:
        count = side.statements
        return (
            f"None of {counted(count, 'statement')} on the topic takes a position."
            if count
            else "No statements on the topic are stored."
        )
    return _quoted_evidence(side.latest, why=True)


def _side_line(side: Side) -> str:
    if side.position is None:
        return f"{side.official_name}: no position"
    label = f" ({side.position_label})" if side.position_label else ""
    since = f", since {format_date(side.consistent_since)}" if side.consistent_since else ""
    return f"{side.official_name}: {side.position}{label}{since}"


def alerts_card(d: AlertDigest) -> Card:
    """The answer to ``/alerts [topic] [days]``: the alerts updated in those days, newest first."""
    title = digest_heading(d)
    footer = "/alerts" + (f" {d.topic_id}" if d.topic_id else "") + f" {d.days}"
    if not d.alerts:
        return Card(
            kind="alerts",
            title=title,
            text=empty_digest_text(d),
            color=COLORS["notice"],
            footer=footer,
        )
    count = len(d.alerts)
    text = f"{counted(count, 'alert')} fired or updated since {format_moment(d.since)}."
    candidates = [
        CardField(
            _shorten(f"{a.alert_id} · {a.type} · {a.topic_name}", MAX_FIELD_NAME),
            _fit(
                "\n".join(
                    [
                        alert_line_positions(a),
                        f"severity {a.severity} · revision {a.revision} · "
                        f"updated {format_moment(a.updated_at)}",
                        f"{counted(a.statements, 'statement')}, newest "
                        f"{format_date(a.latest_evidence)} · rule {a.rule_id}",
                        f"/why {a.alert_id} says why",
                    ]
                )
            ),
        )
        for a in reversed(d.alerts[:MAX_DIGEST_FIELDS])  # oldest of those shown first
    ]
    shown = _newest_that_fit(candidates, [title, text, footer])
    if len(shown) < count:
        text += (
            f"\nShowing the newest {len(shown)} of {count} ({count - len(shown)} more); "
            "name a topic or fewer days to see the rest."
        )
    return Card(
        kind="alerts",
        title=title,
        text=text,
        fields=tuple(reversed(shown)),  # newest first, as the digest reads
        color=COLORS["alerts"],
        footer=footer,
    )


def _newest_that_fit(fields: Sequence[CardField], fixed: Iterable[str]) -> list[CardField]:
    """The last (newest) fields whose texts, with ``fixed``, stay within MAX_CARD_TOTAL.

    120 characters are held back for the "Showing the latest ..." line the caller may add.
    """
    budget = MAX_CARD_TOTAL - 120 - sum(len(text) for text in fixed)
    kept: list[CardField] = []
    for f in reversed(fields):
        budget -= len(f.name) + len(f.value)
        if budget < 0:
            break
        kept.append(f)
    return kept[::-1]


# --- explanations -------------------------------------------------------------------------


def explanation_card(e: Explanation) -> Card:
    """Why an alert fired (``stancewatch explain``): the rule with its parameters, the topic,
    the newest statements with the words that decided them, and the conflicting pairs."""
    rule_lines = [f"{e.rule.id} · {e.rule.type}" + ("" if e.rule.in_config else " (removed)")]
    rule_lines += [
        f"{name}: {_parameter(value)}"
        for name, value in e.rule.parameters
        if name not in e.rule.defaults
    ]
    rule_lines += e.rule.notes
    opposed = "; ".join(f"{a} vs {b}" for a, b in e.opposed) or "none"
    fields = [
        CardField("Rule", _fit("\n".join(rule_lines)), True),
        CardField("Topic", f"{e.topic_name} ({e.topic_id})\nopposed: {opposed}", True),
    ]
    shown = e.statements[-MAX_EVIDENCE_FIELDS:]
    fields += [CardField(_statement_heading(s), _explained_block(s)) for s in shown]
    if e.conflicts:
        fields.append(CardField("Why they conflict", _fit("\n".join(c.text for c in e.conflicts))))
    text = e.summary
    if len(e.statements) > len(shown):
        text += f"\nShowing the latest {len(shown)} of {len(e.statements)} statements."
    count = len(e.statements)
    return Card(
        kind="explanation",
        title=f"Why alert {e.alert_id} fired: {e.type} on {e.topic_name}",
        text=text,
        fields=tuple(fields),
        color=COLORS["explanation"],
        footer=f"alert {e.alert_id} · revision {e.revision} · {counted(count, 'statement')}",
        links=tuple(
            {s.url: Link(f"{s.speaker_name}: {s.source}", s.url) for s in shown if s.url}.values()
        ),
    )


def _statement_heading(s: ExplainedStatement) -> str:
    confidence = f" {s.confidence:.2f}" if s.confidence is not None else ""
    return f"{s.when} · {s.speaker_name} · {s.position or 'no position'}{confidence}"


def _explained_block(s: ExplainedStatement) -> str:
    block = _quote_block(s.text, f"{s.kind}", s.outlet or s.source, s.url)
    if s.position is None:
        return block
    words = ", ".join(f"“{w}”" for w in s.evidence) or "no recorded words"
    negated = " (negated)" if s.negated else ""
    return f"{block}\ndecided by {_shorten(words, 200)}{negated}"


def _parameter(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "[]"
    return str(value).lower() if isinstance(value, bool) else str(value)


def _fit(text: str, limit: int = MAX_FIELD_VALUE) -> str:
    """Whole lines up to ``limit`` characters, then a count of those left out."""
    lines = text.splitlines()
    kept: list[str] = []
    for i, line in enumerate(lines):
        if sum(len(k) + 1 for k in kept) + len(line) > limit - 20:
            return "\n".join([*kept, f"… and {len(lines) - i} more"])
        kept.append(line)
    return text


# --- text pieces --------------------------------------------------------------------------


def _quoted(statement: Statement) -> str:
    return _quote_block(
        statement.text,
        format_date(statement.date, statement.date_precision),
        statement.source,
        statement.url,
    )


def _quoted_evidence(e: Evidence, *, why: bool = False) -> str:
    block = _quote_block(e.text, format_date(e.date, e.date_precision), e.source, e.url)
    if why and e.position is not None:
        block += f"\ndecided by {_shorten(deciding_words(e), 200)}"
    return block


def _quote_block(words: str, when: str, source: str, url: str | None) -> str:
    lines = [f"“{_shorten(words)}”", f"{when} · {source}"]
    if url and url != source:  # feeds without an outlet name give the page as the source
        lines.append(url)
    return "\n".join(lines)


def _shorten(text: str, limit: int = MAX_WORDS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _position_line(topic: Topic | None, who: str, position: str | None) -> str:
    if position is None:
        return f"{who}: no position"
    label = position_label(topic, position)
    return f"{who}: {position} ({label})" if label else f"{who}: {position}"
