"""Reported speech: reporting verbs outside quotation marks and the clauses they report."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from rules.cues import (
    INFINITIVE_LEMMAS,
    QUOTE_ONLY_LEMMAS,
    cue_phrase,
    is_refused,
    is_speech_verb,
)
from rules.drafts import Draft, end_char, inside
from rules.quotes import Quote

SUBJECT_DEPS = ("nsubj", "nsubjpass")
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})


def reported_clauses(doc: Doc, quotes: list[Quote]) -> list[Draft]:
    drafts: list[Draft] = []
    sent_of = {t.i: n for n, s in enumerate(doc.sents) for t in s}
    for token in doc:
        if inside(quotes, token.idx):
            continue
        if token.lower_ == "according":
            draft = _according_to(doc, token, sent_of)
        elif is_speech_verb(token) and not is_refused(token) and not _is_question(token, quotes):
            draft = _speech_clause(doc, token, sent_of, quotes)
        else:
            continue
        if draft is not None:
            drafts.append(draft)
    return drafts


def _speech_clause(
    doc: Doc, verb: Token, sent_of: dict[int, int], quotes: list[Quote]
) -> Draft | None:
    span = _content_tokens(verb)
    fragments = [(doc[span[0]].idx, end_char(doc[span[1]]))] if span else []
    if (
        fragments
        and verb.lemma_.lower() in QUOTE_ONLY_LEMMAS
        and not any(q.start < fragments[0][1] and fragments[0][0] < q.end for q in quotes)
    ):
        fragments = []
    return Draft(fragments, verb, subject_of(verb), cue_phrase(verb), sent_of[verb.i])


def _according_to(doc: Doc, token: Token, sent_of: dict[int, int]) -> Draft | None:
    to = next((c for c in token.children if c.lower_ == "to"), None)
    source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    if source is None:
        return None
    sent = token.sent
    excluded = {t.i for t in token.subtree}
    kept = [t for t in sent if t.i not in excluded and not t.is_space]
    while kept and kept[0].is_punct:
        kept.pop(0)
    while kept and kept[-1].is_punct and kept[-1].text not in "\"”’'":
        kept.pop()
    if len(kept) < 3:
        return None
    return Draft(
        [(kept[0].idx, end_char(kept[-1]))], token, source, "according to", sent_of[token.i]
    )


def _content_tokens(verb: Token) -> tuple[int, int] | None:
    """First and last token index of the clause a reporting verb reports."""
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None and verb.lemma_.lower() in INFINITIVE_LEMMAS:
        clause = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    if clause is None and verb.dep_ == "parataxis" and verb.head.pos_ in ("VERB", "AUX"):
        return _clause_without(verb.head, verb)
    if clause is None:
        return None
    tokens = [t for t in clause.subtree if not _is_trailing_participle(t, clause)]
    tokens = [t for t in tokens if not t.is_space]
    while tokens and (
        tokens[0].is_punct or (tokens[0].dep_ == "mark" and tokens[0].lower_ == "that")
    ):
        tokens.pop(0)
    while tokens and tokens[-1].is_punct and tokens[-1].text not in '"”’':
        tokens.pop()
    if not tokens or (len(tokens) < 2 and not tokens[0].is_alpha):
        return None
    return tokens[0].i, tokens[-1].i


def _clause_without(head: Token, verb: Token) -> tuple[int, int] | None:
    excluded = {t.i for t in verb.subtree}
    tokens = [t for t in head.subtree if t.i not in excluded and not t.is_space]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    while tokens and tokens[0].is_punct:
        tokens.pop(0)
    return (tokens[0].i, tokens[-1].i) if tokens else None


def _is_trailing_participle(token: Token, clause: Token) -> bool:
    """ ", appearing to back away from ..." describes the speaker, not what they said."""
    for ancestor in [token, *token.ancestors]:
        if ancestor == clause:
            return False
        if (
            ancestor.dep_ == "advcl"
            and ancestor.tag_ == "VBG"
            and ancestor.i > clause.i
            and ancestor.head == clause
            and _after_comma(ancestor)
        ):
            return True
    return False


def _after_comma(token: Token) -> bool:
    i = token.left_edge.i - 1
    while i >= 0 and token.doc[i].text in "\"”’'":
        i -= 1
    return i >= 0 and token.doc[i].text == ","


def subject_of(verb: Token) -> Token | None:
    """The speaker token of a reporting verb, climbing from participles ("..., saying")."""
    current = verb
    for _ in range(4):
        subject = next((c for c in current.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            if subject.lower_ in RELATIVE_PRONOUNS and current.dep_ == "relcl":
                return current.head
            return subject
        if current.dep_ in ("advcl", "xcomp", "conj", "pcomp") and current.head != current:
            current = current.head
            continue
        return None
    return None


def _is_question(verb: Token, quotes: list[Quote]) -> bool:
    """A journalist's question ("Did he say ...?") reports nothing."""
    sent = verb.sent
    last = sent[-1] if not sent[-1].is_space else sent[-2] if len(sent) > 1 else sent[-1]
    return last.text == "?" and not inside(quotes, last.idx) and verb.lemma_.lower() != "ask"
