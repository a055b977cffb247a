"""Positions on real news: the realnews labels read by the stance layer, accuracy printed.

``tests/data/realnews_stance`` holds five topics configured in advance (one file each, in the
shipped topics schema) and ``gold.yaml``, whose entries name hand-annotated attributions of the
shared 2016 dev set (``../shared/eval/attribution/dev.jsonl``) by article id and index, each
with the position its content takes on a topic (null: none). The articles' text is read from
the shared file at run time and never copied into the project. The content spans of each
labelled attribution are joined into one statement and read on its topic, with the topic's
cues alone and with the general stance layer; then, with the layer, each attribution's content
spans are read inside the parsed article, as the pipeline reads an extracted statement.
Accuracy is printed overall, per topic and per position, in the format of
``bench.eval_stance``.

MEASURE-ONLY. Nobody tunes cues, code, word lists or thresholds on this set, and nobody reads
its failures in order to fix them: it measures how the layer does on news nobody wrote for
it, and once it has been tuned on, that figure is gone. So there is no option to list
failures.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from bench.eval_stance import DEFAULT_SHARED, ROOT, Outcome, outcome, report, topics_in

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from rules.model import Topic

DEFAULT_SET = ROOT / "tests" / "data" / "realnews_stance"
GOLD = "gold.yaml"
PART = "realnews"
JOIN = " … "  # between the fragments of a mixed quote, as the attribution set shows them


def dev_path(shared: Path) -> Path:
    return shared / "eval" / "attribution" / "dev.jsonl"


@dataclass(frozen=True)
class Label:
    """One gold entry: an attribution of the dev set and the position its content takes."""

    article: str
    attribution: int
    topic: str
    position: str | None

    @property
    def key(self) -> str:
        return f"{self.article}#{self.attribution}"


def load_topics(folder: Path) -> list[Topic]:
    """Every topic of every topic file in ``folder`` (all ``*.yaml`` but the gold file)."""
    return topics_in(path for path in sorted(folder.glob("*.yaml")) if path.name != GOLD)


def load_labels(folder: Path) -> list[Label]:
    entries = yaml.safe_load((folder / GOLD).read_text(encoding="utf-8"))
    return [
        Label(str(e["article"]), int(e["attribution"]), str(e["topic"]), e["position"])
        for e in entries
    ]


def load_articles(path: Path) -> dict[str, dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    return {record["id"]: record for record in records}


def statement_of(record: dict[str, Any], index: int) -> str:
    """The content of one attribution, its fragments joined in order."""
    text: str = record["text"]
    spans = record["attributions"][index]["content"]
    return JOIN.join(text[start:end].strip() for start, end in spans)


def problems(
    labels: Sequence[Label], articles: dict[str, dict[str, Any]], topics: Iterable[Topic]
) -> list[str]:
    """Why the gold file cannot be measured as it stands (empty when it can)."""
    positions = {topic.id: {p.id for p in topic.positions} for topic in topics}
    found = []
    for label in labels:
        record = articles.get(label.article)
        if record is None:
            found.append(f"{label.key}: no such article in the dev set")
        elif not 0 <= label.attribution < len(record["attributions"]):
            found.append(f"{label.key}: the article has {len(record['attributions'])} attributions")
        if label.topic not in positions:
            found.append(f"{label.key}: unknown topic {label.topic!r}")
        elif label.position is not None and label.position not in positions[label.topic]:
            found.append(f"{label.key}: {label.topic} has no position {label.position!r}")
    twice = Counter((label.key, label.topic) for label in labels)
    found += [f"{key}: labelled twice on {topic}" for (key, topic), n in twice.items() if n > 1]
    return found


def realnews_outcomes(
    labels: Sequence[Label],
    articles: dict[str, dict[str, Any]],
    topics: Sequence[Topic],
    *,
    general: bool = True,
    in_article: bool = False,
) -> list[Outcome]:
    """Reads each labelled statement on its topic. ``text`` holds the attribution's key only,
    so that nothing printed from an outcome quotes the articles.

    ``in_article`` reads the content spans inside the parsed article, as the pipeline reads
    an extracted statement (the words that govern the content, such as the reporting verb,
    are then in the parse), and a denial cue turns the reading round as it does there;
    otherwise the content is parsed on its own."""
    from rules.cues import is_denial_cue
    from rules.extract import text_to_parse
    from rules.nlp import load_pipeline
    from rules.stance import StanceReader

    by_id = {topic.id: topic for topic in topics}
    nlp = load_pipeline()
    reader = StanceReader(list(topics), nlp, general=general)
    docs: dict[str, Doc] = {}
    outcomes = []
    for label in labels:
        record = articles[label.article]
        if in_article:
            doc = docs.get(label.article)
            if doc is None:
                doc = docs[label.article] = nlp(text_to_parse(record["text"], nlp))
            attribution = record["attributions"][label.attribution]
            spans = [(start, end) for start, end in attribution["content"]]
            denial = is_denial_cue(attribution.get("cue_text"))
            _topics, stances = reader.read(
                doc, spans, article_topics={label.topic}, flip_all=denial
            )
            stance = next((s for s in stances if s.topic == label.topic), None)
        else:
            stance = reader.position_of(statement_of(record, label.attribution), label.topic)
        outcomes.append(outcome(PART, by_id[label.topic], label.key, label.position, stance))
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="topics and gold.yaml")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--limit", type=int, default=0, help="read only the first N labels")
    args = parser.parse_args(argv)

    dev = dev_path(args.shared)
    if not dev.is_file():
        print(f"(no attribution dev set at {dev}: real-news positions not measured)")
        return 0
    topics = load_topics(args.set)
    labels = load_labels(args.set)
    articles = load_articles(dev)
    wrong = problems(labels, articles, topics)
    if wrong:
        print("\n".join(["gold.yaml does not fit the dev set:", *wrong]), file=sys.stderr)
        return 1
    if args.limit:
        labels = labels[: args.limit]

    print(
        f"== {PART} (measure-only, real 2016 news): {len(labels)} labelled attributions "
        f"on {len(topics)} topics; cues only, cues + general layer, then that read in the article"
    )
    cues_only = realnews_outcomes(labels, articles, topics, general=False)
    with_layer = realnews_outcomes(labels, articles, topics)
    in_article = realnews_outcomes(labels, articles, topics, in_article=True)
    report(f"{PART}, cues only", cues_only)
    report(f"{PART}, cues + general layer", with_layer)
    report(f"{PART}, cues + general layer, read in its article", in_article)
    for topic in sorted({o.topic for o in with_layer}):
        report(f"  {topic}, cues + general layer", [o for o in with_layer if o.topic == topic])
    return 0


if __name__ == "__main__":
    sys.exit(main())
