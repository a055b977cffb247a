"""Replays a scenario and checks it against a gold file shaped like ../shared/gold/seeds.yaml.

Kept apart from the test module so the scenario tests and ``make eval`` share one
replay and one reading of the gold's matching rules.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any

from bot.adapters.console import ConsoleAdapter
from bot.alerts import Alert
from bot.cli import replay_sources
from bot.pipeline import Ingested, Pipeline
from bot.queries import StanceReport, stance
from bot.store import open_store
from rules.dates import format_date
from rules.loader import load_config
from rules.records import Statement
from watchers.article import Article

_MARKS = re.compile(r"[\"“”„«»]")


def normalise(text: str) -> str:
    text = _MARKS.sub("", text.replace("’", "'").replace("‘", "'"))
    return " ".join(text.lower().split())


@dataclass
class GoldResult:
    name: str
    required_ok: int = 0
    required_total: int = 0
    optional_ok: int = 0
    optional_total: int = 0
    alerts_ok: int = 0
    alerts_total: int = 0
    wrong_alerts: int = 0
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.name}: statements {self.required_ok}/{self.required_total} required, "
            f"{self.optional_ok}/{self.optional_total} optional with right speaker+position; "
            f"alerts {self.alerts_ok}/{self.alerts_total} required, {self.wrong_alerts} wrong"
        )


def article_key(article: Article, keys: Sequence[str]) -> str | None:
    for key in keys:
        if (
            article.id == key
            or Path(article.source).name == key
            or (article.url or "").endswith(key)
        ):
            return key
    return None


def check_statements(
    gold: Mapping[str, Any], by_article: Mapping[str, Sequence[Statement]], result: GoldResult
) -> None:
    for entry in gold.get("statements", []):
        required = bool(entry.get("required"))
        problem = _statement_problem(entry, by_article.get(entry["file"], ()))
        if required:
            result.required_total += 1
            result.required_ok += problem is None
            if problem:
                result.failures.append(f"{entry['id']} ({entry['quote']!r}): {problem}")
        else:
            result.optional_total += 1
            result.optional_ok += problem is None
            if problem:
                result.notes.append(f"optional {entry['id']}: {problem}")


def _statement_problem(entry: Mapping[str, Any], statements: Sequence[Statement]) -> str | None:
    quote = normalise(entry["quote"])
    found = [s for s in statements if quote in normalise(s.text)]
    if not found:
        return "not found"
    speaker = entry.get("speaker")
    if speaker is not None:
        found = [s for s in found if s.speaker_id == speaker]
        if not found:
            return f"wrong speaker: {[s.speaker for s in statements if quote in normalise(s.text)]}"
    topic, position = entry.get("topic"), entry.get("position")
    if topic:
        positioned = [s for s in found if s.stance_on(topic) is not None]
        if position is None and len(positioned) == len(found):
            return f"expected no position, got {[s.stance_on(topic).position for s in positioned]}"  # type: ignore[union-attr]
        if position is not None:
            found = [s for s in positioned if s.stance_on(topic).position == position]  # type: ignore[union-attr]
            if not found:
                return (
                    f"expected {position}, got {[(s.stance_on(topic) or None) for s in positioned]}"
                )
    gold_date = entry.get("date")
    if gold_date is not None:
        want = str(gold_date)
        dates = [format_date(s.date, s.date_precision) or "" for s in found]
        if not any(d.startswith(want) if len(want) == 7 else d == want for d in dates):
            return f"date {want} expected, got {dates}"
    return None


def _alert_matches(alert: Alert, entry: Mapping[str, Any]) -> bool:
    if alert.type != entry["type"] or (entry.get("topic") and alert.topic != entry["topic"]):
        return False
    officials = set(entry.get("between") or [entry.get("official")])
    if set(alert.officials) != officials:
        return False
    positions = entry.get("positions")
    return not positions or all(alert.position_map.get(k) == v for k, v in positions.items())


def check_alerts(
    gold: Mapping[str, Any],
    alerts: Sequence[Alert],
    first_fired_after: Mapping[str, int],
    article_order: Sequence[str],
    result: GoldResult,
) -> None:
    """``first_fired_after`` maps alert id to the index of the article whose ingestion fired it."""
    for entry in gold.get("alerts", []):
        if not entry.get("required", True):
            continue
        result.alerts_total += 1
        matching = [a for a in alerts if _alert_matches(a, entry)]
        if not matching:
            result.failures.append(
                f"alert {entry['id']} ({entry['type']} {entry.get('between')}) did not fire"
            )
            continue
        deadline = entry.get("fires_by")
        if deadline in article_order:
            fired_at = min(first_fired_after[a.id] for a in matching)
            if fired_at > article_order.index(deadline):
                result.failures.append(f"alert {entry['id']} fired only after {deadline}")
                continue
        result.alerts_ok += 1
    for entry in gold.get("must_not_alert", []):
        wrong = [a for a in alerts if _alert_matches(a, entry)]
        if wrong:
            result.wrong_alerts += len(wrong)
            result.failures.append(
                f"must not alert: {entry} but got {[(a.type, a.officials) for a in wrong]}"
            )


def check_stance(gold: Mapping[str, Any], report: StanceReport, result: GoldResult) -> None:
    query = gold.get("stance_query")
    if not query:
        return
    if report.position != query["position"]:
        result.failures.append(
            f"stance query: position {report.position!r}, expected {query['position']!r}"
        )
    since = query.get("consistent_since")
    if since is not None and str(report.consistent_since) != str(since):
        result.failures.append(
            f"stance query: consistent since {report.consistent_since}, expected {since}"
        )
    quotes = {s["id"]: normalise(s["quote"]) for s in gold.get("statements", [])}
    evidence = [normalise(e.text) for e in report.evidence]
    for sid in query.get("evidence_at_least", []):
        if not any(quotes[sid] in text for text in evidence):
            result.failures.append(f"stance query: evidence {sid} missing")
    latest = query.get("latest")
    positioned = [normalise(e.text) for e in report.evidence if e.position]
    if latest and not (positioned and quotes[latest] in positioned[-1]):
        result.failures.append(f"stance query: latest evidence is not {latest}")
    wanted = set(query.get("contradicted_by", []))
    got = {o.official_id for o in report.contradicted_by}
    if wanted and got != wanted:
        result.failures.append(
            f"stance query: contradicted by {sorted(got)}, expected {sorted(wanted)}"
        )


# --- replaying a scenario -----------------------------------------------------

_DATE_LINE = re.compile(r"^ date \d{4}-\d\d-\d\d ?")


def seeds_feed(seeds: Path, gold: dict[str, Any]) -> bytes:
    """An RSS feed of the seed articles, dated as the gold says, in publication order."""
    items = []
    for name, info in sorted(gold["articles"].items(), key=lambda kv: kv[1]["published"]):
        text = _DATE_LINE.sub("", (seeds / name).read_text(encoding="utf-8"))
        paragraphs = "".join(f"<p>{escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())
        published = datetime.combine(info["published"], datetime.min.time().replace(hour=12))
        items.append(
            f"<item><title>{escape(info['outlet'])} {name}</title><guid>{name}</guid>"
            f"<link>https://news.example/{name}</link>"
            f"<pubDate>{format_datetime(published)} </pubDate>"
            f"<description>{escape(paragraphs)}</description></item>"
        )
    channel = "<channel><title>seeds</title><link>https://news.example/</link>" + "".join(items)
    document = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0">{channel}</channel></rss>'
    return document.encode()


def check_alerts_fired(
    gold: Mapping[str, Any],
    ingested: Sequence[Ingested],
    alerts: Sequence[Alert],
    result: GoldResult,
) -> None:
    """``check_alerts`` for a replay: which article's ingestion first fired each alert."""
    keys = list(gold["articles"])
    order = [article_key(done.article, keys) or done.article.id for done in ingested]
    fired: dict[str, int] = {}
    for index, done in enumerate(ingested):
        for event in done.events:
            fired.setdefault(event.alert.id, index)
    check_alerts(gold, alerts, fired, order, result)


def run_scenario(
    name: str, config_dir: Path, sources: Sequence[str], gold: dict[str, Any], tmp_path: Path
) -> tuple[GoldResult, list[Ingested], ConsoleAdapter]:
    config = load_config(config_dir)
    console = ConsoleAdapter()
    with open_store(f"sqlite:///{tmp_path / 'scenario.db'}") as store:
        pipeline = Pipeline(config, store, {"console": console}, clock=lambda: datetime(2026, 1, 1))
        ingested = asyncio.run(replay_sources(pipeline, sources, allow_hosts=["127.0.0.1"]))
        keys = list(gold["articles"])
        by_article: dict[str, list[Any]] = {}
        for done in ingested:
            key = article_key(done.article, keys) or done.article.id
            by_article.setdefault(key, []).extend(done.statements)
        result = GoldResult(name)
        check_statements(gold, by_article, result)
        check_alerts_fired(gold, ingested, store.list_alerts(), result)
        query = gold.get("stance_query")
        if query:
            check_stance(gold, stance(store, config, query["official"], query["topic"]), result)
    print(result.line())
    return result, ingested, console
