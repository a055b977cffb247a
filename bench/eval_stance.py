"""``make eval`` for positions: the labelled stance set and the seed gold, accuracy printed.

1. Every example of the labelled set (``tests/data/stance/<split>/*.yaml``:
   topics with ``examples:``, written by us) is read as one statement on its topic, and
   the position it gets is compared with its label (null: no position). Accuracy is
   printed per labelled position and overall for each split, with the topic's cues alone
   and with the general stance layer, so the layer's worth is visible. ``dev2/`` and
   ``dev3/`` each hold four topics configured and labelled before the layer was first run
   on them. Every split whose name starts with ``holdout`` (``holdout/`` to ``holdout3/``) is for
   measuring only: its failures are not listed unless asked, and it stays out of the
   overall figure.
2. The seed articles are replayed through the whole pipeline and every gold statement
   found with its right speaker is compared with its gold position.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rules.model import Topic
    from rules.records import Stance

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SET = ROOT / "tests" / "data" / "stance"
DEFAULT_SHARED = ROOT.parent / "shared"
NONE = "(none)"
HOLDOUT = "holdout"


def is_holdout(part: str) -> bool:
    """A measuring-only split: nobody tunes on it, so its mistakes are not shown by default."""
    return part.startswith(HOLDOUT)


@dataclass(frozen=True)
class Outcome:
    """One labelled statement and what the reader made of it."""

    part: str
    topic: str
    text: str
    expected: str | None
    got: str | None
    evidence: tuple[str, ...] = ()
    confidence: float | None = None
    opposed: bool = False  # got the position opposed to the expected one

    @property
    def right(self) -> bool:
        return self.expected == self.got


def labelled_outcomes(folder: Path, *, general: bool = True) -> list[Outcome]:
    """Reads every example of every topic file under ``folder`` (one reader per part)."""
    from rules.nlp import load_pipeline
    from rules.stance import StanceReader

    nlp = load_pipeline()
    outcomes = []
    for part in sorted(p for p in folder.iterdir() if p.is_dir()):
        topics = topics_in(sorted(part.glob("*.yaml")))
        reader = StanceReader(topics, nlp, general=general)
        for topic in topics:
            for example in topic.examples:
                stance = reader.position_of(example.text, topic.id)
                outcomes.append(outcome(part.name, topic, example.text, example.position, stance))
    return outcomes


def topics_in(paths: Iterable[Path]) -> list[Topic]:
    """Every topic of the topic files at ``paths``, in order."""
    import yaml

    from rules.model import TopicsFile

    return [
        topic
        for path in paths
        for topic in TopicsFile.model_validate(
            yaml.safe_load(path.read_text(encoding="utf-8"))
        ).topics
    ]


def outcome(
    part: str, topic: Topic, text: str, expected: str | None, stance: Stance | None
) -> Outcome:
    """What the reader made of a statement labelled ``expected`` on ``topic``."""
    got = stance.position if stance else None
    return Outcome(
        part,
        topic.id,
        text,
        expected,
        got,
        stance.evidence if stance else (),
        stance.confidence if stance else None,
        got is not None and expected is not None and topic.opposes(got, expected),
    )


def seed_outcomes(shared: Path, config_dir: Path) -> list[Outcome]:
    """Gold statements of the seeds that the pipeline finds with the right speaker."""
    import yaml

    from tests.scenarios.goldcheck import normalise, run_scenario, seeds_feed

    gold = yaml.safe_load((shared / "gold" / "seeds.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        feed = Path(folder) / "seeds.xml"
        feed.write_bytes(seeds_feed(shared / "seeds", gold))
        with contextlib.redirect_stdout(io.StringIO()):
            _, ingested, _ = run_scenario("seeds", config_dir, [str(feed)], gold, Path(folder))
    statements = [s for done in ingested for s in done.statements]
    outcomes = []
    for entry in gold["statements"]:
        topic = entry.get("topic")
        if not topic or entry.get("speaker") is None:
            continue
        quote = normalise(entry["quote"])
        found = [
            s for s in statements if quote in normalise(s.text) and s.speaker_id == entry["speaker"]
        ]
        if not found:
            continue
        stances = [st for s in found if (st := s.stance_on(topic)) is not None]
        got = stances[0].position if stances else None
        expected = entry.get("position")
        outcomes.append(
            Outcome(
                "seeds",
                topic,
                entry["quote"],
                expected,
                got,
                stances[0].evidence if stances else (),
                stances[0].confidence if stances else None,
                got is not None and expected is not None and got != expected,
            )
        )
    return outcomes


def report(title: str, outcomes: Sequence[Outcome]) -> None:
    if not outcomes:
        print(f"{title}: no statements")
        return
    right = sum(o.right for o in outcomes)
    opposed = sum(o.opposed for o in outcomes)
    spurious = sum(o.expected is None and o.got is not None for o in outcomes)
    missed = sum(o.expected is not None and o.got is None for o in outcomes)
    print(
        f"{title}: accuracy {right / len(outcomes):.3f} ({right}/{len(outcomes)}) | "
        f"opposed position {opposed} | position where none {spurious} | none where one {missed}"
    )
    labels = sorted({o.expected or NONE for o in outcomes})
    for label in labels:
        mine = [o for o in outcomes if (o.expected or NONE) == label]
        ok = sum(o.right for o in mine)
        print(f"    {label:<16} {ok:>4}/{len(mine):<4} {ok / len(mine):.3f}")


def show_errors(outcomes: Sequence[Outcome], limit: int) -> None:
    for outcome in [o for o in outcomes if not o.right][:limit]:
        got = outcome.got or NONE
        why = f" {outcome.confidence} {list(outcome.evidence)}" if outcome.got else ""
        print(
            f"  [{outcome.topic}] expected {outcome.expected or NONE}, got {got}{why}: "
            f"{outcome.text}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="the labelled set")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--config", type=Path, default=ROOT / "config")
    parser.add_argument(
        "--errors",
        type=int,
        default=0,
        help="list N failures of the splits that may be tuned on (not holdout*)",
    )
    parser.add_argument(
        "--holdout-errors", action="store_true", help="list the holdout splits' failures too"
    )
    parser.add_argument("--no-seeds", action="store_true", help="skip the seed replay")
    args = parser.parse_args(argv)

    print("== labelled stance set (our own statements): cues only, then cues + general layer")
    with_layer = labelled_outcomes(args.set)
    cues_only = labelled_outcomes(args.set, general=False)
    for part in sorted({o.part for o in with_layer}):
        report(f"{part}, cues only", [o for o in cues_only if o.part == part])
        report(f"{part}, cues + general layer", [o for o in with_layer if o.part == part])
    if args.errors:
        print("  failures (every split but holdout*):")
        show_errors([o for o in with_layer if not is_holdout(o.part)], args.errors)
    if args.holdout_errors:
        print("  failures (holdout):")
        show_errors([o for o in with_layer if is_holdout(o.part)], 10_000)

    seeds: list[Outcome] = []
    if not args.no_seeds:
        if (args.shared / "gold" / "seeds.yaml").is_file():
            print("\n== seed gold positions (statements found with the right speaker)")
            seeds = seed_outcomes(args.shared, args.config)
            report("seeds", seeds)
            show_errors(seeds, 100)
        else:
            print(f"\n(no seed gold under {args.shared}: seed positions not measured)")
    tuned = sorted({o.part for o in with_layer if not is_holdout(o.part)})
    overall = [o for o in with_layer if not is_holdout(o.part)] + seeds
    print()
    report(f"overall ({' + '.join([*tuned, 'seeds'] if seeds else tuned)})", overall)
    return 0


if __name__ == "__main__":
    sys.exit(main())
