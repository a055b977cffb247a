"""The seed scenario with Slack as the only chat: the required alerts reach the fake Slack,
each once per channel, updates in their thread, and nothing else is posted."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from bot.adapters.slack import SlackAdapter
from bot.cli import replay_sources
from bot.pipeline import Pipeline
from bot.store import open_store
from rules.loader import load_config
from tests.bot.adapters.slack.fakeslack import FakeSlack
from tests.scenarios.goldcheck import GoldResult, check_alerts_fired, seeds_feed

ROOT = Path(__file__).resolve().parents[4]
CHANNEL = "C0POLICY"
ALERT_ID = re.compile(r"alert (\S+) · revision (\d+)")


def slack_config(tmp_path: Path) -> Path:
    """The shipped configuration, with every alert channel pointed at one Slack channel."""
    config = tmp_path / "config"
    shutil.copytree(ROOT / "config", config)
    for name in ("settings.yaml", "rules.yaml"):
        path = config / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('"#policy-alerts"', f'"slack:{CHANNEL}"'), encoding="utf-8")
    return config


async def test_slack_scenario_seeds_post_the_required_alerts_and_nothing_else(
    http_server: Any, shared_path: Callable[[str], Path], tmp_path: Path
) -> None:
    seeds = shared_path("seeds")
    gold: dict[str, Any] = yaml.safe_load(shared_path("gold/seeds.yaml").read_text("utf-8"))
    url = http_server.serve(
        "/seeds.xml", seeds_feed(seeds, gold), content_type="application/rss+xml"
    )
    config = load_config(slack_config(tmp_path))
    async with FakeSlack.running() as fake:
        adapter = SlackAdapter(bot_token="xoxb-test", app_token="xapp-test", api_url=fake.api_url)
        with open_store(f"sqlite:///{tmp_path / 'slack.db'}") as store:
            pipeline = Pipeline(
                config, store, {"slack": adapter}, clock=lambda: datetime(2026, 1, 1)
            )
            ingested = await replay_sources(pipeline, [url], allow_hosts=["127.0.0.1"])

            result = GoldResult("seeds on slack")
            alerts = store.list_alerts()
            check_alerts_fired(gold, ingested, alerts, result)
            deliveries = store.list_deliveries()

    assert result.failures == [], "\n".join(result.failures)
    assert result.alerts_ok == result.alerts_total > 0
    posts = fake.posts()
    assert posts and all(p.params["channel"] == CHANNEL for p in posts)
    # one message per delivery the outbox marked delivered, and every delivery delivered
    assert {d.status for d in deliveries} == {"delivered"}
    assert len(posts) == len([d for d in deliveries if d.status == "delivered"])
    posted = [ALERT_ID.search(str(p.params["blocks"][-1])) for p in posts]
    assert all(posted)
    ids = [(m.group(1), int(m.group(2))) for m in posted if m]
    assert {alert_id for alert_id, _ in ids} == {a.id for a in alerts}
    assert len(set(ids)) == len(ids)  # no revision of an alert posted twice
    first_ts = {}
    for post, (alert_id, revision) in zip(posts, ids, strict=True):
        if revision == 0:
            assert "thread_ts" not in post.params
            first_ts[alert_id] = f"1700000000.{posts.index(post) + 1:06d}"
        else:  # an update goes into the thread of the alert's first message
            assert post.params["thread_ts"] == first_ts[alert_id]
