"""The polling policy: spreading, jitter, backoff, Retry-After and giving up on a dead feed."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from watchers.schedule import (
    DISABLE_AFTER,
    MAX_BACKOFF,
    MAX_RETRY_AFTER,
    FeedState,
    after_poll,
    backoff,
    due,
    enabled_again,
    first_poll_at,
)

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
INTERVAL = timedelta(minutes=15)


def test_schedule_first_polls_spread_over_the_interval_and_stay_put() -> None:
    times = [first_poll_at(f"feed-{n}", INTERVAL, NOW) for n in range(200)]
    assert all(NOW <= t < NOW + INTERVAL for t in times)
    offsets = sorted((t - NOW) / INTERVAL for t in times)
    # Spread over the whole interval, not bunched: every tenth of it gets some feeds.
    assert {int(o * 10) for o in offsets} == set(range(10))
    assert first_poll_at("feed-3", INTERVAL, NOW) == times[3]


def test_schedule_success_keeps_validators_and_polls_again_after_the_interval() -> None:
    state = FeedState(feed_id="wire", failures=3, failing_since=NOW, last_error="HTTP 500")
    after = after_poll(
        state, "ok", now=NOW, interval=INTERVAL, etag='"v2"', last_modified="x", new_articles=4
    )
    assert (after.etag, after.last_modified, after.failures, after.last_error) == (
        '"v2"',
        "x",
        0,
        None,
    )
    assert after.backlog_done and after.articles_seen == 4 and after.last_success_at == NOW
    assert after.next_poll_at is not None
    assert INTERVAL * 0.9 <= after.next_poll_at - NOW <= INTERVAL * 1.1


def test_schedule_not_modified_keeps_the_old_validators_and_the_backlog_flag() -> None:
    state = FeedState(feed_id="wire", etag='"v1"', last_modified="then")
    after = after_poll(state, "not_modified", now=NOW, interval=INTERVAL)
    assert (after.etag, after.last_modified, after.backlog_done) == ('"v1"', "then", False)


def test_schedule_jitter_differs_between_polls() -> None:
    rng = random.Random(7)
    waits = {
        after_poll(FeedState(feed_id="a"), "ok", now=NOW, interval=INTERVAL, rng=rng).next_poll_at
        for _ in range(20)
    }
    assert len(waits) > 10


def test_schedule_backoff_doubles_and_is_capped() -> None:
    assert [backoff(n, INTERVAL) for n in (1, 2, 3)] == [INTERVAL, INTERVAL * 2, INTERVAL * 4]
    assert backoff(40, INTERVAL) == MAX_BACKOFF
    # A feed polled daily is never retried more often than... once a day.
    assert backoff(5, timedelta(days=1)) == timedelta(days=1)


def test_schedule_failures_back_off_and_disable_after_a_day() -> None:
    state = FeedState(feed_id="wire")
    clock = NOW
    waits = []
    while not state.disabled:
        state = after_poll(state, "failed", now=clock, interval=INTERVAL, error="HTTP 503")
        assert state.next_poll_at is not None
        waits.append(state.next_poll_at - clock)
        clock = state.next_poll_at
    assert waits[1] > waits[0] * 1.5
    assert max(waits) <= MAX_BACKOFF * 1.1
    assert clock - NOW >= DISABLE_AFTER
    assert state.failing_since == NOW
    assert "HTTP 503" in (state.disabled_reason or "")
    assert due([state], clock + timedelta(days=30)) == []
    revived = enabled_again(state, clock)
    assert due([revived], clock) == [revived] and revived.failures == 0


@pytest.mark.parametrize("outcome", ["ok", "failed"])
def test_schedule_retry_after_is_honoured_but_capped(outcome: str) -> None:
    state = FeedState(feed_id="wire")
    hour = after_poll(
        state,
        outcome,
        now=NOW,
        interval=INTERVAL,
        retry_after=timedelta(hours=1),  # type: ignore[arg-type]
    )
    assert hour.next_poll_at == NOW + timedelta(hours=1)
    month = after_poll(
        state,
        outcome,
        now=NOW,
        interval=INTERVAL,
        retry_after=timedelta(days=30),  # type: ignore[arg-type]
    )
    assert month.next_poll_at == NOW + MAX_RETRY_AFTER


def test_schedule_due_takes_the_longest_overdue_first_and_skips_disabled() -> None:
    states = [
        FeedState(feed_id="later", next_poll_at=NOW + timedelta(minutes=1)),
        FeedState(feed_id="recent", next_poll_at=NOW - timedelta(minutes=1)),
        FeedState(feed_id="old", next_poll_at=NOW - timedelta(hours=1)),
        FeedState(feed_id="new"),
        FeedState(feed_id="dead", disabled_reason="failing"),
    ]
    assert [s.feed_id for s in due(states, NOW)] == ["new", "old", "recent"]
