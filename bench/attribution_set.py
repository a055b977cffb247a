"""Builds our own attribution gold (``tests/data/attribution/*.jsonl``) from YAML sources.

Each ``tests/data/attribution/articles/*.yaml`` holds one fictional article and its
attributions written as substrings, because character offsets typed by hand rot at the first
edit of the text. This script turns the substrings into offsets in the record format of the
shared attribution dev set, so ``score.py --gold <file>`` scores our set like the dev set.

Source format (one article)::

    id: own-03-harbour-dredging
    split: own-dev            # or own-holdout
    date: 2025-04-02
    title: ...                # the text's first line
    text: |
      ...
    attributions:
      - kind: direct          # direct | mixed | indirect
        content: ["“First half,”", "“second half.”"]   # a string, or fragments in order;
                              # a fragment may be {from: A, to: B} (A's start to B's end)
        speaker: she          # the speaker's words in the text
        cue: said
        name: Ana Ferreira    # resolved speaker; omitted = the speaker's words themselves
        speech: false         # cue is a belief / evidence cue (found, believes, shows)

Locating is strict so that a typo fails loudly instead of marking the wrong words: a
substring must match on word boundaries; the first content fragment must occur exactly once
(or name its occurrence with ``at: N``, 0-based); later fragments are the first match after
the previous one (``{from, to}``: the end is the first ``to`` after ``from``);
the speaker and the cue are the occurrence nearest to the content, and a
tie between two equally near occurrences is an error (``speaker_at`` / ``cue_at`` pick one).

Usage: ``python -m bench.attribution_set`` rewrites both jsonl files;
``--check`` exits 1 when they differ from what the sources give.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "attribution"
SPLITS = ("own-dev", "own-holdout")
PUBLISHER = "stancewatch test desk"
KINDS = ("direct", "mixed", "indirect")

# Same list as the shared scorer's, so that our speaker_is_pronoun means what the dev set's does.
PRONOUNS = {
    "he", "she", "they", "we", "i", "it", "you", "him", "her", "them", "us", "his", "hers",
    "their", "our", "its", "who", "whom", "whose", "which", "that", "this", "these", "those",
    "me", "my",
}  # fmt: skip
_CUT_WORDS = {"of", "for", "at", "from", "with", "who", "which", "in", "on", "to", "and"}
_SUFFIX = {"jr", "sr", "ii", "iii", "iv"}
_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_KEYS = {
    "kind", "content", "speaker", "cue", "name", "key", "how", "pronoun", "speech",
    "source", "at", "speaker_at", "cue_at", "note",
}  # fmt: skip


class SetError(Exception):
    """An annotation that does not fit its text; the message names the article."""


def _tokens(text: str) -> list[str]:
    lowered = text.lower().replace("’", "'").replace(".", "")
    lowered = re.sub(r"'s\b", "", lowered)
    return [token.strip("'") for token in _TOKEN.findall(lowered)]


def speaker_key(name: str) -> str:
    """Surname or head noun of a resolved speaker: the last word of its first noun phrase.

    The dev set stores this key beside every name; the scorer compares predictions with it.
    """
    for part in re.split(r"[,;:(]| - | — | – ", name):
        words = _tokens(part)
        while words and words[0] in _CUT_WORDS:
            words.pop(0)
        for index, word in enumerate(words):
            if index > 0 and word in _CUT_WORDS:
                words = words[:index]
                break
        while len(words) > 1 and words[-1] in _SUFFIX:
            words.pop()
        if words:
            return words[-1]
    return ""


def _pattern(sub: str) -> re.Pattern[str]:
    # Word boundaries only where the substring begins or ends with a word character, so "he"
    # never matches inside "the" while a quotation mark may sit right after a letter.
    left = r"(?<!\w)" if sub[:1].isalnum() else ""
    right = r"(?!\w)" if sub[-1:].isalnum() else ""
    return re.compile(left + re.escape(sub) + right)


def _occurrences(text: str, sub: str) -> list[tuple[int, int]]:
    if not sub:
        raise SetError("empty substring")
    return [(m.start(), m.end()) for m in _pattern(sub).finditer(text)]


def _nth(text: str, sub: str, at: int | None, what: str) -> tuple[int, int]:
    found = _occurrences(text, sub)
    if not found:
        raise SetError(f"{what} {sub!r} not found")
    if at is None:
        if len(found) > 1:
            raise SetError(f"{what} {sub!r} occurs {len(found)} times; give its index with 'at'")
        return found[0]
    if not 0 <= at < len(found):
        raise SetError(f"{what} {sub!r}: occurrence {at} of {len(found)}")
    return found[at]


def _nearest(
    text: str, sub: str, at: int | None, around: list[list[int]], what: str
) -> tuple[int, int]:
    if at is not None:
        return _nth(text, sub, at, what)
    lo, hi = around[0][0], around[-1][1]

    def distance(span: tuple[int, int]) -> int:
        if lo <= span[0] < hi:
            # inside the content's outer bounds: only between split fragments counts
            inside = any(start <= span[0] < end for start, end in around)
            return 10**9 if inside else 0
        return lo - span[1] if span[1] <= lo else span[0] - hi

    found = sorted((distance(span), span) for span in _occurrences(text, sub))
    if not found or found[0][0] >= 10**9:
        raise SetError(f"{what} {sub!r} not found outside the content")
    if len(found) > 1 and found[1][0] == found[0][0]:
        raise SetError(f"{what} {sub!r} is equally near twice; give '{what}_at'")
    return found[0][1]


def _piece(text: str, piece: str | dict[str, str], after: int, at: int | None) -> list[int]:
    """One content fragment: a substring, or ``{from: A, to: B}`` for a long stretch (a quote
    over several paragraphs) from the start of A to the end of the first B after it."""
    first = piece if isinstance(piece, str) else piece["from"]
    if at is not None or after < 0:
        start, end = _nth(text, first, at, "content")
    else:
        later = [span for span in _occurrences(text, first) if span[0] >= after]
        if not later:
            raise SetError(f"content fragment {first!r} not found after the previous one")
        start, end = later[0]
    if isinstance(piece, dict):
        ends = [span for span in _occurrences(text, piece["to"]) if span[0] >= start]
        if not ends:
            raise SetError(f"content end {piece['to']!r} not found after {first!r}")
        end = ends[0][1]
    return [start, end]


def _content(text: str, item: dict[str, Any]) -> list[list[int]]:
    pieces = item["content"] if isinstance(item["content"], list) else [item["content"]]
    spans = [_piece(text, pieces[0], -1, item.get("at"))]
    for piece in pieces[1:]:
        spans.append(_piece(text, piece, spans[-1][1], None))
    return spans


def build_attribution(text: str, item: dict[str, Any], number: int) -> dict[str, Any]:
    unknown = set(item) - _KEYS
    if unknown:
        raise SetError(f"unknown keys {sorted(unknown)}")
    if item.get("kind") not in KINDS:
        raise SetError(f"kind must be one of {KINDS}, not {item.get('kind')!r}")
    content = _content(text, item)
    has_source = bool(item.get("source", True))
    speaker_spans: list[list[int]] = []
    speaker_text = name = key = how = None
    pronoun = False
    if has_source:
        speaker_start, speaker_end = _nearest(
            text, item["speaker"], item.get("speaker_at"), content, "speaker"
        )
        speaker_spans = [[speaker_start, speaker_end]]
        speaker_text = text[speaker_start:speaker_end]
        name = item.get("name") or speaker_text
        pronoun = bool(item.get("pronoun", speaker_text.lower() in PRONOUNS))
        key = item.get("key") or speaker_key(name)
        # the dev set's categories: a name in the span, a description taken as it stands,
        # or a pronoun / role noun resolved to someone named elsewhere
        if "name" not in item:
            default_how = "span"
        elif pronoun or key not in _tokens(speaker_text):
            default_how = "coref"
        else:
            default_how = "name"
        how = item.get("how", default_how)
    cue_start, cue_end = _nearest(text, item["cue"], item.get("cue_at"), content, "cue")
    return {
        "rel": f"E{number}",
        "has_source": has_source,
        "kind": item["kind"],
        "content": content,
        "content_text": " ".join(text[start:end] for start, end in content),
        "speaker_spans": speaker_spans,
        "speaker_text": speaker_text,
        "cue_spans": [[cue_start, cue_end]],
        "cue_text": text[cue_start:cue_end],
        "cue_is_speech": bool(item.get("speech", True)),
        "speaker_name": name,
        "speaker_key": key,
        "speaker_how": how,
        "speaker_is_pronoun": pronoun,
    }


def build_article(source: dict[str, Any]) -> dict[str, Any]:
    text = source["text"]
    if not text.startswith(source["title"]):
        raise SetError("the text must begin with the title (the dev set's layout)")
    attributions = []
    for number, item in enumerate(source.get("attributions") or [], 1):
        try:
            attributions.append(build_attribution(text, item, number))
        except (SetError, KeyError) as error:
            raise SetError(f"attribution {number}: {error}") from error
    return {
        "id": source["id"],
        "split": source["split"],
        "publisher": PUBLISHER,
        "date": str(source["date"]),
        "title": source["title"],
        "annotator": "stancewatch",
        "n_annotators": 1,
        "has_corenlp": False,
        "text": text,
        "words": len(text.split()),
        "attributions": attributions,
    }


def load_sources(folder: Path = DATA / "articles") -> list[tuple[Path, dict[str, Any]]]:
    return [
        (path, yaml.safe_load(path.read_text(encoding="utf-8")))
        for path in sorted(folder.glob("*.yaml"))
    ]


def build_all(folder: Path = DATA / "articles") -> dict[str, str]:
    """The jsonl text of each split, from every source file in ``folder``."""
    lines: dict[str, list[str]] = {split: [] for split in SPLITS}
    for path, source in load_sources(folder):
        try:
            record = build_article(source)
        except (SetError, KeyError) as error:
            raise SetError(f"{path.name}: {error}") from error
        if record["split"] not in lines:
            raise SetError(f"{path.name}: split must be one of {SPLITS}")
        lines[record["split"]].append(json.dumps(record, ensure_ascii=False))
    return {split: "".join(line + "\n" for line in rows) for split, rows in lines.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    try:
        built = build_all()
    except SetError as error:
        print(f"attribution set: {error}", file=sys.stderr)
        return 2
    stale = []
    for split, content in built.items():
        path = DATA / f"{split}.jsonl"
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != content:
                stale.append(path.name)
        else:
            path.write_text(content, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}: {content.count(chr(10))} articles")
    if stale:
        print(f"out of date: {', '.join(stale)} (run python -m bench.attribution_set)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
