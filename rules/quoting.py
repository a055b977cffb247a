"""Quotations and the attributions they belong to: beside, inside or carried over.

One attribution owns every quote of its paragraph that has no cue of its own:
``"A," she said. "B."`` and ``She said: "A." "B."`` are one statement, as a reader
takes them; another attribution in between ends the run. A paragraph that ends by
introducing a quote ("He told reporters:") owns the quote paragraph after it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from rules.cues import is_speech_verb
from rules.drafts import Draft, doc_text, sent_index
from rules.linking import HONORIFICS, TITLE_WORDS
from rules.names import HYPHENS
from rules.person_phrases import opens_with_given_name
from rules.person_words import ROLE_NOUNS
from rules.quotes import Quote
from rules.report_speakers import subject_of

# What follows a quote signed with a dash, to the end of its paragraph:
# ``"..." ― Jane Roe``, ``"..."— Jane Roe, 34, a nurse``, ``"..." - @janeroe``.
_DASH_SIGNATURE = re.compile(
    r"[\"”’'.,\s]*(?:[―—–]|--?)[^\S\n]*(?P<name>[A-Z@][^\n]{0,80}?)[\s.]*$"
)
# A transcript turn: a paragraph opening with a speaker label, perhaps after the mark
# that opens a transcript quoted as a whole: ``PENCE: ...``, ``"WALLACE: ...``,
# ``Mr. Smith: ...``, ``Sen. Roe: ...``.
_SPEAKER_LABEL = re.compile(
    r"[^\S\n]*(?P<mark>[\"“]?)[^\S\n]*"
    r"(?P<label>[A-Z][A-Za-z]*\.?[^\S\n]+[A-Z][\w'’-]+|[A-Z][A-Z'’.-]+(?:[^\S\n]+[A-Z][A-Z'’.-]+){0,2})"
    r":[^\S\n]+(?=\S)"
)
# Capitals before a colon that head page furniture, not a speaker's turn.
NOT_SPEAKERS = frozenset(
    [
        "update",
        "updated",
        "note",
        "correction",
        "watch",
        "related",
        "abstract",
        "photo",
        "video",
        "source",
        "sources",
        "breaking",
        "exclusive",
        "advertisement",
        "graphic",
        "listen",
        "read",
        "full",
        "editor's",
    ]
)
# Words that open a sentence pointing back at the quotation before it: "That was the
# view of ...", "Those were the words of ...", "So said ...".
POINTING_OPENERS = frozenset(["that", "this", "those", "these", "such", "so"])
# Nouns for what was said, opening a sentence that names who said it: "The words came
# from ...".
SAYING_NOUNS = frozenset(
    ["words", "remarks", "comments", "comment", "message", "warning", "verdict", "view"]
)
# Prepositions that introduce the one whose words they were: "the view of", "came from".
OWNER_PREPOSITIONS = frozenset(["of", "from", "by"])
# A subheading in quotation marks is short, and its small words stay in lower case.
HEADING_WORDS = 8
HEADING_SMALL_WORDS = frozenset(
    ["a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "by", "with"]
)
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
# A signature is a name, perhaps with a short description; a longer run is narration.
SIGNATURE_MAX_WORDS = 10


def attach_quotes(doc: Doc, quotes: list[Quote], drafts: list[Draft]) -> list[Draft]:
    sents = list(doc.sents)
    turns = _transcript_turns(doc, sents)
    drafts.extend(turns)
    for quote in quotes:
        if _inside_turns(quote, turns) or _is_heading(doc_text(doc), quote):
            continue
        signed = _dash_signature(doc, quote, sents)
        if signed is not None:
            drafts.append(signed)
            continue
        owner = next(
            (d for d in drafts if d.fragments and d.overlaps(quote.start, quote.end)), None
        )
        if owner is not None:
            owner.quotes.append(quote)
            owner.fragments.append(
                quote.fragments[0] if len(quote.fragments) == 1 else (quote.start, quote.end)
            )
            continue
        introduced = _colon_introduction(doc, quote, drafts, sents)
        if introduced is not None:
            drafts.append(introduced)
            continue
        joined = _nearest_attribution(doc, quote, drafts, sents)
        # A sentence of the quote's own paragraph pointing back at it to name its speaker
        # ("That was the view of ...") outranks the speaker carried over from before.
        named = None if joined is not None else _named_after(doc, quote, drafts, sents)
        if named is not None and _same_paragraph(doc_text(doc), _speaker_at(named), quote):
            drafts.append(named)
            continue
        joined = (
            joined
            or _continued_attribution(doc_text(doc), quote, drafts)
            or _introducing_attribution(doc_text(doc), quote, drafts)
        )
        if joined is not None:
            joined.quotes.append(quote)
            joined.fragments.extend(quote.fragments)
            continue
        carried = (
            _carried_speaker(doc, quote, drafts, sents)
            or named
            or _reporter_after(doc, quote, drafts, sents)
        )
        if carried is not None:
            drafts.append(carried)
    _take_introduced_paragraphs(doc_text(doc), drafts)
    return [d for d in drafts if d.fragments]


def _take_introduced_paragraphs(text: str, drafts: list[Draft]) -> None:
    """ "The governor added:" ending its paragraph, and a paragraph after it in no
    quotation marks (a block quotation whose marks the page set as indentation): that
    paragraph is what the reporting verb introduced."""
    for draft in drafts:
        if draft.verb is None or draft.fragments or draft.quotes or draft.speaker_token is None:
            continue
        if not is_speech_verb(draft.verb):
            continue
        line_end = text.find("\n", draft.verb.idx)
        if line_end < 0 or not text[draft.verb.idx : line_end].rstrip().endswith(":"):
            continue
        start = line_end
        while start < len(text) and text[start].isspace():
            start += 1
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        body = text[start:end].rstrip()
        if not body or body[0] in "\"“‘'«(" or _SPEAKER_LABEL.match(body):
            continue  # a quotation, a transcript turn or a note, taken by their own rules
        if any(d.overlaps(start, start + len(body)) for d in drafts if d is not draft):
            continue
        draft.fragments.append((start, start + len(body)))


def _is_heading(text: str, quote: Quote) -> bool:
    """ "'All Bets Are Off.'" standing as a paragraph of its own: a subheading some
    papers set in quotation marks, in title case, not words anyone is quoted saying."""
    start = _paragraph_start(text, quote.start)
    end = text.find("\n", quote.end)
    paragraph = text[start : len(text) if end < 0 else end].strip()
    if paragraph.strip(" \"“”‘’'.") != text[quote.start : quote.end].strip(" \"“”‘’'."):
        return False
    words = _WORD.findall(paragraph)
    if not 2 <= len(words) <= HEADING_WORDS:
        return False
    return all(w[0].isupper() for w in words if w.lower() not in HEADING_SMALL_WORDS)


def _transcript_turns(doc: Doc, sents: list[Span]) -> list[Draft]:
    """Each labelled paragraph of a transcript, with the unlabelled paragraphs that carry
    the same turn on (in a transcript quoted as a whole, those that open with a mark)."""
    turns: list[Draft] = []
    current: Draft | None = None
    quoted_transcript = False
    text = doc_text(doc)
    for start, end in _paragraphs(text):
        match = _SPEAKER_LABEL.match(text, start, end)
        if match is not None and _is_speaker_label(match.group("label")):
            current = _turn(doc, match, end, sents)
            quoted_transcript = bool(match.group("mark"))
            if current is not None:
                turns.append(current)
        elif current is not None and quoted_transcript and _continues_turn(text, start, end):
            current.fragments.append(_strip_marks(text, start, end))
        else:
            current = None
    return turns


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def _is_speaker_label(label: str) -> bool:
    words = label.lower().replace(".", " ").split()
    if words[0] in HONORIFICS or words[0] in TITLE_WORDS:
        return len(words) == 2
    return label.isupper() and words[0] not in NOT_SPEAKERS


def _continues_turn(text: str, start: int, end: int) -> bool:
    """An unlabelled paragraph of a quoted transcript, not a stage note ("(CROSSTALK)")."""
    body = text[start:end].strip()
    return body[:1] in '"“' and not body[1:].lstrip().startswith("(")


def _turn(doc: Doc, label: re.Match[str], end: int, sents: list[Span]) -> Draft | None:
    label_end = label.end("label")
    speaker = next(
        (t for t in reversed(doc[:]) if t.idx < label_end and not t.is_space and t.text != ":"),
        None,
    )
    if speaker is None or speaker.idx < label.start("label"):
        return None
    return Draft(
        [(label.end(), _rstrip_marks(doc_text(doc), label.end(), end))],
        None,
        speaker,
        ":",
        sent_index(doc, label.end(), sents),
        speaker_text=label.group("label"),
    )


def _strip_marks(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in '"“'):
        start += 1
    return start, _rstrip_marks(text, start, end)


def _rstrip_marks(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1].isspace() or text[end - 1] in '"”'):
        end -= 1
    return end


def _inside_turns(quote: Quote, turns: list[Draft]) -> bool:
    """A quote within transcript turns is the transcript's own marks or words quoted by the
    speaker of the turn: it is part of the turn, not an attribution of its own."""
    inside = [t for t in turns if any(t.overlaps(s, e) for s, e in quote.fragments)]
    for turn in inside:
        turn.quotes.append(quote)
    return bool(inside)


def _dash_signature(doc: Doc, quote: Quote, sents: list[Span]) -> Draft | None:
    """A quote signed by a dash and a name, as reader comments and tweets are quoted."""
    text = doc_text(doc)
    paragraph_end = text.find("\n", quote.end)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    match = _DASH_SIGNATURE.match(text, quote.end, paragraph_end)
    if match is None or len(match.group("name").split()) > SIGNATURE_MAX_WORDS:
        return None
    speaker = _signature_speaker(doc, *match.span("name"))
    if speaker is None:
        return None
    name = match.group("name").split(",")[0].strip()
    return Draft(
        list(quote.fragments),
        None,
        speaker,
        text[match.start() : match.start("name")].strip(" \t\"”’'.,"),
        sent_index(doc, quote.start, sents),
        speaker_text=name,
        quotes=[quote],
    )


def _signature_speaker(doc: Doc, start: int, end: int) -> Token | None:
    """The token a signature's name rests on: a person's head word, else the last word of
    the name before any comma."""
    tokens = [t for t in doc if start <= t.idx < end and not t.is_space]
    for ent in doc.ents:
        if ent.label_ == "PERSON" and start <= ent.start_char < end:
            return ent.root if doc.has_annotation("DEP") else ent[-1]
    name: list[Token] = []
    for token in tokens:
        # "Whitcombe-Ayala": a hyphen written tight inside a surname goes on with the name.
        tight = token.text in HYPHENS and name and not name[-1].whitespace_
        if not tight and (
            token.text == "," or not (token.text[:1].isupper() or token.text[:1] == "@")
        ):
            break
        name.append(token)
    while name and name[-1].text in HYPHENS:
        name.pop()
    return name[-1] if name else None


def _colon_introduction(
    doc: Doc, quote: Quote, drafts: list[Draft], sents: list[Span]
) -> Draft | None:
    """ "The minister put it bluntly: '...'": a colon right before a quote, in a clause
    with no reporting verb, introduces words of that clause's subject, unless the clause
    names whose words they are ("the board rated this statement by Ruiz:")."""
    colon = _colon_before(doc, quote)
    if colon is None or not doc.has_annotation("DEP") or not _ends_sentence(doc_text(doc), quote):
        return None
    verb = _introducing_verb(colon)
    if verb is None:
        return None
    if any(d.verb is not None and d.verb.sent == verb.sent for d in drafts):
        return None  # a reporting verb of that sentence takes the quote
    speaker = _owner_of_words(doc[verb.sent.start : colon.i]) or subject_of(verb)
    if speaker is None:
        return None
    return Draft(
        list(quote.fragments),
        verb,
        speaker,
        f"{verb.text}:",
        sent_index(doc, quote.start, sents),
        quotes=[quote],
    )


def _introducing_verb(colon: Token) -> Token | None:
    """The verb of the clause the colon ends, climbing from the word before the colon and
    never past the colon (the parser may hang that clause on the quoted verb)."""
    token = colon.doc[colon.i - 1]
    for _ in range(6):
        if token.i >= colon.i:
            return None
        if token.pos_ in ("VERB", "AUX") and subject_of(token) is not None:
            return token
        if token.head == token:
            return None
        token = token.head
    return None


def _ends_sentence(text: str, quote: Quote) -> bool:
    """The quote closes its sentence, so it is words said, not a phrase ("one goal: 'zero
    waste' by 2030")."""
    inner = text[quote.start : quote.end].rstrip()
    after = text[quote.end : quote.end + 3].lstrip("\"”’' \t")
    return inner[-1:] in ".!?" or after[:1] in ("", "\n", ".", "!", "?")


def _colon_before(doc: Doc, quote: Quote) -> Token | None:
    """The colon right before the quote's opening mark, or ending the paragraph before
    when the quote opens its own ("He made the following comment:")."""
    at = quote.start - 2  # the opening mark is at quote.start - 1
    text = doc_text(doc)
    opens_paragraph = not text[_paragraph_start(text, quote.start) : at + 1].strip()
    blanks = " \t\n" if opens_paragraph else " \t"
    while at >= 0 and text[at] in blanks:
        at -= 1
    if at < 0 or text[at] != ":":
        return None
    token = doc.char_span(at, at + 1)
    return token[0] if token is not None else None


def _nearest_attribution(
    doc: Doc, quote: Quote, drafts: list[Draft], sents: list[Span]
) -> Draft | None:
    """The reporting verb in the quote's own sentences (before, after or inside it)."""
    first = sent_index(doc, quote.start, sents)
    last = sent_index(doc, max(quote.start, quote.end - 1), sents)
    after_end = sent_index(doc, _next_visible(doc_text(doc), quote.end + 1), sents)
    allowed = {first, last, after_end}
    candidates = [
        d
        for d in drafts
        if d.verb is not None
        and d.sent in allowed
        and d.cue != "according to"
        and _same_paragraph(doc_text(doc), d.verb.idx, quote)
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
    if best.fragments and not _adjacent(doc_text(doc), best, quote):
        return None
    if best.fragments and _closes_before(doc_text(doc), quote, best):
        return None
    return best


def _closes_before(text: str, quote: Quote, draft: Draft) -> bool:
    """ "'The polls are wrong.' Tanaka added that turnout would be high": a quotation that
    ends its own sentence before the next sentence's reporting verb is no half of a split
    quote; that verb's words are its own clause, and the quotation another statement."""
    assert draft.verb is not None
    if quote.end > draft.verb.idx or draft.start < quote.end:
        return False
    return text[quote.start : quote.end].rstrip(" \"”’'")[-1:] in (".", "!", "?")


def _reporter_after(doc: Doc, quote: Quote, drafts: list[Draft], sents: list[Span]) -> Draft | None:
    """A whole quotation with no speaker before it, right before a sentence whose subject
    reports a clause of their own ("'We will win.' Tanaka said the polls were wrong"): the
    words are that subject's, a statement of their own beside the reported one."""
    text = doc_text(doc)
    if not is_whole_quote(text, quote):
        return None
    following = [
        d
        for d in drafts
        if d.verb is not None
        and d.fragments
        and d.speaker_token is not None
        and _closes_before(text, quote, d)
        and d.speaker_token.left_edge.idx >= quote.end
        and not text[quote.end : d.speaker_token.left_edge.idx].strip(" \"”’'.!?")
    ]
    if not following:
        return None
    after = min(following, key=_verb_at)
    return Draft(
        list(quote.fragments),
        after.verb,
        after.speaker_token,
        after.cue,
        sent_index(doc, quote.start, sents),
        quotes=[quote],
    )


def _continued_attribution(text: str, quote: Quote, drafts: list[Draft]) -> Draft | None:
    """The attribution of an earlier quote in the same paragraph, when this quote has no
    cue of its own and no other attribution lies between them."""
    if not is_whole_quote(text, quote):
        return None
    paragraph_start = _paragraph_start(text, quote.start)
    earlier = [
        d
        for d in drafts
        if d.quotes and d.verb is not None and paragraph_start <= d.end <= quote.start
    ]
    if not earlier:
        return None
    previous = max(earlier, key=lambda d: d.end)
    if _attribution_between(drafts, previous, previous.end, quote.start):
        return None
    if previous.verb is not None and _goes_on_to_report(previous.verb, quote):
        return None
    return previous


# Dependencies by which a participle takes what it is about: "referencing the audit",
# "going on to compare the two plans", "adding that the ferry would run".
_PARTICIPLE_CONTENT_DEPS = frozenset({"dobj", "ccomp"})


def _goes_on_to_report(verb: Token, quote: Quote) -> bool:
    """ "'The audit is late,' Roe said, citing the missing invoices. 'We asked twice.'": a
    participle after the reporting verb that takes an object of its own is a new act of
    saying; the quotation after it answers to that act, no longer the half of the one
    before. A participle of manner or place ("smiling", "speaking in Leeds") is not."""
    for child in verb.children:
        if not (verb.i < child.i and child.idx < quote.start and child.tag_ == "VBG"):
            continue
        if child.dep_ not in ("advcl", "xcomp", "conj"):
            continue
        if any(
            t.dep_ in _PARTICIPLE_CONTENT_DEPS and t.idx < quote.start
            for t in child.subtree
            if t is not child
        ):
            return True
    return False


def _introducing_attribution(text: str, quote: Quote, drafts: list[Draft]) -> Draft | None:
    """The attribution of the paragraph before, when that paragraph ends with a colon
    and this quote opens its own paragraph ("The minister told reporters:")."""
    paragraph_start = _paragraph_start(text, quote.start)
    if text[paragraph_start : quote.start].strip(" \t\"“„«'‘"):
        return None
    before = text[:paragraph_start].rstrip()
    if not before.endswith(":"):
        return None
    previous_start = _paragraph_start(text, len(before))
    introducing = [
        d
        for d in drafts
        if d.verb is not None and previous_start <= d.verb.idx < len(before) and not d.fragments
    ]
    return max(introducing, key=lambda d: _verb_at(d)) if introducing else None


def _speaker_at(draft: Draft) -> int:
    assert draft.speaker_token is not None
    return draft.speaker_token.idx


def _verb_at(draft: Draft) -> int:
    assert draft.verb is not None
    return draft.verb.idx


def _attribution_between(drafts: list[Draft], own: Draft, start: int, end: int) -> bool:
    return any(d is not own and d.verb is not None and start <= d.verb.idx < end for d in drafts)


def _paragraph_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _next_visible(text: str, offset: int) -> int:
    while offset < len(text) - 1 and text[offset].isspace() and text[offset] != "\n":
        offset += 1
    return min(offset, len(text) - 1)


def _carried_speaker(
    doc: Doc, quote: Quote, drafts: list[Draft], sents: list[Span]
) -> Draft | None:
    """A quote standing alone takes the speaker of the quote before it in the same
    paragraph, or of a paragraph that ended by introducing it ("He said:")."""
    text = doc_text(doc)
    if not is_whole_quote(text, quote):
        return None
    paragraph_start = _paragraph_start(text, quote.start)
    before = [
        d for d in drafts if d.fragments and d.end <= quote.start and d.speaker_token is not None
    ]
    if not before:
        return None
    previous = max(before, key=lambda d: d.end)
    same_paragraph = previous.end >= paragraph_start
    between = text[previous.end : quote.start]
    introduced = between.rstrip().rstrip('"”’').rstrip().endswith(":") or len(between.strip()) <= 30
    # "Roe said the depot would close.\n\n"We tried everything ..."": a paragraph that is
    # all quotation, right after a paragraph that ended on what its speaker said, goes on
    # with that speaker, as a reader takes it; any narration in between ends the run.
    running = not same_paragraph and _only_a_break(between) and _opens_paragraph(text, quote)
    if not (same_paragraph or (introduced and previous.quotes) or running):
        return None
    sent = sent_index(doc, quote.start, sents)
    return Draft(
        list(quote.fragments),
        previous.verb,
        previous.speaker_token,
        previous.cue,
        sent,
        quotes=[quote],
    )


def _only_a_break(between: str) -> bool:
    """Nothing but the end of a sentence and one paragraph break."""
    return between.count("\n") <= 2 and not between.strip(" \t\n.!?\"”’'")


def _opens_paragraph(text: str, quote: Quote) -> bool:
    return not text[_paragraph_start(text, quote.start) : quote.start].strip(" \t\"“„«'‘")


def _named_after(doc: Doc, quote: Quote, drafts: list[Draft], sents: list[Span]) -> Draft | None:
    """A quotation standing alone, whose speaker the next sentence names while pointing
    back at it: "'We will not move.' That was the view of Senator Ruiz on Monday." or,
    in the next paragraph, "The words came from Ana Ruiz, who ...". A sentence that
    reports words of its own ("That is wrong, Ruiz said") is another statement."""
    text = doc_text(doc)
    if not is_whole_quote(text, quote) or not _ends_sentence(text, quote):
        return None
    start = _next_word(text, quote.end)
    if start is None or text[quote.end : start].count("\n") > 2:
        return None
    sent = sents[sent_index(doc, start, sents)]
    if sent.start_char < quote.end or any(
        d.verb is not None and d.fragments and sent.start <= d.verb.i < sent.end for d in drafts
    ):
        return None
    words = [t for t in sent if t.is_alpha]
    if not words or not _points_back(words):
        return None
    owner = _owner_named(sent)
    if owner is None:
        return None
    cue = text[sent.start_char : owner.left_edge.idx].strip() or None
    return Draft(
        list(quote.fragments),
        None,
        owner,
        cue,
        sent_index(doc, quote.start, sents),
        quotes=[quote],
    )


def _next_word(text: str, offset: int) -> int | None:
    """Where the first word after a closing mark begins."""
    match = re.compile(r"[\"”’'.!?\s]*").match(text, offset)
    at = match.end() if match else offset
    return at if at < len(text) else None


def _points_back(words: list[Token]) -> bool:
    """ "That was ...", "So said ...", "The words came ...", but not "This post has been
    updated with comment from ...", where "this" only picks out a noun."""
    first = words[0]
    if first.lower_ in POINTING_OPENERS:
        return first.dep_ != "det"
    return first.lower_ == "the" and len(words) > 1 and words[1].lower_ in SAYING_NOUNS


def _owner_named(sent: Span) -> Token | None:
    """The person the pointing sentence names after "of", "from" or "by": a name (one the
    recogniser missed too), else a role noun ("the view of the mayor"); in an unparsed
    doc, the first name in the sentence."""
    if not sent.doc.has_annotation("DEP"):
        first = next((t for t in sent if t.ent_type_ == "PERSON"), None)
        return _last_of_name(first) if first is not None else None
    owners = [
        t
        for t in sent
        if t.dep_ == "pobj"
        and t.head.lower_ in OWNER_PREPOSITIONS
        and (_names_a_person(t) or t.lemma_.lower() in ROLE_NOUNS)
    ]
    named = [t for t in owners if _names_a_person(t)]
    preferred = named or owners
    return preferred[0] if preferred else None


def _owner_of_words(span: Span) -> Token | None:
    """The person a noun for words belongs to: "this statement by Ruiz", "the words of
    the mayor"."""
    for token in span:
        if token.dep_ != "pobj" or token.head.lower_ not in OWNER_PREPOSITIONS:
            continue
        # The parser often hangs "by Ruiz" on the verb: the noun right before counts too.
        nouns = {token.head.head, token.doc[token.head.i - 1]}
        said = any(n.lemma_.lower() in SAYING_NOUNS | {"statement", "remark"} for n in nouns)
        if said and (_names_a_person(token) or token.lemma_.lower() in ROLE_NOUNS):
            return token
    return None


def _names_a_person(token: Token) -> bool:
    if token.ent_type_ == "PERSON" or (token.pos_ == "PROPN" and not token.ent_type_):
        return True
    return token.pos_ == "PROPN" and opens_with_given_name(token)


def _last_of_name(token: Token) -> Token:
    doc = token.doc
    i = token.i
    while i + 1 < len(doc) and doc[i + 1].ent_type_ == "PERSON" and doc[i + 1].ent_iob_ == "I":
        i += 1
    return doc[i]


def _adjacent(text: str, draft: Draft, quote: Quote) -> bool:
    """A quote split by its attribution: only the attribution lies between the parts."""
    assert draft.verb is not None
    gap_start, gap_end = (
        (draft.end, quote.start) if draft.end <= quote.start else (quote.end, draft.start)
    )
    return gap_end - gap_start <= 80 and "\n" not in text[gap_start:gap_end]


def is_whole_quote(text: str, quote: Quote) -> bool:
    """The quote is a sentence of its own, not a phrase inside narration."""
    # A closing mark may stand between the sentence end and this quote: 'Show." "Next'.
    before = text[max(0, quote.start - 4) : quote.start - 1].rstrip().rstrip("\"”’'").rstrip()
    return before == "" or before[-1] in ".:!?\n,"


def _same_paragraph(text: str, offset: int, quote: Quote) -> bool:
    lo, hi = sorted((offset, quote.start))
    if "\n" not in text[lo:hi]:
        return True
    lo, hi = sorted((offset, quote.end))
    return "\n" not in text[lo:hi]
