"""Reported speech: reporting verbs outside quotation marks and the clauses they report."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from rules.cues import (
    EVALUATIVE_LEMMAS,
    HEARER_LEMMAS,
    INFINITIVE_LEMMAS,
    PROMISE_NOUN_LEMMAS,
    QUOTE_MARKS,
    QUOTE_ONLY_LEMMAS,
    SPEECH_NOUN_LEMMAS,
    UTTERANCE_NOUNS,
    cue_phrase,
    is_refused,
    is_speech_verb,
    verb_lemma,
)
from rules.drafts import Draft, doc_text, end_char, inside
from rules.mentions import SAYING_CHANNELS
from rules.quotes import Quote

SUBJECT_DEPS = ("nsubj", "nsubjpass")
# Tags of a participle opening an aside: "asked about", "speaking in", "interviewed on"
# (a past participle is often tagged as a past tense).
ASIDE_TAGS = frozenset({"VBN", "VBG", "VBD"})
# Verbs whose object is shown or heard doing something: "the clip shows Roe saying".
PERCEPTION_LEMMAS = frozenset(
    ["show", "hear", "see", "feature", "catch", "capture", "film", "record", "depict"]
)
# The words between a quotation and the verb that attributes it: ', the harbour master said'.
ATTRIBUTION_WORDS = 6
# Characters between a quotation and the verb attributing it: ',” the harbour master said'.
QUOTE_TO_VERB = 40
# The words after an inserted reporting verb before its closing comma: "said on Monday".
INSERTED_ATTRIBUTION_TAIL = 8
# The words of a name written after an opening "Said".
NAME_WORDS = 4
# An apposition between a subject and its verb is a short noun phrase.
APPOSITION_WORDS = 12
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
# How an outlet comes by a document it reports ("a memo, seen by this agency, which
# says"); whoever "levied" or "issued" something may well be the one who says.
COME_BY_LEMMAS = frozenset(["see", "obtain", "review", "view", "examine", "receive", "read"])
# Pronouns by which the writer speaks of a speaker named before.
NARRATED_PRONOUNS = frozenset({"he", "she", "they"})
# Tags of "who" and "which" opening a relative clause.
RELATIVE_TAGS = frozenset({"WP", "WDT"})
# Subordinating words of a clause the writer adds about the speaker: "..., although he".
ASIDE_MARKS = frozenset({"although", "though", "while", "whereas", "as"})
# Marks of a clause placing the report on a timeline: "two months after he had ...".
TIMELINE_MARKS = frozenset({"after", "before", "since"})
# Words ranking a person among others: "the first minister to break ranks".
RANKING_WORDS = frozenset({"first", "only", "last", "latest", "second", "third", "sole"})
# Nouns by which the writer sums up a report: "..., a move that ...", "..., a reversal".
SUMMING_NOUNS = frozenset(
    {
        "move",
        "step",
        "reversal",
        "u-turn",
        "turnaround",
        "climbdown",
        "shift",
        "departure",
        "blow",
        "setback",
        "boost",
        "rebuke",
        "break",
        "sign",
        "signal",
    }
)
CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "prep"})


def reported_clauses(doc: Doc, quotes: list[Quote]) -> list[Draft]:
    drafts: list[Draft] = []
    sent_of = {t.i: n for n, s in enumerate(doc.sents) for t in s}
    for token in doc:
        if inside(quotes, token.idx):
            continue
        if token.lower_ == "according":
            draft = _according_to(doc, token, sent_of)
        elif _shared_infinitive(token) is not None:
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
    span = _content_tokens(verb, quotes)
    fragments = [(doc[span[0]].idx, end_char(doc[span[1]]))] if span else []
    if fragments and not _quote_within(quotes, fragments[0]) and not _reports_unquoted(verb):
        fragments = []
    if not fragments:
        fragments = _quoted_object(verb, quotes) or _object_said(verb, quotes)
    speaker = subject_of(verb, quotes)
    inserted = _around_inserted_attribution(verb, speaker, quotes)
    if inserted:
        fragments = inserted
    # "Said Ostby: ..." where the parser ended a sentence after "Said": the attribution
    # lies where the name is.
    inverted = speaker is not None and speaker == _inverted_subject(verb)
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
    after = _without_trailing_punct(after)
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
    span = _characterised_span(verb, quotes)
    if span is None or not _quote_within(quotes, span):
        return []
    start, end = _after_introducing_colon(verb, span, quotes)
    # "concludes with footage of Roe saying, '...'": the quote is the nearer verb's.
    words = [t for t in verb.doc if start <= t.idx < end and not inside(quotes, t.idx)]
    return [] if any(_reports_nothing_yet(t) for t in words) else [(start, end)]


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
    tokens = _without_trailing_punct(tokens)
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


def _quote_within(quotes: Sequence[Quote], span: tuple[int, int]) -> bool:
    return any(q.start < span[1] and span[0] < q.end for q in quotes)


def characterises(token: Token) -> bool:
    """ "called the plan "a disgrace"", "described him as "unfit"": a verb that casts
    something in someone's words rather than reporting a clause."""
    return (
        token.pos_ == "VERB"
        and (verb_lemma(token) in EVALUATIVE_LEMMAS or _casts_as_quoted(token))
        and not any(c.dep_ == "neg" for c in token.children)
    )


def _casts_as_quoted(verb: Token) -> bool:
    """ "kept attacking Roe as a "fraud"", "has gone after her as a "liar"": whatever the
    verb, casting someone as something in quoted words characterises them; the quotation
    is what was said of them. The verb needs someone to cast (an object, or the object of
    a preposition before the "as"), so "worked as a "fixer"" casts nobody."""
    if verb.dep_ in ("pcomp", "pobj"):  # "the choice between going after her as ..."
        return False
    cast = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "as"), None)
    if cast is None or not any(
        t.text in QUOTE_MARKS and not _under_a_verb(t, cast) for t in cast.subtree
    ):
        return False
    return any(
        c.i < cast.i
        and (c.dep_ == "dobj" or (c.dep_ == "prep" and any(g.dep_ == "pobj" for g in c.children)))
        for c in verb.rights
    )


# Right-hand dependents of an evaluative verb that are not part of what it characterises.
_NOT_CHARACTERISED = frozenset(
    ["punct", "cc", "conj", "mark", "advcl", "relcl", "parataxis", "prt", "agent"]
)


def _evaluative_clause(
    doc: Doc, verb: Token, sent_of: dict[int, int], quotes: list[Quote]
) -> Draft | None:
    """ "called the plan "a disgrace"", "described him as "unfit"": the words after the verb,
    kept only when they hold a quotation (the quoted words are what was said). "A program
    called "Fresh Start"" names a thing: nobody says it, unless by whom is written."""
    span = _characterised_span(verb, quotes)
    if span is not None and not _quote_within(quotes, span):
        span = None  # words without a quotation are the writer's, not what was said
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.i - verb.head.i == 1:
        agent = _agent(verb)
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
    if any(_attributed_after(verb, c, quotes) for c in clauses):
        return None
    speaker = subject_of(verb, quotes)
    if speaker is None:
        return None
    return Draft([span], verb, speaker, verb.text, sent_of[verb.i])


def _introduces_quote(token: Token, quotes: Sequence[Quote]) -> bool:
    """A reporting verb with no clause of its own, right before a quotation."""
    if not is_speech_verb(token) or any(c.dep_ == "ccomp" for c in token.children):
        return False
    return _quotes_after(token.right_edge, quotes)


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


def _under_a_verb(token: Token, top: Token) -> bool:
    """A verb stands between ``token`` and ``top``: the quotation belongs to a clause of
    its own ("as a warning to what she called "a threat"")."""
    while token.i != top.i and token.head.i != token.i:
        token = token.head
        if token.i != top.i and token.pos_ in ("VERB", "AUX"):
            return True
    return False


def _characterised_span(verb: Token, quotes: Sequence[Quote] = ()) -> tuple[int, int] | None:
    """The words after a verb that say what it is about: its object and complements, up
    to a phrase whose reporting verb introduces a quotation of its own ("sings "..." to
    her before asking her, "..."": the second quotation is asked, not sung)."""
    parts = []
    for child in verb.rights:
        if child.dep_ in _NOT_CHARACTERISED:
            continue
        if child.dep_ == "prep" and any(_introduces_quote(t, quotes) for t in child.subtree):
            break
        parts.append(child)
    tokens = _without_trailing_punct([t for part in parts for t in part.subtree if not t.is_space])
    if not tokens:
        return None
    return (tokens[0].idx, end_char(max(tokens, key=lambda t: t.i)))


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
    tokens = _without_trailing_punct(tokens)
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
    kept = _without_trailing_punct(kept, keep="\"”’'")
    if len(kept) < 3:
        return None
    return Draft(
        [(kept[0].idx, end_char(kept[-1]))], token, source, "according to", sent_of[token.i]
    )


def _without_trailing_punct(tokens: list[Token], keep: str = '"”’') -> list[Token]:
    """The tokens without the punctuation that ends them; a closing quotation mark (one
    of ``keep``) belongs to the words and stays."""
    end = len(tokens)
    while end and tokens[end - 1].is_punct and tokens[end - 1].text not in keep:
        end -= 1
    return tokens[:end]


def _first_word(sent: Span) -> Token:
    return next((t for t in sent if not (t.is_punct or t.is_space)), sent[0])


def _content_tokens(verb: Token, quotes: Sequence[Quote]) -> tuple[int, int] | None:
    """First and last token index of the clause a reporting verb reports."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    # "It is unlikely; her team says she will return": the clause after the verb,
    # unless the one before it is a quotation ("'Resign,' she told him, after ...").
    quoted = [c for c in clauses if c.i < verb.i and inside(quotes, c.idx)]
    later = [c for c in clauses if c.i > verb.i]
    preferred = quoted or later or clauses
    clause = preferred[0] if preferred else None
    if clause is not None and (
        _nearer_report(verb, clause, quotes) or _attributed_after(verb, clause, quotes)
    ):
        return None
    if clause is None and _takes_infinitive(verb):
        clause = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    if clause is None:
        clause = _misparsed_clause(verb) or _clause_on_hearer(verb) or _clause_after_channel(verb)
    handed = _clause_after_hearer(verb)
    if clause is None:
        clause = handed
    if clause is None and verb.dep_ == "parataxis" and verb.head.pos_ in ("VERB", "AUX"):
        return _clause_without(verb.head, verb)
    if clause is None:
        return None
    asides = [a for a in (_aside_about_speaker(verb, clause), _writers_tail(clause)) if a]
    tokens = [
        t
        for t in clause.subtree
        if not _is_trailing_participle(t, clause) and not any(t in a.subtree for a in asides)
    ]
    tokens += _coordinated_clauses(verb, clause, tokens)
    tokens += _coordinated_infinitives(verb, clause, tokens)
    tokens += _clause_after_quote(verb, clause, tokens)
    tokens = [t for t in tokens if not t.is_space]
    tokens = _without_next_report(tokens, clause, quotes)
    if clause.i < verb.i:
        tokens = _from_quote_before(tokens, verb, quotes)
    tokens = _without_hearers_clause(tokens, verb)
    if handed is not None and handed.i < clause.i:
        # The parser split the teller's clause: its start sits in the relative clause.
        tokens = [t for t in verb.doc[handed.left_edge.i : tokens[-1].i + 1] if not t.is_space]
    while tokens and (
        tokens[0].is_punct or (tokens[0].dep_ == "mark" and tokens[0].lower_ == "that")
    ):
        tokens.pop(0)
    # A conjunction left over where the parser hung the next clause elsewhere ends nothing.
    while tokens and (
        (tokens[-1].is_punct and tokens[-1].text not in '"”’') or tokens[-1].dep_ == "cc"
    ):
        tokens.pop()
    if not tokens or (len(tokens) < 2 and not tokens[0].is_alpha):
        return None
    return tokens[0].i, tokens[-1].i


def _coordinated_clauses(verb: Token, clause: Token, tokens: list[Token]) -> list[Token]:
    """ "said the port has "room to grow" and the quay was never the problem": the parser
    may hang the second clause of the report on the verb too; joined to the first by
    "and" or "but", it is more of what was said."""
    if clause.i < verb.i or not tokens:
        return []
    doc = verb.doc
    extra: list[Token] = []
    end = max(t.i for t in tokens)
    for other in sorted(
        (c for c in verb.children if c.dep_ == "ccomp" and c.i > clause.i), key=lambda c: c.i
    ):
        gap = doc[end + 1 : other.left_edge.i]
        joined = [t for t in gap if not (t.is_punct or t.is_space)]
        if any(t.dep_ != "cc" for t in joined) or _infinitive_with_subject(other):
            break
        extra += list(doc[end + 1 : other.right_edge.i + 1])
        end = other.right_edge.i
    return extra


def _shared_infinitive(token: Token) -> Token | None:
    """The infinitive whose "to" a bare verb shares: "to freeze and then cut the fees",
    "to warn the operator or even declare it bankrupt" (the parser hangs the second verb
    on the first, or on the verb the infinitive completes); None for a verb of its own
    ("pledged to resign and left the room", "and said ...")."""
    if token.dep_ != "conj" or token.tag_ not in ("VB", "VBP") or token.head == token:
        return None
    if any(c.dep_ in SUBJECT_DEPS or c.dep_ == "aux" for c in token.children):
        return None
    head = token.head
    infinitive: Token | None = None
    if head.dep_ == "xcomp" and _has_to(head) and head.i < token.i:
        infinitive, governor = head, head.head
    elif head.tag_ != "VB":
        before = [c for c in head.children if c.dep_ == "xcomp" and _has_to(c) and c.i < token.i]
        infinitive, governor = (before[-1], head) if before else (None, head)
    # The tagger reads a bare verb after "and" as present tense ("vowed to meet and
    # exceed"): after a past tense or a participle, a present one cannot be a verb of
    # its own ("they threaten to strike and say ..." can).
    if (
        infinitive is not None
        and token.tag_ == "VBP"
        and governor.tag_ not in ("VBD", "VBG", "VBN")
    ):
        return None
    return infinitive


def _has_to(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _coordinated_infinitives(verb: Token, clause: Token, tokens: list[Token]) -> list[Token]:
    """ "pledged to freeze and then gradually cut the fees": a second verb sharing the
    infinitive's "to" that the parser hung on the reporting verb is more of what was
    pledged."""
    if clause.dep_ != "xcomp" or not tokens:
        return []
    doc = verb.doc
    end = max(t.i for t in tokens)
    extra: list[Token] = []
    for other in sorted((c for c in verb.children if c.dep_ == "conj"), key=lambda c: c.i):
        if other.i <= end or _shared_infinitive(other) != clause:
            continue
        gap = [t for t in doc[end + 1 : other.left_edge.i] if not (t.is_punct or t.is_space)]
        if any(t.dep_ != "cc" for t in gap):
            break
        extra += list(doc[end + 1 : other.right_edge.i + 1])
        end = other.right_edge.i
    return extra


def _clause_after_quote(verb: Token, clause: Token, tokens: list[Token]) -> list[Token]:
    """ "said there remains a "significant difference," when it comes to how many ...": a
    quotation closed by a comma inside the report, and a subordinate clause with a
    subject of its own after it that the parser hung on the reporting verb, go on with
    what was said."""
    if clause.i < verb.i or not tokens:
        return []
    doc = verb.doc
    end = max(t.i for t in tokens)
    gap = doc[end + 1 : end + 3]
    if [t.text for t in gap if t.is_punct][:1] != [","] or not any(t.text in '"”' for t in gap):
        return []
    follows = next((c for c in verb.rights if c.i > end and c.dep_ == "advcl"), None)
    if follows is None or follows.left_edge.i > end + 3 or follows.tag_ in ("VBG", "VBN"):
        return []
    subject = next((c for c in follows.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None or subject.lower_ in NARRATED_PRONOUNS:
        return []  # "..., as he left the room": the writer's narration about the speaker
    return list(doc[end + 1 : follows.right_edge.i + 1])


def _from_quote_before(tokens: list[Token], verb: Token, quotes: Sequence[Quote]) -> list[Token]:
    """ "Roe scolded him: "...," she said": the parser may take the whole sentence before
    the verb for its clause; what the verb reports is the quotation right before it, when
    a colon or a sentence end sets it apart from the words before it."""
    if not tokens:
        return tokens
    before = [
        q
        for q in quotes
        if tokens[0].idx < q.start and q.end <= verb.idx and verb.idx - q.end <= QUOTE_TO_VERB
    ]
    if not before:
        return tokens
    start = max(q.start for q in before) - 1  # the opening mark
    lead = doc_text(verb.doc)[tokens[0].idx : start].rstrip(" \"“”‘’'")
    if not lead.endswith(":") and not any(mark in lead for mark in (". ", "? ", "! ")):
        return tokens
    return [t for t in tokens if t.idx >= start]


def _nearer_report(verb: Token, clause: Token, quotes: Sequence[Quote]) -> bool:
    """ "The clip notes a recording of Roe saying, '...'": a reporting verb between this
    verb and the clause, with no clause of its own, is the one that reports it."""
    return any(
        _reports_nothing_yet(t) and not inside(quotes, t.idx)
        for t in verb.doc[verb.i + 1 : clause.left_edge.i]
    )


def _attributed_after(verb: Token, clause: Token, quotes: Sequence[Quote]) -> bool:
    """ "The loopholes he cited are "...," the paper reported": a clause that ends in a
    quotation closed by a comma, right before another reporting verb and its subject,
    is what that verb reports."""
    if clause.i < verb.i:
        return False
    doc = verb.doc
    i = clause.right_edge.i + 1
    marks = ""
    while i < len(doc) and doc[i].is_punct:
        marks += doc[i].text
        i += 1
    if "," not in marks or not any(m in marks for m in "\"”’'"):
        return False
    for token in doc[i : i + ATTRIBUTION_WORDS]:
        if token.is_punct or token.is_space or inside(quotes, token.idx):
            return False
        if _reports_nothing_yet(token):
            return any(c.dep_ in SUBJECT_DEPS for c in token.children)
    return False


def _reports_nothing_yet(token: Token) -> bool:
    return is_speech_verb(token) and not any(c.dep_ == "ccomp" for c in token.children)


def _clause_after_hearer(verb: Token) -> Token | None:
    """ "told a student who suggested that people may stay home that the plan was
    sound": the parser hangs the teller's clause inside the hearer's relative clause, as
    the last "that" clause after the one the relative verb reports."""
    if verb_lemma(verb) not in HEARER_LEMMAS:
        return None
    hearer = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
    relative = next((c for c in hearer.children if c.dep_ == "relcl"), None) if hearer else None
    if relative is None:
        return None
    own = next((c for c in relative.children if c.dep_ == "ccomp"), None)
    if own is None:
        return None
    later = [
        t
        for t in relative.subtree
        if t.dep_ in ("ccomp", "acl")
        and t.left_edge.i > own.left_edge.i
        and any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children)
    ]
    return later[-1] if later else None


def _clause_on_hearer(verb: Token) -> Token | None:
    """ "told a meeting of island leaders that few people understood ...": the parser may
    read the teller's "that" clause as a relative clause on the hearers (with "that" as
    its mark and a subject of its own), or hang it on a relative clause of theirs; either
    way it is what was told."""
    if verb_lemma(verb) not in HEARER_LEMMAS:
        return None
    hearer = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
    if hearer is None:
        return None
    for token in hearer.subtree:
        marked = any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children)
        if not marked or token.i < hearer.i:
            continue
        subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
        own_subject = subject is not None and subject.lower_ not in RELATIVE_PRONOUNS
        if token.dep_ == "relcl" and own_subject:
            return token
        # "told the captains who met him that the ferry would run": hung on the relative
        # verb, which reports nothing itself.
        if token.dep_ == "ccomp" and token.head.dep_ == "relcl" and not is_speech_verb(token.head):
            return token
    return None


def _without_hearers_clause(tokens: list[Token], verb: Token) -> list[Token]:
    """The relative verb of "told a student who suggested that A that B" reports A only."""
    if verb.dep_ != "relcl" or verb.head.dep_ not in ("dobj", "dative"):
        return tokens
    handed = _clause_after_hearer(verb.head.head)
    if handed is None:
        return tokens
    return [t for t in tokens if t.i < handed.left_edge.i]


def _takes_infinitive(verb: Token) -> bool:
    """ "vowed to cut", "urged ministers to wait", "told aides to find a way"."""
    lemma = verb_lemma(verb)
    if lemma == "tell":
        return any(c.dep_ in ("dobj", "dative") for c in verb.children)
    return lemma in INFINITIVE_LEMMAS


def _without_next_report(
    tokens: list[Token], clause: Token, quotes: Sequence[Quote]
) -> list[Token]:
    """ "said it was opposed and warned the island to stop", "tweeted that the board was
    "useless" and urged voters to "throw them out"": the parser may hang the second
    report inside the first clause; it is a statement of its own. So is a second report
    with a speaker of its own that quotes them ("said the ferry would stop, and when
    pressed, the mayor replied, "..."")."""
    for token in tokens:
        if (
            token.dep_ == "conj"
            and token.i > clause.i
            and _shared_infinitive(token) is None
            and (is_speech_verb(token) or _characterises_a_quote(token, quotes))
            and (
                not any(c.dep_ in SUBJECT_DEPS for c in token.children)
                or _quotes_after(token, quotes)
            )
        ):
            cut = [t for t in tokens if t.i < token.left_edge.i]
            while cut and (cut[-1].dep_ == "cc" or cut[-1].is_punct):
                cut.pop()
            return cut or tokens
    return tokens


def _quotes_after(token: Token, quotes: Sequence[Quote]) -> bool:
    """A quotation opens right after the word (", the mayor replied, "..."")."""
    end = end_char(token)
    return any(0 <= q.start - end <= QUOTE_TO_VERB for q in quotes)


def _characterises_a_quote(token: Token, quotes: Sequence[Quote]) -> bool:
    if not characterises(token):
        return False
    span = _characterised_span(token, quotes)
    return span is not None and _quote_within(quotes, span)


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


def _clause_after_channel(verb: Token) -> Token | None:
    """ "said in a statement that staff would be offered jobs", "told CNN in an interview
    that ...": the parser hangs the "that" clause on the noun for the way it was said, as
    if it said which statement; it is what the verb reports."""
    for prep in verb.rights:
        if prep.dep_ != "prep":
            continue
        channel = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if channel is None or channel.lemma_.lower() not in SAYING_CHANNELS:
            continue
        for token in prep.subtree:
            if token.i <= channel.i or token.dep_ not in ("acl", "relcl", "ccomp"):
                continue
            marked = any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children)
            subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
            if marked and subject is not None and subject.lower_ not in RELATIVE_PRONOUNS:
                return token
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
    """ "said the rule was fair, arguing that ...": a participle after a comma that reports
    again is the speaker's next statement, not part of this one. Any other participle
    goes on with what was said ("said the port would close, leaving hundreds without
    work"), however the parser hangs it on the clause."""
    for ancestor in [token, *token.ancestors]:
        if ancestor == clause:
            return False
        if (
            ancestor.dep_ == "advcl"
            and ancestor.tag_ == "VBG"
            and ancestor.i > clause.i
            and ancestor.head == clause
            and _after_comma(ancestor)
            and (is_speech_verb(ancestor) or characterises(ancestor))
        ):
            return True
    return False


def _aside_about_speaker(verb: Token, clause: Token) -> Token | None:
    """ "claimed that paying no tax was smart, although he again refused to ...": a
    concessive clause after a comma, about the speaker ("he" again), is the writer's
    narration, not part of what was said."""
    speaker = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    if speaker is None or clause.i < verb.i:
        return None
    for child in clause.rights:
        if child.dep_ != "advcl" or not _after_comma(child):
            continue
        if not any(c.dep_ == "mark" and c.lower_ in ASIDE_MARKS for c in child.children):
            continue
        subject = next((c for c in child.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None or subject.lower_ not in NARRATED_PRONOUNS:
            continue
        if subject.lower_ == speaker.lower_ or speaker.pos_ == "PROPN":
            return child
    return None


def _infinitive_with_subject(clause: Token) -> bool:
    """ "said she would resign, the first minister to do so": the parser may make a
    clause of that noun phrase and its infinitive, but it is the writer's, about the
    speaker."""
    subject = next((c for c in clause.children if c.dep_ in SUBJECT_DEPS), None)
    return (
        subject is not None
        and any(c.dep_ == "aux" and c.tag_ == "TO" for c in clause.children)
        and _ranks_someone(subject)
    )


def _ranks_someone(noun: Token) -> bool:
    """ "the first member to ...", "the only minister who ...": a noun ranking a person
    among others, which no speaker says of their own policy."""
    return any(c.dep_ in ("amod", "advmod") and c.lower_ in RANKING_WORDS for c in noun.children)


def _writers_tail(clause: Token) -> Token | None:
    """What the writer adds after a comma at the end of a reported clause, about the
    report rather than inside it: a noun phrase ranking the speaker ("the first member
    to ..."), or summing the report up ("a sharp reversal for ...", "a move that ..."),
    or how long after an earlier act it came ("two months after he had called it ...").
    The parser hangs such a phrase anywhere, so it is known by its words."""
    words = [t for t in clause.subtree if not (t.is_punct or t.is_space)]
    if not words:
        return None
    last = words[-1]
    tails = (
        t
        for t in words
        if t.i > clause.i and t.right_edge.i >= last.i and t.head.i < t.i and _after_comma(t)
    )
    for tail in tails:
        if tail.dep_ == "advcl":
            timed = any(c.dep_ == "mark" and c.lower_ in TIMELINE_MARKS for c in tail.children)
            distance = any(
                c.dep_ == "npadvmod" and c.i < tail.i and c.ent_type_ in ("DATE", "TIME")
                for c in tail.children
            )
            if timed and distance:
                return tail
        elif tail.pos_ == "NOUN" and (tail.lemma_.lower() in SUMMING_NOUNS or _ranks_someone(tail)):
            return tail
    return None


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
    if _is_passive(verb):
        # "was written by the poet": the agent speaks; "the aide was told" names a hearer.
        return _agent(verb)
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
            inverted = _inverted_subject(verb) or _shown_speaking(verb)
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
    return token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN") and _has_to(token)


def _set_off_participle(verb: Token) -> bool:
    """ "..., telling reporters": a present participle after a comma, in a clause of its own."""
    return verb.tag_ == "VBG" and verb.dep_ == "advcl" and _after_comma(verb)


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


def _agent(verb: Token) -> Token | None:
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by else None


def _inverted_subject(verb: Token) -> Token | None:
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


def _is_question(verb: Token, quotes: list[Quote]) -> bool:
    """A journalist's question ("Did he say ...?") reports nothing."""
    sent = verb.sent
    last = sent[-1] if not sent[-1].is_space else sent[-2] if len(sent) > 1 else sent[-1]
    return last.text == "?" and not inside(quotes, last.idx) and verb_lemma(verb) != "ask"
