"""The SQLAlchemy store: SQLite in one file by default, PostgreSQL with the same code.

Portability rules kept here: no dialect-specific SQL or functions; list-valued fields are JSON
columns that are only read back, never queried into (topic lookups go through the
``statement_topics`` link table instead); datetimes are stored as naive UTC because SQLite
has no time-zone type; ordering by "undated last" is spelled with CASE, which every database
sorts the same way, rather than NULLS LAST.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    Integer,
    Select,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    case,
    create_engine,
    inspect,
    select,
    update,
)
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.schema import CreateColumn

from bot.alerts import Alert, AlertKey, as_utc, key_string
from bot.store.abc import (
    Delivery,
    DeliveryStatus,
    SavedFeed,
    Store,
    Subscription,
    SubscriptionKind,
)
from rules.model import FeedConfig
from rules.records import (
    DatePrecision,
    FindingType,
    Severity,
    Stance,
    Statement,
    StatementKind,
)
from watchers.article import Article, DateSource
from watchers.identity import MAX_URL_KEY, article_keys, same_story
from watchers.schedule import FeedState

# Under SQLite's default limit of bound parameters per statement, with room to spare.
_IN_CHUNK = 500


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; naive UTC in the database."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value).replace(tzinfo=None)

    def process_result_value(self, value: Any | None, dialect: Dialect) -> datetime | None:
        return None if value is None else cast(datetime, value).replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    source: Mapped[str] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    date_source: Mapped[str] = mapped_column(String(16))
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    feed_id: Mapped[str | None] = mapped_column(String)
    extra: Mapped[dict[str, str]] = mapped_column(JSON)
    # Added after the first release (nullable, so _add_missing_columns can add them; an
    # older database's articles get theirs from _fill_article_keys).
    url_key: Mapped[str | None] = mapped_column(String(MAX_URL_KEY + 100), index=True)
    content_key: Mapped[str | None] = mapped_column(String(64), index=True)


class StatementRow(Base):
    __tablename__ = "statements"

    # Insertion order: the tie-break after the date (see Store.statements_on).
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(16), unique=True)
    article_id: Mapped[str] = mapped_column(String, index=True)
    source: Mapped[str] = mapped_column(String)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str | None] = mapped_column(Text)
    speaker_id: Mapped[str | None] = mapped_column(String, index=True)
    mention_start: Mapped[int | None] = mapped_column(Integer)
    mention_end: Mapped[int | None] = mapped_column(Integer)
    cue: Mapped[str | None] = mapped_column(Text)
    date: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(8))
    topics: Mapped[list[str]] = mapped_column(JSON)
    stances: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    url: Mapped[str | None] = mapped_column(Text)
    # Added after the first release (nullable, so _add_missing_columns can add them): a
    # joint statement's other speakers, as [name, official id or null] pairs, and on a
    # co-speaker's copy the id of the statement as extracted (``Statement.joint_of``).
    co_speakers: Mapped[list[list[str | None]] | None] = mapped_column(JSON)
    joint_of: Mapped[str | None] = mapped_column(String(16))


# Date, then insertion order; undated statements last.
_EVIDENCE_ORDER = (
    case((StatementRow.date.is_(None), 1), else_=0),
    StatementRow.date,
    StatementRow.seq,
)


class StatementTopicRow(Base):
    """Which topics a statement is about (listed or with a stance): the index for topic queries."""

    __tablename__ = "statement_topics"

    statement_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    topic: Mapped[str] = mapped_column(String, primary_key=True, index=True)


class AlertRow(Base):
    __tablename__ = "alerts"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    key: Mapped[str] = mapped_column(String, index=True)
    type: Mapped[str] = mapped_column(String(16))
    rule_id: Mapped[str] = mapped_column(String)
    topic: Mapped[str] = mapped_column(String, index=True)
    officials: Mapped[list[str]] = mapped_column(JSON)
    positions: Mapped[list[list[str]]] = mapped_column(JSON)
    statement_ids: Mapped[list[str]] = mapped_column(JSON)
    confidence: Mapped[float] = mapped_column(Float)
    channels: Mapped[list[str]] = mapped_column(JSON)
    first_fired_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revision: Mapped[int] = mapped_column(Integer)
    window_days: Mapped[int] = mapped_column(Integer)
    reversal: Mapped[bool] = mapped_column(Boolean)
    # Added after the first release: a server default, so _add_missing_columns can add them
    # to an older database and its alerts read back as before.
    severity: Mapped[str] = mapped_column(String(16), default="medium", server_default="medium")
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Derived from the statements, kept as a column so the window lookup is one indexed query.
    latest_evidence: Mapped[date | None] = mapped_column(Date)


class DeliveryRow(Base):
    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("alert_id", "revision", "channel", name="uq_delivery"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    alert_id: Mapped[str] = mapped_column(String, index=True)
    revision: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String)
    reply_to_alert: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16), index=True, default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    message_ref: Mapped[str | None] = mapped_column(Text)


class SavedFeedRow(Base):
    __tablename__ = "saved_feeds"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    feed_id: Mapped[str] = mapped_column(String, unique=True)
    config: Mapped[dict[str, Any]] = mapped_column(JSON)
    removed: Mapped[bool] = mapped_column(Boolean)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FeedStateRow(Base):
    __tablename__ = "feed_states"

    feed_id: Mapped[str] = mapped_column(String, primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    next_poll_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    backlog_done: Mapped[bool] = mapped_column(Boolean, default=False)
    articles_seen: Mapped[int] = mapped_column(Integer, default=0)


class SubscriptionRow(Base):
    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("channel", "kind", "target", name="uq_subscription"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String)
    workspace: Mapped[str] = mapped_column(String, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(String)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


# FeedState fields and FeedStateRow columns share their names.
_FEED_STATE_FIELDS = tuple(name for name in FeedState.__dataclass_fields__ if name != "feed_id")


class SqlStore(Store):
    """A Store on any SQLAlchemy URL; creates its tables on first use."""

    def __init__(self, url: str = "sqlite:///stancewatch.db", *, echo: bool = False) -> None:
        self.url = url
        self.engine: Engine = create_engine(_prepare_url(url), echo=echo)
        Base.metadata.create_all(self.engine)
        _add_missing_columns(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    # --- articles -----------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        with self._sessions() as session:
            return session.get(ArticleRow, article_id) is not None

    def add_article(self, article: Article) -> bool:
        keys = article_keys(article)
        with self._sessions.begin() as session:
            if session.get(ArticleRow, article.id) is not None:
                return False
            session.add(
                ArticleRow(
                    id=article.id,
                    source=article.source,
                    text=article.text,
                    title=article.title,
                    url=article.url,
                    published=article.published,
                    date_source=article.date_source,
                    fetched_at=article.fetched_at,
                    feed_id=article.feed_id,
                    extra=dict(article.extra),
                    url_key=keys.url,
                    content_key=keys.content,
                )
            )
            return True

    def get_article(self, article_id: str) -> Article | None:
        with self._sessions() as session:
            row = session.get(ArticleRow, article_id)
            if row is None:
                return None
            return Article(
                id=row.id,
                source=row.source,
                text=row.text,
                title=row.title,
                url=row.url,
                published=row.published,
                date_source=cast(DateSource, row.date_source),
                fetched_at=row.fetched_at,
                feed_id=row.feed_id,
                extra=dict(row.extra),
            )

    def find_article(self, article: Article) -> str | None:
        keys = article_keys(article)
        with self._sessions() as session:
            if session.get(ArticleRow, article.id) is not None:
                return article.id
            if keys.content is not None:
                same_words = select(ArticleRow.id).where(ArticleRow.content_key == keys.content)
                found = session.scalars(same_words.limit(1)).first()
                if found is not None:
                    return found
            if keys.url is None:
                return None
            same_link = select(ArticleRow.id, ArticleRow.content_key, ArticleRow.text).where(
                ArticleRow.url_key == keys.url
            )
            for stored_id, stored_content, stored_text in session.execute(same_link):
                if keys.content is None or stored_content is None:
                    return stored_id
                if same_story(article.text, stored_text):
                    return stored_id
            return None

    # --- statements ---------------------------------------------------------------------

    def add_statements(self, statements: Sequence[Statement]) -> None:
        with self._sessions.begin() as session:
            self._add_statements(session, statements)

    def statements_on(
        self, topic: str, *, officials: Collection[str] | None = None
    ) -> list[Statement]:
        if officials is not None and not officials:
            return []
        query = _statements_about(select(StatementRow), topic)
        if officials is not None:
            query = query.where(StatementRow.speaker_id.in_(sorted(officials)))
        return self._statements(query)

    def statements_by(self, official_id: str, topic: str | None = None) -> list[Statement]:
        query = select(StatementRow).where(StatementRow.speaker_id == official_id)
        if topic is not None:
            query = _statements_about(query, topic)
        return self._statements(query)

    def statements_since(self, day: date | None = None) -> list[Statement]:
        query = select(StatementRow)
        if day is not None:
            query = query.where(StatementRow.date >= day)
        with self._sessions() as session:
            return [_to_statement(row) for row in session.scalars(query.order_by(StatementRow.seq))]

    def _statements(self, query: Select[StatementRow]) -> list[Statement]:
        query = query.order_by(*_EVIDENCE_ORDER)
        with self._sessions() as session:
            return [_to_statement(row) for row in session.scalars(query)]

    def _add_statements(self, session: Session, statements: Sequence[Statement]) -> None:
        fresh = {s.id: s for s in reversed(statements)}  # the first of duplicates wins
        for chunk in _chunks(list(fresh)):
            stored = select(StatementRow.id).where(StatementRow.id.in_(chunk))
            for statement_id in session.scalars(stored):
                del fresh[statement_id]
        # The unit of work inserts rows in the order they are added, so ``seq`` follows the
        # order of articles in the batch and, within an article, the order of the text.
        rank = {
            article_id: i
            for i, article_id in enumerate(dict.fromkeys(s.article_id for s in statements))
        }
        # The copies of a joint statement share its words: they follow it in the given order.
        given = {s.id: i for i, s in reversed(list(enumerate(statements)))}
        for statement in sorted(
            fresh.values(), key=lambda s: (rank[s.article_id], s.start, s.end, given[s.id])
        ):
            session.add(_to_row(statement))
            session.add_all(
                StatementTopicRow(statement_id=statement.id, topic=topic)
                for topic in statement.all_topics
            )

    def _load_statements(self, session: Session, ids: Sequence[str]) -> tuple[Statement, ...]:
        found: dict[str, Statement] = {}
        for chunk in _chunks(ids):
            rows = session.scalars(select(StatementRow).where(StatementRow.id.in_(chunk)))
            found.update((row.id, _to_statement(row)) for row in rows)
        return tuple(found[i] for i in ids if i in found)

    # --- alerts -------------------------------------------------------------------------

    def find_alert(self, key: AlertKey, *, latest_evidence_since: date | None) -> Alert | None:
        query = select(AlertRow).where(AlertRow.key == key_string(key))
        if latest_evidence_since is not None:
            query = query.where(AlertRow.latest_evidence >= latest_evidence_since)
        undated_last = case((AlertRow.latest_evidence.is_(None), 1), else_=0)
        query = query.order_by(
            undated_last, AlertRow.latest_evidence.desc(), AlertRow.updated_at.desc()
        ).limit(1)
        with self._sessions() as session:
            row = session.scalars(query).first()
            return None if row is None else self._to_alert(session, row)

    def save_alert(self, alert: Alert, *, deliver_to: Sequence[str] = ()) -> None:
        with self._sessions.begin() as session:
            self._add_statements(session, alert.statements)
            row = session.get(AlertRow, alert.id) or AlertRow(id=alert.id)
            row.key = key_string(alert.key)
            row.type = alert.type
            row.rule_id = alert.rule_id
            row.topic = alert.topic
            row.officials = list(alert.officials)
            row.positions = [list(pair) for pair in alert.positions]
            row.statement_ids = list(alert.statement_ids)
            row.confidence = alert.confidence
            row.channels = list(alert.channels)
            row.first_fired_at = alert.first_fired_at
            row.updated_at = alert.updated_at
            row.revision = alert.revision
            row.window_days = alert.window_days
            row.reversal = alert.reversal
            row.severity = alert.severity
            row.due_at = alert.due_at
            row.latest_evidence = alert.latest_evidence
            session.add(row)
            # A revision held back by a cooldown waits in the outbox until it is due.
            held = alert.due_at is not None and alert.due_at > alert.updated_at
            due = alert.due_at if held else None
            for channel in deliver_to:
                self._enqueue(session, alert.id, alert.revision, channel, alert.revision > 0, due)

    def get_alert(self, alert_id: str) -> Alert | None:
        with self._sessions() as session:
            row = session.get(AlertRow, alert_id)
            return None if row is None else self._to_alert(session, row)

    def list_alerts(self, topic: str | None = None, since: datetime | None = None) -> list[Alert]:
        query = select(AlertRow)
        if topic is not None:
            query = query.where(AlertRow.topic == topic)
        if since is not None:
            query = query.where(AlertRow.updated_at >= since)
        query = query.order_by(AlertRow.first_fired_at, AlertRow.id)
        with self._sessions() as session:
            return [self._to_alert(session, row) for row in session.scalars(query)]

    def _to_alert(self, session: Session, row: AlertRow) -> Alert:
        return Alert(
            id=row.id,
            type=cast(FindingType, row.type),
            rule_id=row.rule_id,
            topic=row.topic,
            officials=tuple(row.officials),
            positions=tuple((official, position) for official, position in row.positions),
            statement_ids=tuple(row.statement_ids),
            statements=self._load_statements(session, row.statement_ids),
            confidence=row.confidence,
            channels=tuple(row.channels),
            first_fired_at=row.first_fired_at,
            updated_at=row.updated_at,
            revision=row.revision,
            window_days=row.window_days,
            reversal=row.reversal,
            severity=cast(Severity, row.severity),
            due_at=row.due_at,
        )

    # --- outbox -------------------------------------------------------------------------

    def enqueue_delivery(
        self, alert_id: str, revision: int, channel: str, reply_to_alert: bool
    ) -> None:
        with self._sessions.begin() as session:
            self._enqueue(session, alert_id, revision, channel, reply_to_alert)

    def _enqueue(
        self,
        session: Session,
        alert_id: str,
        revision: int,
        channel: str,
        reply: bool,
        due: datetime | None = None,
    ) -> None:
        # Checked rather than left to the unique constraint: an IntegrityError would roll back
        # the whole transaction, alert included. The constraint still guards concurrent writers.
        exists = select(DeliveryRow.id).where(
            DeliveryRow.alert_id == alert_id,
            DeliveryRow.revision == revision,
            DeliveryRow.channel == channel,
        )
        if session.scalars(exists).first() is None:
            session.add(
                DeliveryRow(
                    alert_id=alert_id,
                    revision=revision,
                    channel=channel,
                    reply_to_alert=reply,
                    status="pending",
                    attempts=0,
                    next_attempt_at=due,
                )
            )

    def pending_deliveries(self, now: datetime) -> list[Delivery]:
        query = (
            select(DeliveryRow)
            .where(
                DeliveryRow.status == "pending",
                (DeliveryRow.next_attempt_at.is_(None)) | (DeliveryRow.next_attempt_at <= now),
            )
            .order_by(DeliveryRow.id)
        )
        with self._sessions() as session:
            return [_to_delivery(row) for row in session.scalars(query)]

    def list_deliveries(self, alert_id: str | None = None) -> list[Delivery]:
        query = select(DeliveryRow).order_by(DeliveryRow.id)
        if alert_id is not None:
            query = query.where(DeliveryRow.alert_id == alert_id)
        with self._sessions() as session:
            return [_to_delivery(row) for row in session.scalars(query)]

    def mark_delivered(self, delivery_id: int, message_ref: str) -> None:
        with self._sessions.begin() as session:
            row = _delivery_row(session, delivery_id)
            row.status = "delivered"
            row.attempts += 1
            row.message_ref = message_ref
            row.last_error = None

    def mark_failed(self, delivery_id: int, error: str, retry_at: datetime) -> None:
        with self._sessions.begin() as session:
            row = _delivery_row(session, delivery_id)
            row.attempts += 1
            row.last_error = error
            row.next_attempt_at = retry_at

    def mark_skipped(self, delivery_id: int, reason: str) -> None:
        with self._sessions.begin() as session:
            row = _delivery_row(session, delivery_id)
            row.status = "skipped"
            row.last_error = reason

    def message_ref(self, alert_id: str, channel: str) -> str | None:
        query = (
            select(DeliveryRow.message_ref)
            .where(
                DeliveryRow.alert_id == alert_id,
                DeliveryRow.channel == channel,
                DeliveryRow.status == "delivered",
                DeliveryRow.message_ref.is_not(None),
            )
            .order_by(DeliveryRow.revision, DeliveryRow.id)
            .limit(1)
        )
        with self._sessions() as session:
            return session.scalars(query).first()

    # --- feeds ---------------------------------------------------------------------------

    def saved_feeds(self) -> list[SavedFeed]:
        with self._sessions() as session:
            rows = session.scalars(select(SavedFeedRow).order_by(SavedFeedRow.seq))
            return [
                SavedFeed(
                    config=FeedConfig.model_validate(row.config),
                    removed=row.removed,
                    saved_at=row.saved_at,
                )
                for row in rows
            ]

    def save_feed(self, feed: SavedFeed) -> None:
        config = feed.config.model_dump(mode="json", exclude_defaults=True)
        config["id"] = feed.config.id
        with self._sessions.begin() as session:
            row = session.scalars(
                select(SavedFeedRow).where(SavedFeedRow.feed_id == feed.config.id)
            ).first()
            if row is None:
                row = SavedFeedRow(feed_id=feed.config.id)
                session.add(row)
            row.config = config
            row.removed = feed.removed
            row.saved_at = feed.saved_at

    def feed_states(self) -> dict[str, FeedState]:
        with self._sessions() as session:
            return {
                row.feed_id: FeedState(
                    feed_id=row.feed_id,
                    **{name: getattr(row, name) for name in _FEED_STATE_FIELDS},
                )
                for row in session.scalars(select(FeedStateRow))
            }

    def save_feed_state(self, state: FeedState) -> None:
        with self._sessions.begin() as session:
            row = session.get(FeedStateRow, state.feed_id)
            if row is None:
                row = FeedStateRow(feed_id=state.feed_id)
                session.add(row)
            for name in _FEED_STATE_FIELDS:
                setattr(row, name, getattr(state, name))

    def delete_feed_state(self, feed_id: str) -> None:
        with self._sessions.begin() as session:
            row = session.get(FeedStateRow, feed_id)
            if row is not None:
                session.delete(row)

    # --- subscriptions -------------------------------------------------------------------

    def add_subscription(self, subscription: Subscription) -> bool:
        with self._sessions.begin() as session:
            if _subscription_row(
                session, subscription.channel, subscription.kind, subscription.target
            ):
                return False
            session.add(
                SubscriptionRow(
                    channel=subscription.channel,
                    workspace=subscription.workspace,
                    kind=subscription.kind,
                    target=subscription.target,
                    created_at=subscription.created_at,
                )
            )
            return True

    def remove_subscription(self, channel: str, kind: SubscriptionKind, target: str) -> bool:
        with self._sessions.begin() as session:
            row = _subscription_row(session, channel, kind, target)
            if row is None:
                return False
            session.delete(row)
            return True

    def subscriptions(
        self, *, workspace: str | None = None, channel: str | None = None
    ) -> list[Subscription]:
        query = select(SubscriptionRow).order_by(SubscriptionRow.seq)
        if workspace is not None:
            query = query.where(SubscriptionRow.workspace == workspace)
        if channel is not None:
            query = query.where(SubscriptionRow.channel == channel)
        with self._sessions() as session:
            return [
                Subscription(
                    channel=row.channel,
                    workspace=row.workspace,
                    kind=cast(SubscriptionKind, row.kind),
                    target=row.target,
                    created_at=row.created_at,
                )
                for row in session.scalars(query)
            ]


def _subscription_row(
    session: Session, channel: str, kind: str, target: str
) -> SubscriptionRow | None:
    query = select(SubscriptionRow).where(
        SubscriptionRow.channel == channel,
        SubscriptionRow.kind == kind,
        SubscriptionRow.target == target,
    )
    return session.scalars(query).first()


def _add_missing_columns(engine: Engine) -> None:
    """Add columns a database made by an older stancewatch lacks (there are no migrations),
    and their indexes.

    Only ever adds nullable columns or columns with a server default, which every
    database can do in place; ``create_all`` creates missing tables but never columns.
    Articles given the key columns get their keys at once; should that be cut short, the
    articles left without keys are still found by their id, only not by their keys.
    """
    present = inspect(engine)
    with engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            have = {c["name"] for c in present.get_columns(table.name)}
            added = [column for column in table.columns if column.name not in have]
            for column in added:
                ddl = CreateColumn(column).compile(dialect=engine.dialect)
                connection.execute(sql_text(f"ALTER TABLE {table.name} ADD COLUMN {ddl}"))
            if added:
                for index in table.indexes:
                    index.create(connection, checkfirst=True)
            if table.name == ArticleRow.__tablename__ and added:
                _fill_article_keys(connection)


def _fill_article_keys(connection: Connection) -> None:
    """Give the articles of an older database the keys duplicates are found by."""
    after = ""
    while True:
        batch = connection.execute(
            select(ArticleRow.id, ArticleRow.url, ArticleRow.text)
            .where(ArticleRow.id > after)
            .order_by(ArticleRow.id)
            .limit(_IN_CHUNK)
        ).all()
        if not batch:
            return
        for article_id, url, text in batch:
            keys = article_keys(Article(id=article_id, source="", text=text, url=url))
            connection.execute(
                update(ArticleRow)
                .where(ArticleRow.id == article_id)
                .values(url_key=keys.url, content_key=keys.content)
            )
        after = batch[-1][0]


# --- row <-> record -----------------------------------------------------------------------


def _prepare_url(url: str) -> str:
    """Create the folder of a SQLite file, so a fresh checkout runs without set-up."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    return url


def _statements_about(query: Select[StatementRow], topic: str) -> Select[StatementRow]:
    return query.join(StatementTopicRow, StatementTopicRow.statement_id == StatementRow.id).where(
        StatementTopicRow.topic == topic
    )


def _to_row(statement: Statement) -> StatementRow:
    mention = statement.speaker_mention
    return StatementRow(
        id=statement.id,
        article_id=statement.article_id,
        source=statement.source,
        kind=statement.kind,
        text=statement.text,
        start_offset=statement.start,
        end_offset=statement.end,
        speaker=statement.speaker,
        speaker_id=statement.speaker_id,
        mention_start=None if mention is None else mention[0],
        mention_end=None if mention is None else mention[1],
        cue=statement.cue,
        date=statement.date,
        date_precision=statement.date_precision,
        topics=list(statement.topics),
        stances=[
            {
                "topic": s.topic,
                "position": s.position,
                "confidence": s.confidence,
                "evidence": list(s.evidence),
                "negated": s.negated,
            }
            for s in statement.stances
        ],
        url=statement.url,
        co_speakers=[[name, official_id] for name, official_id in statement.co_speakers] or None,
        joint_of=statement.joint_of,
    )


def _to_statement(row: StatementRow) -> Statement:
    mention = None
    if row.mention_start is not None and row.mention_end is not None:
        mention = (row.mention_start, row.mention_end)
    return Statement(
        article_id=row.article_id,
        source=row.source,
        kind=cast(StatementKind, row.kind),
        text=row.text,
        start=row.start_offset,
        end=row.end_offset,
        speaker=row.speaker,
        speaker_id=row.speaker_id,
        speaker_mention=mention,
        cue=row.cue,
        date=row.date,
        date_precision=cast(DatePrecision, row.date_precision),
        topics=tuple(row.topics),
        stances=tuple(
            Stance(
                topic=s["topic"],
                position=s["position"],
                confidence=s["confidence"],
                evidence=tuple(s["evidence"]),
                negated=s["negated"],
            )
            for s in row.stances
        ),
        url=row.url,
        co_speakers=tuple((str(name), official_id) for name, official_id in row.co_speakers or ()),
        joint_of=row.joint_of,
    )


def _to_delivery(row: DeliveryRow) -> Delivery:
    return Delivery(
        id=row.id,
        alert_id=row.alert_id,
        revision=row.revision,
        channel=row.channel,
        reply_to_alert=row.reply_to_alert,
        status=cast(DeliveryStatus, row.status),
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        last_error=row.last_error,
        message_ref=row.message_ref,
    )


def _delivery_row(session: Session, delivery_id: int) -> DeliveryRow:
    row = session.get(DeliveryRow, delivery_id)
    if row is None:
        raise KeyError(f"no delivery {delivery_id} in the outbox")
    return row


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), _IN_CHUNK):
        yield items[i : i + _IN_CHUNK]
