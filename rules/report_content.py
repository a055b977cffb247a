"""The content a reporting verb reports: the span of its clause (with coordinated clauses and
infinitives, past a hearer or a channel, without asides and the writer's own tail), and the
quoted words a characterising verb casts ("called the plan 'a gamble'").
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from rules.cues import (
    EVALUATIVE_LEMMAS,
    HEARER_LEMMAS,
    INFINITIVE_LEMMAS,
    QUOTE_MARKS,
    is_speech_verb,
    verb_lemma,
)
from rules.drafts import doc_text, end_char, inside
from rules.person_words import SAYING_CHANNELS
from rules.quotes import Quote

SUBJECT_DEPS = ("nsubj", "nsubjpass")
# The words between a quotation and the verb that attributes it: ', the harbour master said'.
ATTRIBUTION_WORDS = 6
# Characters between a quotation and the verb attributing it: ',” the harbour master said'.
QUOTE_TO_VERB = 40
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
# Pronouns by which the writer speaks of a speaker named before.
NARRATED_PRONOUNS = frozenset({"he", "she", "they"})
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


def quote_within(quotes: Sequence[Quote], span: tuple[int, int]) -> bool:
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


def _introduces_quote(token: Token, quotes: Sequence[Quote]) -> bool:
    """A reporting verb with no clause of its own, right before a quotation."""
    if not is_speech_verb(token) or any(c.dep_ == "ccomp" for c in token.children):
        return False
    return _quotes_after(token.right_edge, quotes)


def _under_a_verb(token: Token, top: Token) -> bool:
    """A verb stands between ``token`` and ``top``: the quotation belongs to a clause of
    its own ("as a warning to what she called "a threat"")."""
    while token.i != top.i and token.head.i != token.i:
        token = token.head
        if token.i != top.i and token.pos_ in ("VERB", "AUX"):
            return True
    return False


def characterised_span(verb: Token, quotes: Sequence[Quote] = ()) -> tuple[int, int] | None:
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
    tokens = without_trailing_punct([t for part in parts for t in part.subtree if not t.is_space])
    if not tokens:
        return None
    return (tokens[0].idx, end_char(max(tokens, key=lambda t: t.i)))


def without_trailing_punct(tokens: list[Token], keep: str = '"”’') -> list[Token]:
    """The tokens without the punctuation that ends them; a closing quotation mark (one
    of ``keep``) belongs to the words and stays."""
    end = len(tokens)
    while end and tokens[end - 1].is_punct and tokens[end - 1].text not in keep:
        end -= 1
    return tokens[:end]


def content_tokens(verb: Token, quotes: Sequence[Quote]) -> tuple[int, int] | None:
    """First and last token index of the clause a reporting verb reports."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    # "It is unlikely; her team says she will return": the clause after the verb,
    # unless the one before it is a quotation ("'Resign,' she told him, after ...").
    quoted = [c for c in clauses if c.i < verb.i and inside(quotes, c.idx)]
    later = [c for c in clauses if c.i > verb.i]
    preferred = quoted or later or clauses
    clause = preferred[0] if preferred else None
    if clause is not None and (
        _nearer_report(verb, clause, quotes) or attributed_after(verb, clause, quotes)
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


def shared_infinitive(token: Token) -> Token | None:
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
    if head.dep_ == "xcomp" and has_to(head) and head.i < token.i:
        infinitive, governor = head, head.head
    elif head.tag_ != "VB":
        before = [c for c in head.children if c.dep_ == "xcomp" and has_to(c) and c.i < token.i]
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


def has_to(verb: Token) -> bool:
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
        if other.i <= end or shared_infinitive(other) != clause:
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
        reports_nothing_yet(t) and not inside(quotes, t.idx)
        for t in verb.doc[verb.i + 1 : clause.left_edge.i]
    )


def attributed_after(verb: Token, clause: Token, quotes: Sequence[Quote]) -> bool:
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
        if reports_nothing_yet(token):
            return any(c.dep_ in SUBJECT_DEPS for c in token.children)
    return False


def reports_nothing_yet(token: Token) -> bool:
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
            and shared_infinitive(token) is None
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
    span = characterised_span(token, quotes)
    return span is not None and quote_within(quotes, span)


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
            and after_comma(ancestor)
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
        if child.dep_ != "advcl" or not after_comma(child):
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
        if t.i > clause.i and t.right_edge.i >= last.i and t.head.i < t.i and after_comma(t)
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


def after_comma(token: Token) -> bool:
    i = token.left_edge.i - 1
    while i >= 0 and token.doc[i].text in "\"”’'":
        i -= 1
    return i >= 0 and token.doc[i].text == ","
