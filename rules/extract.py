"""Statement extraction: who said what, in an article.

Reads the article once with spaCy, then
1. takes every reporting verb outside quotation marks and the clause it reports
   ("Tillerson said on Tuesday the United States was ready ..."),
2. takes every quotation and the attribution next to it ("...," the official said),
   joining a quote split by its attribution and carrying a paragraph's speaker over
   to the quotes that follow it,
3. resolves the speaker (pronouns, "the official", surnames, roles on that date),
4. dates the statement and reads its topics and positions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from rules.config import Config
from rules.cues import (
    INFINITIVE_LEMMAS,
    QUOTE_ONLY_LEMMAS,
    cue_phrase,
    is_refused,
    is_speech_form,
    is_speech_verb,
)
from rules.dates import resolve_date
from rules.linking import OfficialIndex, words
from rules.mentions import MentionIndex, Resolution, role_phrase
from rules.nlp import is_parsed, load_pipeline
from rules.quotes import Quote, find_quotes
from rules.records import DatePrecision, Stance, Statement, StatementKind
from rules.stance import StanceReader
from watchers.article import Article

SUBJECT_DEPS = ("nsubj", "nsubjpass")
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
WRITER_PRONOUNS = frozenset({"i", "we", "you", "it", "they", "this", "that", "there"})
CONTINUATION_WORDS = frozenset({"and", "also"})
# Pronouns that point back at what was just said: "we haven't seen that".
POINTING_WORDS = frozenset({"that", "this"})
# The share of a statement's characters inside quotation marks above which it is "direct".
DIRECT_SHARE = 0.9
CONTINUATION_CONFIDENCE = 0.8


@dataclass
class Draft:
    """A statement being assembled."""

    fragments: list[tuple[int, int]]
    verb: Token | None
    speaker_token: Token | None
    cue: str | None
    sent: int
    resolution: Resolution | None = None
    speaker_text: str | None = None
    quotes: list[Quote] = field(default_factory=list)

    @property
    def start(self) -> int:
        return min(s for s, _ in self.fragments)

    @property
    def end(self) -> int:
        return max(e for _, e in self.fragments)

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.fragments)


class Extractor:
    """Turns articles into statements for one configuration."""

    def __init__(self, config: Config, nlp: Language | None = None) -> None:
        self.config = config
        self.officials = OfficialIndex(config.officials)
        self.nlp = nlp or load_pipeline(tuple(self.officials.person_names()))
        self.stance = StanceReader(config.topics, self.nlp)

    def extract(self, article: Article) -> list[Statement]:
        doc = self.nlp(article.text)
        quotes = [q for q in find_quotes(article.text) if article.text[q.start : q.end].strip()]
        quoted = [f for q in quotes for f in q.fragments]
        mentions = MentionIndex(doc, self.officials, article.published, quoted)
        if is_parsed(doc):
            drafts = _reported_clauses(doc, quotes)
        else:
            drafts = _surface_attributions(doc, quotes)
        drafts = _attach_quotes(doc, quotes, drafts)
        drafts = [d for d in drafts if _keep(doc, d)]
        for draft in drafts:
            _resolve_speaker(draft, mentions, self.officials)
        article_topics = self.stance.article_topics(article.text)
        statements = [self._statement(doc, article, d, article_topics) for d in drafts]
        statements = _inherit_dates(statements, article.published)
        return _continue_positions(statements, doc)

    def _statement(
        self, doc: Doc, article: Article, draft: Draft, article_topics: set[str]
    ) -> Statement:
        fragments = _merge(draft.fragments)
        text = " ".join(doc.text[s:e].strip() for s, e in fragments)
        flip = draft.verb is not None and draft.verb.lemma_.lower() == "deny"
        topics, stances = self.stance.read(
            doc, fragments, article_topics=article_topics, flip_all=flip
        )
        resolution = draft.resolution
        day, precision = _statement_date(doc, draft, fragments, article.published)
        return Statement(
            article_id=article.id,
            source=article.url or article.source,
            url=article.url,
            kind=_kind(doc.text, fragments, draft.quotes),
            text=_strip_marks(text),
            start=fragments[0][0],
            end=fragments[-1][1],
            speaker=resolution.name if resolution else draft.speaker_text,
            speaker_id=resolution.official_id if resolution else None,
            speaker_mention=resolution.mention if resolution else None,
            cue=draft.cue,
            date=day,
            date_precision=precision,
            topics=topics,
            stances=stances,
        )


# --- 1. reported clauses -------------------------------------------------------


def _inside(quotes: Iterable[Quote], offset: int) -> bool:
    return any(s <= offset < e for q in quotes for s, e in q.fragments)


def _reported_clauses(doc: Doc, quotes: list[Quote]) -> list[Draft]:
    drafts: list[Draft] = []
    sent_of = {t.i: n for n, s in enumerate(doc.sents) for t in s}
    for token in doc:
        if _inside(quotes, token.idx):
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
    fragments = [(doc[span[0]].idx, _end_char(doc[span[1]]))] if span else []
    if (
        fragments
        and verb.lemma_.lower() in QUOTE_ONLY_LEMMAS
        and not any(q.start < fragments[0][1] and fragments[0][0] < q.end for q in quotes)
    ):
        fragments = []
    return Draft(fragments, verb, _subject(verb), cue_phrase(verb), sent_of[verb.i])


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
        [(kept[0].idx, _end_char(kept[-1]))], token, source, "according to", sent_of[token.i]
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


def _subject(verb: Token) -> Token | None:
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
    return last.text == "?" and not _inside(quotes, last.idx) and verb.lemma_.lower() != "ask"


def _surface_attributions(doc: Doc, quotes: list[Quote]) -> list[Draft]:
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


# --- 2. quotations -------------------------------------------------------------


def _attach_quotes(doc: Doc, quotes: list[Quote], drafts: list[Draft]) -> list[Draft]:
    sents = list(doc.sents)
    for quote in quotes:
        owner = next(
            (d for d in drafts if d.fragments and d.overlaps(quote.start, quote.end)), None
        )
        if owner is not None:
            owner.quotes.append(quote)
            owner.fragments.append(
                quote.fragments[0] if len(quote.fragments) == 1 else (quote.start, quote.end)
            )
            continue
        verb_draft = _nearest_attribution(doc, quote, drafts, sents)
        if verb_draft is not None:
            verb_draft.quotes.append(quote)
            verb_draft.fragments.extend(quote.fragments)
            continue
        carried = _carried_speaker(doc, quote, drafts, sents)
        if carried is not None:
            drafts.append(carried)
    return [d for d in drafts if d.fragments]


def _nearest_attribution(
    doc: Doc, quote: Quote, drafts: list[Draft], sents: list[Span]
) -> Draft | None:
    """The reporting verb in the quote's own sentences (before, after or inside it)."""
    first = _sent_index(doc, quote.start, sents)
    last = _sent_index(doc, max(quote.start, quote.end - 1), sents)
    after_end = _sent_index(doc, _next_visible(doc.text, quote.end + 1), sents)
    allowed = {first, last, after_end}
    candidates = [
        d
        for d in drafts
        if d.verb is not None
        and d.sent in allowed
        and d.cue != "according to"
        and _same_paragraph(doc.text, d.verb.idx, quote)
    ]
    if not candidates:
        return None

    def distance(d: Draft) -> int:
        assert d.verb is not None
        at = d.verb.idx
        return min(abs(at - quote.start), abs(at - quote.end))

    best = min(candidates, key=distance)
    # A verb that already reports a clause takes the quote only as the other half of a
    # split quote; a verb with nothing reported takes any quote beside it, scare quotes
    # included ("called it a 'hoax'" is still said by the subject).
    if best.fragments and not _adjacent(doc.text, best, quote):
        return None
    return best


def _next_visible(text: str, offset: int) -> int:
    while offset < len(text) - 1 and text[offset].isspace() and text[offset] != "\n":
        offset += 1
    return min(offset, len(text) - 1)


def _carried_speaker(
    doc: Doc, quote: Quote, drafts: list[Draft], sents: list[Span]
) -> Draft | None:
    """A quote standing alone takes the speaker of the quote before it in the same
    paragraph, or of a paragraph that ended by introducing it ("He said:")."""
    if not _is_whole_quote(doc.text, quote):
        return None
    paragraph_start = doc.text.rfind("\n", 0, quote.start) + 1
    before = [
        d for d in drafts if d.fragments and d.end <= quote.start and d.speaker_token is not None
    ]
    if not before:
        return None
    previous = max(before, key=lambda d: d.end)
    same_paragraph = previous.end >= paragraph_start
    between = doc.text[previous.end : quote.start]
    introduced = between.rstrip().rstrip('"”’').rstrip().endswith(":") or len(between.strip()) <= 30
    if not (same_paragraph or (introduced and previous.quotes)):
        return None
    sent = _sent_index(doc, quote.start, sents)
    return Draft(
        list(quote.fragments),
        previous.verb,
        previous.speaker_token,
        previous.cue,
        sent,
        quotes=[quote],
    )


def _adjacent(text: str, draft: Draft, quote: Quote) -> bool:
    """A quote split by its attribution: only the attribution lies between the parts."""
    assert draft.verb is not None
    gap_start, gap_end = (
        (draft.end, quote.start) if draft.end <= quote.start else (quote.end, draft.start)
    )
    return gap_end - gap_start <= 80 and "\n" not in text[gap_start:gap_end]


def _is_whole_quote(text: str, quote: Quote) -> bool:
    """The quote is a sentence of its own, not a phrase inside narration."""
    before = text[max(0, quote.start - 3) : quote.start - 1].strip()
    return before == "" or before[-1] in ".:!?\n,"


def _same_paragraph(text: str, offset: int, quote: Quote) -> bool:
    lo, hi = sorted((offset, quote.start))
    if "\n" not in text[lo:hi]:
        return True
    lo, hi = sorted((offset, quote.end))
    return "\n" not in text[lo:hi]


def _sent_index(doc: Doc, offset: int, sents: list[Span]) -> int:
    for n, sent in enumerate(sents):
        if sent.start_char <= offset < sent.end_char:
            return n
    return len(sents) - 1


# --- 3. speakers ---------------------------------------------------------------


def _keep(doc: Doc, draft: Draft) -> bool:
    """A draft needs words and a speaker to ask about; a quotation is kept regardless."""
    text = " ".join(doc.text[s:e] for s, e in draft.fragments)
    return (len(words(text)) >= 1 and draft.speaker_token is not None) or bool(draft.quotes)


def _resolve_speaker(draft: Draft, mentions: MentionIndex, officials: OfficialIndex) -> None:
    token = draft.speaker_token
    if token is None:
        return
    if token.lower_ in WRITER_PRONOUNS:
        draft.speaker_token = None
        return
    # "Her spokeswoman, Jenna Holt, said": the name in apposition says who.
    named = next((c for c in token.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
    token = named or token
    resolution = mentions.resolve_token(token)
    if resolution is not None:
        draft.resolution = resolution
        return
    phrase = role_phrase(token) if token.pos_ in ("NOUN", "PROPN") else None
    if phrase is None:
        return
    text = _clean_phrase(phrase)
    draft.speaker_text = text
    source = officials.by_description(text)
    if source is not None:
        draft.resolution = Resolution(
            text, source.id, (phrase.start_char, phrase.end_char), "anonymous"
        )


def _clean_phrase(phrase: Span) -> str:
    tokens = [t for t in phrase if not t.is_space]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    return "".join(t.text_with_ws for t in tokens).strip()


# --- 4. dates, kinds, positions ---------------------------------------------------


def _statement_date(
    doc: Doc, draft: Draft, fragments: list[tuple[int, int]], published: date | None
) -> tuple[date | None, DatePrecision]:
    if draft.verb is None:
        return None, "day"
    sent = draft.verb.sent
    for ent in doc.ents:
        if ent.label_ != "DATE" or not (sent.start <= ent.start < sent.end):
            continue
        if any(s <= ent.start_char < e for s, e in fragments):
            continue
        resolved = resolve_date(ent.text, published)
        if resolved is not None:
            return resolved
    return None, "day"


def _inherit_dates(statements: list[Statement], published: date | None) -> list[Statement]:
    """Statements in text order; an undated one was made when its speaker's previous one
    in the article was, if that one was dated by the text, else on the day of publication."""
    dated: dict[str, tuple[date | None, DatePrecision]] = {}
    fallback: tuple[date | None, DatePrecision] = (published, "day")
    out: list[Statement] = []
    for statement in sorted(statements, key=lambda s: s.start):
        key = statement.speaker_id or statement.speaker or ""
        if statement.date is not None:
            dated[key] = (statement.date, statement.date_precision)
        else:
            day, precision = dated.get(key, fallback)
            statement = replace(statement, date=day, date_precision=precision)
        out.append(statement)
    return out


def _continue_positions(statements: list[Statement], doc: Doc) -> list[Statement]:
    """A statement that carries on the speaker's previous one takes its position.

    "And we certainly haven't seen that," right after a statement of conditions by
    the same speaker says where they stand only through what came before: it opens
    with a connective or points back with "that"/"this". It inherits the previous
    statement's positions, with less confidence, and says so in its evidence.
    """
    out: list[Statement] = []
    for statement in statements:
        # Only the statement right before counts: another speaker in between ends the run.
        same = bool(out) and statement.speaker_id is not None
        previous = out[-1] if same and out[-1].speaker_id == statement.speaker_id else None
        if previous is not None and previous.stances and _continues(doc, previous, statement):
            inherited = tuple(
                Stance(
                    s.topic,
                    s.position,
                    round(s.confidence * CONTINUATION_CONFIDENCE, 2),
                    tuple(f"continues: {words}" for words in s.evidence),
                    s.negated,
                )
                for s in previous.stances
                if statement.stance_on(s.topic) is None
            )
            topics = tuple(dict.fromkeys((*statement.topics, *(s.topic for s in inherited))))
            statement = replace(statement, stances=(*statement.stances, *inherited), topics=topics)
        out.append(statement)
    return out


def _continues(doc: Doc, previous: Statement, statement: Statement) -> bool:
    if doc.text[previous.end : statement.start].count("\n\n") > 1:
        return False
    tokens = [t for t in doc if statement.start <= t.idx < statement.end and t.is_alpha]
    if not tokens:
        return False
    if tokens[0].lower_ in CONTINUATION_WORDS:
        return True
    # The parser often reads a final "that" as the mark of a following clause.
    return any(
        t.lower_ in POINTING_WORDS and (t.dep_ not in ("det", "mark") or t is tokens[-1])
        for t in tokens
    )


def _kind(text: str, fragments: list[tuple[int, int]], quotes: list[Quote]) -> StatementKind:
    total = sum(len(text[s:e].strip()) for s, e in fragments)
    quoted = sum(
        max(0, min(e, qe) - max(s, qs))
        for s, e in fragments
        for q in quotes
        for qs, qe in q.fragments
    )
    if total and quoted / total >= DIRECT_SHARE:
        return "direct"
    return "mixed" if quoted else "indirect"


def _merge(fragments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for s, e in sorted(fragments):
        if merged and s <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], e)
        elif e > s:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def _end_char(token: Token) -> int:
    return token.idx + len(token.text)


def _strip_marks(text: str) -> str:
    """The words without the quotation marks and the comma that led to the attribution."""
    return text.strip().strip('"“”„«»').rstrip(",").strip()
