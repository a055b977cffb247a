"""Scenario tests: feed -> statements -> alerts -> stance query, checked against gold files.

The seeds (../shared/seeds, never copied into the project) are served as an RSS feed on
127.0.0.1; the bundled sample feed is served the same way; our own articles are
replayed as folders of article files with their own configuration.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.adapters.console import ConsoleAdapter
from bot.cli import replay_sources
from bot.pipeline import Ingested, Pipeline
from bot.queries import stance
from bot.store import open_store
from rules.loader import load_config
from tests.scenarios.goldcheck import (
    GoldResult,
    article_key,
    check_alerts,
    check_stance,
    check_statements,
)

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "tests" / "data" / "articles"
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
        fired: dict[str, int] = {}
        order: list[str] = []
        for index, done in enumerate(ingested):
            key = article_key(done.article, keys) or done.article.id
            order.append(key)
            by_article.setdefault(key, []).extend(done.statements)
            for event in done.events:
                fired.setdefault(event.alert.id, index)
        result = GoldResult(name)
        check_statements(gold, by_article, result)
        check_alerts(gold, store.list_alerts(), fired, order, result)
        query = gold.get("stance_query")
        if query:
            check_stance(gold, stance(store, config, query["official"], query["topic"]), result)
    print(result.line())
    return result, ingested, console


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def test_scenario_seeds_over_http_meet_the_gold(
    http_server: Any, shared_path: Callable[[str], Path], tmp_path: Path
) -> None:
    seeds, gold = shared_path("seeds"), _load(shared_path("gold/seeds.yaml"))
    url = http_server.serve(
        "/seeds.xml", seeds_feed(seeds, gold), content_type="application/rss+xml"
    )
    result, ingested, console = run_scenario("seeds", ROOT / "config", [url], gold, tmp_path)
    assert result.failures == [], "\n".join(result.failures)
    assert len(ingested) == len(gold["articles"])
    assert console.posted, "alerts were recorded but none was posted"
    # Page furniture gives no statement and no speaker (one replay serves both checks).
    junk = [line for lines in gold["junk_lines"].values() for line in lines]
    for done in ingested:
        for statement in done.statements:
            assert statement.speaker not in {"Sky News", "Chrome", "YouTube"}
            assert not any(line in statement.text or statement.text in line for line in junk), (
                statement
            )


def test_scenario_sample_feed_meets_its_gold(http_server: Any, tmp_path: Path) -> None:
    gold = _load(ROOT / "tests" / "data" / "sample" / "gold.yaml")
    feed = (ROOT / "config" / "sample" / "feed.xml").read_bytes()
    url = http_server.serve("/sample.xml", feed, content_type="application/rss+xml")
    result, _ingested, _console = run_scenario(
        "sample feed", ROOT / "config", [url], gold, tmp_path
    )
    assert result.failures == [], "\n".join(result.failures)


@pytest.mark.parametrize("scenario", sorted(p.name for p in ARTICLES.iterdir() if p.is_dir()))
def test_scenario_own_articles_meet_their_gold(scenario: str, tmp_path: Path) -> None:
    folder = ARTICLES / scenario
    gold = _load(folder / "gold.yaml")
    result, _ingested, _console = run_scenario(
        scenario, folder / "config", [str(folder)], gold, tmp_path
    )
    assert result.failures == [], "\n".join(result.failures)


def test_scenario_replay_is_idempotent(http_server: Any, tmp_path: Path) -> None:
    """Replaying the same feed into the same store ingests nothing twice and alerts nothing new."""
    feed = (ROOT / "config" / "sample" / "feed.xml").read_bytes()
    url = http_server.serve("/sample.xml", feed, content_type="application/rss+xml")
    config = load_config(ROOT / "config")
    with open_store(f"sqlite:///{tmp_path / 'again.db'}") as store:
        pipeline = Pipeline(config, store, {"console": ConsoleAdapter()})
        first = asyncio.run(replay_sources(pipeline, [url], allow_hosts=["127.0.0.1"]))
        alerts = len(store.list_alerts())
        second = asyncio.run(replay_sources(pipeline, [url], allow_hosts=["127.0.0.1"]))
        assert first and all(d.duplicate for d in second)
        assert len(store.list_alerts()) == alerts
