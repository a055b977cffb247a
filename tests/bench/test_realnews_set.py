"""The realnews stance set (tests/data/realnews_stance) fits the shared 2016 dev set, and its
bench prints the lines ``make eval`` shows. The set is measure-only: these tests check that
the labels can be measured, never what the stance layer makes of them."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path
from typing import Any

import pytest

from bench.eval_realnews import (
    DEFAULT_SET,
    JOIN,
    Label,
    dev_path,
    load_articles,
    load_labels,
    load_topics,
    main,
    problems,
    statement_of,
)
from bench.eval_stance import DEFAULT_SHARED

DEV = dev_path(DEFAULT_SHARED)
TOPICS = load_topics(DEFAULT_SET)
LABELS = load_labels(DEFAULT_SET)


def _articles() -> dict[str, dict[str, Any]]:
    if not DEV.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must have the shared attribution dev set at {DEV}")
        pytest.skip(f"the shared attribution dev set is not beside the project ({DEV})")
    return load_articles(DEV)


def _line(title: str, n: int) -> re.Pattern[str]:
    return re.compile(
        rf"^{re.escape(title)}: accuracy [01]\.\d{{3}} \(\d+/{n}\) \| opposed position \d+ "
        rf"\| position where none \d+ \| none where one \d+$",
        re.MULTILINE,
    )


def test_realnews_set_gold_fits_the_dev_set() -> None:
    assert problems(LABELS, _articles(), TOPICS) == []


def test_realnews_set_has_five_topics_configured_without_examples() -> None:
    files = sorted(p.stem for p in DEFAULT_SET.glob("*.yaml") if p.name != "gold.yaml")
    assert sorted(topic.id for topic in TOPICS) == files
    assert len(TOPICS) == 5
    assert all(not topic.examples for topic in TOPICS)


def test_realnews_set_labels_each_position_and_null_on_every_topic() -> None:
    assert len(LABELS) >= 120
    for topic in TOPICS:
        labelled = {label.position for label in LABELS if label.topic == topic.id}
        assert labelled == {None, *(p.id for p in topic.positions)}, topic.id
    nulls = sum(label.position is None for label in LABELS)
    assert 0.2 <= nulls / len(LABELS) <= 0.4


def test_realnews_set_problems_name_each_broken_label() -> None:
    articles = _articles()
    article = LABELS[0].article
    size = len(articles[article]["attributions"])
    broken = [
        Label("no-such-article", 0, "climate-action", None),
        Label(article, size, "climate-action", None),
        Label(article, 0, "no-such-topic", None),
        Label(article, 0, "climate-action", "abolish"),
        Label(article, 1, "trade-deals", "protect"),
        Label(article, 1, "trade-deals", None),
    ]
    found = problems(broken, articles, TOPICS)
    assert found == [
        "no-such-article#0: no such article in the dev set",
        f"{article}#{size}: the article has {size} attributions",
        f"{article}#0: unknown topic 'no-such-topic'",
        f"{article}#0: climate-action has no position 'abolish'",
        f"{article}#1: labelled twice on trade-deals",
    ]


def test_realnews_set_statement_joins_the_fragments_of_a_mixed_quote() -> None:
    text = 'Mayor Ilse Brandt said "we will build it," and added "next spring."'
    first, second = '"we will build it,"', '"next spring."'
    spans = [[text.index(q), text.index(q) + len(q)] for q in (first, second)]
    record = {"text": text, "attributions": [{"content": spans}]}
    assert statement_of(record, 0) == f"{first}{JOIN}{second}"


def test_realnews_set_bench_prints_the_accuracy_lines_on_a_slice() -> None:
    _articles()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--limit", "6"]) == 0
    printed = out.getvalue()
    assert _line("realnews, cues only", 6).search(printed)
    assert _line("realnews, cues + general layer", 6).search(printed)
    assert _line("realnews, cues + general layer, read in its article", 6).search(printed)


def test_realnews_set_bench_says_so_when_the_dev_set_is_missing(tmp_path: Path) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--shared", str(tmp_path)]) == 0
    assert "real-news positions not measured" in out.getvalue()
