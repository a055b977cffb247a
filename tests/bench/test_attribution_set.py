"""Our own attribution set (tests/data/attribution) stays in step with its YAML sources."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from bench.attribution_set import (
    DATA,
    SPLITS,
    SetError,
    build_all,
    build_article,
    load_sources,
)

SCORER = Path(__file__).resolve().parents[3] / "shared" / "eval" / "attribution" / "score.py"
SOURCES = load_sources()


def _scorer() -> ModuleType:
    if not SCORER.is_file():
        pytest.skip("the shared attribution scorer is not beside the project")
    spec = importlib.util.spec_from_file_location("attribution_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pairs() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(article id, source annotation, built attribution) for every attribution."""
    out = []
    for _, source in SOURCES:
        record = build_article(source)
        out += [
            (source["id"], s, b)
            for s, b in zip(source["attributions"], record["attributions"], strict=True)
        ]
    return out


def test_attribution_set_jsonl_is_what_the_sources_build() -> None:
    built = build_all()
    for split in SPLITS:
        committed = (DATA / f"{split}.jsonl").read_text(encoding="utf-8")
        assert committed == built[split], f"{split}.jsonl is stale: python -m bench.attribution_set"


def test_attribution_set_halves_hold_six_articles_each() -> None:
    splits = [source["split"] for _, source in SOURCES]
    assert sorted(splits) == sorted(["own-dev"] * 6 + ["own-holdout"] * 6)


@pytest.mark.parametrize(("article", "source", "built"), _pairs())
def test_attribution_set_spans_hold_their_substrings(
    article: str, source: dict[str, Any], built: dict[str, Any]
) -> None:
    text = next(s["text"] for _, s in SOURCES if s["id"] == article)
    pieces = source["content"] if isinstance(source["content"], list) else [source["content"]]
    assert len(pieces) == len(built["content"])
    for piece, (start, end) in zip(pieces, built["content"], strict=True):
        words = text[start:end]
        if isinstance(piece, str):
            assert words == piece
        else:
            assert words.startswith(piece["from"]) and words.endswith(piece["to"])
    [(start, end)] = built["cue_spans"]
    assert text[start:end] == built["cue_text"] == source["cue"]
    if built["has_source"]:
        [(start, end)] = built["speaker_spans"]
        assert text[start:end] == built["speaker_text"] == source["speaker"]


def test_attribution_set_typo_in_a_substring_fails_loudly() -> None:
    _, source = SOURCES[0]
    broken = dict(source, attributions=[dict(source["attributions"][0], cue="sayed")])
    with pytest.raises(SetError, match="sayed"):
        build_article(broken)


def test_attribution_set_ambiguous_content_needs_an_index() -> None:
    text = "Mayor Ilse Brandt said yes.\n\nMayor Ilse Brandt said yes.\n"
    source = {
        "id": "x",
        "split": "own-dev",
        "date": "2025-01-01",
        "title": "Mayor",
        "text": text,
        "attributions": [
            {"kind": "indirect", "content": "yes", "speaker": "Ilse Brandt", "cue": "said"}
        ],
    }
    with pytest.raises(SetError, match="occurs 2 times"):
        build_article(source)
    source["attributions"][0]["at"] = 1
    [built] = build_article(source)["attributions"]
    assert built["content"] == [[text.rindex("yes"), text.rindex("yes") + 3]]
    assert built["speaker_spans"][0][0] == text.rindex("Ilse")


def test_attribution_set_agrees_with_the_scorer_on_keys_and_cues() -> None:
    # The scorer derives speaker keys and speech cues with its own rules; our builder must
    # give the same answers, except where a source names the family name on purpose.
    score = _scorer()
    for _, source, built in _pairs():
        assert built["cue_is_speech"] == score.cue_is_speech(built["cue_text"]), built["cue_text"]
        if built["has_source"] and "key" not in source:
            assert built["speaker_key"] == score.pred_key(built["speaker_name"])


def test_attribution_set_records_load_as_scorer_gold() -> None:
    score = _scorer()
    for split in SPLITS:
        docs = [json.loads(line) for line in (DATA / f"{split}.jsonl").open(encoding="utf-8")]
        result, _, _ = score.score(docs, {}, 0.5, 0)
        assert result["all"]["gold"] == sum(len(d["attributions"]) for d in docs) > 60
