"""Reported speech: reporting verbs outside quotation marks and the clauses they report."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from rules.cues import (
    PROMISE_NOUN_LEMMAS,
    QUOTE_MARKS,
    QUOTE_ONLY_LEMMAS,
    SPEECH_NOUN_LEMMAS,
    cue_phrase,
    is_refused,
    is_speech_verb,
    verb_lemma,
)
from rules.drafts import Draft, end_char, inside, quoted_test
from rules.quotes import Quote
from rules.report_content import (
    QUOTE_TO_VERB,
    attributed_after,
    characterised_span,
    characterises,
    content_tokens,
    quote_within,
    reports_nothing_yet,
    shared_infinitive,
    without_trailing_punct,
)
from rules.report_speakers import inverted_subject, passive_agent, subject_of

# The words after an inserted reporting verb before its closing comma: "said on Monday".
INSERTED_ATTRIBUTION_TAIL = 8


def reported_clauses(doc: Doc, quotes: list[Quote]) -> list[Draft]:
    drafts: list[Draft] = []
    sent_of = {t.i: n for n, s in enumerate(doc.sents) for t in s}
    quoted = quoted_test(quotes)
    for token in doc:
        if quoted(token.idx):
            continue
        if token.lower_ == "according":
            draft = _according_to(doc, token, sent_of)
        elif shared_infinitive(token) is not None:
            continue  # "urged them to warn X or declare Y": part of what was urged
        elif is_speech_verb(token) and not is_refused(token) and not _is_question(token, quotes):
            draft = _speech_clause(doc, token, sent_of, quotes)
        elif characterises(token):
            draft = _evaluative_clause(doc, token, sent_of, quotes)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in SPEECH_NOUN_LEMMAS:
            draft = _noun_report(token, sent_of, quotes)
        else:
            continue
        if draft is not None:
            drafts.append(draft)
    return _settle_noun_reports(drafts)


def _settle_noun_reports(drafts: list[Draft]) -> list[Draft]:
    """A noun report that is the object of a reporting or characterising verb.

    "Roe repeated her claim that ..." is one statement of Roe's: the verb's, with the
    claim's clause for its words. In "the mayor mocked Roe's claim that the port lost
    "millions"" the quoted words are Roe's; the mayor's own words are not given."""
    nouns = [d for d in drafts if d.verb is not None and d.verb.pos_ == "NOUN"]
    dropped: set[int] = set()
    for noun_draft in nouns:
        noun, owner = noun_draft.verb, noun_draft.speaker_token
        assert noun is not None and owner is not None
        outer = next((d for d in drafts if d.verb is not None and _governs(d.verb, noun)), None)
        if outer is None or outer.verb is None or outer.speaker_token is None:
            continue
        if owner.lower_ in ("his", "her") or owner.lower_ == outer.speaker_token.lower_:
            outer.fragments = list(noun_draft.fragments)
            dropped.add(id(noun_draft))
        elif not any(c.dep_ == "ccomp" for c in outer.verb.children):
            dropped.add(id(outer))
    return [d for d in drafts if id(d) not in dropped]


def _governs(verb: Token, noun: Token) -> bool:
    """The noun is the verb's object, directly or through a preposition ("seized on")."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    head = noun.head
    if head.dep_ == "prep" and head.head == verb:
        return noun.dep_ == "pobj"
    return head == verb and noun.dep_ in ("dobj", "attr", "oprd")


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
    span = content_tokens(verb, quotes)
    fragments = [(doc[span[0]].idx, end_char(doc[span[1]]))] if span else []
    if fragments and not quote_within(quotes, fragments[0]) and not _reports_unquoted(verb):
        fragments = []
    if not fragments:
        fragments = _quoted_object(verb, quotes) or _object_said(verb, quotes)
    speaker = subject_of(verb, quotes)
    inserted = _around_inserted_attribution(verb, speaker, quotes)
    if inserted:
        fragments = inserted
    # "Said Ostby: ..." where the parser ended a sentence after "Said": the attribution
    # lies where the name is.
    inverted = speaker is not None and speaker == inverted_subject(verb)
    sent = sent_of[speaker.i] if speaker is not None and inverted else sent_of[verb.i]
    return Draft(fragments, verb, speaker, cue_phrase(verb), sent)


def _around_inserted_attribution(
    verb: Token, speaker: Token | None, quotes: Sequence[Quote]
) -> list[tuple[int, int]]:
    """ "The ferry, Hale said on Monday, would run all summer": an attribution set off by
    commas inside the sentence reports the words on both sides of it, not itself. A split
    quotation ("'A,' Hale said, 'B'") is left to the quotation rules."""
    if speaker is None or speaker.i > verb.i:
        return []
    doc = verb.doc
    sent = verb.sent
    left = speaker.left_edge.i - 1
    if left <= sent.start or doc[left].text != ",":
        return []
    right = next((t.i for t in doc[verb.i + 1 : sent.end] if t.text == ","), None)
    if right is None or right - verb.i > INSERTED_ATTRIBUTION_TAIL:
        return []
    if any(t.dep_ in ("ccomp", "xcomp") and t.head == verb for t in doc[verb.i + 1 : right]):
        return []
    before = [t for t in doc[sent.start : left] if not t.is_space]
    after = [t for t in doc[right + 1 : sent.end] if not t.is_space]
    after = without_trailing_punct(after)
    if not before or len(after) < 2:
        return []
    if before[0].text in QUOTE_MARKS or after[0].text in QUOTE_MARKS:
        return []
    if any(is_speech_verb(t) for t in before) or inside(quotes, before[0].idx):
        return []
    return [(before[0].idx, end_char(before[-1])), (after[0].idx, end_char(after[-1]))]


def _quoted_object(verb: Token, quotes: list[Quote]) -> list[tuple[int, int]]:
    """ "is stressing the need for "constant vigilance"", "promised "jobs, jobs, jobs"": a
    reporting verb with no clause says its object, when a quotation sits in it."""
    if verb_lemma(verb) in QUOTE_ONLY_LEMMAS | {"ask"}:
        return []
    if any(c.dep_ == "ccomp" for c in verb.children):
        return []  # a clause it was found not to report
    span = characterised_span(verb, quotes)
    if span is None or not quote_within(quotes, span):
        return []
    start, end = _after_introducing_colon(verb, span, quotes)
    # "concludes with footage of Roe saying, '...'": the quote is the nearer verb's.
    words = [t for t in verb.doc if start <= t.idx < end and not inside(quotes, t.idx)]
    return [] if any(reports_nothing_yet(t) for t in words) else [(start, end)]


def _after_introducing_colon(
    verb: Token, span: tuple[int, int], quotes: Sequence[Quote]
) -> tuple[int, int]:
    """ "wrote on her blog: "..."", "told the rally: "..."": a colon before the quotation
    ends the attribution; the channel or hearer before it is no part of what was said."""
    start, end = span
    for token in verb.doc[verb.i + 1 :]:
        if token.idx >= end or inside(quotes, token.idx):
            break
        if token.text == ":" and token.idx >= start:
            following = next((q for q in quotes if q.start > token.idx), None)
            if following is not None and following.start < end:
                return following.start, end
    return start, end


# Reporting verbs whose object, a noun phrase, is what was said: "acknowledged the
# deficit", "denied the allegations", "repeated the claim".
OBJECT_SAID_LEMMAS = frozenset(
    [
        "acknowledge",
        "admit",
        "deny",
        "confirm",
        "announce",
        "concede",
        "repeat",
        "reiterate",
        "note",
        "mention",
        "claim",
        "promise",
        "pledge",
        "vow",
        "predict",
        "allege",
        "echo",
    ]
)


def _object_said(verb: Token, quotes: list[Quote]) -> list[tuple[int, int]]:
    """ "Okafor denied any part in the sale", "the board acknowledged a shortfall": with
    no clause to report, the noun phrase these verbs take is what was said. An aside on
    it after a comma (", which ...") is the writer's."""
    if verb_lemma(verb) not in OBJECT_SAID_LEMMAS or verb.pos_ != "VERB":
        return []
    if any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return []
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or obj.pos_ not in ("NOUN", "PROPN") or inside(quotes, obj.idx):
        return []
    tokens: list[Token] = []
    for token in obj.subtree:
        if token.i > obj.i and (token.text in (",", "--", "—", "―", "–") or token.is_space):
            break  # an aside set off after the noun phrase
        tokens.append(token)
    tokens = without_trailing_punct(tokens)
    return [(tokens[0].idx, end_char(tokens[-1]))] if tokens else []


def _reports_unquoted(verb: Token) -> bool:
    """Whether the verb's clause is a statement even without quotation marks.

    "asked ministers to wait" is a request; "asked whether he would resign" is a
    journalist's question and "asked not to be named" a condition of anonymity."""
    lemma = verb_lemma(verb)
    if lemma == "ask":
        has_object = any(c.dep_ in ("dobj", "dative") for c in verb.children)
        return has_object and any(c.dep_ == "xcomp" for c in verb.children)
    return lemma not in QUOTE_ONLY_LEMMAS


def _evaluative_clause(
    doc: Doc, verb: Token, sent_of: dict[int, int], quotes: list[Quote]
) -> Draft | None:
    """ "called the plan "a disgrace"", "described him as "unfit"": the words after the verb,
    kept only when they hold a quotation (the quoted words are what was said). "A program
    called "Fresh Start"" names a thing: nobody says it, unless by whom is written."""
    span = characterised_span(verb, quotes)
    if span is not None and not quote_within(quotes, span):
        span = None  # words without a quotation are the writer's, not what was said
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.i - verb.head.i == 1:
        agent = passive_agent(verb)
        if agent is None or span is None:
            return None
        return Draft([span], verb, agent, verb.text, sent_of[verb.i])
    if span is None:
        if _sings_the_quote_before(verb, quotes):
            speaker = subject_of(verb, quotes)
            if speaker is not None:
                return Draft([], verb, speaker, verb.text, sent_of[verb.i])
        return None
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if any(attributed_after(verb, c, quotes) for c in clauses):
        return None
    speaker = subject_of(verb, quotes)
    if speaker is None:
        return None
    return Draft([span], verb, speaker, verb.text, sent_of[verb.i])


def _sings_the_quote_before(verb: Token, quotes: Sequence[Quote]) -> bool:
    """ "'Hands off our port,' they chanted", "'...,' she sings to him": a verb with no
    object of its own, right after a quotation, attributes it."""
    if any(
        c.dep_ in ("dobj", "ccomp", "xcomp") and not inside(quotes, c.idx) for c in verb.children
    ):
        return False
    return any(
        0 <= verb.idx - q.end <= QUOTE_TO_VERB and q.start >= verb.sent.start_char for q in quotes
    )


# Possessives that name nobody a reader could hold to the words.
_NO_OWNER = frozenset(["its", "their", "our", "my", "your"])
# Verbs that give up a promise or a claim: "dropped his pledge to ...", "broke her vow".
ABANDONING_LEMMAS = frozenset(
    [
        "drop",
        "abandon",
        "break",
        "scrap",
        "ditch",
        "shelve",
        "withdraw",
        "retract",
        "renounce",
        "rescind",
        "jettison",
        "disown",
        "repudiate",
        "forsake",
        "renege",
        "retreat",
        "reverse",
    ]
)
# "walked back his promise", "went back on", "backed away from", "rowed back on".
TURNING_BACK_WORDS = frozenset(["back", "away", "down"])


def _noun_report(noun: Token, sent_of: dict[int, int], quotes: Sequence[Quote]) -> Draft | None:
    """ "Roe's claim that the port is losing "millions"", "a warning by the harbour master
    that the pier was unsafe", "his promise to rebuild the quay": a noun for a statement,
    with its owner and the clause that says what was stated."""
    if _abandoned(noun):
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        by = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ == "by"), None)
        owner = next((c for c in by.children if c.dep_ == "pobj"), None) if by else None
    if owner is None or owner.lower_ in _NO_OWNER or inside(quotes, owner.idx):
        return None
    clause = next((c for c in noun.rights if _states_content(noun, c)), None)
    if clause is None:
        return None
    tokens = [t for t in clause.subtree if not t.is_space]
    while tokens and (tokens[0].is_punct or tokens[0].dep_ == "mark"):
        tokens.pop(0)
    tokens = without_trailing_punct(tokens)
    if len(tokens) < 2:
        return None
    return Draft([(tokens[0].idx, end_char(tokens[-1]))], noun, owner, noun.text, sent_of[noun.i])


def _abandoned(noun: Token) -> bool:
    """ "dropped his pledge to ...", "retreated from her promise", "walked back his vow":
    a promise given up is no statement of what its owner holds now."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        verb = head.head
    elif noun.dep_ in ("dobj", "nsubjpass"):
        verb = head
    else:
        return False
    if verb.pos_ == "ADV" and verb.lower_ in TURNING_BACK_WORDS and verb.dep_ == "advmod":
        # "backed away from her pledge": the parser hangs "from" on the adverb.
        return verb.head.pos_ == "VERB"
    if verb.pos_ != "VERB":
        return False
    if verb.lemma_.lower() in ABANDONING_LEMMAS:
        return True
    return any(
        c.dep_ in ("prt", "advmod") and c.lower_ in TURNING_BACK_WORDS for c in verb.children
    )


def _states_content(noun: Token, clause: Token) -> bool:
    """A "that" clause after the noun (not a relative clause: "the claim that was
    dropped"), or for a promise or a threat an infinitive."""
    if clause.dep_ not in ("acl", "ccomp", "appos"):
        return False
    marks = [c.lower_ for c in clause.children if c.dep_ in ("mark", "aux")]
    if "that" in marks:
        return True
    return noun.lemma_.lower() in PROMISE_NOUN_LEMMAS and "to" in marks


def _according_to(doc: Doc, token: Token, sent_of: dict[int, int]) -> Draft | None:
    to = next((c for c in token.children if c.lower_ == "to"), None)
    source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    if source is None:
        return None
    sent = token.sent
    excluded = {t.i for t in token.subtree}
    comma = next((t for t in doc[source.i : sent.end] if t.text == ","), None)
    if comma is not None and token.i == _first_word(sent).i and comma.i < source.right_edge.i:
        # "According to Roe, the move reeks of fear": the parser may hang the clause on
        # the source; what follows the source's comma is what was said.
        excluded = set(range(token.i, comma.i + 1))
    kept = [t for t in sent if t.i not in excluded and not t.is_space]
    while kept and kept[0].is_punct:
        kept.pop(0)
    kept = without_trailing_punct(kept, keep="\"”’'")
    if len(kept) < 3:
        return None
    return Draft(
        [(kept[0].idx, end_char(kept[-1]))], token, source, "according to", sent_of[token.i]
    )


def _first_word(sent: Span) -> Token:
    return next((t for t in sent if not (t.is_punct or t.is_space)), sent[0])


def _is_question(verb: Token, quotes: list[Quote]) -> bool:
    """A journalist's question ("Did he say ...?") reports nothing."""
    sent = verb.sent
    last = sent[-1] if not sent[-1].is_space else sent[-2] if len(sent) > 1 else sent[-1]
    return last.text == "?" and not inside(quotes, last.idx) and verb_lemma(verb) != "ask"
