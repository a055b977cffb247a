from __future__ import annotations

import functools
import io
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.adapters.base import ChatAdapter
from bot.adapters.console import ConsoleAdapter
from bot.alerts import AlertBook
from bot.cards import Card
from bot.outbox import MAX_RETRY, AdapterRouter, flush, retry_delay
from bot.store import SqlStore
from tests.bot.statements import finding, said
from watchers.errors import AdapterError

NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


class FlakyAdapter(ChatAdapter):
    """Refuses the first ``failures`` posts, like a platform having a bad minute."""

    name = "flaky"

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls = 0
        self.posted: list[tuple[str, Card, str | None]] = []

    async def start(self) -> None:
        pass

    async def close(self) -> None:
        pass

    async def post(self, channel: str, card: Card, *, reply_to: str | None = None) -> str:
        self.calls += 1
        if self.calls <= self.failures:
            raise AdapterError(f"rate limited (call {self.calls})")
        self.posted.append((channel, card, reply_to))
        return f"flaky:{len(self.posted)}"


on_levy = functools.partial(
    said, topic="harbour-tax", cues=("levy",), source="Harbour Gazette", site=None
)
ADA = on_levy("ada", date(2024, 1, 10), "support", "ada spoke about the levy")
BO = on_levy("bo", date(2024, 1, 12), "oppose", "bo spoke about the levy")
BO_AGAIN = on_levy("bo", date(2024, 2, 1), "oppose", "bo spoke about the levy")


def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'outbox.db'}"


async def test_outbox_delivers_exactly_once_across_a_restart(tmp_path: Path) -> None:
    console = ConsoleAdapter(stream=io.StringIO())
    with SqlStore(db_url(tmp_path)) as store:
        AlertBook(store).record(finding(ADA, BO), NOW)
        report = await flush(store, {"console": console}, NOW)
        assert len(report.sent) == 1
        assert await flush(store, {"console": console}, NOW) == type(report)()

    with SqlStore(db_url(tmp_path)) as restarted:
        report = await flush(restarted, {"console": console}, NOW + timedelta(days=1))
        assert report.sent == ()
        [delivery] = restarted.list_deliveries()
        assert (delivery.status, delivery.message_ref) == ("delivered", "console:1")
    assert len(console.posted) == 1


async def test_outbox_retries_after_adapter_errors_and_delivers_once(tmp_path: Path) -> None:
    flaky = FlakyAdapter(failures=2)
    with SqlStore(db_url(tmp_path)) as store:
        AlertBook(store).record(finding(ADA, BO), NOW)

        first = await flush(store, {"flaky": flaky}, NOW)
        assert [error for _, error in first.failed] == ["flaky: rate limited (call 1)"]
        [waiting] = store.pending_deliveries(NOW + retry_delay(1))
        assert waiting.next_attempt_at == NOW + retry_delay(1)
        assert await flush(store, {"flaky": flaky}, NOW + timedelta(seconds=1)) == type(first)()

        second = await flush(store, {"flaky": flaky}, NOW + retry_delay(1))
        assert len(second.failed) == 1
        third_try = NOW + retry_delay(1) + retry_delay(2)
        third = await flush(store, {"flaky": flaky}, third_try)
        assert third.sent == (waiting.id,)
        assert await flush(store, {"flaky": flaky}, third_try + MAX_RETRY) == type(first)()

        [done] = store.list_deliveries()
        assert (done.status, done.attempts, done.message_ref) == ("delivered", 3, "flaky:1")
    assert flaky.calls == 3 and len(flaky.posted) == 1


@pytest.mark.parametrize(
    ("failures", "delay"),
    [
        (1, timedelta(seconds=30)),
        (2, timedelta(seconds=60)),
        (5, timedelta(minutes=8)),
        (40, MAX_RETRY),
    ],
)
def test_outbox_retry_delay_doubles_and_is_capped(failures: int, delay: timedelta) -> None:
    assert retry_delay(failures) == delay


async def test_outbox_sends_only_the_newest_revision_of_an_unsent_alert(tmp_path: Path) -> None:
    console = ConsoleAdapter(stream=io.StringIO())
    with SqlStore(db_url(tmp_path)) as store:
        book = AlertBook(store)
        book.record(finding(ADA, BO), NOW)
        book.record(finding(ADA, BO_AGAIN), NOW + timedelta(minutes=1))
        report = await flush(store, {"console": console}, NOW + timedelta(minutes=2))
        assert len(report.skipped) == 1 and len(report.sent) == 1
    [posted] = console.posted
    assert posted.reply_to is None  # nothing to thread under: the first revision never went out
    assert posted.card.title.startswith("Update:")


async def test_outbox_routes_prefixed_channels_and_keeps_unroutable_ones(tmp_path: Path) -> None:
    chat = FlakyAdapter(failures=0)
    flaky = FlakyAdapter(failures=0)
    channels = ("chat:#alerts", "flaky:#ops", "#nowhere")
    with SqlStore(db_url(tmp_path)) as store:
        AlertBook(store).record(finding(ADA, BO, channels=channels), NOW)
        report = await flush(store, AdapterRouter({"chat": chat, "flaky": flaky}), NOW)
        assert len(report.sent) == 2
        assert [error for _, error in report.failed] == ["no adapter for channel '#nowhere'"]
        [pending] = store.pending_deliveries(NOW + MAX_RETRY)
        assert pending.channel == "#nowhere"
    assert [channel for channel, _, _ in chat.posted] == ["#alerts"]
    assert [channel for channel, _, _ in flaky.posted] == ["#ops"]


def test_outbox_router_uses_the_only_adapter_for_bare_channels() -> None:
    console = ConsoleAdapter()
    assert AdapterRouter({"console": console}).route("#alerts") == (console, "#alerts")
    assert AdapterRouter({"console": console}).route("console:#a") == (console, "#a")
    flaky = FlakyAdapter(0)
    # Beside a chat, a bare channel is the console's; between two chats it is nobody's.
    two = AdapterRouter({"console": console, "flaky": flaky})
    assert two.route("#alerts") == (console, "#alerts")
    assert two.route("flaky:#a") == (flaky, "#a")
    assert AdapterRouter({"flaky": flaky, "other": FlakyAdapter(0)}).route("#alerts") is None
    assert AdapterRouter({"console": console}, default="flaky").route("#alerts") is None


async def test_outbox_skips_deliveries_of_missing_alerts(tmp_path: Path) -> None:
    with SqlStore(db_url(tmp_path)) as store:
        store.enqueue_delivery("A-gone", 0, "#alerts", False)
        report = await flush(store, {"console": ConsoleAdapter()}, NOW)
        assert len(report.skipped) == 1
        [delivery] = store.list_deliveries()
        assert (delivery.status, delivery.last_error) == ("skipped", "alert A-gone not found")


async def test_outbox_flush_of_chosen_alerts_leaves_the_others_untouched(tmp_path: Path) -> None:
    with SqlStore(db_url(tmp_path)) as store:
        first = AlertBook(store).record(finding(ADA, BO), NOW)
        elsewhere = replace(finding(ADA, BO, channels=("#ops",)), topic="fishing")
        other = AlertBook(store).record(elsewhere, NOW)
        assert first is not None and other is not None
        console = ConsoleAdapter(io.StringIO())
        report = await flush(store, {"console": console}, NOW, alert_ids=[first.alert.id])
        assert len(report.sent) == 1 and [p.channel for p in console.posted] == ["#alerts"]
        waiting = store.list_deliveries(other.alert.id)
        assert [(d.status, d.attempts) for d in waiting] == [("pending", 0)]
