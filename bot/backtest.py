"""Backtests: the stored statements judged again by the current configuration.

``stancewatch replay --rules-only`` answers "what would this rule change do?" before the
change goes live. Nothing is extracted again and nothing is written to the store: each stored
statement's positions are re-read from its own words with the current topics, the statements
are judged in the order the pipeline judged them (articles in arrival order, each article's
statements by date then offset, findings merged per article), alerts are deduplicated in an
in-memory store exactly as ``AlertBook`` does, and the result is set against the alerts stored.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from spacy.language import Language

from bot.alerts import Alert, AlertBook
from bot.pipeline import judging_order, merge_findings
from bot.queries import counted, format_date
from bot.store.abc import Store
from bot.store.sql import SqlStore
from rules.config import Config
from rules.cues import is_denial_cue
from rules.drafts import doc_text
from rules.engine import evaluate
from rules.extract import CONTINUES, carried_on, text_to_parse
from rules.linking import OfficialIndex
from rules.nlp import load_pipeline
from rules.records import Finding, Statement
from rules.stance import StanceReader

BacktestStatus = Literal["new", "still", "gone"]
STATUS_TITLES: dict[BacktestStatus, str] = {
    "new": "Would fire (new)",
    "still": "Still fires",
    "gone": "Would no longer fire",
}
# Alert ids depend on the clock; the simulated ones are never shown, so any fixed moment does.
_SIMULATED_AT = datetime(2000, 1, 1, tzinfo=UTC)
MAX_CHANGES_SHOWN = 20


@dataclass(frozen=True)
class PositionChange:
    """A stored statement whose position on a topic reads differently now."""

    statement_id: str
    speaker_id: str
    date: date | None
    text: str
    topic: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class BacktestAlert:
    """One alert of the comparison: would fire anew, still fires, or would no longer fire.

    ``alert_id`` is the stored alert's id when there is one (still and gone); ``stored_count``
    is the number of statements the stored alert has; ``reason`` says why a stored alert would
    no longer fire, as far as the configuration tells.
    """

    status: BacktestStatus
    type: str
    rule_id: str
    topic: str
    officials: tuple[str, ...]
    positions: tuple[tuple[str, str], ...]
    statement_count: int
    latest_evidence: date | None
    alert_id: str | None = None
    stored_count: int | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Backtest:
    """``statements`` are those of the period (all, or dated on or after ``since``);
    ``history`` the earlier ones read too because a rule's window reaches back to them."""

    since: date | None
    statements: int
    history: int
    judged: int
    changes: tuple[PositionChange, ...]
    alerts: tuple[BacktestAlert, ...]

    def with_status(self, status: BacktestStatus) -> tuple[BacktestAlert, ...]:
        return tuple(a for a in self.alerts if a.status == status)


def backtest(
    store: Store, config: Config, *, since: date | None = None, nlp: Language | None = None
) -> Backtest:
    """The alerts the current configuration would raise from the stored statements, set
    against the stored alerts.

    With ``since``, the alerts compared (simulated and stored) are those with evidence dated
    on or after it. The statements read are those dated on or after it, and the earlier ones
    within the longest window of an enabled rule: without them a conflict that runs across
    ``since`` would look as if it no longer fired.
    """
    lookback = max((r.window_days for r in config.rules if r.enabled), default=0)
    start = since - timedelta(days=lookback) if since is not None else None
    stored = store.statements_since(start)
    if nlp is None:
        nlp = load_pipeline(tuple(OfficialIndex(config.officials).person_names()))
    articles = {
        a: article.text
        for a in dict.fromkeys(s.article_id for s in stored if s.speaker_id)
        if (article := store.get_article(a)) is not None
    }
    reread = reread_statements(stored, config, nlp, articles)
    changes = _changes(stored, reread)
    simulated = [a for a in simulate(reread, config) if _in_period(a, since)]
    existing = [a for a in store.list_alerts() if _in_period(a, since)]
    in_period = sum(1 for s in stored if since is None or (s.date is not None and s.date >= since))
    return Backtest(
        since=since,
        statements=in_period,
        history=len(stored) - in_period,
        judged=sum(1 for s in reread if s.speaker_id and s.stances),
        changes=tuple(changes),
        alerts=tuple(compare(simulated, existing, config, changes)),
    )


# --- reading positions again --------------------------------------------------------------


def reread_statements(
    statements: Sequence[Statement],
    config: Config,
    nlp: Language,
    articles: Mapping[str, str] | None = None,
) -> list[Statement]:
    """Each statement of a tracked official with topics and stances read by the current
    topics; the others as stored (no rule judges them).

    A statement is read in the parse of its stored article (``articles``: article id ->
    text), on the words it is made of there, as the extractor read it: parsed alone, the
    parts of a quotation broken by its attribution run together ("..., We will not ...")
    and can read otherwise, so an unchanged configuration would seem to change positions.
    A statement whose article is not stored, or whose words cannot all be found in it, is
    read from its own text. What the extractor read from around a statement is kept where
    it can be: the topics of its article (read again from the article's text when stored),
    a denial turning its words around, a report of someone else's words inside it (read as
    theirs, not its speaker's), and a position carried on from the speaker's statement just
    before ("And we haven't seen that").
    """
    reader = StanceReader(config.topics, nlp)
    texts = articles or {}
    by_article: dict[str, list[Statement]] = {}
    for statement in statements:
        by_article.setdefault(statement.article_id, []).append(statement)
    tracked = {s.article_id for s in statements if s.speaker_id}
    in_article = [a for a in by_article if a in tracked and a in texts]
    parsed = nlp.pipe(text_to_parse(texts[a], nlp) for a in in_article)
    article_docs = dict(zip(in_article, parsed, strict=True))

    read: dict[str, Statement] = {}
    for article_id, group in by_article.items():
        article_doc = article_docs.get(article_id)
        article_topics = (
            reader.article_topics(texts[article_id]) if article_id in article_docs else None
        )
        previous: Statement | None = None
        for statement in sorted(group, key=lambda s: (s.start, s.end)):
            if statement.speaker_id:
                own = _own_spans(statement, group)
                doc, spans = article_doc, None
                if doc is not None and own:
                    spans = _in_article(statement, own, doc_text(doc))
                if doc is None or spans is None:
                    doc, spans = nlp(statement.text), own
                topics, stances = (
                    reader.read(
                        doc,
                        spans,
                        article_topics=(
                            set(statement.topics) if article_topics is None else article_topics
                        ),
                        flip_all=is_denial_cue(statement.cue),
                    )
                    if spans
                    else ((), ())
                )
                statement = _continued(
                    replace(statement, topics=topics, stances=stances), statement, previous
                )
            read[statement.id] = statement
            previous = statement
    return [read[s.id] for s in statements]


def _in_article(
    statement: Statement, own: Sequence[tuple[int, int]], article: str
) -> list[tuple[int, int]] | None:
    """Where in the article the statement's ``own`` spans (offsets in its text) are written:
    the stored text is its quoted parts joined, without the attribution between them and
    without quotation marks, so the two are aligned character by character. None when a
    word of the statement is not found there (an article stored otherwise)."""
    window = article[statement.start : statement.end]
    blocks = difflib.SequenceMatcher(None, statement.text, window, autojunk=False)
    matched = [(i, j, n) for i, j, n in blocks.get_matching_blocks() if n]
    covered = sum(1 for i, _j, n in matched for c in statement.text[i : i + n] if c.isalnum())
    if covered != sum(1 for c in statement.text if c.isalnum()):
        return None
    spans: list[tuple[int, int]] = []
    for start, end in own:
        for i, j, n in matched:
            lo, hi = max(start, i), min(end, i + n)
            if lo >= hi:
                continue
            here = (statement.start + j + lo - i, statement.start + j + hi - i)
            # Marks and spaces the stored text left out lie between two pieces of one part.
            if spans and not any(c.isalnum() for c in article[spans[-1][1] : here[0]]):
                spans[-1] = (spans[-1][0], here[1])
            else:
                spans.append(here)
    return spans


def _own_spans(statement: Statement, article: Sequence[Statement]) -> list[tuple[int, int]]:
    """The statement's text without the words of statements reported inside it."""
    cuts = []
    for other in article:
        inside = statement.start <= other.start and other.end <= statement.end
        if other.id != statement.id and inside and other.text:
            at = statement.text.find(other.text)
            if at >= 0:
                cuts.append((at, at + len(other.text)))
    spans, start = [], 0
    for cut_start, cut_end in sorted(cuts):
        if cut_start > start:
            spans.append((start, cut_start))
        start = max(start, cut_end)
    if start < len(statement.text):
        spans.append((start, len(statement.text)))
    return [(s, e) for s, e in spans if statement.text[s:e].strip()]


def _continued(now: Statement, stored: Statement, previous: Statement | None) -> Statement:
    """Carry on the previous statement's position where the extractor did so, and the
    statement's own words give none now."""
    if previous is None or previous.speaker_id != now.speaker_id:
        return now
    inherited = []
    for stance in stored.stances:
        carried = stance.evidence and all(e.startswith(CONTINUES) for e in stance.evidence)
        source = previous.stance_on(stance.topic)
        if not carried or source is None or now.stance_on(stance.topic) is not None:
            continue
        inherited.append(carried_on(source))
    if not inherited:
        return now
    topics = tuple(dict.fromkeys((*now.topics, *(s.topic for s in inherited))))
    return replace(now, topics=topics, stances=(*now.stances, *inherited))


def _changes(before: Sequence[Statement], after: Sequence[Statement]) -> list[PositionChange]:
    changes = []
    for old, new in zip(before, after, strict=True):
        if not old.speaker_id:
            continue
        topics = dict.fromkeys((*(s.topic for s in old.stances), *(s.topic for s in new.stances)))
        for topic in topics:
            was, now = old.stance_on(topic), new.stance_on(topic)
            was_position = was.position if was is not None else None
            now_position = now.position if now is not None else None
            if was_position != now_position:
                changes.append(
                    PositionChange(
                        statement_id=old.id,
                        speaker_id=old.speaker_id,
                        date=old.date,
                        text=old.text,
                        topic=topic,
                        before=was_position,
                        after=now_position,
                    )
                )
    return changes


# --- judging again ------------------------------------------------------------------------


def simulate(statements: Sequence[Statement], config: Config) -> list[Alert]:
    """The alerts ``statements`` (in stored order) raise under ``config``, deduplicated as
    the AlertBook does, in a throwaway in-memory store."""
    history: dict[str, dict[str, Statement]] = {}
    by_article: dict[str, list[Statement]] = {}
    for statement in statements:
        by_article.setdefault(statement.article_id, []).append(statement)
    with SqlStore("sqlite://") as memory:
        book = AlertBook(memory, config.settings.default_channels)
        for group in by_article.values():
            findings: list[Finding] = []
            for statement in sorted(group, key=judging_order):
                if statement.speaker_id and statement.stances:
                    earlier = {
                        s.id: s
                        for stance in statement.stances
                        for s in history.get(stance.topic, {}).values()
                    }
                    findings.extend(evaluate(statement, earlier.values(), config))
                for stance in statement.stances:
                    history.setdefault(stance.topic, {})[statement.id] = statement
            book.record_all(merge_findings(findings), lambda: _SIMULATED_AT)
        return memory.list_alerts()


# --- comparing ----------------------------------------------------------------------------


def compare(
    simulated: Sequence[Alert],
    existing: Sequence[Alert],
    config: Config,
    changes: Sequence[PositionChange] = (),
) -> list[BacktestAlert]:
    """Each simulated alert matched to the stored alert of its key it shares most statements
    with (else the nearest in time within the window); stored alerts left over would no
    longer fire."""
    unmatched = list(existing)
    out = []
    for alert in simulated:
        match = _match(alert, unmatched)
        if match is None:
            out.append(_row("new", alert))
        else:
            unmatched.remove(match)
            out.append(_row("still", alert, match))
    for alert in unmatched:
        out.append(_row("gone", alert, reason=_why_gone(alert, config, changes)))
    order = list(STATUS_TITLES)
    return sorted(
        out,
        key=lambda a: (order.index(a.status), a.latest_evidence or date.max, a.topic, a.officials),
    )


def _match(alert: Alert, candidates: Iterable[Alert]) -> Alert | None:
    same_key = [c for c in candidates if c.key == alert.key]
    ids = set(alert.statement_ids)
    sharing = [c for c in same_key if ids & set(c.statement_ids)]
    if sharing:
        return max(sharing, key=lambda c: len(ids & set(c.statement_ids)))
    near = [c for c in same_key if _days_apart(c, alert) <= alert.window_days]
    return min(near, key=lambda c: _days_apart(c, alert)) if near else None


def _days_apart(a: Alert, b: Alert) -> int:
    if a.latest_evidence is None or b.latest_evidence is None:
        return 0 if a.latest_evidence == b.latest_evidence else 10**9
    return abs((a.latest_evidence - b.latest_evidence).days)


def _row(
    status: BacktestStatus, alert: Alert, stored: Alert | None = None, reason: str | None = None
) -> BacktestAlert:
    return BacktestAlert(
        status=status,
        type=alert.type,
        rule_id=alert.rule_id,
        topic=alert.topic,
        officials=alert.officials,
        positions=alert.positions,
        statement_count=len(alert.statements),
        latest_evidence=alert.latest_evidence,
        alert_id=alert.id if status == "gone" else (stored.id if stored else None),
        stored_count=len(stored.statements) if stored is not None else None,
        reason=reason,
    )


def _why_gone(alert: Alert, config: Config, changes: Sequence[PositionChange]) -> str:
    """The likeliest reason in the configuration; several may hold, the first found is told."""
    rule = next((r for r in config.rules if r.id == alert.rule_id), None)
    topic = config.topic(alert.topic)
    if rule is None:
        return f"rule {alert.rule_id} is no longer in the configuration"
    if not rule.enabled:
        return f"rule {alert.rule_id} is disabled"
    if topic is None:
        return f"topic {alert.topic} is no longer in the configuration"
    positions = sorted(set(alert.position_map.values()))
    pair = len(positions) == 2
    if alert.type == "contradiction" and pair and not topic.opposes(*positions):
        return f"{positions[0]} and {positions[1]} are no longer opposed in {alert.topic}"
    on_topic = [c for c in changes if c.topic == alert.topic]
    own = {s.id for s in alert.statements} & {c.statement_id for c in on_topic}
    if own:
        return f"{len(own)} of its statements read differently now"
    # Someone's later words, read differently, can change what they hold at the time.
    speakers = sorted({c.speaker_id for c in on_topic} & set(alert.officials))
    if speakers:
        return f"other statements of {', '.join(speakers)} on {alert.topic} read differently now"
    return "no rule finds this conflict now (scope, window or confidence)"


def _in_period(alert: Alert, since: date | None) -> bool:
    if since is None:
        return True
    latest = alert.latest_evidence
    return latest is not None and latest >= since


# --- output -------------------------------------------------------------------------------


def backtest_to_json(result: Backtest) -> dict[str, Any]:
    return {
        "since": None if result.since is None else result.since.isoformat(),
        "statements": result.statements,
        "history": result.history,
        "judged": result.judged,
        "changed_positions": [
            {
                "statement": c.statement_id,
                "speaker_id": c.speaker_id,
                "date": None if c.date is None else c.date.isoformat(),
                "topic": c.topic,
                "before": c.before,
                "after": c.after,
                "text": c.text,
            }
            for c in result.changes
        ],
        "alerts": [
            {
                "status": a.status,
                "id": a.alert_id,
                "type": a.type,
                "rule": a.rule_id,
                "topic": a.topic,
                "officials": list(a.officials),
                "positions": dict(a.positions),
                "statements": a.statement_count,
                "stored_statements": a.stored_count,
                "latest_evidence": None
                if a.latest_evidence is None
                else a.latest_evidence.isoformat(),
                "reason": a.reason,
            }
            for a in result.alerts
        ],
    }


def render_backtest_text(result: Backtest, config_dir: str) -> str:
    period = f" dated {result.since.isoformat()} or later" if result.since else ""
    history = (
        f", with {result.history} earlier ones a rule's window reaches back to"
        if result.history
        else ""
    )
    lines = [
        f"Backtest: {result.statements} stored statements{period}{history}, judged again with "
        f"the topics and rules in {config_dir}",
        f"({result.judged} by tracked officials with a position now; nothing is sent or stored)",
        "",
        f"Positions read differently now: {len(result.changes)}",
    ]
    for c in result.changes[:MAX_CHANGES_SHOWN]:
        lines.append(
            f"  {format_date(c.date):<10}  {c.speaker_id}  {c.topic}: "
            f"{c.before or '-'} → {c.after or '-'}  “{_short(c.text)}”"
        )
    if len(result.changes) > MAX_CHANGES_SHOWN:
        lines.append(f"  ... and {len(result.changes) - MAX_CHANGES_SHOWN} more (--json lists all)")
    for status, title in STATUS_TITLES.items():
        rows = result.with_status(status)
        lines += ["", f"{title}: {len(rows)}"]
        lines += [f"  {_alert_line(a)}" for a in rows]
    return "\n".join(lines)


def _alert_line(a: BacktestAlert) -> str:
    who = ", ".join(f"{o}: {p}" for o, p in a.positions)
    count = f"{counted(a.statement_count, 'statement')}"
    if a.stored_count is not None and a.stored_count != a.statement_count:
        count += f" (stored: {a.stored_count})"
    line = f"{a.alert_id or '(new)':<10}  {a.type:<13}  {a.topic}  {who}  {count}  rule {a.rule_id}"
    return f"{line} — {a.reason}" if a.reason else line


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
