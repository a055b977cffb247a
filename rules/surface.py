"""Attributions found without a parser: a quotation beside "<speaker> said" or "said <speaker>".

Used when no trained pipeline is installed (the blank fallback of rules/nlp.py). The
patterns read tokens and their shape only, never the (absent) dependency tree:

* after the quote: ``"...," Jane Roe said`` / ``"...," said Sen. Roe`` /
  ``"...," the minister told reporters`` / ``"...," she said``;
* before it: ``Roe said: "..."`` / ``Roe told the crowd, "..."``, and the partly quoted
  ``Roe said the plan was "dead in the water."``, whose statement starts after the verb;
* a quote split by its attribution (``"A," she said, "B."``) is one statement.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

from rules.cues import is_speech_form
from rules.drafts import Draft, sent_index
from rules.names import TITLES
from rules.person_words import FEMALE_WORDS, MALE_WORDS, PRONOUN_GENDER
from rules.quotes import Quote

SPEAKER_PRONOUNS = frozenset(["he", "she", "they", "we", "i"])
DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "his",
        "her",
        "their",
        "its",
        "our",
        "one",
        "another",
        "two",
        "three",
        "several",
        "some",
        "many",
        "other",
        "both",
    ]
)
# Words that may stand between a speaker and the verb: "Roe also said", "she has said".
BETWEEN_SPEAKER_AND_VERB = frozenset(
    [
        "also",
        "then",
        "later",
        "again",
        "once",
        "previously",
        "has",
        "had",
        "have",
        "would",
        "will",
        "further",
        "had",
        "later",
        "earlier",
        "recently",
        "repeatedly",
        "reportedly",
    ]
)
# The words that cut a description after its head: "a spokesman for the mayor".
DESCRIPTION_CUTS = frozenset(["of", "for", "at", "from", "with", "who", "in", "on", "to", "and"])
# Words a speaker's noun phrase cannot run back over: "told voters in Ohio", "and".
PHRASE_BREAKS = frozenset(
    [
        "and",
        "or",
        "but",
        "nor",
        "that",
        "which",
        "who",
        "whom",
        "as",
        "if",
        "when",
        "while",
        "in",
        "on",
        "at",
        "to",
        "of",
        "for",
        "with",
        "from",
        "by",
        "about",
        "after",
        "before",
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "do",
        "did",
        "does",
        "it",
        "this",
        "these",
        "those",
        "there",
        "then",
        "than",
        "so",
        "not",
        "also",
        "said",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "him",
        "them",
        "us",
        "me",
        "what",
        "where",
    ]
)
# How far back a speaker's pronoun looks for its person, in paragraphs.
ANTECEDENT_PARAGRAPHS = 3
POSSESSIVES = frozenset(["'s", "’s"])
CLAUSE_END_MARKS = ",?!—–-…"
QUOTE_MARKS = "\"“”„«»'‘’"
# A direct quote's introduction may name an audience or a medium: "told reporters:".
INTRODUCTION_TOKENS = 8
SPEAKER_TOKENS = 8


def surface_attributions(doc: Doc, quotes: list[Quote]) -> list[Draft]:
    """Without a parser: every quote with an attribution written beside it."""
    reader = _Reader(doc)
    drafts: list[Draft] = []
    by_verb: dict[int, Draft] = {}
    for quote in quotes:
        if any(d.overlaps(quote.start, quote.end) for d in drafts):
            continue  # already inside a partly quoted statement
        found = reader.after(quote) or reader.before(quote)
        if found is None:
            continue
        if found.speaker.lower_ in PRONOUN_GENDER:
            found.speaker = reader.antecedent(found.speaker, quotes) or found.speaker
        earlier = by_verb.get(found.verb.i)
        if earlier is not None:  # the second half of a split quote
            earlier.fragments.extend(found.fragments)
            earlier.quotes.append(quote)
            continue
        draft = Draft(
            found.fragments,
            found.verb,
            found.speaker,
            found.verb.text,
            sent_index(doc, found.verb.idx, reader.sents),
            speaker_text=found.speaker_text,
            quotes=[quote],
        )
        by_verb[found.verb.i] = draft
        drafts.append(draft)
    return drafts


class _Found:
    def __init__(
        self,
        fragments: list[tuple[int, int]],
        verb: Token,
        speaker: Token,
        speaker_text: str | None,
    ) -> None:
        self.fragments = fragments
        self.verb = verb
        self.speaker = speaker
        self.speaker_text = speaker_text


class _Reader:
    """Token-level reading of one document around its quotes."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.sents = list(doc.sents)
        self.starts = [t.idx for t in doc]

    def token_at_or_after(self, offset: int) -> int:
        return bisect_left(self.starts, offset)

    # --- "...," she said: who she is -----------------------------------------------

    def antecedent(self, pronoun: Token, quotes: list[Quote]) -> Token | None:
        """The person a speaker's "he" or "she" stands for: the latest name before it,
        outside quotes, of a fitting gender, in this or the paragraphs just before;
        a name that is the subject of its clause beats one that is not."""
        gender = PRONOUN_GENDER[pronoun.lower_]
        lowest = self._paragraphs_back(pronoun.idx, ANTECEDENT_PARAGRAPHS)
        names = [
            ent
            for ent in self.doc.ents
            if ent.label_ == "PERSON"
            and lowest <= ent.start_char < pronoun.idx
            and not any(s <= ent.start_char < e for q in quotes for s, e in q.fragments)
            and self._gender(ent) in (None, gender)
        ]
        subjects = [ent for ent in names if self._is_subject(ent)]
        fitting = subjects or [ent for ent in names if not self._is_possessive(ent)]
        return fitting[-1][0] if fitting else None

    def _paragraphs_back(self, offset: int, count: int) -> int:
        for _ in range(count):
            offset = self.text.rfind("\n", 0, offset)
            if offset < 0:
                return 0
            while offset > 0 and self.text[offset - 1].isspace():
                offset -= 1
        return offset

    def _gender(self, ent: Span) -> str | None:
        """From an honorific or gendered role word beside any mention of the same surname."""
        surname = ent[-1].lower_
        for other in self.doc.ents:
            if other.label_ != "PERSON" or other[-1].lower_ != surname:
                continue
            before = {t.lower_.rstrip(".") for t in self.doc[max(0, other.start - 2) : other.start]}
            if before & MALE_WORDS:
                return "he"
            if before & FEMALE_WORDS:
                return "she"
        return None

    def _is_possessive(self, ent: Span) -> bool:
        return ent.end < len(self.doc) and self.doc[ent.end].lower_ in POSSESSIVES

    def _is_subject(self, ent: Span) -> bool:
        """Opens its sentence or is followed by a reporting verb or an appositive comma."""
        after = self.doc[ent.end] if ent.end < len(self.doc) else None
        if after is not None and (_is_reporting_verb(after) or after.text == ","):
            return True
        start = ent.start
        while start > 0 and (_is_title_word(self.doc[start - 1])):
            start -= 1
        return self.doc[start].is_sent_start or (
            start > 0 and self.doc[start - 1].text in ("\n", "\n\n")
        )

    # --- "...," Roe said / "...," said Roe ------------------------------------------

    def after(self, quote: Quote) -> _Found | None:
        tokens = self._tokens_after(quote.end)
        if not tokens or not self._closes_clause(quote, tokens):
            return None
        words = [t for t in tokens if not (t.is_punct and t.text in CLAUSE_END_MARKS + QUOTE_MARKS)]
        words = words[: SPEAKER_TOKENS + 1]
        if words and _is_reporting_verb(words[0]):
            speaker = _speaker_after_verb(words[1:])
            if speaker is not None:
                return _Found(list(quote.fragments), words[0], *speaker)
            return None
        for k, token in enumerate(words[1:], start=1):
            if _is_reporting_verb(token):
                speaker = _speaker_before_verb(words[:k])
                if speaker is not None:
                    return _Found(list(quote.fragments), token, *speaker)
                return None
            if token.is_punct and token.text not in ",":
                return None
        return None

    def _tokens_after(self, offset: int) -> list[Token]:
        out: list[Token] = []
        for token in self.doc[self.token_at_or_after(offset) :]:
            if "\n" in token.text:
                break
            if token.is_space:
                continue
            if token.text in ".;" or (out and token.text in QUOTE_MARKS and token.idx > offset + 1):
                out.append(token)
                break
            out.append(token)
            if len(out) > SPEAKER_TOKENS + 4:
                break
        return out

    def _closes_clause(self, quote: Quote, tokens: list[Token]) -> bool:
        """ "...," said: the quote ends a clause, it is no phrase inside narration."""
        inner = self.text[quote.start : quote.end].rstrip()
        if inner and inner[-1] in CLAUSE_END_MARKS:
            return True
        return any(t.text == "," for t in tokens[:2])

    # --- Roe said: "..." / Roe said the plan was "dead" -----------------------------

    def before(self, quote: Quote) -> _Found | None:
        window = self._tokens_before(quote.start - 1)
        # The reporting verb of a sentence comes first: "Roe says the minister's tweets
        # were 'unhinged'" is said by Roe, not by "the minister's".
        for k in range(1, len(window)):
            verb = window[k]
            if not _is_reporting_verb(verb):
                continue
            speaker = _speaker_before_verb(window[:k])
            if speaker is None:
                continue
            between = window[k + 1 :]
            if _introduces(between):
                return _Found(list(quote.fragments), verb, *speaker)
            return _Found(
                [(self._content_start(between), self._sentence_end(quote))], verb, *speaker
            )
        return None

    def _tokens_before(self, offset: int) -> list[Token]:
        """The tokens of the quote's sentence before its opening mark; a paragraph that
        ends with a colon introduces the quote opening the next one."""
        end = self.token_at_or_after(offset)
        paragraph_start = self.text.rfind("\n", 0, offset) + 1
        if not self.text[paragraph_start:offset].strip():
            previous = self.text[:paragraph_start].rstrip()
            if not previous.endswith(":"):
                return []
            end = self.token_at_or_after(len(previous))
        out: list[Token] = []
        for token in reversed(self.doc[:end]):
            if "\n" in token.text or (out and token.text in ".?!"):
                break
            if not token.is_space:
                out.append(token)
        return out[::-1]

    def _content_start(self, between: list[Token]) -> int:
        """After "that" when it comes soon ("told the crowd that ..."), else after the verb."""
        for i, token in enumerate(between[:INTRODUCTION_TOKENS]):
            if token.lower_ == "that" and i + 1 < len(between):
                return between[i + 1].idx
        words = [t for t in between if not t.is_punct]
        return words[0].idx if words else between[0].idx

    def _sentence_end(self, quote: Quote) -> int:
        """The end of the quote's sentence, so that words after the closing mark count."""
        end = quote.end
        while end < len(self.text) and self.text[end] in QUOTE_MARKS + ",":
            end += 1
        line_end = self.text.find("\n", end)
        line_end = len(self.text) if line_end < 0 else line_end
        stop = line_end
        for mark in ".?!":
            at = self.text.find(mark, end, line_end)
            if at >= 0:
                stop = min(stop, at)
        rest = self.text[end:stop]
        if any(m in rest for m in QUOTE_MARKS[:7]):
            return quote.end  # another quote follows: it has its own attribution
        return len(self.text[:stop].rstrip())


def _is_title_word(token: Token) -> bool:
    return token.lower_.rstrip(".") in TITLES or (token.is_title and not token.ent_type_)


def _is_reporting_verb(token: Token) -> bool:
    """A verb form written in lower case: "States" in "the United States" reports nothing."""
    return token.text.islower() and is_speech_form(token)


def _introduces(between: list[Token]) -> bool:
    """Only punctuation, or a short audience or medium ending in a colon or comma."""
    if not between:
        return True
    if all(t.is_punct for t in between):
        return True
    return len(between) <= INTRODUCTION_TOKENS and between[-1].text in ":,"


def _speaker_after_verb(words: list[Token]) -> tuple[Token, str | None] | None:
    """ "said Sen. Jane Roe", "said the minister", "said she"."""
    while words and words[0].lower_.rstrip(".") in _TITLES:
        words = words[1:]
    if not words:
        return None
    first = words[0]
    if first.ent_type_ == "PERSON" or first.lower_ in ("he", "she"):
        return first, None
    phrase = _description(words)
    return phrase


def _speaker_before_verb(words: list[Token]) -> tuple[Token, str | None] | None:
    """ "Jane Roe said", "Roe, the minister, said", "she also said", "a spokesman said"."""
    words = _without_appositive(_without_adverbs(words))
    if not words:
        return None
    last = words[-1]
    if last.ent_type_ == "PERSON" or last.lower_ in SPEAKER_PRONOUNS:
        return last, None
    if not last.is_alpha or last.is_stop:
        return None
    start = _noun_phrase_start(words, len(words))
    if not (words[start].lower_ in DETERMINERS or words[start].is_title):
        return None  # "late-night tweets": a noun, not somebody saying something
    head = last
    # "a spokeswoman for the operator": the head is the noun before the preposition.
    if start >= 2 and words[start - 1].lower_ in ("of", "for", "at", "with", "from"):
        outer = _noun_phrase_start(words, start - 1)
        if outer < start - 1 and words[outer].lower_ in DETERMINERS:
            head, start = words[start - 2], outer
    return head, _phrase_text(words[start:])


def _is_abbreviation(token: Token) -> bool:
    """ "U.S." in "the U.S. envoy"."""
    return token.text.endswith(".") and token.text.replace(".", "").isalpha()


def _noun_phrase_start(words: list[Token], end: int) -> int:
    """Where the noun phrase ending before ``end`` starts: back to its determiner."""
    start = end - 1
    if start < 0 or not words[start].is_alpha or words[start].lower_ in PHRASE_BREAKS:
        return end
    while start > 0 and end - start < SPEAKER_TOKENS:
        previous = words[start - 1]
        possessive = previous.lower_ in POSSESSIVES
        if not (previous.is_alpha or possessive or _is_abbreviation(previous)):
            break
        if previous.lower_ in PHRASE_BREAKS:
            break
        start -= 1
        if previous.lower_ in DETERMINERS:
            break
    return start


def _without_adverbs(words: list[Token]) -> list[Token]:
    if words and words[-1].text == ")":
        # "Paul Roe (D-Ore.) said": the party and state are no part of the speaker.
        opening = [i for i, t in enumerate(words) if t.text == "("]
        words = words[: opening[-1]] if opening else words
    while words and (
        words[-1].lower_ in BETWEEN_SPEAKER_AND_VERB
        or (words[-1].lower_.endswith("ly") and not words[-1].is_title)
    ):
        words = words[:-1]
    return words


def _without_appositive(words: list[Token]) -> list[Token]:
    """ "Roe, the minister," -> "Roe"."""
    if len(words) < 2 or words[-1].text != ",":
        return words
    commas = [i for i, t in enumerate(words[:-1]) if t.text == ","]
    if commas and len(words) - commas[-1] <= SPEAKER_TOKENS:
        return words[: commas[-1]]
    return []


def _description(words: list[Token]) -> tuple[Token, str | None] | None:
    """A speaker written after the verb and not a name: "the minister", "Reuters"."""
    phrase: list[Token] = []
    for token in words:
        if token.is_punct or (token.lower_ in DESCRIPTION_CUTS and phrase):
            break
        phrase.append(token)
    if not phrase or not (phrase[0].lower_ in DETERMINERS or phrase[0].is_title):
        return None
    return phrase[-1], _phrase_text(phrase)


def _phrase_text(tokens: list[Token] | Span) -> str:
    return "".join(t.text_with_ws for t in tokens).strip()


_TITLES = frozenset(
    ["mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "president", "secretary", "prof"]
)
