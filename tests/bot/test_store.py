"""Contract tests of the Store interface, run against every store implementation.

PostgreSQL joins when STANCEWATCH_TEST_POSTGRES_URL names a loopback database (for example
postgresql+psycopg://stancewatch@127.0.0.1/stancewatch_test); ``make test`` starts a
throwaway cluster and sets it when PostgreSQL is installed (.ci/with_postgres.py); without
it they run on SQLite only (an error under CI=true). Its tables are dropped before and
after each test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from bot.alerts import Alert
from bot.store import SqlStore, Store
from bot.store.abc import SavedFeed, Subscription
from bot.store.sql import Base
from rules.model import FeedConfig
from rules.records import Stance, Statement
from watchers.article import Article
from watchers.schedule import FeedState

NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)

StoreFactory = Callable[[], Store]


def _sqlite(tmp_path: Path) -> Iterator[StoreFactory]:
    url = f"sqlite:///{tmp_path / 'nested' / 'store.db'}"
    opened: list[Store] = []

    def make() -> Store:
        opened.append(SqlStore(url))
        return opened[-1]

    yield make
    for store in opened:
        store.close()


POSTGRES_URL = os.environ.get("STANCEWATCH_TEST_POSTGRES_URL", "")


def _postgres(tmp_path: Path) -> Iterator[StoreFactory]:
    opened: list[SqlStore] = []

    def make() -> Store:
        if not opened:  # tables a run that was cut short left behind
            engine = create_engine(POSTGRES_URL)
            Base.metadata.drop_all(engine)
            engine.dispose()
        opened.append(SqlStore(POSTGRES_URL))
        return opened[-1]

    yield make
    if opened:
        Base.metadata.drop_all(opened[0].engine)
    for store in opened:
        store.close()


FACTORIES = {"sqlite": _sqlite, **({"postgresql": _postgres} if POSTGRES_URL else {})}


def test_store_contract_runs_on_postgresql() -> None:
    """One line in the summary when the PostgreSQL cases are left out; an error under CI=true."""
    if not POSTGRES_URL:
        reason = "STANCEWATCH_TEST_POSTGRES_URL is not set (make test sets one up with PostgreSQL)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true runs the store tests on PostgreSQL too, but {reason}")
        pytest.skip(f"store tests ran on SQLite only: {reason}")
    store = SqlStore(POSTGRES_URL)
    try:
        assert store.engine.dialect.name == "postgresql"
    finally:
        store.close()


@pytest.fixture(params=list(FACTORIES.values()), ids=list(FACTORIES))
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreFactory]:
    """Opens stores on one database: a second call simulates a restart."""
    yield from request.param(tmp_path)


@pytest.fixture
def store(open_store: StoreFactory) -> Store:
    return open_store()


def statement(
    article: str,
    start: int,
    speaker_id: str | None = "ada",
    day: date | None = date(2024, 1, 10),
    *,
    topic: str | None = "harbour-tax",
    position: str | None = "support",
    listed: tuple[str, ...] = (),
) -> Statement:
    stances = (Stance(topic, position, 0.75, ("in favour",)),) if topic and position else ()
    return Statement(
        article_id=article,
        source="Harbour Gazette",
        kind="direct",
        text=f"words at {start} of {article}",
        start=start,
        end=start + 20,
        speaker="Ada Quill" if speaker_id == "ada" else speaker_id,
        speaker_id=speaker_id,
        speaker_mention=None,
        cue="said",
        date=day,
        topics=listed,
        stances=stances,
        url=f"https://gazette.example/{article}",
    )


def alert(
    statements: tuple[Statement, ...], alert_id: str = "A0000001", revision: int = 0
) -> Alert:
    return Alert(
        id=alert_id,
        type="contradiction",
        rule_id="harbour-one-voice",
        topic="harbour-tax",
        officials=("ada", "bo"),
        positions=(("ada", "support"), ("bo", "oppose")),
        statement_ids=tuple(s.id for s in statements),
        statements=statements,
        confidence=0.8,
        channels=("#alerts",),
        first_fired_at=NOW,
        updated_at=NOW + timedelta(minutes=revision),
        revision=revision,
        window_days=30,
    )


# --- articles -------------------------------------------------------------------------------


def test_store_article_round_trip_and_seen(store: Store) -> None:
    article = Article(
        id="https://gazette.example/1",
        source="Harbour Gazette",
        text="The council met.",
        title="Council meets",
        url="https://gazette.example/1",
        published=date(2024, 1, 10),
        date_source="feed",
        fetched_at=datetime(2024, 1, 10, 8, 30, tzinfo=UTC),
        feed_id="gazette",
        extra={"etag": "x1"},
    )
    assert not store.has_article(article.id)
    assert store.add_article(article) is True
    assert store.has_article(article.id)
    assert store.get_article(article.id) == article
    assert store.get_article(article.id).extra == {"etag": "x1"}  # type: ignore[union-attr]


def test_store_add_article_twice_returns_false(store: Store) -> None:
    article = Article(id="guid-1", source="feed", text="first text")
    assert store.add_article(article) is True
    assert store.add_article(replace(article, text="second text")) is False
    assert store.get_article("guid-1") == article


LONG_TEXT = " ".join(
    f"The harbour council voted {n} times on the levy before the recess began." for n in range(6)
)
OTHER_LONG_TEXT = " ".join(
    f"Ferry crews walked out for the {n}th day over the new rota and pay." for n in range(7)
)


def stored_story(store: Store) -> Article:
    article = Article(
        id="gazette-guid-1",
        source="Harbour Gazette",
        text=LONG_TEXT,
        url="https://gazette.example/council/levy-vote?utm_source=rss",
        feed_id="gazette",
    )
    store.add_article(article)
    return article


@pytest.mark.parametrize(
    "variant",
    [
        {},  # the same id
        {"id": "wire-77", "url": "https://www.gazette.example/council/levy-vote/"},
        {"id": "gazette-guid-2", "text": "A short summary.", "feed_id": "gazette-politics"},
        {"id": "syndicated-9", "url": "https://wire.example/9", "text": LONG_TEXT.upper()},
        {"id": "https://gazette.example/council/levy-vote#top", "url": None, "text": "x"},
    ],
    ids=["same-id", "same-link", "same-link-new-guid", "same-words", "permalink-guid"],
)
def test_store_find_article_by_id_url_key_or_content_key(
    store: Store, variant: dict[str, str | None]
) -> None:
    original = stored_story(store)
    assert store.find_article(replace(original, **variant)) == original.id  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "variant",
    [
        {"id": "wire-78", "url": "https://gazette.example/ferry-strike", "text": OTHER_LONG_TEXT},
        {"id": "wire-79", "url": None, "text": "The council met."},
        # Another story under the same link (a feed linking entries to a section page).
        {"id": "gazette-guid-3", "text": OTHER_LONG_TEXT},
    ],
    ids=["other-link", "nothing-shared", "other-story-same-link"],
)
def test_store_find_article_none_for_another_article(
    store: Store, variant: dict[str, str | None]
) -> None:
    original = stored_story(store)
    assert store.find_article(replace(original, **variant)) is None  # type: ignore[arg-type]


def test_store_find_article_same_link_with_a_corrected_text_is_the_same(store: Store) -> None:
    original = stored_story(store)
    corrected = replace(original, id="gazette-guid-4", text=LONG_TEXT.replace("levy", "tax", 1))
    assert store.find_article(corrected) == original.id


def test_store_gives_articles_of_an_older_database_their_keys(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with SqlStore(url) as made:
        original = stored_story(made)
        with made.engine.begin() as connection:
            # What a database made before article keys looks like.
            for column in ("url_key", "content_key"):
                connection.execute(text(f"DROP INDEX ix_articles_{column}"))
                connection.execute(text(f"ALTER TABLE articles DROP COLUMN {column}"))
    with SqlStore(url) as reopened:
        assert reopened.find_article(replace(original, id="new-guid")) == original.id
        only_words = replace(original, id="copy", url="https://wire.example/copy")
        assert reopened.find_article(only_words) == original.id
        indexes = {index["name"] for index in inspect(reopened.engine).get_indexes("articles")}
        assert {"ix_articles_url_key", "ix_articles_content_key"} <= indexes


# --- statements ------------------------------------------------------------------------------


def test_store_statement_round_trip_keeps_every_field(store: Store) -> None:
    original = Statement(
        article_id="a1",
        source="Harbour Gazette",
        kind="mixed",
        text="the levy is “a toll on every fisher”",
        start=120,
        end=158,
        speaker="she",
        speaker_id="ada",
        speaker_mention=(100, 103),
        cue="told",
        date=date(2024, 1, 1),
        date_precision="month",
        topics=("harbour-tax", "fisheries"),
        stances=(
            Stance("harbour-tax", "oppose", 0.125, ("a toll on", "levy"), negated=True),
            Stance("fisheries", "support", 0.5, ()),
        ),
        url=None,
    )
    store.add_statements([original])
    [loaded] = store.statements_by("ada")
    assert loaded == original
    assert loaded.id == original.id


def test_store_add_statements_is_idempotent(store: Store) -> None:
    first = statement("a1", 0)
    store.add_statements([first, first])
    store.add_statements([first, statement("a1", 50)])
    assert [s.start for s in store.statements_on("harbour-tax")] == [0, 50]


def test_store_statements_on_orders_by_date_then_article_order_undated_last(store: Store) -> None:
    store.add_statements([statement("a1", 90, day=None), statement("a1", 10), statement("a1", 40)])
    store.add_statements([statement("a2", 5, day=date(2024, 1, 9)), statement("a2", 60)])
    store.add_statements([statement("a3", 0, day=date(2024, 1, 10))])
    got = [(s.article_id, s.start) for s in store.statements_on("harbour-tax")]
    assert got == [("a2", 5), ("a1", 10), ("a1", 40), ("a2", 60), ("a3", 0), ("a1", 90)]


def test_store_statements_on_matches_stance_or_listed_topic(store: Store) -> None:
    with_stance = statement("a1", 0)
    listed_only = statement("a1", 30, topic=None, listed=("harbour-tax",))
    elsewhere = statement("a1", 60, topic="roads")
    store.add_statements([with_stance, listed_only, elsewhere])
    assert store.statements_on("harbour-tax") == [with_stance, listed_only]
    assert store.statements_on("roads") == [elsewhere]
    assert store.statements_on("weather") == []


@pytest.mark.parametrize(
    ("officials", "expected"),
    [(None, ["ada", "bo", "cy"]), (["bo", "cy"], ["bo", "cy"]), (["nobody"], []), ([], [])],
)
def test_store_statements_on_filters_officials(
    store: Store, officials: list[str] | None, expected: list[str]
) -> None:
    store.add_statements(
        [statement("a1", i * 10, who) for i, who in enumerate(["ada", "bo", "cy"])]
    )
    got = [s.speaker_id for s in store.statements_on("harbour-tax", officials=officials)]
    assert got == expected


def test_store_statements_by_official_and_topic(store: Store) -> None:
    tax = statement("a1", 0)
    roads = statement("a1", 30, topic="roads", day=date(2024, 1, 1))
    other = statement("a1", 60, "bo")
    store.add_statements([tax, roads, other])
    assert store.statements_by("ada") == [roads, tax]
    assert store.statements_by("ada", "harbour-tax") == [tax]
    assert store.statements_by("bo", "roads") == []


@pytest.mark.parametrize(
    ("since", "expected"),
    [(None, ["late", "early", "undated", "other"]), (date(2024, 1, 5), ["late", "other"])],
)
def test_store_statements_since_keeps_stored_order_and_leaves_out_older_and_undated(
    store: Store, since: date | None, expected: list[str]
) -> None:
    made = {
        "late": statement("a1", 0, day=date(2024, 1, 10)),
        "early": statement("a1", 30, day=date(2024, 1, 1), topic=None),
        "undated": statement("a1", 60, "bo", day=None),
        "other": statement("a2", 0, None, day=date(2024, 1, 5)),
    }
    store.add_statements(list(made.values()))
    names = {s.id: name for name, s in made.items()}
    assert [names[s.id] for s in store.statements_since(since)] == expected


# --- alerts ----------------------------------------------------------------------------------


def test_store_alert_round_trip_stores_its_statements(store: Store) -> None:
    evidence = (statement("a1", 0), statement("a2", 0, "bo", position="oppose"))
    original = alert(evidence)
    store.save_alert(original)
    assert store.get_alert(original.id) == original
    assert store.statements_on("harbour-tax") == list(evidence)
    assert store.get_alert("A-missing") is None


def test_store_save_alert_replaces_and_enqueues_atomically(store: Store) -> None:
    first = alert((statement("a1", 0),))
    store.save_alert(first, deliver_to=["#alerts", "#policy"])
    second = replace(first, revision=1, statements=(*first.statements, statement("a2", 0, "bo")))
    second = replace(second, statement_ids=tuple(s.id for s in second.statements))
    store.save_alert(second, deliver_to=["#alerts"])
    assert store.get_alert(first.id) == second
    assert [a.id for a in store.list_alerts()] == [first.id]
    got = [(d.revision, d.channel, d.reply_to_alert) for d in store.list_deliveries(first.id)]
    assert got == [(0, "#alerts", False), (0, "#policy", False), (1, "#alerts", True)]


def test_store_find_alert_respects_latest_evidence_date(store: Store) -> None:
    old = alert((statement("a1", 0, day=date(2023, 6, 1)),), alert_id="A-old")
    new = alert((statement("a2", 0, day=date(2024, 1, 5)),), alert_id="A-new")
    store.save_alert(old)
    store.save_alert(new)
    key = ("contradiction", "harbour-tax", ("ada", "bo"))
    assert store.find_alert(key, latest_evidence_since=None) == new
    assert store.find_alert(key, latest_evidence_since=date(2024, 1, 5)) == new
    assert store.find_alert(key, latest_evidence_since=date(2024, 1, 6)) is None
    assert (
        store.find_alert(("shift", "harbour-tax", ("ada", "bo")), latest_evidence_since=None)
        is None
    )


def test_store_list_alerts_filters_topic_and_since(store: Store) -> None:
    early = alert((statement("a1", 0),), alert_id="A-early")
    late = replace(
        alert((statement("a2", 0),), alert_id="A-late"),
        topic="roads",
        first_fired_at=NOW + timedelta(days=1),
        updated_at=NOW + timedelta(days=1),
    )
    store.save_alert(late)
    store.save_alert(early)
    assert [a.id for a in store.list_alerts()] == ["A-early", "A-late"]
    assert [a.id for a in store.list_alerts(topic="roads")] == ["A-late"]
    assert [a.id for a in store.list_alerts(since=NOW + timedelta(hours=1))] == ["A-late"]


# --- outbox ----------------------------------------------------------------------------------


def test_store_enqueue_delivery_is_unique_per_alert_revision_channel(store: Store) -> None:
    store.enqueue_delivery("A1", 0, "#alerts", False)
    store.enqueue_delivery("A1", 0, "#alerts", False)
    store.enqueue_delivery("A1", 0, "#policy", False)
    store.enqueue_delivery("A1", 1, "#alerts", True)
    got = [(d.revision, d.channel) for d in store.pending_deliveries(NOW)]
    assert got == [(0, "#alerts"), (0, "#policy"), (1, "#alerts")]


def test_store_failed_delivery_waits_until_retry_time(store: Store) -> None:
    store.enqueue_delivery("A1", 0, "#alerts", False)
    [delivery] = store.pending_deliveries(NOW)
    store.mark_failed(delivery.id, "gateway down", NOW + timedelta(minutes=5))
    assert store.pending_deliveries(NOW + timedelta(minutes=4)) == []
    [again] = store.pending_deliveries(NOW + timedelta(minutes=5))
    assert (again.attempts, again.last_error, again.status) == (1, "gateway down", "pending")
    store.mark_delivered(again.id, "msg-1")
    assert store.pending_deliveries(NOW + timedelta(days=1)) == []
    [done] = store.list_deliveries("A1")
    assert (done.status, done.attempts, done.message_ref) == ("delivered", 2, "msg-1")


def test_store_message_ref_is_the_first_delivered_message(store: Store) -> None:
    for revision in (0, 1):
        store.enqueue_delivery("A1", revision, "#alerts", revision > 0)
    store.enqueue_delivery("A1", 0, "#policy", False)
    first, update, policy = store.pending_deliveries(NOW)
    assert store.message_ref("A1", "#alerts") is None
    store.mark_delivered(update.id, "msg-2")
    store.mark_delivered(first.id, "msg-1")
    store.mark_skipped(policy.id, "superseded")
    assert store.message_ref("A1", "#alerts") == "msg-1"
    assert store.message_ref("A1", "#policy") is None
    assert store.pending_deliveries(NOW) == []


def test_store_alert_severity_and_due_time_round_trip(store: Store) -> None:
    held = replace(
        alert((statement("a1", 0),), revision=1),
        severity="critical",
        due_at=NOW + timedelta(hours=6),
    )
    store.save_alert(held, deliver_to=["#alerts"])
    assert store.get_alert(held.id) == held
    # The delivery of a held revision waits until the cooldown ends.
    assert store.pending_deliveries(NOW + timedelta(hours=5)) == []
    [due] = store.pending_deliveries(NOW + timedelta(hours=6))
    assert (due.revision, due.next_attempt_at) == (1, NOW + timedelta(hours=6))


def test_store_adds_new_columns_to_an_older_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with SqlStore(url) as made:
        made.save_alert(alert((statement("a1", 0),)))
        with made.engine.begin() as connection:
            # What a database made before severities and cooldowns looks like.
            for column in ("severity", "due_at"):
                connection.execute(text(f"ALTER TABLE alerts DROP COLUMN {column}"))
    with SqlStore(url) as reopened:
        stored = reopened.get_alert("A0000001")
        assert stored is not None
        assert (stored.severity, stored.due_at) == ("medium", None)
        reopened.save_alert(replace(stored, severity="low"))
        assert [a.severity for a in reopened.list_alerts()] == ["low"]


def test_store_data_survives_reopening(open_store: StoreFactory) -> None:
    first = open_store()
    first.add_article(Article(id="guid-1", source="feed", text="t"))
    first.add_statements([statement("a1", 0)])
    first.enqueue_delivery("A1", 0, "#alerts", False)
    first.close()
    second = open_store()
    assert second.has_article("guid-1")
    assert store_statement_ids(second) == [statement("a1", 0).id]
    assert len(second.pending_deliveries(NOW)) == 1


def store_statement_ids(store: Store) -> list[str]:
    return [s.id for s in store.statements_on("harbour-tax")]


# --- feeds ------------------------------------------------------------------------------


def test_store_feed_state_round_trip_and_replace(open_store: StoreFactory) -> None:
    store = open_store()
    assert store.feed_states() == {}
    state = FeedState(
        feed_id="wire",
        etag='"v1"',
        last_modified="Fri, 01 Mar 2024 11:00:00 GMT",
        next_poll_at=NOW + timedelta(minutes=15),
        last_polled_at=NOW,
        last_success_at=NOW - timedelta(hours=1),
        failures=2,
        failing_since=NOW - timedelta(minutes=30),
        last_error="HTTP 503 Service Unavailable",
        disabled_reason=None,
        backlog_done=True,
        articles_seen=7,
    )
    store.save_feed_state(state)
    store.save_feed_state(replace(state, feed_id="other"))
    store.save_feed_state(replace(state, failures=3, disabled_reason="failing for a day"))
    store.close()
    states = open_store().feed_states()
    assert states["wire"] == replace(state, failures=3, disabled_reason="failing for a day")
    assert set(states) == {"wire", "other"}


def test_store_delete_feed_state_forgets_only_that_feed(store: Store) -> None:
    store.save_feed_state(FeedState(feed_id="a", backlog_done=True))
    store.save_feed_state(FeedState(feed_id="b"))
    store.delete_feed_state("a")
    store.delete_feed_state("never-polled")
    assert list(store.feed_states()) == ["b"]


def test_store_saved_feeds_keep_order_and_replace_by_id(open_store: StoreFactory) -> None:
    store = open_store()
    wire = FeedConfig(id="wire", url="https://news.example/rss", interval_seconds=600)
    local = FeedConfig(id="local", path="articles/", backfill="alert")
    store.save_feed(SavedFeed(config=wire, removed=False, saved_at=NOW))
    store.save_feed(SavedFeed(config=local, removed=False, saved_at=NOW))
    later = NOW + timedelta(days=1)
    store.save_feed(SavedFeed(config=wire, removed=True, saved_at=later))
    store.close()
    saved = open_store().saved_feeds()
    assert [(s.config, s.removed, s.saved_at) for s in saved] == [
        (wire, True, later),
        (local, False, NOW),
    ]


# --- subscriptions ------------------------------------------------------------------------


def _subscription(channel: str, kind: str, target: str, workspace: str = "g1") -> Subscription:
    return Subscription(
        channel=channel,
        workspace=workspace,
        kind=kind,  # type: ignore[arg-type]
        target=target,
        created_at=NOW,
    )


def test_store_subscriptions_are_kept_per_channel_and_listed_by_workspace(
    open_store: StoreFactory,
) -> None:
    store = open_store()
    assert store.add_subscription(_subscription("discord:1", "topic", "trade"))
    assert store.add_subscription(_subscription("discord:1", "official", "lee"))
    assert store.add_subscription(_subscription("discord:2", "topic", "trade"))
    assert store.add_subscription(_subscription("slack:C9", "group", "cabinet", workspace="T1"))
    # The same subscription twice changes nothing.
    assert not store.add_subscription(_subscription("discord:1", "topic", "trade"))

    again = open_store()  # a restart keeps them
    assert [(s.channel, s.kind, s.target) for s in again.subscriptions(workspace="g1")] == [
        ("discord:1", "topic", "trade"),
        ("discord:1", "official", "lee"),
        ("discord:2", "topic", "trade"),
    ]
    assert [s.target for s in again.subscriptions(channel="discord:1")] == ["trade", "lee"]
    assert [s.workspace for s in again.subscriptions()] == ["g1", "g1", "g1", "T1"]
    assert again.subscriptions(channel="discord:1")[0].created_at == NOW


def test_store_unsubscribing_removes_only_that_subscription(open_store: StoreFactory) -> None:
    store = open_store()
    store.add_subscription(_subscription("discord:1", "topic", "trade"))
    store.add_subscription(_subscription("discord:2", "topic", "trade"))
    assert store.remove_subscription("discord:1", "topic", "trade")
    assert not store.remove_subscription("discord:1", "topic", "trade")
    assert not store.remove_subscription("discord:2", "official", "trade")
    assert [s.channel for s in store.subscriptions()] == ["discord:2"]


# --- joint statements ------------------------------------------------------------------------


def _joint() -> Statement:
    return replace(statement("a1", 30), co_speakers=(("Bo Marr", "bo"), ("a deckhand", None)))


def test_store_keeps_a_joint_statement_for_each_co_speaker(store: Store) -> None:
    filed = _joint().per_speaker()
    store.add_statements(filed)
    store.add_statements(filed)  # filed again: nothing changes
    [by_ada] = store.statements_by("ada")
    [by_bo] = store.statements_by("bo")
    assert (by_ada, by_bo) == filed
    assert by_bo.id == filed[1].id and by_bo.joint_of == filed[0].id
    assert by_bo.co_speakers == (("Ada Quill", "ada"), ("a deckhand", None))
    assert [s.speaker_id for s in store.statements_on("harbour-tax")] == ["ada", "bo"]


def test_store_gives_statements_of_an_older_database_the_joint_columns(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with SqlStore(url) as made:
        made.add_statements([statement("a0", 0)])
        with made.engine.begin() as connection:
            # What a database made before joint statements looks like.
            for column in ("co_speakers", "joint_of"):
                connection.execute(text(f"ALTER TABLE statements DROP COLUMN {column}"))
    with SqlStore(url) as reopened:
        [old] = reopened.statements_by("ada")
        assert (old.co_speakers, old.joint_of) == ((), None)
        reopened.add_statements(_joint().per_speaker())
        [by_bo] = reopened.statements_by("bo")
        assert by_bo.joint_of == _joint().id
