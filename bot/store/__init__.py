"""Persistence: articles seen, statements, alerts and the delivery outbox."""

from __future__ import annotations

from bot.store.abc import Delivery, DeliveryStatus, SavedFeed, Store, Subscription
from bot.store.sql import SqlStore


def open_store(url: str) -> Store:
    """The store for a settings ``store_url`` (any SQLAlchemy URL; SQLite by default)."""
    return SqlStore(url)


__all__ = [
    "Delivery",
    "DeliveryStatus",
    "SavedFeed",
    "SqlStore",
    "Store",
    "Subscription",
    "open_store",
]
