"""The wiring: article -> statements -> findings -> alerts in the outbox -> chat.

``Pipeline.ingest`` is plain (CPU-bound spaCy work); the async callers run it in a
worker thread so that a chat adapter's event loop never stalls.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from bot.adapters.base import ChatAdapter
from bot.alerts import AlertBook, AlertEvent
from bot.outbox import FlushReport, Router, flush
from bot.store import Store
from rules.config import Config
from rules.engine import evaluate
from rules.extract import Extractor
from rules.records import Finding, Statement
from watchers.article import Article

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Ingested:
    """What one article brought: its statements and the alerts they fired or updated."""

    article: Article
    statements: tuple[Statement, ...] = ()
    events: tuple[AlertEvent, ...] = ()
    duplicate: bool = False
    # The stored article this one is the same as, when it is a duplicate.
    duplicate_of: str | None = None

    @property
    def attributed(self) -> tuple[Statement, ...]:
        return tuple(s for s in self.statements if s.speaker_id)


@dataclass
class Pipeline:
    """One configuration, one store, and the adapters alerts go out through."""

    config: Config
    store: Store
    adapters: Mapping[str, ChatAdapter] | Router = field(default_factory=dict)
    clock: Callable[[], datetime] = utcnow
    extractor: Extractor | None = None

    def __post_init__(self) -> None:
        self.book = AlertBook(self.store, self.config.settings.default_channels, config=self.config)
        if self.extractor is None:
            self.extractor = Extractor(self.config)
        # One article at a time: two feeds may bring the same article at once, and it
        # must be found stored by the second; judging also reads the history the other
        # writes. The threading lock guards plain callers; the asyncio one keeps waiting
        # ingests off the worker threads, which feed parsing needs too.
        self._ingesting = threading.Lock()
        self._queue: tuple[asyncio.AbstractEventLoop, asyncio.Lock] | None = None

    def is_new(self, article: Article) -> bool:
        """False when the article, or the same article under another id, is stored.

        Cheap (indexed lookups): ask before fetching an article's page.
        """
        return self.store.find_article(article) is None

    def ingest(self, article: Article, *, alert: bool = True) -> Ingested:
        """Extracts, stores and judges one article; an article seen before is skipped.

        Seen before: the same id, or the same article under another id (the same link,
        or the same words: see watchers.identity). The article is marked seen only
        after its statements are stored, so a crash in between means it is read again,
        never lost. With ``alert=False`` (a feed's backlog) statements are stored
        without firing alerts.
        """
        with self._ingesting:
            return self._ingest(article, alert=alert)

    def _ingest(self, article: Article, *, alert: bool) -> Ingested:
        stored = self.store.find_article(article)
        if stored is not None:
            return Ingested(article, duplicate=True, duplicate_of=stored)
        assert self.extractor is not None
        # A joint statement ("Okafor and Ferreira said ...") is filed once per configured
        # speaker, so that it counts in each one's history, stance and alerts. Each copy is
        # judged with the others in view: what a co-speaker holds now is what they said
        # together, never their earlier word against it.
        filed_per_statement = [found.per_speaker() for found in self.extractor.extract(article)]
        findings: list[Finding] = []
        # per_speaker puts the statement as extracted first: its copies are judged with it.
        for filed in sorted(filed_per_statement, key=lambda copies: judging_order(copies[0])):
            for statement in filed:
                if alert and statement.speaker_id and statement.stances:
                    findings.extend(self._judge(statement, filed))
            self.store.add_statements(filed)
        events = self.book.record_all(merge_findings(findings), self.clock)
        self.store.add_article(article)
        statements = tuple(s for filed in filed_per_statement for s in filed)
        return Ingested(article, statements, tuple(events))

    def _judge(self, statement: Statement, joint: Sequence[Statement] = ()) -> list[Finding]:
        history = {
            earlier.id: earlier
            for stance in statement.stances
            for earlier in self.store.statements_on(stance.topic)
        }
        history.update((s.id, s) for s in joint if s.id != statement.id)
        return evaluate(statement, history.values(), self.config)

    async def ingest_async(self, article: Article, *, alert: bool = True) -> Ingested:
        async with self._loop_lock():
            return await asyncio.to_thread(self.ingest, article, alert=alert)

    def _loop_lock(self) -> asyncio.Lock:
        """The asyncio lock of the running loop (a lock is bound to one loop, and tests
        and CLI commands each run their own)."""
        loop = asyncio.get_running_loop()
        if self._queue is None or self._queue[0] is not loop:
            self._queue = (loop, asyncio.Lock())
        return self._queue[1]

    async def deliver(self) -> FlushReport:
        """Sends every delivery due now; failures wait in the outbox for the next call."""
        return await flush(self.store, self.adapters, self.clock(), config=self.config)

    async def ingest_all(self, articles: Sequence[Article]) -> list[Ingested]:
        """Ingests in order, delivering after each article so alerts appear as they fire."""
        done = []
        for article in articles:
            result = await self.ingest_async(article)
            done.append(result)
            if result.events:
                await self.deliver()
        return done


def merge_findings(findings: Sequence[Finding]) -> list[Finding]:
    """One finding per alert key for one article: its statements together, the newest
    positions, the weakest confidence. An article that brings three statements against
    the same official makes one alert, not an alert and two updates."""
    merged: dict[tuple[str, str, tuple[str, ...]], Finding] = {}
    for finding in findings:
        earlier = merged.get(finding.key)
        if earlier is None:
            merged[finding.key] = finding
            continue
        statements = {s.id: s for s in (*earlier.statements, *finding.statements)}
        merged[finding.key] = replace(
            finding,
            statements=tuple(statements.values()),
            positions=tuple(sorted({**earlier.position_map, **finding.position_map}.items())),
            confidence=min(earlier.confidence, finding.confidence),
            reversal=earlier.reversal or finding.reversal,
        )
    return list(merged.values())


def judging_order(statement: Statement) -> tuple[date, int]:
    """The order an article's statements are judged in: by date, undated ones last."""
    return (statement.date or date.max, statement.start)
