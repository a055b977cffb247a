"""Attributions found without a parser: a quotation beside "<name> said" or "said <name>".

Used when no trained pipeline is installed (the blank fallback of rules/nlp.py).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from rules.cues import is_speech_form
from rules.drafts import Draft
from rules.quotes import Quote


def surface_attributions(doc: Doc, quotes: list[Quote]) -> list[Draft]:
    """Without a parser: a quote next to "<name or pronoun> said" or "said <name>"."""
    drafts = []
    for n, quote in enumerate(quotes):
        after = [t for t in doc if t.idx > quote.end and not t.is_space][:6]
        after = [t for t in after if not (t.is_punct and t.i == after[0].i)]
        found = _speaker_and_verb(after)
        if found is None:
            before = [t for t in doc if t.idx + len(t) < quote.start and not t.is_space][-6:]
            before = [t for t in before if t.text not in ":,"]
            found = _speaker_and_verb(before[-3:])
        if found is not None:
            speaker, verb = found
            drafts.append(Draft(list(quote.fragments), verb, speaker, verb.text, n, quotes=[quote]))
    return drafts


def _speaker_and_verb(tokens: list[Token]) -> tuple[Token, Token] | None:
    for i, token in enumerate(tokens[:4]):
        if not is_speech_form(token):
            continue
        neighbours = [tokens[j] for j in (i - 1, i + 1) if 0 <= j < len(tokens)]
        for other in neighbours:
            if other.ent_type_ == "PERSON" or other.lower_ in ("he", "she"):
                return other, token
    return None
