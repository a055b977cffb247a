"""Who a reporting verb's words belong to: its subject, the agent of a passive, the name after
an inverted "Said X", a relative pronoun's antecedent, or a noun set off before an aside.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from rules.cues import (
    QUOTE_MARKS,
    UTTERANCE_NOUNS,
    is_speech_verb,
    verb_lemma,
)
from rules.drafts import inside
from rules.quotes import Quote
from rules.report_content import RELATIVE_PRONOUNS, SUBJECT_DEPS, after_comma, characterises, has_to

# Tags of a participle opening an aside: "asked about", "speaking in", "interviewed on"
# (a past participle is often tagged as a past tense).
ASIDE_TAGS = frozenset({"VBN", "VBG", "VBD"})
# Verbs whose object is shown or heard doing something: "the clip shows Roe saying".
PERCEPTION_LEMMAS = frozenset(
    ["show", "hear", "see", "feature", "catch", "capture", "film", "record", "depict"]
)
# The words of a name written after an opening "Said".
NAME_WORDS = 4
# An apposition between a subject and its verb is a short noun phrase.
APPOSITION_WORDS = 12
# How an outlet comes by a document it reports ("a memo, seen by this agency, which
# says"); whoever "levied" or "issued" something may well be the one who says.
COME_BY_LEMMAS = frozenset(["see", "obtain", "review", "view", "examine", "receive", "read"])
# Tags of "who" and "which" opening a relative clause.
RELATIVE_TAGS = frozenset({"WP", "WDT"})
CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "prep"})


def subject_of(verb: Token, quotes: Sequence[Quote] = ()) -> Token | None:
    """The speaker token of a reporting verb, climbing from participles ("..., saying").

    A subject inside quotation marks is part of what was said ("My view, that was
    wrong," the adviser said): the speaker is a subject outside them, or the noun
    right before the verb."""
    if _is_passive(verb):
        # "was written by the poet": the agent speaks; "the aide was told" names a hearer.
        return passive_agent(verb)
    current = verb
    for _ in range(6):
        subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
        # A dash or a stray mark the parser took for a subject is no speaker; of two
        # subjects the parser gave the reporting verb, one with a quotation between it
        # and the verb is the subject of the quoted words, not of the verb.
        worded = [c for c in subjects if not inside(quotes, c.idx) and _has_letters(c)]
        adjoining = [c for c in worded if not _quote_between(c, current, quotes)]
        if current == verb and adjoining:
            # "THE BORROWING Back when he wrote, Mr. Roe said": the one next to the verb.
            subject: Token | None = min(adjoining, key=lambda c: abs(c.i - verb.i))
        else:
            subject = worded[0] if worded else None
        if subject is None and subjects:
            subject = _noun_before(current, quotes)
        if subject is not None:
            if subject.lower_ in RELATIVE_PRONOUNS and (
                current.dep_ == "relcl" or subject.tag_ in RELATIVE_TAGS
            ):
                antecedent = _antecedent(subject, current, quotes)
                if antecedent is not None and _is_utterance(antecedent):
                    return _utterance_owner(antecedent)
                return antecedent
            return subject
        if current == verb:
            aside = _subject_before_aside(verb, quotes)
            if aside is not None:
                return aside
            inverted = inverted_subject(verb) or _shown_speaking(verb)
            if inverted is not None:
                return inverted
            if verb.dep_ == "acl" and _is_utterance(verb.head):
                return _utterance_owner(verb.head)
        # "..., saying", "began by saying": climb participles and the preposition
        # that holds them to the verb whose subject is the speaker.
        if _hangs_on_adverb(current):
            # "refused to name one, aside from saying ...": the adverb holding the
            # preposition hangs on the verb whose subject speaks.
            current = current.head
            continue
        if current != verb and _noun_infinitive(current) and _set_off_participle(verb):
            # "broke with the mayor over her plan to close the depot, telling drivers that
            # ...": the parser hung the participle on the infinitive of a noun, which has
            # no subject; the participle goes with the clause that holds the noun.
            holder = next((a for a in current.ancestors if a.pos_ in ("VERB", "AUX")), None)
            if holder is None:
                return None
            current = holder
            continue
        if current.dep_ in CLIMB_DEPS and current.head != current:
            # "said it was opposed and warned ...": a report the parser hung inside the
            # clause of another report shares that report's subject, not the clause's; the
            # outermost report, when a reporting verb of the clause stands in between
            # ("said the country would declare ... and suggested ...").
            reporters = [a for a in current.ancestors if is_speech_verb(a)]
            reporter = reporters[-1] if reporters else None
            if current.dep_ == "conj" and _reports(current) and reporter is not None:
                current = reporter
                continue
            if inside(quotes, current.head.idx) and not _subject_outside(current.head, quotes):
                # The parser hung the verb on a word of the quotation, whose subject is
                # someone spoken of: the speaker stands outside, before the verb.
                return _speaker_outside_quote(current, quotes)
            current = current.head
            continue
        # The parser found no subject at all ("Roe, the director of the trust, told ..."
        # read as a list of places): the noun phrase right before the verb.
        return _noun_before(current, quotes) if current == verb else None
    return None


def _noun_infinitive(token: Token) -> bool:
    """ "her plan to close the depot": an infinitive that says what a noun is."""
    return token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN") and has_to(token)


def _set_off_participle(verb: Token) -> bool:
    """ "..., telling reporters": a present participle after a comma, in a clause of its own."""
    return verb.tag_ == "VBG" and verb.dep_ == "advcl" and after_comma(verb)


def _hangs_on_adverb(token: Token) -> bool:
    """ "aside from", "apart from", "instead of": an adverb that holds a preposition, on a
    verb."""
    return (
        token.dep_ == "advmod"
        and token.pos_ == "ADV"
        and any(c.dep_ == "prep" for c in token.children)
        and token.head.pos_ in ("VERB", "AUX")
    )


def _antecedent(pronoun: Token, verb: Token, quotes: Sequence[Quote]) -> Token | None:
    """What a relative pronoun stands for: the noun its clause hangs on, when the words
    between them are that noun's own ("a member of the board who said"); else the noun
    right before the pronoun ("turned to the port office, which reported ...", where the
    parser hung the clause elsewhere, or on no noun at all)."""
    found = _nearest_antecedent(pronoun, verb, quotes)
    return _past_the_agent(found) if found is not None else None


def _past_the_agent(noun: Token) -> Token:
    """ "a draft budget, seen by this agency, which says ...": the one that saw or
    obtained a document is the outlet reporting it, not the one that speaks; a relative
    clause after such an aside is about the noun the participle describes."""
    agent = noun.head
    participle = agent.head
    if (
        noun.dep_ == "pobj"
        and agent.lower_ == "by"
        and agent.dep_ in ("agent", "prep")
        and participle.tag_ == "VBN"
        and participle.lemma_.lower() in COME_BY_LEMMAS
        and participle.dep_ == "acl"
        and participle.head.pos_ in ("NOUN", "PROPN")
    ):
        return participle.head
    return noun


def _nearest_antecedent(pronoun: Token, verb: Token, quotes: Sequence[Quote]) -> Token | None:
    head = verb.head
    if verb.dep_ == "relcl" and head.i < pronoun.i:
        between = pronoun.doc[head.i + 1 : pronoun.i]
        if all(head in t.ancestors for t in between if t.text != ","):
            return head
    i = pronoun.i - 1
    doc = pronoun.doc
    if i >= 0 and doc[i].text == ",":
        i -= 1
    if i < 0 or inside(quotes, doc[i].idx) or doc[i].pos_ not in ("NOUN", "PROPN"):
        return None
    if doc[i].ent_type_ in ("DATE", "TIME"):
        # "released a letter from his doctor Friday afternoon that says ...".
        return head if verb.dep_ == "relcl" and head.pos_ in ("NOUN", "PROPN") else None
    return _head_of_compound(doc[i], pronoun.i - 1)


def _is_utterance(token: Token) -> bool:
    return token.pos_ == "NOUN" and token.lemma_.lower() in UTTERANCE_NOUNS


def _utterance_owner(noun: Token) -> Token | None:
    """Who made a statement, a comment or a post: its possessor ("his statement"), the one
    it is by or from, or the one who issued or made it ("the council issued a statement
    calling ...", "prompted Roe to make a comment that described ..."); nobody when the
    sentence does not say."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    for prep in noun.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("by", "from"):
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    if noun.dep_ != "dobj":
        return None
    maker = noun.head
    subject = next((c for c in maker.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is not None or maker.dep_ != "xcomp":
        return subject
    # "prompted Roe to make a comment": the one prompted makes it; "decided to issue a
    # statement": the one who decided.
    controller = maker.head
    told = next((c for c in controller.children if c.dep_ in ("dobj", "dative")), None)
    return told or next((c for c in controller.children if c.dep_ in SUBJECT_DEPS), None)


def _quote_between(one: Token, other: Token, quotes: Sequence[Quote]) -> bool:
    lo, hi = sorted((one.idx, other.idx))
    return any(lo < q.start and q.end <= hi for q in quotes)


def _reports(token: Token) -> bool:
    return is_speech_verb(token) or characterises(token)


def _subject_outside(verb: Token, quotes: Sequence[Quote]) -> bool:
    return any(
        c.dep_ in SUBJECT_DEPS and not inside(quotes, c.idx) and _has_letters(c)
        for c in verb.children
    )


def _has_letters(token: Token) -> bool:
    return any(ch.isalpha() for ch in token.text)


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ == "nsubjpass" for c in verb.children) and any(
        c.dep_ == "auxpass" for c in verb.children
    )


def passive_agent(verb: Token) -> Token | None:
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by else None


def inverted_subject(verb: Token) -> Token | None:
    """ "Said Ellis: ...": a sentence opening with the verb names its speaker right after
    (the parser may even cut the sentence after "Said")."""
    sent = verb.sent
    first = next((t for t in sent if not (t.is_punct or t.is_space)), None)
    if first is None or first.i != verb.i or not verb.is_title:
        return None
    name: Token | None = None
    for token in verb.doc[verb.i + 1 : verb.i + 1 + NAME_WORDS]:
        if not (token.is_title or token.is_upper) or not _has_letters(token):
            break
        name = token
    return name


def _shown_speaking(verb: Token) -> Token | None:
    """ "footage of Ana Ruiz asking, '...'", "the clip shows Ruiz saying ...": a participle
    right after the person a recording is of, or shows, is what that person says."""
    if verb.tag_ != "VBG" or verb.i == 0:
        return None
    person = verb.doc[verb.i - 1]
    if person.pos_ != "PROPN" or person.ent_type_ not in ("PERSON", ""):
        return None
    head = person.head
    if person.dep_ == "pobj" and head.lower_ == "of":
        return person
    if person.dep_ == "dobj" and verb_lemma(head) in PERCEPTION_LEMMAS:
        return person
    return None


def _speaker_outside_quote(verb: Token, quotes: Sequence[Quote]) -> Token | None:
    """ "'...,' Sanders said, suggesting ...": a participle takes the subject of the report
    before it in its sentence; "'...,' police chief Ana Roe said Monday" the name right
    before the verb."""
    if verb.tag_ == "VBG":
        for token in reversed(verb.doc[verb.sent.start : verb.i]):
            if is_speech_verb(token) and not inside(quotes, token.idx):
                subject = next(
                    (
                        c
                        for c in token.children
                        if c.dep_ in SUBJECT_DEPS and not inside(quotes, c.idx) and _has_letters(c)
                    ),
                    None,
                )
                if subject is not None:
                    return subject
    return _noun_before(verb, quotes)


def _subject_before_aside(verb: Token, quotes: Sequence[Quote]) -> Token | None:
    """ "Ruiz, asked about the levy in Millbrook, said ...": the parser may hang the
    participial aside on the verb as a clause with the name for its subject, leaving the
    verb none. The aside's subject (else the word before the comma that opens it) speaks;
    no word inside the aside does."""
    for child in verb.lefts:
        if not (_opens_aside(child) and _set_off_before(child, verb)):
            continue
        subject = next(
            (c for c in child.lefts if c.dep_ in SUBJECT_DEPS and not inside(quotes, c.idx)),
            None,
        )
        if subject is not None and _has_letters(subject):
            return subject
        opening = child.left_edge.i - 1
        if opening > 0 and verb.doc[opening].text == ",":
            before = verb.doc[opening - 1]
            if before.pos_ in ("NOUN", "PROPN") and not inside(quotes, before.idx):
                return _head_of_compound(before, verb.i)
    return None


def _opens_aside(token: Token) -> bool:
    """A participle right after a comma (", asked about", ", speaking in"); the tagger
    often reads a past participle there as a past tense."""
    return (
        token.pos_ == "VERB"
        and token.tag_ in ASIDE_TAGS
        and token.i > 0
        and token.doc[token.i - 1].text == ","
    )


def _set_off_before(aside: Token, verb: Token) -> bool:
    """Whether a comma closes ``aside`` just before ``verb`` (", asked about X, said")."""
    last = aside.right_edge.i
    while last > aside.i and aside.doc[last].is_punct:
        last -= 1  # the parser often hangs the closing comma on the aside itself
    between = aside.doc[last + 1 : verb.i]
    return (
        len(between) >= 1
        and between[0].text == ","
        and all(t.pos_ in ("PUNCT", "ADV", "AUX", "PART") for t in between)
    )


def _head_of_compound(token: Token, last: int) -> Token:
    """The noun a name or compound word belongs to ("Ana" of "Ana Ruiz"), up to token ``last``."""
    while token.dep_ in ("compound", "flat") and token.head.i <= last:
        token = token.head
    return token


def _in_participial_aside(token: Token) -> bool:
    """A place or thing in a participle's phrase ("asked about the port in Millbrook")
    names no speaker."""
    return token.dep_ == "pobj" and any(_opens_aside(a) and a.i < token.i for a in token.ancestors)


def _noun_before(verb: Token, quotes: Sequence[Quote]) -> Token | None:
    """The head of the noun phrase just before ``verb``, outside quotation marks; past a
    description set off by commas ("Flynn, a top surrogate, said")."""
    i = verb.i - 1
    doc = verb.doc
    while i >= 0 and doc[i].pos_ in ("ADV", "AUX", "PART") and not inside(quotes, doc[i].idx):
        i -= 1
    if i >= 0 and doc[i].text == ",":
        return _described_before(doc[i], quotes)
    if i < 0 or inside(quotes, doc[i].idx) or doc[i].pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    return _head_of_compound(doc[i], verb.i)


def _described_before(comma: Token, quotes: Sequence[Quote]) -> Token | None:
    """The name a description between commas stands beside: the word before the comma
    that opens it. The description is a noun phrase of a few words, as appositions are."""
    doc = comma.doc
    for i in range(comma.i - 1, max(comma.sent.start, comma.i - APPOSITION_WORDS) - 1, -1):
        token = doc[i]
        if inside(quotes, token.idx) or token.text in QUOTE_MARKS:
            return None
        if token.text != ",":
            continue
        before = doc[i - 1] if i > 0 else None
        if before is None or inside(quotes, before.idx) or before.pos_ != "PROPN":
            return None
        if _in_participial_aside(before):
            return None
        if not any(t.pos_ == "NOUN" for t in doc[i + 1 : comma.i]):
            return None
        return before
    return None
