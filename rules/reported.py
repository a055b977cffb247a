"""Reported speech: reporting verbs outside quotation marks and the clauses they report."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from rules.cues import (
    EVALUATIVE_LEMMAS,
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
CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "prep"})


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
        elif _is_evaluative(token):
            draft = _evaluative_clause(doc, token, sent_of, quotes)
        else:
            continue
        if draft is not None:
            drafts.append(draft)
    return drafts


def mark_relayed(drafts: list[Draft]) -> list[Draft]:
    """Marks the part of a report that passes on someone else's report.

    In "Holt said Castellano had told the cabinet that ..." the words are
    Castellano's statement; Holt's statement keeps them as its content (Holt did say
    so) but takes no position from them."""
    for inner in drafts:
        verb = inner.verb
        if verb is None or not inner.fragments or inner.speaker_token is None:
            continue
        if verb.dep_ != "ccomp":
            continue
        span = (verb.left_edge.idx, end_char(verb.right_edge))
        for outer in drafts:
            if outer.verb is not None and outer.verb.i == verb.head.i:
                outer.relayed.append(span)
    return drafts


def _speech_clause(
    doc: Doc, verb: Token, sent_of: dict[int, int], quotes: list[Quote]
) -> Draft | None:
    span = _content_tokens(verb, quotes)
    fragments = [(doc[span[0]].idx, end_char(doc[span[1]]))] if span else []
    if fragments and not _quote_within(quotes, fragments[0]) and not _reports_unquoted(verb):
        fragments = []
    return Draft(fragments, verb, subject_of(verb, quotes), cue_phrase(verb), sent_of[verb.i])


def _reports_unquoted(verb: Token) -> bool:
    """Whether the verb's clause is a statement even without quotation marks.

    "asked ministers to wait" is a request; "asked whether he would resign" is a
    journalist's question and "asked not to be named" a condition of anonymity."""
    lemma = verb.lemma_.lower()
    if lemma == "ask":
        has_object = any(c.dep_ in ("dobj", "dative") for c in verb.children)
        return has_object and any(c.dep_ == "xcomp" for c in verb.children)
    return lemma not in QUOTE_ONLY_LEMMAS


def _quote_within(quotes: list[Quote], span: tuple[int, int]) -> bool:
    return any(q.start < span[1] and span[0] < q.end for q in quotes)


def _is_evaluative(token: Token) -> bool:
    return (
        token.pos_ == "VERB"
        and token.lemma_.lower() in EVALUATIVE_LEMMAS
        and not any(c.dep_ == "neg" for c in token.children)
    )


# Right-hand dependents of an evaluative verb that are not part of what it characterises.
_NOT_CHARACTERISED = frozenset(["punct", "cc", "conj", "mark", "advcl", "relcl", "parataxis"])


def _evaluative_clause(
    doc: Doc, verb: Token, sent_of: dict[int, int], quotes: list[Quote]
) -> Draft | None:
    """ "called the plan "a disgrace"", "described him as "unfit"": the words after the verb,
    kept only when they hold a quotation (the quoted words are what was said)."""
    parts = [c for c in verb.rights if c.dep_ not in _NOT_CHARACTERISED]
    tokens = [t for part in parts for t in part.subtree if not t.is_space]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in '"”’':
        tokens.pop()
    if not tokens:
        return None
    span = (tokens[0].idx, end_char(max(tokens, key=lambda t: t.i)))
    if not _quote_within(quotes, span):
        return None
    speaker = subject_of(verb, quotes)
    if speaker is None:
        return None
    return Draft([span], verb, speaker, verb.text, sent_of[verb.i])


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


def _content_tokens(verb: Token, quotes: Sequence[Quote]) -> tuple[int, int] | None:
    """First and last token index of the clause a reporting verb reports."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    # "It is unlikely; her team says she will return": the clause after the verb,
    # unless the one before it is a quotation ("'Resign,' she told him, after ...").
    quoted = [c for c in clauses if c.i < verb.i and inside(quotes, c.idx)]
    later = [c for c in clauses if c.i > verb.i]
    preferred = quoted or later or clauses
    clause = preferred[0] if preferred else None
    if clause is None and _takes_infinitive(verb):
        clause = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    if clause is None:
        clause = _misparsed_clause(verb)
    if clause is None and verb.dep_ == "parataxis" and verb.head.pos_ in ("VERB", "AUX"):
        return _clause_without(verb.head, verb)
    if clause is None:
        return None
    tokens = [t for t in clause.subtree if not _is_trailing_participle(t, clause)]
    tokens = [t for t in tokens if not t.is_space]
    tokens = _without_next_report(tokens, clause)
    while tokens and (
        tokens[0].is_punct or (tokens[0].dep_ == "mark" and tokens[0].lower_ == "that")
    ):
        tokens.pop(0)
    while tokens and tokens[-1].is_punct and tokens[-1].text not in '"”’':
        tokens.pop()
    if not tokens or (len(tokens) < 2 and not tokens[0].is_alpha):
        return None
    return tokens[0].i, tokens[-1].i


def _takes_infinitive(verb: Token) -> bool:
    """ "vowed to cut", "urged ministers to wait", "told aides to find a way"."""
    lemma = verb.lemma_.lower()
    if lemma == "tell":
        return any(c.dep_ in ("dobj", "dative") for c in verb.children)
    return lemma in INFINITIVE_LEMMAS


def _without_next_report(tokens: list[Token], clause: Token) -> list[Token]:
    """ "said it was opposed and warned the island to stop": the parser may hang the
    second report inside the first clause; it is a statement of its own."""
    for token in tokens:
        if (
            token.dep_ == "conj"
            and token.i > clause.i
            and is_speech_verb(token)
            and not any(c.dep_ in SUBJECT_DEPS for c in token.children)
        ):
            cut = [t for t in tokens if t.i < token.left_edge.i]
            while cut and (cut[-1].dep_ == "cc" or cut[-1].is_punct):
                cut.pop()
            return cut or tokens
    return tokens


def _misparsed_clause(verb: Token) -> Token | None:
    """ "said after the meeting he would resign": a clause with its own subject that the
    parser hung on the verb as an adverbial; no subordinating word ("if", "because")
    introduces it, so it is what was said."""
    for child in verb.rights:
        if child.dep_ not in ("advcl", "dep") or child.pos_ not in ("VERB", "AUX"):
            continue
        if not any(c.dep_ in SUBJECT_DEPS for c in child.children):
            continue
        if any(c.dep_ == "mark" and c.lower_ != "that" for c in child.children):
            continue
        if child.tag_ == "VBG" or _punct_between(verb, child.left_edge):
            continue
        return child
    return None


def _punct_between(left: Token, right: Token) -> bool:
    return any(t.is_punct for t in left.doc[left.i + 1 : right.i])


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


def subject_of(verb: Token, quotes: Sequence[Quote] = ()) -> Token | None:
    """The speaker token of a reporting verb, climbing from participles ("..., saying").

    A subject inside quotation marks is part of what was said ("My view, that was
    wrong," the adviser said): the speaker is a subject outside them, or the noun
    right before the verb."""
    current = verb
    for _ in range(4):
        subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
        subject = next((c for c in subjects if not inside(quotes, c.idx)), None)
        if subject is None and subjects:
            subject = _noun_before(current, quotes)
        if subject is not None:
            if subject.lower_ in RELATIVE_PRONOUNS and current.dep_ == "relcl":
                return current.head
            return subject
        # "..., saying", "began by saying": climb participles and the preposition
        # that holds them to the verb whose subject is the speaker.
        if current.dep_ in CLIMB_DEPS and current.head != current:
            # "said it was opposed and warned ...": a report the parser hung inside the
            # clause of another report shares that report's subject, not the clause's.
            reporter = next((a for a in current.ancestors if is_speech_verb(a)), None)
            if current.dep_ == "conj" and is_speech_verb(current) and reporter is not None:
                current = reporter
            else:
                current = current.head
            continue
        return None
    return None


def _noun_before(verb: Token, quotes: Sequence[Quote]) -> Token | None:
    """The head of the noun phrase just before ``verb``, outside quotation marks."""
    i = verb.i - 1
    doc = verb.doc
    while i >= 0 and doc[i].pos_ in ("ADV", "AUX", "PART") and not inside(quotes, doc[i].idx):
        i -= 1
    if i < 0 or inside(quotes, doc[i].idx) or doc[i].pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    token = doc[i]
    while token.dep_ in ("compound", "flat") and token.head.i <= verb.i:
        token = token.head
    return token


def _is_question(verb: Token, quotes: list[Quote]) -> bool:
    """A journalist's question ("Did he say ...?") reports nothing."""
    sent = verb.sent
    last = sent[-1] if not sent[-1].is_space else sent[-2] if len(sent) > 1 else sent[-1]
    return last.text == "?" and not inside(quotes, last.idx) and verb.lemma_.lower() != "ask"
