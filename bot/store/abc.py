"""The store interface: every implementation passes tests/bot/test_store.py.

Methods are synchronous: each is one short transaction on a local or nearby database, and the
callers (pipeline, outbox, queries) are simpler without an async twin of every call.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Literal, Self

from rules.model import FeedConfig
from rules.records import Statement
from watchers.article import Article
from watchers.schedule import FeedState

if TYPE_CHECKING:
    from bot.alerts import Alert, AlertKey

DeliveryStatus = Literal["pending", "delivered", "skipped"]
SubscriptionKind = Literal["topic", "group", "official"]


@dataclass(frozen=True)
class Delivery:
    """One message of the outbox: revision ``revision`` of an alert, to one channel.

    ``reply_to_alert`` marks an update, which is threaded under the first message of its alert
    in that channel. ``next_attempt_at`` is None (due at once) until a first attempt fails,
    unless a rule's cooldown held the revision back: then it is when the cooldown ends.
    """

    id: int
    alert_id: str
    revision: int
    channel: str
    reply_to_alert: bool
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    message_ref: str | None


@dataclass(frozen=True)
class SavedFeed:
    """A feed added or removed from the CLI or a chat command, kept in the store.

    ``removed`` hides a feed of that id, including one feeds.yaml still lists, until it
    is added again. ``saved_at`` is when the change was made.
    """

    config: FeedConfig
    removed: bool
    saved_at: datetime


@dataclass(frozen=True)
class Subscription:
    """A chat channel that asked for the alerts about one topic, group or official.

    ``channel`` is the outbox channel (``"discord:1234"``, ``"slack:C0123"``); ``workspace``
    is the Discord guild or Slack team it belongs to, so each server lists its own.
    """

    channel: str
    workspace: str
    kind: SubscriptionKind
    target: str
    created_at: datetime


class Store(ABC):
    """Articles seen, statements, alerts and the delivery outbox."""

    # --- articles -----------------------------------------------------------------------

    @abstractmethod
    def has_article(self, article_id: str) -> bool: ...

    @abstractmethod
    def add_article(self, article: Article) -> bool:
        """Store ``article``; False when an article of that id was stored already."""

    @abstractmethod
    def get_article(self, article_id: str) -> Article | None: ...

    @abstractmethod
    def find_article(self, article: Article) -> str | None:
        """The id of a stored article that is the same as ``article``, or None.

        The same: of the same id, else of the same content key, else of the same URL key
        (see watchers.identity) unless both texts are long enough to be fingerprinted and
        tell different stories (``same_story``).
        """

    # --- statements ---------------------------------------------------------------------

    @abstractmethod
    def add_statements(self, statements: Sequence[Statement]) -> None:
        """Store statements; one already stored (same ``Statement.id``) is left as it was."""

    @abstractmethod
    def statements_on(
        self, topic: str, *, officials: Collection[str] | None = None
    ) -> list[Statement]:
        """Statements with a stance on ``topic`` or listing it in ``topics``.

        Ordered by date, then by the order they were added (articles in arrival order, each
        article's statements by offset); undated statements come last.
        """

    @abstractmethod
    def statements_by(self, official_id: str, topic: str | None = None) -> list[Statement]:
        """Statements whose ``speaker_id`` is ``official_id``, ordered as ``statements_on``."""

    @abstractmethod
    def statements_since(self, day: date | None = None) -> list[Statement]:
        """Every statement, or those dated on or after ``day`` (undated ones then left out),
        in the order they were stored: articles in arrival order, each by offset."""

    # --- alerts -------------------------------------------------------------------------

    @abstractmethod
    def find_alert(self, key: AlertKey, *, latest_evidence_since: date | None) -> Alert | None:
        """The alert of ``key`` with the newest evidence, if that is on or after the date.

        With ``latest_evidence_since=None`` any alert of the key counts; an alert whose
        statements are all undated only counts then.
        """

    @abstractmethod
    def save_alert(self, alert: Alert, *, deliver_to: Sequence[str] = ()) -> None:
        """Insert or replace ``alert`` (and store its statements).

        ``deliver_to`` enqueues this revision for each channel in the same transaction, so an
        alert is never saved without the deliveries that announce it. The deliveries are due
        at ``alert.due_at`` when that is later than ``alert.updated_at`` (a cooldown).
        """

    @abstractmethod
    def get_alert(self, alert_id: str) -> Alert | None: ...

    @abstractmethod
    def list_alerts(self, topic: str | None = None, since: datetime | None = None) -> list[Alert]:
        """Alerts (on ``topic``; updated at or after ``since``), oldest first firing first."""

    # --- outbox -------------------------------------------------------------------------

    @abstractmethod
    def enqueue_delivery(
        self, alert_id: str, revision: int, channel: str, reply_to_alert: bool
    ) -> None:
        """Queue a delivery; a second call for the same (alert, revision, channel) does nothing."""

    @abstractmethod
    def pending_deliveries(self, now: datetime) -> list[Delivery]:
        """Deliveries not yet sent whose next attempt is due at ``now``, in queue order."""

    @abstractmethod
    def list_deliveries(self, alert_id: str | None = None) -> list[Delivery]:
        """Every delivery (of one alert), in queue order, whatever its status."""

    @abstractmethod
    def mark_delivered(self, delivery_id: int, message_ref: str) -> None: ...

    @abstractmethod
    def mark_failed(self, delivery_id: int, error: str, retry_at: datetime) -> None:
        """Count a failed attempt; the delivery stays pending until ``retry_at``."""

    @abstractmethod
    def mark_skipped(self, delivery_id: int, reason: str) -> None:
        """Settle a delivery without sending it (superseded by a newer revision)."""

    @abstractmethod
    def message_ref(self, alert_id: str, channel: str) -> str | None:
        """The message ref of the first delivered message of the alert in that channel."""

    # --- feeds ---------------------------------------------------------------------------

    @abstractmethod
    def saved_feeds(self) -> list[SavedFeed]:
        """Feeds added or removed at run time, in the order they were first saved."""

    @abstractmethod
    def save_feed(self, feed: SavedFeed) -> None:
        """Insert or replace the saved feed of ``feed.config.id``."""

    @abstractmethod
    def feed_states(self) -> dict[str, FeedState]:
        """The polling state of every feed polled at least once, by feed id."""

    @abstractmethod
    def save_feed_state(self, state: FeedState) -> None:
        """Insert or replace the state of ``state.feed_id``."""

    @abstractmethod
    def delete_feed_state(self, feed_id: str) -> None:
        """Forget a feed's polling state (it is then polled as a new feed)."""

    # --- subscriptions -------------------------------------------------------------------

    @abstractmethod
    def add_subscription(self, subscription: Subscription) -> bool:
        """Keep ``subscription``; False when the channel had it already (nothing changes)."""

    @abstractmethod
    def remove_subscription(self, channel: str, kind: SubscriptionKind, target: str) -> bool:
        """Forget one subscription of ``channel``; False when it had none such."""

    @abstractmethod
    def subscriptions(
        self, *, workspace: str | None = None, channel: str | None = None
    ) -> list[Subscription]:
        """Every subscription (of one workspace, of one channel), oldest first."""

    # --- lifetime -----------------------------------------------------------------------

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
