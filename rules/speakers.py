"""Who a draft's speaker token stands for: an official, a named person or a description."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from rules.drafts import Draft, doc_text
from rules.linking import OfficialIndex, words
from rules.mentions import MentionIndex, Resolution
from rules.person_phrases import description_phrase, role_phrase
from rules.report_content import characterises

WRITER_PRONOUNS = frozenset({"i", "we", "you", "it", "they", "this", "that", "there"})
# Words that stand for unnamed people as a subject: "some say", "many of whom say".
QUANTIFIERS = frozenset(
    ["some", "many", "most", "others", "all", "several", "few", "both", "each", "those"]
)
# Pronouns for one unnamed person, described by what follows: "someone close to the mayor".
INDEFINITE_PEOPLE = frozenset({"someone", "somebody"})
# Words that count people out of a group, set beside a description: "One, a retired
# welder, said".
COUNTED_PEOPLE = frozenset({"one", "another"})
# A quantifier's description is short: "those close to him", "many of whom".
QUANTIFIED_WORDS = 6
# Pronouns that may stand for a group or an organisation named just before.
GROUP_PRONOUNS = frozenset({"it", "they"})


def keep(doc: Doc, draft: Draft) -> bool:
    """A draft needs words and a speaker to ask about; a quotation is kept regardless."""
    text = " ".join(doc_text(doc)[s:e] for s, e in draft.fragments)
    return (len(words(text)) >= 1 and draft.speaker_token is not None) or bool(draft.quotes)


def resolve_speakers(drafts: list[Draft], mentions: MentionIndex, officials: OfficialIndex) -> None:
    """Resolves every draft's speaker, in the order the drafts appear in the text."""
    for draft in sorted(drafts, key=lambda d: d.start):
        resolve_speaker(draft, mentions, officials)


def resolve_speaker(draft: Draft, mentions: MentionIndex, officials: OfficialIndex) -> None:
    token = draft.speaker_token
    if token is None:
        return
    if token.lower_ in GROUP_PRONOUNS:
        group = mentions.resolve_group_pronoun(token, draft.fragments)
        if group is not None:
            draft.resolution = group
            return
    if token.lower_ in WRITER_PRONOUNS:
        draft.speaker_token = None
        return
    if token.doc.has_annotation("DEP"):  # children of an unparsed doc crash spaCy
        token = _named_in_apposition(token)
    resolution = mentions.resolve_token(token, draft.fragments)
    if resolution is not None:
        draft.resolution = resolution
        if token.doc.has_annotation("DEP"):
            draft.co_resolutions = _joint_speakers(token, resolution, mentions, draft.fragments)
        return
    # An alias may spell out an aside the description leaves off ("..., who asked not
    # to be named,"), so a description is linked with its asides.
    linked: Span | None
    if token.pos_ == "NOUN" or token.lower_ in INDEFINITE_PEOPLE:
        phrase: Span | None = description_phrase(token)
        linked = description_phrase(token, asides=True)
    else:
        phrase = role_phrase(token) if token.pos_ == "PROPN" else _quantified(token)
        linked = phrase
    if phrase is None or linked is None:
        return
    text = _clean_phrase(phrase)
    draft.speaker_text = text
    source = officials.by_description(linked.text)
    if source is not None:
        draft.resolution = Resolution(
            text, source.id, (phrase.start_char, phrase.end_char), "anonymous"
        )
    elif token.doc.has_annotation("DEP"):
        mentions.note_description(token, text)


def without_own_echoes(drafts: list[Draft]) -> list[Draft]:
    """ "Roe said she admired the crews for what she called a "war of attrition"": words
    characterised inside another report by the same speaker are part of that statement,
    not one of their own (a report relayed from someone else stays, and so does a
    clause reported inside it: "..., which he said were at his side")."""

    def who(draft: Draft) -> str | None:
        if draft.resolution is not None:
            return draft.resolution.official_id or draft.resolution.name
        return draft.speaker_text

    def within(draft: Draft, outer: Draft) -> bool:
        return all(any(s <= a and b <= e for s, e in outer.fragments) for a, b in draft.fragments)

    kept: list[Draft] = []
    for draft in drafts:
        verb = draft.verb
        echoes = (
            verb is not None
            and characterises(verb)
            and any(
                other is not draft
                and draft.fragments
                and other.end - other.start > draft.end - draft.start
                and other.overlaps(verb.idx, verb.idx + 1)
                and within(draft, other)
                and who(draft) is not None
                and who(draft) == who(other)
                for other in drafts
            )
        )
        if not echoes:
            kept.append(draft)
    return kept


def _joint_speakers(
    token: Token,
    first: Resolution,
    mentions: MentionIndex,
    content: list[tuple[int, int]],
) -> list[Resolution]:
    """The people named beside the subject in a joint subject ("Okafor and Ferreira
    said", "Senators Okafor, Ferreira and Brill said"): the subject's conjuncts that are
    names the article's mentions know, other than the subject itself."""
    found: list[Resolution] = []
    seen = {(first.official_id or first.name)}
    for conj in token.conjuncts:
        if conj.pos_ != "PROPN":
            continue
        resolution = mentions.resolve_token(conj, content)
        if resolution is None or resolution.kind != "name":
            continue
        key = resolution.official_id or resolution.name
        if key not in seen:
            seen.add(key)
            found.append(resolution)
    return found


def _quantified(token: Token) -> Span | None:
    """ "Some say", "many of whom say", "those close to him say": unnamed people, described
    by the words the parser hangs on the quantifier (a few at most)."""
    if token.lower_ not in QUANTIFIERS:
        return None
    if not token.doc.has_annotation("DEP"):
        return token.doc[token.i : token.i + 1]
    end = token.right_edge.i
    if end - token.i >= QUANTIFIED_WORDS:
        end = token.i
    return token.doc[token.i : end + 1]


def _named_in_apposition(token: Token) -> Token:
    """The name a description stands beside says who: "Her spokeswoman, Jenna Holt, said";
    "Ana Ruiz, now the port director, who said" (the relative clause hangs on the role)."""
    if token.dep_ == "appos" and token.head.ent_type_ == "PERSON":
        return token.head
    named = next((c for c in token.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
    if named is None and token.pos_ == "NOUN":
        # "The main opposition party, the Harbour League, said": a body's name too.
        named = next((c for c in token.children if _is_apposed_name(c)), None)
    if named is None and token.lower_ in COUNTED_PEOPLE:
        # "One, a retired welder, said": the description says who the one is.
        named = next((c for c in token.children if c.dep_ == "appos" and c.pos_ == "NOUN"), None)
    return named or token


def _is_apposed_name(token: Token) -> bool:
    return (
        token.dep_ == "appos"
        and token.pos_ == "PROPN"
        and token.ent_type_ in ("PERSON", "ORG", "NORP", "")
    )


def _clean_phrase(phrase: Span) -> str:
    tokens = [t for t in phrase if not t.is_space]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    return "".join(t.text_with_ws for t in tokens).strip()
