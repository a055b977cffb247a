"""Pipeline.ingest: one article is ingested once, whichever feed, guid or link brings it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

from bot.cli import replay_sources
from bot.pipeline import Ingested, Pipeline
from bot.queries import stance
from bot.store import SqlStore, Subscription
from rules.config import Config
from rules.extract import Extractor
from rules.loader import load_config
from rules.records import Statement
from tests.bot.statements import said
from watchers.article import Article
from watchers.files import read_article_file

NOW = datetime(2025, 2, 26, 9, 0, tzinfo=UTC)
SCENARIO = Path(__file__).resolve().parents[1] / "data" / "articles" / "fuel-duty"
LINK = "https://news.example/politics/2025/02/04/fuel-duty-frozen"


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(SCENARIO / "config")


@pytest.fixture(scope="module")
def extractor(config: Config) -> Extractor:
    return Extractor(config)


@pytest.fixture
def pipeline(config: Config, extractor: Extractor, tmp_path: Path) -> Iterator[Pipeline]:
    with SqlStore(f"sqlite:///{tmp_path / 'p.db'}") as store:
        yield Pipeline(config, store, {}, clock=lambda: NOW, extractor=extractor)


def our_article(name: str, **changes: Any) -> Article:
    """One of our own fictional articles, as a feed entry would bring it."""
    [path] = SCENARIO.glob(f"{name}*.txt")
    article = read_article_file(path)
    return replace(article, **{"id": "news-guid-1", "url": LINK, "feed_id": "news", **changes})


def stored_statements(pipeline: Pipeline) -> list[Statement]:
    return pipeline.store.statements_since()


@pytest.mark.parametrize(
    "again",
    [
        {"feed_id": "news-politics"},  # the same entry in a second feed of the site
        {"id": "news-guid-2", "url": LINK + "?utm_source=rss&utm_medium=politics"},  # new guid
        {
            "id": "tag:news.example,2025:4471",
            "url": "http://www.news.example/politics/2025/02/04/fuel-duty-frozen/",
        },
        {"id": "wire-88", "url": "https://wire.example/88", "feed_id": "wire"},  # same words
    ],
    ids=["second-feed", "new-guid-tracked-link", "new-guid-other-spelling", "syndicated"],
)
def test_pipeline_ingests_one_article_once(pipeline: Pipeline, again: dict[str, str]) -> None:
    first = pipeline.ingest(our_article("2025-02-04"))
    statements = stored_statements(pipeline)
    assert not first.duplicate and statements

    second = pipeline.ingest(our_article("2025-02-04", **again))

    assert second.duplicate
    assert second.duplicate_of == "news-guid-1"
    assert (second.statements, second.events) == ((), ())
    assert stored_statements(pipeline) == statements


def test_pipeline_ingests_a_different_article_under_its_own_link(pipeline: Pipeline) -> None:
    pipeline.ingest(our_article("2025-02-04"))
    other = pipeline.ingest(
        our_article("2025-02-20", id="news-guid-2", url=LINK.replace("frozen", "rise"))
    )
    assert not other.duplicate and other.statements


def test_pipeline_is_new_asks_by_id_link_and_words(pipeline: Pipeline) -> None:
    article = our_article("2025-02-04")
    summary_only = replace(article, id="news-guid-9", text="Fuel duty will stay frozen.")
    assert pipeline.is_new(article) and pipeline.is_new(summary_only)
    pipeline.ingest(article)
    assert not pipeline.is_new(article)
    assert not pipeline.is_new(summary_only)  # before its page is fetched: the same link
    assert pipeline.is_new(our_article("2025-02-20", id="g-3", url=LINK + "-update"))


class StatementsFailOnce(SqlStore):
    """A real store whose first statement write fails, as a full disk or a lost
    database connection would make it."""

    failed = False

    def add_statements(self, statements: Sequence[Statement]) -> None:
        if not self.failed:
            self.failed = True
            raise OSError("disk full")
        super().add_statements(statements)


def test_pipeline_marks_an_article_seen_only_after_its_statements_are_stored(
    config: Config, extractor: Extractor, tmp_path: Path
) -> None:
    article = our_article("2025-02-04")
    with StatementsFailOnce(f"sqlite:///{tmp_path / 'p.db'}") as store:
        pipeline = Pipeline(config, store, {}, clock=lambda: NOW, extractor=extractor)
        with pytest.raises(OSError, match="disk full"):
            pipeline.ingest(article)
        assert pipeline.is_new(article)
        retried = pipeline.ingest(article)
        assert not retried.duplicate
        assert {s.article_id for s in stored_statements(pipeline)} == {article.id}
        assert not pipeline.is_new(article)


def test_pipeline_one_article_from_two_feeds_at_once_is_ingested_once(
    pipeline: Pipeline,
) -> None:
    from_news = our_article("2025-02-04")
    from_wire = our_article("2025-02-04", id="wire-88", url="https://wire.example/88")

    async def both() -> list[bool]:
        async with asyncio.timeout(60):  # a hang guard, not a speed check
            done = await asyncio.gather(
                pipeline.ingest_async(from_news), pipeline.ingest_async(from_wire)
            )
        return [ingested.duplicate for ingested in done]

    assert sorted(asyncio.run(both())) == [False, True]
    assert len({s.article_id for s in stored_statements(pipeline)}) == 1
    # A second event loop (a second CLI command, a restart) gets a lock of its own.
    assert asyncio.run(both()) == [True, True]


def rss(entries: Sequence[Article]) -> str:
    items = "".join(
        f"<item><title>{escape(a.title or '')}</title><guid>{escape(a.id)}</guid>"
        f"<link>{escape(a.url or '')}</link><pubDate>Tue, 04 Feb 2025 10:00:00 GMT</pubDate>"
        f"<description>{escape(a.text)}</description></item>"
        for a in entries
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    )


def test_pipeline_same_article_in_two_feeds_over_http_is_stored_once(
    pipeline: Pipeline, http_server: Any
) -> None:
    frozen = our_article("2025-02-04", id="tag:news.example,2025:1")
    rise = our_article(
        "2025-02-20", id="tag:news.example,2025:2", url=LINK.replace("frozen", "rise")
    )
    politics = http_server.serve("/politics.xml", rss([frozen, rise]))
    # The site's front-page feed: the same stories, new guids, links with tracking added.
    retagged = [
        replace(a, id=f"{a.id}:front", url=f"{a.url}?utm_source=front") for a in (frozen, rise)
    ]
    front = http_server.serve("/front.xml", rss(retagged))
    sources = [politics, front]
    done = asyncio.run(replay_sources(pipeline, sources, allow_hosts=["127.0.0.1"], as_json=True))
    assert [d.duplicate for d in done] == [False, False, True, True]
    assert {s.article_id for s in stored_statements(pipeline)} == {frozen.id, rise.id}


# --- joint statements ----------------------------------------------------------------------

# Our own sentences, with the fuel-duty scenario's officials: Baird (cabinet) first wants a
# rise, then says with Malhotra (cabinet) that duty stays frozen.
RISE = "Owen Baird said the government would raise duty on petrol in line with inflation."
JOINT = (
    "Priya Malhotra and Owen Baird said on Monday that fuel duty would stay frozen until "
    "the election."
)


def dated(article_id: str, text: str, day: date) -> Article:
    return Article(
        id=article_id,
        source="test",
        text=text,
        published=day,
        url=f"https://n.example/{article_id}",
    )


def alert_keys(done: Sequence[Ingested]) -> list[tuple[str, tuple[str, ...]]]:
    return [(e.alert.type, e.alert.officials) for d in done for e in d.events]


def test_pipeline_joint_statement_counts_for_each_configured_speaker(
    pipeline: Pipeline, config: Config
) -> None:
    pipeline.ingest(dated("rise", RISE, date(2025, 2, 3)))
    done = pipeline.ingest(dated("joint", JOINT, date(2025, 2, 10)))

    assert [s.speaker_id for s in done.statements] == ["malhotra", "baird"]
    for official in ("malhotra", "baird"):
        [said] = [s for s in pipeline.store.statements_by(official) if s.article_id == "joint"]
        assert "stay frozen" in said.text
        assert stance(pipeline.store, config, official, "fuel-duty").position == "freeze"
    # Baird moved from a rise to the freeze, which Malhotra shares: a shift, and no
    # contradiction between two people who said the same words together.
    assert ("shift", ("baird",)) in alert_keys([done])
    assert all(kind != "contradiction" for kind, _ in alert_keys([done]))
    assert stance(pipeline.store, config, "malhotra", "fuel-duty").contradicted_by == ()


def test_pipeline_joint_statement_replays_to_the_same_ids(
    config: Config, extractor: Extractor, tmp_path: Path
) -> None:
    runs = []
    for name in ("one", "two"):
        with SqlStore(f"sqlite:///{tmp_path / name}.db") as store:
            pipeline = Pipeline(config, store, {}, clock=lambda: NOW, extractor=extractor)
            done = [
                pipeline.ingest(dated("rise", RISE, date(2025, 2, 3))),
                pipeline.ingest(dated("joint", JOINT, date(2025, 2, 10))),
            ]
            again = pipeline.ingest(dated("joint", JOINT, date(2025, 2, 10)))
            assert again.duplicate
            ids = sorted(s.id for s in store.statements_since())
            runs.append((ids, [e.alert.id for d in done for e in d.events]))
    assert runs[0] == runs[1]
    assert len(runs[0][0]) == 3  # Baird's rise, and the joint statement for each of the two


class SaysWhatItIsGiven:
    """An extractor that files the statements a test hands it under the next article,
    so that a test decides exactly which findings an ingest raises."""

    def __init__(self) -> None:
        self.next: list[Statement] = []

    def extract(self, article: Article) -> list[Statement]:
        found, self.next = self.next, []
        return [replace(s, article_id=article.id) for s in found]


def fuel(who: str, day: date, position: str, words: str) -> Statement:
    return said(who, day, position, words, topic="fuel-duty")


def news(n: int) -> Article:
    return Article(
        id=f"wire-{n}",
        feed_id="wire",
        url=f"https://wire.example/{n}",
        title=f"Wire {n}",
        text=f"Wire story {n}.",
        published=None,
        source="Wire",
    )


@pytest.fixture
def told(config: Config, tmp_path: Path) -> Iterator[tuple[Pipeline, SaysWhatItIsGiven]]:
    extractor = SaysWhatItIsGiven()
    with SqlStore(f"sqlite:///{tmp_path / 'told.db'}") as store:
        yield Pipeline(config, store, {}, clock=lambda: NOW, extractor=extractor), extractor  # type: ignore[arg-type]


def test_pipeline_reads_subscriptions_once_per_article_however_many_alerts_it_fires(
    told: tuple[Pipeline, SaysWhatItIsGiven], monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline, extractor = told
    extractor.next = [
        fuel("malhotra", date(2025, 1, 6), "freeze", "Pump prices stay where they are."),
        fuel("baird", date(2025, 1, 6), "freeze", "Drivers will pay no more this year."),
    ]
    pipeline.ingest(news(1))
    reads = 0
    original = pipeline.store.subscriptions

    def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal reads
        reads += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(pipeline.store, "subscriptions", counting)
    extractor.next = [fuel("malhotra", date(2025, 1, 20), "raise", "The duty must go up.")]
    ingested = pipeline.ingest(news(2))
    # Her own shift and the clash with her cabinet colleague: two alerts from one article.
    assert len(ingested.events) == 2
    assert reads == 1


def test_pipeline_a_subscription_made_between_two_articles_gets_the_second_ones_alerts(
    told: tuple[Pipeline, SaysWhatItIsGiven],
) -> None:
    pipeline, extractor = told
    extractor.next = [
        fuel("malhotra", date(2025, 1, 6), "freeze", "Pump prices stay where they are."),
        fuel("malhotra", date(2025, 1, 8), "raise", "The duty must go up after all."),
    ]
    [before] = pipeline.ingest(news(1)).events
    assert "discord:77" not in before.alert.channels
    pipeline.store.add_subscription(
        Subscription(
            channel="discord:77", workspace="g1", kind="topic", target="fuel-duty", created_at=NOW
        )
    )
    extractor.next = [fuel("baird", date(2025, 1, 9), "freeze", "Drivers will pay no more.")]
    [after] = pipeline.ingest(news(2)).events
    assert after.alert.type == "contradiction"
    assert "discord:77" in after.alert.channels
