"""``make eval`` for extraction: the attribution dev set and the seed gold, figures printed.

1. Every article of ``../shared/eval/attribution/dev.jsonl`` goes through the same
   ``Extractor`` as ``stancewatch extract``; the shared scorer reads the predictions and
   prints its table (headline last). With ``--blank`` the blank-pipeline fallback is
   scored instead.
2. The seed articles are replayed through the whole pipeline (statements, alerts, stance
   query) and checked against ``../shared/gold/seeds.yaml``.

``--set own`` scores our own fictional attribution set instead (``tests/data/attribution``:
own-dev, then own-holdout) with the same scorer; ``--set own-dev`` / ``own-holdout`` one half.

The shared folder is read where it lies; nothing of it is copied into the project.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
OWN = ROOT / "tests" / "data" / "attribution"
SETS = ("dev", "own", "own-dev", "own-holdout")


def gold_path(shared: Path, name: str) -> Path:
    """The gold JSON Lines of a set: the shared dev set, or one half of our own."""
    return shared / "eval" / "attribution" / "dev.jsonl" if name == "dev" else OWN / f"{name}.jsonl"


def predict_dev(shared: Path, out: Path, config_dir: Path, gold: Path | None = None) -> int:
    """Writes ``stancewatch extract`` records for every article of ``gold`` (default: the
    dev set); returns how many."""
    from bot.cli import statement_json
    from rules.extract import Extractor
    from rules.loader import load_config
    from watchers.files import read_article_file

    extractor = Extractor(load_config(config_dir))
    count = 0
    with tempfile.TemporaryDirectory() as folder, out.open("w", encoding="utf-8") as sink:
        texts = Path(folder)
        for line in (gold or gold_path(shared, "dev")).open(encoding="utf-8"):
            if not line.strip():
                continue
            record = json.loads(line)
            path = texts / f"{record['id']}.txt"
            path.write_text(record["text"], encoding="utf-8")
            for statement in extractor.extract(read_article_file(path)):
                sink.write(json.dumps(statement_json(str(path), statement), ensure_ascii=False))
                sink.write("\n")
                count += 1
    return count


def score_dev(shared: Path, preds: Path, errors: int, gold: Path | None = None) -> int:
    scorer = shared / "eval" / "attribution" / "score.py"
    command = [sys.executable, str(scorer), "--pred", str(preds)]
    if gold is not None:
        command += ["--gold", str(gold)]
    if errors:
        command += ["--errors", str(errors)]
    return subprocess.run(command, check=False).returncode


def check_seeds(shared: Path, config_dir: Path) -> bool:
    import yaml

    from tests.scenarios.goldcheck import run_scenario, seeds_feed

    gold = yaml.safe_load((shared / "gold" / "seeds.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        feed = Path(folder) / "seeds.xml"
        feed.write_bytes(seeds_feed(shared / "seeds", gold))
        with contextlib.redirect_stdout(io.StringIO()):  # the console adapter's cards
            result, _, _ = run_scenario("seed gold", config_dir, [str(feed)], gold, Path(folder))
    print(result.line())
    for failure in result.failures:
        print(f"  FAIL {failure}")
    for note in result.notes:
        print(f"  note {note}")
    return not result.failures


def score_set(args: argparse.Namespace, label: str, name: str, *, several: bool) -> int:
    """One set predicted and scored: the shared dev set, or one half of our own."""
    gold = None if name == "dev" else gold_path(args.shared, name)
    with tempfile.TemporaryDirectory() as folder:
        preds = Path(folder) / "preds.jsonl"
        if args.keep:  # one file per set when several run, so the second does not overwrite
            keep: Path = args.keep
            preds = keep.with_stem(f"{keep.stem}-{name}") if several else keep
        count = predict_dev(args.shared, preds, args.config, gold)
        print(f"== attribution {name} set ({label}): {count} statements predicted")
        sys.stdout.flush()
        return score_dev(args.shared, preds, args.errors, gold)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--config", type=Path, default=ROOT / "config")
    parser.add_argument("--errors", type=int, default=0, help="show N misses and speaker errors")
    parser.add_argument("--blank", action="store_true", help="score the blank-pipeline fallback")
    parser.add_argument("--keep", type=Path, help="keep the predictions in this file")
    parser.add_argument("--dev-only", action="store_true", help="skip the seed gold")
    parser.add_argument(
        "--set", choices=SETS, default="dev", help="dev (shared) or our own attribution set"
    )
    args = parser.parse_args(argv)
    if not (args.shared / "eval" / "attribution" / "dev.jsonl").is_file():
        print(f"eval: no attribution dev set under {args.shared}", file=sys.stderr)
        return 2
    if args.blank:
        os.environ["STANCEWATCH_PIPELINE"] = "blank"
    label = "blank pipeline" if args.blank else "trained pipeline"
    # our own set scores each half on its own, and has no seed gold
    names = ("own-dev", "own-holdout") if args.set == "own" else (args.set,)
    status = 0
    for name in names:
        status = score_set(args, label, name, several=len(names) > 1) or status
    if args.set != "dev" or args.dev_only or args.blank:
        return status
    print(f"\n== seed gold ({label})")
    ok = check_seeds(args.shared, args.config)
    return status or (0 if ok else 1)


if __name__ == "__main__":
    sys.exit(main())
