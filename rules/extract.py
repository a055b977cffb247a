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

import html
import re
from dataclasses import replace
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Token

from rules.config import Config
from rules.dating import statement_date
from rules.drafts import Draft, doc_text, merge_fragments, subtract
from rules.linking import OfficialIndex
from rules.mentions import MentionIndex
from rules.nlp import is_parsed, load_pipeline
from rules.quotes import (
    CLOSE_DOUBLE,
    NEUTRAL_DOUBLE,
    OPEN_DOUBLE,
    Quote,
    find_quotes,
    paired_apostrophes_as_marks,
)
from rules.quoting import attach_quotes
from rules.records import DatePrecision, Stance, Statement, StatementKind
from rules.reported import mark_relayed, reported_clauses
from rules.speakers import keep, resolve_speakers, without_own_echoes
from rules.stance import StanceReader
from rules.surface import surface_attributions
from watchers.article import Article

# Documents, polls and data "say" things too, but nobody said them: not statements,
# unless the user configured the source (then the speaker is linked to an official).
DOCUMENT_NOUNS = frozenset(
    [
        "poll",
        "survey",
        "study",
        "report",
        "memo",
        "document",
        "letter",
        "analysis",
        "data",
        "figure",
        "record",
        "filing",
        "ad",
        "advertisement",
        "article",
        "book",
        "bill",
        "law",
        "rule",
        "resolution",
        "statement",
        "transcript",
        "release",
    ]
)
CONTINUATION_WORDS = frozenset({"and", "also"})
# Pronouns that point back at what was just said: "we haven't seen that".
POINTING_WORDS = frozenset({"that", "this"})
# Words that open the question in "asked whether ...", "asked her what ...".
QUESTION_OPENERS = frozenset({"whether", "if", "what", "why", "how", "who", "when", "which"})
# The share of a statement's characters inside quotation marks above which it is "direct".
DIRECT_SHARE = 0.9
CONTINUATION_CONFIDENCE = 0.8
CONTINUES = "continues: "  # the evidence prefix of a position carried on


# "VESTERBY, Nordmark — ", "AL-MANSURA, Khazran (Wire) — ", "WASHINGTON ― ": the place line
# (in capitals, perhaps a region and an agency after it) that opens a wire story's first
# paragraph, ended by a dash.
_DATELINE = re.compile(
    r"^[^\S\n]*[A-Z][A-Z.'’-]+(?:[^\S\n]+[A-Z][A-Z.'’-]+){0,3}"
    r"(?:,[^\S\n]*[A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*){0,3})?"
    r"(?:[^\S\n]*\([^()\n]{1,40}\))?[^\S\n]*(?:[—―–]|--?)[^\S\n]+(?=[A-Z0-9\"“‘'«])",
    re.MULTILINE,
)


def without_datelines(text: str) -> str:
    """The text with each dateline blanked out, offsets kept: a dateline is no part of
    the sentence it opens, and the parser would take the place for the subject
    ("VESTERBY, Nordmark — The minister confirmed ...")."""
    return _DATELINE.sub(lambda m: " " * len(m.group()), text)


# HTML left in a feed's text: a tag, a comment, or a character reference.
_MARKUP_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,500})?/?>", re.DOTALL)
_BLOCK_TAG = re.compile(
    r"</?(?:p|br|div|li|ul|ol|h[1-6]|blockquote|tr|td|table|figure|figcaption)\b", re.I
)
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


_BLANKS = re.compile(r"[^\S\n]{2,}")


def without_markup(text: str) -> str:
    """The text with HTML remnants blanked out, offsets kept: a tag would be read as words
    of a name or a quote ("said Roe.</p>"). A block tag ends a paragraph; a character
    reference becomes its character ("&quot;" a quotation mark)."""
    if "<" not in text and "&" not in text:
        return text

    def tag(match: re.Match[str]) -> str:
        width = len(match.group())
        return ("\n\n" + " " * (width - 2)) if _BLOCK_TAG.match(match.group()) else " " * width

    def reference(match: re.Match[str]) -> str:
        character = html.unescape(match.group())
        if len(character) != 1:
            return match.group()  # not a reference html knows: the text as written
        return character + " " * (len(match.group()) - 1)

    return _CHARACTER_REFERENCE.sub(reference, _MARKUP_TAG.sub(tag, text))


# News runs to tens of thousands of characters at most; past this a text is a dump (a
# transcript, a scraped page) whose parse would take minutes and gigabytes.
ARTICLE_CHARACTERS = 200_000


def text_to_parse(text: str, nlp: Language) -> str:
    """An article's text as extraction parses it: markup and datelines blanked, paired
    apostrophes read as quotation marks, an overlong text cut at a paragraph break. The
    result has the same length (or is a prefix), so every offset still points into the
    article; the backtest parses stored articles with it to read them as they were read."""
    text = without_datelines(paired_apostrophes_as_marks(without_markup(text)))
    return readable_part(text, min(ARTICLE_CHARACTERS, nlp.max_length))


def readable_part(text: str, limit: int) -> str:
    """The opening of an overlong text, cut at a paragraph break (else a space) before
    ``limit``: the statements further on are missed, the article is not refused. Offsets
    into the part are offsets into the whole text."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n\n", 0, limit)
    if cut <= 0:
        cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit]


class Extractor:
    """Turns articles into statements for one configuration."""

    def __init__(self, config: Config, nlp: Language | None = None) -> None:
        self.config = config
        self.officials = OfficialIndex(config.officials)
        self.nlp = nlp or load_pipeline(tuple(self.officials.person_names()))
        self.stance = StanceReader(config.topics, self.nlp)

    def extract(self, article: Article) -> list[Statement]:
        text = text_to_parse(article.text, self.nlp)
        doc = self.nlp(text)
        quotes = [q for q in find_quotes(text) if text[q.start : q.end].strip()]
        quoted = [f for q in quotes for f in q.fragments]
        mentions = MentionIndex(doc, self.officials, article.published, quoted)
        if is_parsed(doc):
            drafts = mark_relayed(reported_clauses(doc, quotes))
        else:
            drafts = surface_attributions(doc, quotes)
        drafts = attach_quotes(doc, quotes, drafts)
        drafts = [d for d in drafts if keep(doc, d)]
        resolve_speakers(drafts, mentions, self.officials)
        drafts = without_own_echoes(drafts)
        drafts = [d for d in drafts if not _document_speaks(d)]
        article_topics = self.stance.article_topics(article.text)
        statements = [self._statement(doc, article, d, article_topics, quotes) for d in drafts]
        statements = _inherit_dates(statements, article.published)
        return _continue_positions(statements, doc)

    def _statement(
        self,
        doc: Doc,
        article: Article,
        draft: Draft,
        article_topics: set[str],
        quotes: list[Quote],
    ) -> Statement:
        fragments = [_with_marks(doc_text(doc), f) for f in merge_fragments(draft.fragments)]
        fragments = _without_attribution(fragments, draft)
        text = " ".join(doc_text(doc)[s:e].strip() for s, e in fragments)
        text = _BLANKS.sub(" ", text)  # where markup was blanked out
        flip = draft.verb is not None and draft.verb.lemma_.lower() == "deny"
        own = subtract(fragments, draft.relayed)
        topics, stances = (
            self.stance.read(doc, own, article_topics=article_topics, flip_all=flip)
            if own
            else ((), ())
        )
        resolution = draft.resolution
        day, precision = statement_date(doc, draft.verb, fragments, article.published)
        return Statement(
            article_id=article.id,
            source=article.url or article.source,
            url=article.url,
            # Quoted words make a statement partly quoted whichever statement took the
            # quotation: "Ruiz said Hale's claim that the port lost "millions" was false".
            kind=_kind(doc_text(doc), fragments, quotes),
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
            co_speakers=tuple((r.name, r.official_id) for r in draft.co_resolutions),
        )


# --- 4. dates, kinds, positions ---------------------------------------------------


def _document_speaks(draft: Draft) -> bool:
    token = draft.speaker_token
    if token is None or (draft.resolution is not None and draft.resolution.official_id):
        return False
    return token.pos_ == "NOUN" and token.lemma_.lower() in DOCUMENT_NOUNS


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
                carried_on(s) for s in previous.stances if statement.stance_on(s.topic) is None
            )
            topics = tuple(dict.fromkeys((*statement.topics, *(s.topic for s in inherited))))
            statement = replace(statement, stances=(*statement.stances, *inherited), topics=topics)
        out.append(statement)
    return out


def carried_on(stance: Stance) -> Stance:
    """``stance`` as taken on by the statement after it, with less confidence; its
    evidence says where it came from."""
    return Stance(
        stance.topic,
        stance.position,
        round(stance.confidence * CONTINUATION_CONFIDENCE, 2),
        tuple(f"{CONTINUES}{words}" for words in stance.evidence),
        stance.negated,
    )


def _continues(doc: Doc, previous: Statement, statement: Statement) -> bool:
    if doc_text(doc)[previous.end : statement.start].count("\n\n") > 1:
        return False
    tokens = [t for t in doc if statement.start <= t.idx < statement.end and t.is_alpha]
    if not tokens:
        return False
    if tokens[0].lower_ in CONTINUATION_WORDS:
        return True
    if _answers_a_question(doc, statement):
        # "Asked whether the mayor would run, she said: 'That is up to him'": the
        # "that" points at the question put to her, not at what she said before
        return False
    # The parser often reads a final "that" as the mark of a following clause.
    return any(
        t.lower_ in POINTING_WORDS and (t.dep_ not in ("det", "mark") or t is tokens[-1])
        for t in tokens
    )


def _answers_a_question(doc: Doc, statement: Statement) -> bool:
    """Whether the report around ``statement`` puts a question to the speaker: "asked
    whether ...", "in answer to a question about ..."."""
    if not doc.has_annotation("SENT_START"):
        return False
    frame = (
        t
        for sentence in doc.sents
        if sentence.start_char < statement.end and statement.start < sentence.end_char
        for t in sentence
        if not statement.start <= t.idx < statement.end
    )
    return any(_asks(t) or (t.lemma_ == "question" and t.pos_ == "NOUN") for t in frame)


def _asks(word: Token) -> bool:
    """A question put, not a request: "asked about the plan", "a reporter asked her
    whether ...", but not "who asked not to be named"."""
    if word.lemma_ != "ask":
        return False
    if word.tag_ == "VBN" or any(c.dep_ == "prep" and c.lower_ == "about" for c in word.children):
        return True
    return any(w.lower_ in QUESTION_OPENERS for w in word.subtree if w.i > word.i)


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


def _without_attribution(fragments: list[tuple[int, int]], draft: Draft) -> list[tuple[int, int]]:
    """ "“The quay,” Hale said, “is a disgrace.”": the words of a quotation split by its
    attribution, without the attribution the parser read into the clause."""
    if draft.verb is None or not draft.quotes:
        return fragments
    at = draft.verb.idx
    before = [q.end for q in draft.quotes if q.end <= at]
    after = [q.start for q in draft.quotes if q.start > at]
    if not before or not after:
        return fragments
    return subtract(fragments, [(max(before), min(after))]) or fragments


def _with_marks(text: str, fragment: tuple[int, int]) -> tuple[int, int]:
    """A fragment that opens a quotation it does not close takes the closing mark right
    after it (`lost “millions”.`, where the parser hung the mark on the main verb), and one
    that closes a quotation it did not open takes the opening mark right before it."""
    start, end = fragment
    _, unpaired = _mark_pairs(text[start:end])
    if any(text[start + i] in NEUTRAL_DOUBLE + OPEN_DOUBLE for i in unpaired):
        after = end
        while after < len(text) and after - end < 2 and text[after] in ".,!?":
            after += 1
        if after < len(text) and text[after] in NEUTRAL_DOUBLE + CLOSE_DOUBLE:
            end = after + 1
    closes_unopened = any(text[start + i] in CLOSE_DOUBLE for i in unpaired)
    if closes_unopened and start > 0 and text[start - 1] in OPEN_DOUBLE:
        start -= 1
    return start, end


def _strip_marks(text: str) -> str:
    """The words without the quotation marks around them and the comma that led to the
    attribution; a mark that pairs with one inside stays (`the levy is "a tax"`)."""
    text = text.strip().rstrip(",").strip()
    while len(text) > 1:
        partner, unpaired = _mark_pairs(text)
        last = len(text) - 1
        if partner.get(0) == last:
            text = text[1:-1]
        elif 0 in unpaired:
            text = text[1:]
        elif last in unpaired:
            text = text[:-1]
        else:
            break
        text = text.strip().rstrip(",").strip()
    return text


def _mark_pairs(text: str) -> tuple[dict[int, int], set[int]]:
    """Which quotation mark closes which (opening offset -> closing offset), and the
    offsets of marks that pair with none."""
    partner: dict[int, int] = {}
    unpaired: set[int] = set()
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == NEUTRAL_DOUBLE and stack and text[stack[-1]] == NEUTRAL_DOUBLE:
            partner[stack.pop()] = i
        elif ch in NEUTRAL_DOUBLE + OPEN_DOUBLE:
            stack.append(i)
        elif ch in CLOSE_DOUBLE:
            if stack and text[stack[-1]] != NEUTRAL_DOUBLE:
                partner[stack.pop()] = i
            else:
                unpaired.add(i)
    unpaired.update(stack)
    return partner, unpaired
