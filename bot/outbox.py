"""Persistent delivery of alerts: every queued delivery is posted once, retried until it is.

The outbox lives in the store, so a restart resumes where the last run stopped: a delivery is
marked delivered (with the platform's message ref) as soon as the post succeeds and is never
sent again. The one gap left is a crash between a successful post and that mark, which sends
the message a second time on the next run; no chat API offers an idempotency key to close it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.adapters.base import ChatAdapter
from bot.alerts import Alert, as_utc
from bot.cards import alert_card
from bot.store.abc import Delivery, Store
from rules.config import Config
from watchers.errors import AdapterError

FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(hours=1)


class Router(Protocol):
    """Picks the adapter for an outbox channel and the channel name that adapter understands."""

    def route(self, channel: str) -> tuple[ChatAdapter, str] | None: ...


class AdapterRouter:
    """Routes ``"<adapter>:<channel>"`` to that adapter; a bare channel to the default one.

    The default is ``default`` if given, else the only adapter when there is exactly one, else
    the console when it is on: a bare ``#policy-alerts`` never guesses between two chats.
    """

    def __init__(self, adapters: Mapping[str, ChatAdapter], default: str | None = None) -> None:
        self._adapters = dict(adapters)
        if default is None and len(self._adapters) == 1:
            default = next(iter(self._adapters))
        elif default is None and "console" in self._adapters:
            default = "console"
        self._default = default

    def route(self, channel: str) -> tuple[ChatAdapter, str] | None:
        name, sep, rest = channel.partition(":")
        if sep and name in self._adapters:
            return self._adapters[name], rest
        if self._default is not None and self._default in self._adapters:
            return self._adapters[self._default], channel
        return None


@dataclass(frozen=True)
class FlushReport:
    """Delivery ids posted, failed (with the error) and settled without posting."""

    sent: tuple[int, ...] = ()
    failed: tuple[tuple[int, str], ...] = ()
    skipped: tuple[int, ...] = ()


def retry_delay(failures: int) -> timedelta:
    """Exponential backoff after ``failures`` failed attempts, capped at MAX_RETRY."""
    exponent = min(max(failures - 1, 0), 16)  # 2**16 * 30 s is far past the cap already
    delay: timedelta = FIRST_RETRY * (1 << exponent)
    return min(delay, MAX_RETRY)


async def flush(
    store: Store,
    adapters: Mapping[str, ChatAdapter] | Router,
    now: datetime,
    *,
    config: Config | None = None,
    alert_ids: Collection[str] | None = None,
) -> FlushReport:
    """Post every delivery due at ``now`` (of ``alert_ids`` only, when given); ``config``
    gives the cards names and labels."""
    now = as_utc(now)
    router = AdapterRouter(adapters) if isinstance(adapters, Mapping) else adapters
    alerts: dict[str, Alert | None] = {}
    sent: list[int] = []
    failed: list[tuple[int, str]] = []
    skipped: list[int] = []

    for delivery in store.pending_deliveries(now):
        if alert_ids is not None and delivery.alert_id not in alert_ids:
            continue
        if delivery.alert_id not in alerts:
            alerts[delivery.alert_id] = store.get_alert(delivery.alert_id)
        alert = alerts[delivery.alert_id]
        if alert is None or delivery.revision < alert.revision:
            store.mark_skipped(delivery.id, _skip_reason(delivery, alert))
            skipped.append(delivery.id)
            continue
        error = await _send(store, router, delivery, alert, config)
        if error is None:
            sent.append(delivery.id)
        else:
            store.mark_failed(delivery.id, error, now + retry_delay(delivery.attempts + 1))
            failed.append((delivery.id, error))

    return FlushReport(sent=tuple(sent), failed=tuple(failed), skipped=tuple(skipped))


def _skip_reason(delivery: Delivery, alert: Alert | None) -> str:
    if alert is None:
        return f"alert {delivery.alert_id} not found"
    # The newer revision's delivery to this channel carries the whole, current card;
    # posting this one too would only repeat an outdated version of it.
    return f"superseded by revision {alert.revision}"


async def _send(
    store: Store, router: Router, delivery: Delivery, alert: Alert, config: Config | None
) -> str | None:
    """Post one delivery and mark it delivered; the error text when it could not be posted."""
    target = router.route(delivery.channel)
    if target is None:
        return f"no adapter for channel {delivery.channel!r}"
    adapter, channel = target
    # An update whose first message never went out (superseded or lost) starts a new thread.
    reply_to = store.message_ref(alert.id, delivery.channel) if delivery.reply_to_alert else None
    try:
        ref = await adapter.post(channel, alert_card(alert, config), reply_to=reply_to)
    except AdapterError as exc:
        return f"{adapter.name}: {exc}"
    store.mark_delivered(delivery.id, ref)
    return None
