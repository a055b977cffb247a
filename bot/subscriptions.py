"""Which subscribed channels an alert goes to, besides the channels its rule names.

A channel subscribes (``/subscribe``) to a topic, a group or an official. A group
subscription follows dated membership: an alert counts for the group when one of its
officials belonged to the group on the date of their statement in it, so what someone said
before joining a team is not announced to the team's followers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rules.config import Config
from rules.records import Finding

if TYPE_CHECKING:  # the store imports bot.alerts, which imports this module
    from bot.store.abc import Subscription


def subscribed_channels(
    subscriptions: Iterable[Subscription], finding: Finding, config: Config | None
) -> list[str]:
    """The channels of ``subscriptions`` that want ``finding``, in subscription order."""
    channels: dict[str, None] = {}
    for subscription in subscriptions:
        if _wants(subscription, finding, config):
            channels.setdefault(subscription.channel)
    return list(channels)


def _wants(subscription: Subscription, finding: Finding, config: Config | None) -> bool:
    if subscription.kind == "topic":
        return subscription.target == finding.topic
    if subscription.kind == "official":
        return subscription.target in finding.officials
    return subscription.target in _groups(finding, config)


def _groups(finding: Finding, config: Config | None) -> set[str]:
    """Groups any official of the finding belonged to when they made their statements."""
    if config is None:
        return set()
    groups: set[str] = set()
    for official_id in finding.officials:
        official = config.official(official_id)
        if official is None:
            continue
        days = [s.date for s in finding.statements if s.speaker_id == official_id]
        for day in days or [None]:
            groups |= official.groups_on(day)
    return groups


def describe(subscriptions: Sequence[Subscription]) -> str:
    """``topic trade, official lee`` -- a channel's subscriptions on one line."""
    return ", ".join(f"{s.kind} {s.target}" for s in subscriptions) or "none"
