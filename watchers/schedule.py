"""When each feed is polled next: spreading, jitter, backoff, and giving up on a dead feed.

Pure policy, no I/O and no clock of its own: the runner asks ``due`` which feeds to poll
at ``now`` and records each outcome with ``after_poll``, which returns the feed's next
state. The store keeps the states, so a restart resumes the schedule (and the
validators for conditional GET) where it left off.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

# A failing feed waits interval * 2**(failures - 1), at most this long, between tries.
MAX_BACKOFF = timedelta(hours=2)
# A feed that has failed without a break for this long is disabled, with a notice.
DISABLE_AFTER = timedelta(days=1)
# A Retry-After longer than this is read as a request to stop for a while, not as
# a promise: the feed is tried again after this long.
MAX_RETRY_AFTER = timedelta(hours=6)
# Polls move by up to this share of their interval either way, so feeds that were
# added together drift apart instead of hitting their servers in one burst.
JITTER = 0.1

Outcome = Literal["ok", "not_modified", "failed"]


@dataclass(frozen=True)
class FeedState:
    """What the watcher remembers about one feed between polls (and restarts).

    ``next_poll_at`` None means due at once. ``failures`` counts consecutive failed
    polls; ``failing_since`` is the first of them. ``disabled_reason`` is set when
    the feed has failed for DISABLE_AFTER: it is not polled again until re-enabled.
    ``backlog_done`` is False until the first successful poll has stored the
    feed's backlog (which does not alert unless the feed asks it to).
    """

    feed_id: str
    etag: str | None = None
    last_modified: str | None = None
    next_poll_at: datetime | None = None
    last_polled_at: datetime | None = None
    last_success_at: datetime | None = None
    failures: int = 0
    failing_since: datetime | None = None
    last_error: str | None = None
    disabled_reason: str | None = None
    backlog_done: bool = False
    articles_seen: int = 0

    @property
    def failing(self) -> bool:
        return self.failures > 0

    @property
    def disabled(self) -> bool:
        return self.disabled_reason is not None


def first_poll_at(feed_id: str, interval: timedelta, now: datetime) -> datetime:
    """When a feed never polled before is first due: a stable point within its first
    interval, so a thousand feeds loaded at once are spread over it."""
    digest = hashlib.sha256(feed_id.encode()).digest()
    share = int.from_bytes(digest[:8], "big") / 2**64
    return now + interval * share


def is_due(state: FeedState, now: datetime) -> bool:
    return not state.disabled and (state.next_poll_at is None or state.next_poll_at <= now)


def due(states: Iterable[FeedState], now: datetime) -> list[FeedState]:
    """The states of the feeds to poll at ``now``, the longest overdue first."""
    ready = [state for state in states if is_due(state, now)]
    return sorted(
        ready, key=lambda state: state.next_poll_at or datetime.min.replace(tzinfo=now.tzinfo)
    )


def with_interval(state: FeedState, interval: timedelta) -> FeedState:
    """``state`` held to ``interval``: a healthy feed is never due later than one interval
    (and its jitter) after its last poll, so shortening a feed's interval in the
    configuration takes effect at once instead of after the old, longer wait."""
    if state.failing or state.last_polled_at is None or state.next_poll_at is None:
        return state
    latest = state.last_polled_at + interval * (1 + JITTER)
    return replace(state, next_poll_at=latest) if state.next_poll_at > latest else state


def backoff(failures: int, interval: timedelta) -> timedelta:
    """The wait after the ``failures``-th failure in a row: doubling, capped."""
    if failures <= 0:
        return interval
    return min(interval * (1 << min(failures - 1, 32)), max(MAX_BACKOFF, interval))


def after_poll(
    state: FeedState,
    outcome: Outcome,
    *,
    now: datetime,
    interval: timedelta,
    error: str | None = None,
    retry_after: timedelta | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    new_articles: int = 0,
    rng: random.Random | None = None,
) -> FeedState:
    """The state after one poll ended with ``outcome`` at ``now``.

    A success (or 304) clears the failure count and keeps the new validators; a
    failure backs off, honouring a server's Retry-After (capped at MAX_RETRY_AFTER),
    and disables the feed once it has been failing for DISABLE_AFTER.
    """
    jitter = 1 + (rng or random).uniform(-JITTER, JITTER)
    if outcome != "failed":
        wait = interval * jitter
        if retry_after is not None:
            wait = max(wait, min(retry_after, MAX_RETRY_AFTER))
        return replace(
            state,
            etag=etag if outcome == "ok" else (etag or state.etag),
            last_modified=(
                last_modified if outcome == "ok" else (last_modified or state.last_modified)
            ),
            next_poll_at=now + wait,
            last_polled_at=now,
            last_success_at=now,
            failures=0,
            failing_since=None,
            last_error=None,
            backlog_done=state.backlog_done or outcome == "ok",
            articles_seen=state.articles_seen + new_articles,
        )
    failures = state.failures + 1
    failing_since = state.failing_since or now
    wait = backoff(failures, interval) * jitter
    if retry_after is not None:
        wait = max(wait, min(retry_after, MAX_RETRY_AFTER))
    disabled = state.disabled_reason
    if disabled is None and now - failing_since >= DISABLE_AFTER:
        disabled = f"failing since {failing_since:%Y-%m-%d %H:%M} UTC: {error or 'unknown error'}"
    return replace(
        state,
        next_poll_at=now + wait,
        last_polled_at=now,
        failures=failures,
        failing_since=failing_since,
        last_error=error or "unknown error",
        disabled_reason=disabled,
    )


def enabled_again(state: FeedState, now: datetime) -> FeedState:
    """A disabled feed put back on the schedule, due at once, its failures forgotten."""
    return replace(
        state,
        disabled_reason=None,
        failures=0,
        failing_since=None,
        last_error=None,
        next_poll_at=now,
    )
