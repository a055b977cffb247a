"""Person phrases in a parse: a name's extent (titles off, given names on), role and
description phrases, groups, and the gender a phrase's own words give.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from rules.cues import is_word_of_negation
from rules.given_names import given_name_gender
from rules.linking import HONORIFICS, NAME_LIKE_TITLES, TITLE_WORDS, strip_titles, words
from rules.names import HYPHENS, NON_PERSON_WORDS, TITLES
from rules.person_words import (
    CHANNEL_NOUNS,
    COLLECTIVE_NOUNS,
    DESCRIPTION_PREPS,
    DESCRIPTION_WORDS,
    FEMALE_WORDS,
    JOURNALIST_NOUNS,
    MALE_WORDS,
    NOT_NAME_ENTITIES,
    PLACE_OR_NUMBER_ENTITIES,
    QUOTATION_MARKS,
    ROLE_NOUNS,
    Gender,
)


def trimmed_name(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].is_space or doc[start].lower_ in HONORIFICS or doc[start].is_punct
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_space
        or doc[end - 1].is_punct
        or doc[end - 1].lower_ in ("'s", "’s")
        # "Trump demands accountability": a name ends at its last capitalised word
        # (a lower-case word joined to the one before, as in "Ki-moon", is still the name).
        or (doc[end - 1].is_alpha and doc[end - 1].is_lower and doc[end - 2].whitespace_)
    ):
        end -= 1
    start = _given_name_start(doc, start, end)
    return doc[start:end] if end > start else None


def _given_name_start(doc: Doc, start: int, end: int) -> int:
    """ "Miss Universe Alicia Machado", "City Attorney Brad Holm": the recogniser glues a
    title's words to the front of a name. After an honorific or a title, a known given
    name followed by more of the name is where the name begins; a given name before it
    ("Hans Joachim ...") means the whole run is the name."""
    titled = start > 0 and doc[start - 1].lower_.rstrip(".") in HONORIFICS
    for i in range(start + 1, end - 1):
        if given_name_gender(doc[i].lower_) is None or not doc[i - 1].whitespace_:
            continue
        before = [doc[j].lower_.rstrip(".") for j in range(start, i)]
        if any(given_name_gender(w) for w in before):
            return start
        if titled or any(w in TITLE_WORDS | HONORIFICS | ROLE_NOUNS for w in before):
            return i
        return start
    return start


def display_name(span: Span) -> str:
    """The name as written, without the titles before it ("Lt. Gov. Ann Roe" -> "Ann Roe")."""
    tokens = list(span)
    while len(tokens) > 1 and (_is_title(tokens[0]) or _titles_a_full_name(tokens)):
        tokens.pop(0)
    return (
        " ".join(t.text for t in tokens).replace(" - ", "-").replace(" -", "-").replace("- ", "-")
    )


def _is_title(token: Token) -> bool:
    return token.is_punct or token.lower_.rstrip(".") in TITLE_WORDS | HONORIFICS


def _titles_a_full_name(tokens: list[Token]) -> bool:
    """ "Bishop Anselm Korda" is Anselm Korda, "Bishop Korda" stays whole: a title that is
    also a surname ("Anna Bishop") is taken for a title only before a name of two words or
    more."""
    return tokens[0].lower_ in NAME_LIKE_TITLES and sum(t.is_alpha for t in tokens[1:]) >= 2


def attached_role_words(span: Span) -> set[str]:
    """Role nouns written beside a name: "spokeswoman Heather Nauert", "Nauert, the spokeswoman"."""
    found: set[str] = set()
    doc = span.doc
    if not doc.has_annotation("DEP"):
        return found  # no parse to read; walking an unparsed tree crashes spaCy
    root = span.root
    # "Mayor Ana Ruiz" where the recogniser took the title into the name.
    found.update(t.lower_.rstrip(".") for t in span if t.i != root.i)
    for token in root.children:
        if token.i < span.start and token.dep_ in ("compound", "nmod", "amod"):
            found.add(token.lower_)
            found.update(c.lower_ for c in token.children if c.dep_ == "compound")
        if token.dep_ == "appos":
            found.add(token.lower_)
    if root.dep_ == "appos":
        found.add(root.head.lower_)
    before = span.start - 1
    while (
        before >= 0
        and doc[before].dep_ in ("compound", "nmod")
        and doc[before].head.i >= span.start
    ):
        found.add(doc[before].lower_)
        before -= 1
    kept = ROLE_NOUNS | TITLE_WORDS | MALE_WORDS | FEMALE_WORDS | JOURNALIST_NOUNS
    return {w for w in found if w in kept}


def word_gender(lowered: set[str]) -> Gender | None:
    if lowered & MALE_WORDS:
        return "he"
    if lowered & FEMALE_WORDS:
        return "she"
    return None


def phrase_gender(span: Span, configured: str | None, role_words: set[str]) -> Gender | None:
    if configured in ("he", "she"):
        return configured  # type: ignore[return-value]
    doc = span.doc
    before = {doc[i].lower_.rstrip(".") for i in range(max(0, span.start - 2), span.start)}
    by_words = word_gender(before | role_words | {t.lower_.rstrip(".") for t in span})
    name_words = strip_titles(words(span.text))
    if by_words is None and len(name_words) > 1:
        return given_name_gender(name_words[0])
    return by_words


def with_given_names(span: Span) -> Span:
    """ "Ivanka Trump" where the recogniser (or a configured surname) marked only "Trump":
    capitalised proper nouns just before a name belong to it, titles excepted."""
    doc = span.doc
    if not doc.has_annotation("DEP"):
        return span
    start = span.start
    # "Dufresne-Lacroix" where the recogniser marked only "Lacroix": a double-barrelled
    # surname is one name.
    while start > 1 and _joins_by_hyphen(doc, start - 1) and doc[start - 2].is_title:
        start -= 2
    while (
        start > 0
        # "Crooked Hillary Clinton": a name that opens with a known given name is whole.
        and (start == span.end - 1 or given_name_gender(doc[start].lower_) is None)
        and doc[start - 1].is_title
        and (
            doc[start - 1].ent_type_ not in NOT_NAME_ENTITIES
            or given_name_gender(doc[start - 1].lower_) is not None
        )
        and doc[start - 1].lower_.rstrip(".") not in TITLE_WORDS | HONORIFICS
        and (
            (doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i in range(start, span.end))
            or _misread_as_negation(doc[start - 1])
        )
    ):
        start -= 1
    return doc[start : span.end]


def _misread_as_negation(token: Token) -> bool:
    """ "Nguyễn Thị Lan said": the parser takes an unknown capitalised word that opens the
    sentence for a negation of the verb; no word of negation is written like a name."""
    return token.dep_ == "neg" and not is_word_of_negation(token)


def _joins_by_hyphen(doc: Doc, i: int) -> bool:
    """Token ``i`` is a hyphen written tight between two words, as in "Müller-Hoff"."""
    return (
        doc[i].text in HYPHENS
        and i > 0
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and i + 1 < len(doc)
    )


def is_group(token: Token, plural: bool) -> bool:
    """A subject "they" can stand for (a plural noun, "X and Y") or "it" can (an organisation)."""
    if plural:
        return token.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in token.children)
    return token.ent_type_ == "ORG" or token.lemma_.lower() in COLLECTIVE_NOUNS


def group_phrase(token: Token) -> Span:
    if token.ent_type_ and token.ent_iob_ in ("B", "I"):
        ent = next(e for e in token.doc.ents if e.start <= token.i < e.end)
        return ent
    phrase = role_phrase(token)
    conj = [c for c in token.children if c.dep_ == "conj"]
    if conj:
        return token.doc[phrase.start : max(phrase.end, conj[-1].i + 1)]
    return phrase


def subject_of_conjuncts(token: Token) -> Token:
    """The first word of a run of conjuncts ("Okafor" of "Okafor, Ferreira and Brill");
    ``token`` itself when it is no conjunct."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token


def proper_run(token: Token) -> Span:
    """The proper nouns written together with ``token``: "Dana Okafor", "Okafor-Lutz"."""
    doc = token.doc
    left = token.i
    while (
        left > 0
        and doc[left - 1].head.i == token.i
        and (doc[left - 1].pos_ == "PROPN" or not doc[left - 1].whitespace_)
    ):
        left -= 1
    return doc[left : token.i + 1]


def heads_a_name(token: Token) -> bool:
    """The "Secretary" of "Secretary Rex Tillerson" titles the name; it is no mention of its own."""
    return token.head.ent_type_ == "PERSON" and token.dep_ in ("compound", "nmod", "appos")


def beside_a_role(token: Token) -> bool:
    """ "His deputy, Nneka Obi,", "the union's leader, Tomasz Wrobel,": a proper noun set in
    apposition to one person's role names that person (the recogniser often takes an
    unfamiliar name for an organisation). The name's mention stands for them and takes
    the role's words, so a later "he" or "the deputy" finds the name, not the bare role."""
    head = token.head
    while token.dep_ in ("compound", "flat") and head is not token:
        token, head = head, head.head
    return (
        token.dep_ == "appos"
        and head.pos_ == "NOUN"
        and head.tag_ == "NN"
        and head.lemma_.lower() in ROLE_NOUNS
        and head.lemma_.lower() not in COLLECTIVE_NOUNS
        and token.ent_type_ in ("PERSON", "ORG", "")
    )


def opens_with_given_name(token: Token) -> bool:
    """ "Amara Diallo said": the recogniser often takes an unfamiliar name for an
    organisation, but a run of proper nouns that opens with a known given name (or an
    honorific) is a person's name."""
    run = [t for t in proper_run(token) if t.is_alpha]
    if len(run) < 2 or token.ent_type_ in PLACE_OR_NUMBER_ENTITIES:
        return False
    # "Ms Aoife Ní Bhriain": an honorific before the name says as much as a given name.
    first = run[0].lower_.rstrip(".")
    return first in HONORIFICS or given_name_gender(first) is not None


def opens_with_title(token: Token) -> bool:
    """ "Councillor Maren Holt rebuked the board": a title before a given name and a surname
    says a person is named, whatever the recogniser took the run for ("Councillor Maren
    Holt" as an organisation). One word after the title is not enough ("General Motors")."""
    run = [t for t in proper_run(token) if t.is_alpha]
    if token.ent_type_ in PLACE_OR_NUMBER_ENTITIES:
        return False
    lowered = [t.lower_ for t in run]
    if any(w in NON_PERSON_WORDS for w in lowered):
        return False
    titles = 0
    while titles < len(run) and (
        lowered[titles] in TITLES or (lowered[titles] in NAME_LIKE_TITLES and len(run) - titles > 2)
    ):
        titles += 1
    named = run[titles:]
    return titles > 0 and len(named) >= 2 and all(t.is_title for t in named)


def holder_of_name(root: Token) -> Token:
    """The word whose place in the sentence a name takes: the role it is set beside
    ("His deputy, Nneka Obi, disagreed" makes Obi the subject), else the name itself."""
    return root.head if beside_a_role(root) else root


def role_phrase(token: Token) -> Span:
    """The noun phrase a role noun heads: "a senior Trump administration official",
    "the US secretary of state" (an "of" phrase is kept, a relative clause is not)."""
    left = token.i
    for child in token.lefts:
        if child.pos_ == "VERB":
            continue  # "Said Ostby:", where the parser made the verb part of the name
        if child.dep_ in ("det", "amod", "compound", "nmod", "poss", "nummod", "quantmod"):
            left = min(left, child.left_edge.i)
    right = token.i
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            right = max(right, child.right_edge.i)
        elif child.dep_ == "compound":
            right = max(right, child.i)
        elif child.dep_ == "conj" and _second_role_of_one_person(token, child):
            right = max(right, role_phrase(child).end - 1)
        elif child.dep_ not in ("cc", "punct"):
            break
    doc = token.doc
    # "the secretary of state and" where what follows the "and" is someone else.
    while right > token.i and (doc[right].dep_ == "cc" or doc[right].is_punct):
        right -= 1
    return doc[left : right + 1]


def description_phrase(token: Token, *, asides: bool = False) -> Span:
    """The whole description of an unnamed source: its role phrase and the words after the
    noun that say which source it is ("a person familiar with the talks", "an aide close
    to the mayor", "an official briefed on the plan", "a source who asked not to be
    named"). A name is no description: ``role_phrase`` for those.

    A modifier set off by a comma ("an official, who asked not to be named,") is an
    aside about the source; it counts only with ``asides`` (to match a configured alias
    that spells it out), and the source's own description ends before it."""
    phrase = role_phrase(token)
    doc = token.doc
    if not doc.has_annotation("DEP"):
        return phrase
    right = phrase.end - 1
    for child in token.rights:
        if child.i <= right or child.is_punct:
            continue
        if not _describes_source(child):
            break
        if not asides and child.left_edge.i > 0 and doc[child.left_edge.i - 1].text == ",":
            break
        if child.right_edge.i - phrase.start >= DESCRIPTION_WORDS:
            break
        right = child.right_edge.i
    while right >= phrase.end and (doc[right].is_punct or doc[right].dep_ == "cc"):
        right -= 1
    return doc[phrase.start : right + 1]


def _describes_source(child: Token) -> bool:
    """A post-modifier that says who an unnamed source is, never one that says what was
    said (a relative clause reporting a clause of its own, a quotation)."""
    if any(t.text in QUOTATION_MARKS for t in child.subtree):
        return False
    if child.dep_ == "amod":
        return child.pos_ == "ADJ" and any(c.dep_ == "prep" for c in child.children)
    if child.dep_ == "acl":
        return child.pos_ == "VERB" and child.tag_ in ("VBN", "VBG")
    if child.dep_ == "relcl":
        return not any(t.dep_ == "ccomp" for t in child.subtree)
    if child.dep_ != "prep" or child.lower_ not in DESCRIPTION_PREPS:
        return False
    target = next((c for c in child.children if c.dep_ == "pobj"), None)
    return (
        target is not None
        and target.lemma_.lower() not in CHANNEL_NOUNS
        and target.ent_type_ not in ("DATE", "TIME")
    )


def _second_role_of_one_person(first: Token, second: Token) -> bool:
    """ "the former secretary of state and current nominee": a singular noun joined
    without a determiner of its own describes the same person."""
    return (
        first.tag_ == "NN"
        and second.tag_ == "NN"
        and not any(c.dep_ in ("det", "poss") for c in second.children)
    )


def is_bare_text(text: str) -> bool:
    return len([w for w in words(text) if w not in ("the", "a", "an")]) <= 1


def points_back(token: Token, text: str) -> bool:
    """ "the official" or "the minister", with nothing else that would identify them: a
    definite that points back to someone named before."""
    if not token.doc.has_annotation("DEP"):
        return False
    return is_bare_text(text) and any(
        c.lower_ in ("the", "this", "that") for c in token.children if c.dep_ == "det"
    )
