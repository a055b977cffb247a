"""The slash commands of every chat platform, answered from platform-free queries.

An adapter turns a platform's interaction into a call here (who asked, from where, with which
arguments) and renders the Reply it gets back; it decides nothing else but whether the caller
is an admin, which only the platform knows. Every command answers: a mistake a user can fix
(an unknown id, a refused feed, a missing permission) comes back as an ephemeral error card in
plain words, never as an exception. Store, chart and configuration work runs in a thread, so
a command never stalls the adapter's event loop (and with it a gateway heartbeat).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

from bot.cards import (
    Card,
    CardField,
    alerts_card,
    compare_card,
    explanation_card,
    notice_card,
    stance_card,
    timeline_card,
)
from bot.charts import chart_of
from bot.explain import explain
from bot.feeds import (
    add_feed,
    feed_refusal,
    feed_reports,
    new_feed_id,
    probe_feed,
    remove_feed,
    unknown_feed,
    watched_feeds,
)
from bot.pipeline import Pipeline, utcnow
from bot.queries import (
    UnknownIdError,
    choices_among,
    compare,
    counted,
    official_choices,
    read_stance,
    recent_alerts,
    stance_report,
    timeline,
    topic_choices,
)
from bot.store.abc import Subscription, SubscriptionKind
from bot.subscriptions import describe
from rules.config import Config
from rules.loader import load
from rules.model import FeedConfig
from watchers.errors import ConfigError, StancewatchError

log = logging.getLogger(__name__)

ChoiceKind = Literal["official", "topic", "group", "feed"]
SUBSCRIPTION_KINDS: tuple[str, ...] = get_args(SubscriptionKind)
MAX_PROBLEMS_SHOWN = 15
MAX_FEEDS_SHOWN = 20

# Reloads the configuration now; returns the problems that kept it from loading (none: done).
Reload = Callable[[], Awaitable[list[str]]]


@dataclass(frozen=True)
class Caller:
    """Who used a command, and where. ``is_admin`` is the adapter's call: Manage Server or
    an admin role on Discord, a workspace admin or the admin user group on Slack."""

    platform: str
    workspace: str
    channel: str
    user: str
    is_admin: bool = False

    @property
    def outbox_channel(self) -> str:
        return outbox_channel(self.platform, self.channel)


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    content_type: str = "image/png"


@dataclass(frozen=True)
class Reply:
    """A command's answer: a card, seen by the caller alone when ``ephemeral``."""

    card: Card
    ephemeral: bool = False
    attachments: tuple[Attachment, ...] = ()


def outbox_channel(platform: str, channel: str) -> str:
    """The outbox's name for a platform's channel: ``discord:1234``, ``slack:C0123``."""
    return f"{platform}:{channel}"


def error_reply(title: str, text: str) -> Reply:
    return Reply(notice_card(title, text, error=True), ephemeral=True)


class Commands:
    """``/stance``, ``/timeline``, ``/compare``, ``/alerts``, ``/why``, ``/subscribe``,
    ``/unsubscribe``, ``/feeds`` and ``/rules``, for any platform.

    ``reload`` is the run's way to take up edited rule files at once (``/rules reload``);
    without it that command says it needs ``stancewatch run``.
    """

    def __init__(
        self,
        pipeline: Pipeline,
        *,
        reload: Reload | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.pipeline = pipeline
        self._reload = reload
        self._clock = clock

    @property
    def config(self) -> Config:
        # Read at each call: a reload replaces the pipeline's configuration.
        return self.pipeline.config

    # --- questions anyone may ask -----------------------------------------------------

    async def stance(self, caller: Caller, official: str, topic: str) -> Reply:
        """Where ``official`` stands on ``topic``, with the evidence and who contradicts it."""
        config, store = self.config, self.pipeline.store
        official, topic = official.strip(), topic.strip()

        def run() -> Reply:
            # One read of the store for the report and the chart: they show the same statements.
            read = read_stance(store, config, official, topic)
            report = stance_report(read)
            # Drawn in this worker thread: charts use matplotlib's object API, not pyplot.
            png = chart_of(read)
            chart = (
                ()
                if png is None
                else (Attachment(f"stance-{report.official_id}-{report.topic_id}.png", png),)
            )
            return Reply(stance_card(report), attachments=chart)

        return await self._answer("stance", run)

    async def timeline(self, caller: Caller, official: str, topic: str | None = None) -> Reply:
        """An official's statements in time order (on one topic, or on all), with changes."""
        config, store = self.config, self.pipeline.store
        wanted = _given(topic)
        return await self._answer(
            "timeline",
            lambda: Reply(timeline_card(timeline(store, config, official.strip(), wanted))),
        )

    async def compare(self, caller: Caller, first: str, second: str, topic: str) -> Reply:
        """Two officials' current positions on a topic side by side: opposed, agreeing, or not."""
        config, store = self.config, self.pipeline.store
        return await self._answer(
            "compare",
            lambda: Reply(
                compare_card(compare(store, config, first.strip(), second.strip(), topic.strip()))
            ),
        )

    async def alerts(self, caller: Caller, topic: str | None = None, days: int = 7) -> Reply:
        """The alerts fired or updated in the last ``days`` days (on one topic)."""
        config, store, now = self.config, self.pipeline.store, self._clock()
        wanted = _given(topic)
        return await self._answer(
            "alerts",
            lambda: Reply(
                alerts_card(recent_alerts(store, config, topic_id=wanted, days=days, now=now))
            ),
        )

    async def why(self, caller: Caller, alert_id: str) -> Reply:
        """Why an alert fired: the rule, the statements and the words that decided them."""
        config, store = self.config, self.pipeline.store
        return await self._answer(
            "why", lambda: Reply(explanation_card(explain(store, config, alert_id)))
        )

    # --- subscriptions ----------------------------------------------------------------

    async def subscribe(
        self, caller: Caller, kind: str, target: str, channel: str | None = None
    ) -> Reply:
        """Send the alerts about one topic, group or official to a channel of this server."""
        problem = self._subscription_problem(kind, target)
        if problem is not None:
            return problem
        where = outbox_channel(caller.platform, channel or caller.channel)
        subscription = Subscription(
            channel=where,
            workspace=caller.workspace,
            kind=kind,  # type: ignore[arg-type]  # checked by _subscription_problem
            target=target.strip(),
            created_at=self._clock(),
        )
        store = self.pipeline.store

        def run() -> Reply:
            added = store.add_subscription(subscription)
            now = describe(store.subscriptions(channel=where))
            place = _place(channel)
            if not added:
                text = f"{place} already gets the alerts about {kind} {subscription.target}."
            else:
                text = f"{place} now gets the alerts about {kind} {subscription.target}."
            return Reply(notice_card("Subscribed", f"{text}\nThis channel follows: {now}."))

        return await self._answer("subscribe", run)

    async def unsubscribe(
        self, caller: Caller, kind: str, target: str, channel: str | None = None
    ) -> Reply:
        """Stop sending one topic's, group's or official's alerts to a channel."""
        if kind not in SUBSCRIPTION_KINDS:
            return self._bad_kind(kind)
        where = outbox_channel(caller.platform, channel or caller.channel)
        store = self.pipeline.store
        target = target.strip()

        def run() -> Reply:
            removed = store.remove_subscription(where, kind, target)  # type: ignore[arg-type]
            left = store.subscriptions(channel=where)
            place = _place(channel)
            if not removed:
                return error_reply(
                    "Not subscribed",
                    f"{place} does not follow {kind} {target}. It follows: {describe(left)}.",
                )
            return Reply(
                notice_card(
                    "Unsubscribed",
                    f"{place} no longer gets the alerts about {kind} {target}.\n"
                    f"This channel follows: {describe(left)}.",
                )
            )

        return await self._answer("unsubscribe", run)

    def _subscription_problem(self, kind: str, target: str) -> Reply | None:
        if kind not in SUBSCRIPTION_KINDS:
            return self._bad_kind(kind)
        config = self.config
        known = {
            "topic": [t.id for t in config.topics],
            "official": [o.id for o in config.officials],
            "group": [g.id for g in config.groups],
        }[kind]
        if target.strip() not in known:
            return error_reply("Unknown id", str(UnknownIdError(kind, target.strip(), known)))
        return None

    @staticmethod
    def _bad_kind(kind: str) -> Reply:
        return error_reply(
            "Unknown kind",
            f"{kind!r} cannot be followed; choose one of {', '.join(SUBSCRIPTION_KINDS)}.",
        )

    # --- admin: feeds -------------------------------------------------------------------

    async def feeds_add(self, caller: Caller, url: str, feed_id: str | None = None) -> Reply:
        """Watch a new feed, after reading it once as ``run`` would (safety rules included)."""
        if not caller.is_admin:
            return self._refused("/feeds add")
        url = url.strip()
        # A chat user may point the bot at web feeds only: a path would read the server's files.
        if not url.startswith(("http://", "https://")):
            return error_reply("Not a web feed", f"{url!r}: give an http:// or https:// URL.")
        config, store = self.config, self.pipeline.store
        try:
            feed = await asyncio.to_thread(self._new_feed, config, url, feed_id)
            result = await probe_feed(url, config)
        except StancewatchError as error:
            return error_reply("Feed not added", str(error))
        refusal = feed_refusal(url, result)
        if refusal is not None:
            return error_reply("Feed not added", refusal)
        await asyncio.to_thread(add_feed, store, feed, self._clock())
        warnings = "".join(f"\nWarning: {p}" for p in result.problems)
        return Reply(
            notice_card(
                "Feed added",
                f"Watching {feed.id} ({url}): {len(result.articles)} entries now. Its first "
                f"poll stores the backlog without alerting.{warnings}",
            )
        )

    def _new_feed(self, config: Config, url: str, feed_id: str | None) -> FeedConfig:
        from pydantic import ValidationError

        new_id = new_feed_id(
            config, self.pipeline.store, url, feed_id or None, remove_command="/feeds remove"
        )
        try:
            return FeedConfig(id=new_id, url=url)
        except ValidationError as error:
            first = error.errors()[0]
            message = str((first.get("ctx") or {}).get("error") or first["msg"])
            raise StancewatchError(message) from None

    async def feeds_remove(self, caller: Caller, feed_id: str) -> Reply:
        if not caller.is_admin:
            return self._refused("/feeds remove")
        config, store = self.config, self.pipeline.store
        feed_id = feed_id.strip()

        def run() -> Reply:
            current = [f.id for f in watched_feeds(config, store, include_disabled=True)]
            if not remove_feed(config, store, feed_id, self._clock()):
                return error_reply("Unknown feed", unknown_feed(feed_id, current))
            return Reply(
                notice_card("Feed removed", f"{feed_id} is no longer watched; its articles stay.")
            )

        return await self._answer("feeds remove", run)

    async def feeds_list(self, caller: Caller) -> Reply:
        if not caller.is_admin:
            return self._refused("/feeds list")
        config, store = self.config, self.pipeline.store

        def run() -> Reply:
            reports = feed_reports(config, store)
            shown = reports[:MAX_FEEDS_SHOWN]
            fields = []
            for report in shown:
                state = report.state
                status = "disabled" if report.disabled_reason else "enabled"
                if status == "enabled" and state is not None and state.failures:
                    status = f"failing ({state.failures} polls: {state.last_error})"
                seen = state.articles_seen if state is not None else 0
                fields.append(
                    CardField(
                        f"{report.feed.id} · {status}",
                        f"{report.feed.location}\n{seen} articles seen"
                        + (f"\n{report.disabled_reason}" if report.disabled_reason else ""),
                    )
                )
            text = f"{counted(len(reports), 'feed')} watched."
            if len(reports) > len(shown):
                text += f" Showing the first {len(shown)}; `stancewatch feeds list` shows all."
            if not reports:
                text = "No feeds are watched. Add one with /feeds add."
            return Reply(Card(kind="notice", title="Feeds", text=text, fields=tuple(fields)))

        return await self._answer("feeds list", run)

    # --- admin: rules -------------------------------------------------------------------

    async def rules_check(self, caller: Caller) -> Reply:
        """Load the rule files as they are on disk now and report their problems."""
        if not caller.is_admin:
            return self._refused("/rules check")
        directory = self.config.base_dir
        try:
            loaded = await asyncio.to_thread(load, directory)
        except ConfigError as error:
            return _problems_reply("Rule files have problems", error.problems)
        config = loaded.config
        warnings = "".join(f"\nWarning: {w}" for w in loaded.warnings)
        return Reply(
            notice_card(
                "Rule files OK",
                f"{len(config.officials)} officials, {len(config.groups)} groups, "
                f"{len(config.topics)} topics, {len(config.rules)} rules, "
                f"{len(config.feeds)} feeds.{warnings}",
            )
        )

    async def rules_reload(self, caller: Caller) -> Reply:
        """Take up the rule files as they are on disk now; a broken edit changes nothing."""
        if not caller.is_admin:
            return self._refused("/rules reload")
        if self._reload is None:
            return error_reply("Not running", "Reloading works while `stancewatch run` runs.")
        problems = await self._reload()
        if problems:
            return _problems_reply("Not reloaded: the previous rules keep running", problems)
        config = self.config
        return Reply(
            notice_card(
                "Rules reloaded",
                f"{len(config.officials)} officials, {len(config.topics)} topics, "
                f"{len(config.rules)} rules now in force.",
            )
        )

    @staticmethod
    def _refused(command: str) -> Reply:
        return error_reply(
            "Not allowed",
            f"{command} is for server admins: members with Manage Server (Discord), workspace "
            "admins (Slack), or the admin role or group named in settings.yaml.",
        )

    # --- autocomplete -------------------------------------------------------------------

    def choices(self, kind: ChoiceKind, partial: str) -> list[tuple[str, str]]:
        """(value, label) pairs whose id or name contains ``partial``, for autocomplete."""
        config = self.config
        if kind == "official":
            return official_choices(config, partial)
        if kind == "topic":
            return topic_choices(config, partial)
        if kind == "group":
            return choices_among(((g.id, g.name or g.id) for g in config.groups), partial)
        feeds = watched_feeds(config, self.pipeline.store, include_disabled=True)
        return choices_among(((f.id, f.config.title or f.location) for f in feeds), partial)

    # --- plumbing -----------------------------------------------------------------------

    async def _answer(self, command: str, work: Callable[[], Reply]) -> Reply:
        """Run ``work`` in a thread; a user's mistake or a failure becomes an error reply."""
        try:
            return await asyncio.to_thread(work)
        except StancewatchError as error:
            return error_reply("Cannot answer", str(error))
        except Exception:
            log.exception("/%s failed", command)
            return error_reply(
                "Something went wrong",
                f"/{command} failed on our side; the bot's log has the details.",
            )


def _problems_reply(title: str, problems: Sequence[str]) -> Reply:
    shown = list(problems[:MAX_PROBLEMS_SHOWN])
    if len(problems) > len(shown):
        shown.append(f"... and {len(problems) - len(shown)} more (`stancewatch rules check`)")
    return error_reply(title, "\n".join(shown))


def _given(option: str | None) -> str | None:
    """An optional argument as typed, or None when left out or left blank."""
    return (option or "").strip() or None


def _place(channel: str | None) -> str:
    # The channel's id, not a <#id> mention: cards are plain text, which adapters escape.
    return "This channel" if channel is None else f"Channel {channel}"
