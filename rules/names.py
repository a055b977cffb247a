"""People's names found by their shape, for the blank pipeline (no statistical NER).

A run of capitalised words ("Jane Roe", "Jean-Luc de la Cruz", "Sen. Al Bin Said")
becomes a PERSON entity when a simple rule says it names a person rather than a
place, an organisation or a word capitalised because it opens a sentence:

* a title or honorific stands before it ("Gov.", "Mr.", "President"), or
* it has two or more name words and none of them is an organisation or place word
  ("Department", "House", "County"), and it does not follow "the" or "in", or
* it is one word that an accepted name of the article contains ("Roe" after "Jane
  Roe"), or one word right beside a reporting verb ("Roe said", "said Roe").

Runs the trained pipeline's NER already covers never go through here: the component
is added to the blank pipeline only.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from rules.cues import is_speech_form
from rules.dates import MONTHS, WEEKDAYS
from rules.linking import HONORIFICS, TITLE_WORDS

# Abbreviated titles that mark a name here but that ``linking.strip_titles`` does not
# take off a name; every other abbreviation ("sen", "gov", "cllr" ...) is in linking's
# HONORIFICS or TITLE_WORDS, which both uses read.
TITLE_ABBREVIATIONS = frozenset(["amb", "pres", "sec"])
TITLES = HONORIFICS | TITLE_WORDS | TITLE_ABBREVIATIONS
# Lower-case words inside a name: "Ana van der Berg", "Ali bin Said", "Luis de la Cruz".
NAME_PARTICLES = frozenset(
    [
        "de",
        "da",
        "das",
        "do",
        "dos",
        "del",
        "della",
        "di",
        "du",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "ten",
        "ter",
        "bin",
        "bint",
        "ibn",
        "al",
        "el",
        "y",
    ]
)
HYPHENS = frozenset(["-", "‐"])
NAME_SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv"])
# Words that make a capitalised run an organisation, a place, an event or a work.
NON_PERSON_WORDS = frozenset(
    [
        "house",
        "senate",
        "congress",
        "parliament",
        "assembly",
        "department",
        "ministry",
        "office",
        "agency",
        "bureau",
        "administration",
        "government",
        "committee",
        "council",
        "commission",
        "court",
        "party",
        "campaign",
        "union",
        "association",
        "institute",
        "institution",
        "university",
        "college",
        "school",
        "academy",
        "foundation",
        "fund",
        "center",
        "centre",
        "council",
        "corporation",
        "company",
        "corp",
        "inc",
        "llc",
        "ltd",
        "group",
        "bank",
        "board",
        "network",
        "news",
        "times",
        "post",
        "journal",
        "herald",
        "tribune",
        "press",
        "magazine",
        "daily",
        "radio",
        "tv",
        "television",
        "street",
        "avenue",
        "road",
        "square",
        "county",
        "city",
        "state",
        "states",
        "province",
        "district",
        "republic",
        "kingdom",
        "island",
        "islands",
        "river",
        "lake",
        "mountain",
        "valley",
        "park",
        "airport",
        "station",
        "hospital",
        "church",
        "army",
        "navy",
        "force",
        "forces",
        "guard",
        "police",
        "security",
        "service",
        "services",
        "club",
        "league",
        "team",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "new",
        "united",
        "national",
        "federal",
        "international",
        "american",
        "americans",
        "european",
        "african",
        "asian",
        "democratic",
        "republican",
        "democrats",
        "republicans",
        "gop",
        "act",
        "bill",
        "law",
        "amendment",
        "war",
        "day",
        "week",
        "month",
        "year",
        "summit",
        *WEEKDAYS,
        *MONTHS,
    ]
)
# Words after which a capitalised run is a place or a thing, not a person.
NON_PERSON_BEFORE = frozenset(["the", "in", "at", "near", "across", "outside", "throughout"])


@Language.component("stancewatch_names")
def mark_names(doc: Doc) -> Doc:
    """Adds PERSON entities for name-shaped runs; entities already set are kept."""
    taken = {t.i for ent in doc.ents for t in ent}
    runs = [run for run in _name_runs(doc) if not any(t.i in taken for t in run)]
    people = [run for run in runs if _is_person(run)]
    known = {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" for t in ent}
    known |= {t.lower_ for run in people for t in run if _is_name_word(t)}
    people += [run for run in runs if run not in people and _is_known_single(run, known)]
    new = [Span(doc, run.start, run.end, label="PERSON") for run in people]
    doc.set_ents(sorted([*doc.ents, *new], key=lambda s: s.start))
    return doc


def _name_runs(doc: Doc) -> list[Span]:
    """Maximal runs of name words, with titles, sentence openers and stray words cut off."""
    runs: list[Span] = []
    i = 0
    while i < len(doc):
        if not _is_name_word(doc[i]):
            i += 1
            continue
        end = i + 1
        while end < len(doc) and _continues_name(doc, end):
            end += 1
        start = _first_name_word(doc, i, end)
        while end > start and not _is_name_word(doc[end - 1]):
            end -= 1  # a trailing particle or hyphen
        if end > start:
            runs.append(doc[start:end])
        i = max(end, i + 1)
    return runs


def _is_name_word(token: Token) -> bool:
    text = token.text
    letters = text.replace(".", "").replace("'", "").replace("’", "")
    if not text[:1].isupper() or not letters.isalpha():
        return False
    if text.endswith("."):
        return len(letters) == 1  # an initial, "J."; "Ky." and "U.S." are abbreviations
    # "NATO" and "FBI" are organisations; a lone capital is "I" or "A".
    return not letters.isupper()


def _continues_name(doc: Doc, i: int) -> bool:
    token = doc[i]
    previous = doc[i - 1]
    if token.text in HYPHENS:
        # "Jean-Luc": a hyphen with no space either side joins two name words.
        return (
            previous.whitespace_ == ""
            and token.whitespace_ == ""
            and i + 1 < len(doc)
            and _is_name_word(doc[i + 1])
        )
    if previous.text in HYPHENS:
        return _is_name_word(token)
    if token.lower_ in NAME_PARTICLES and not token.text[:1].isupper():
        return i + 1 < len(doc) and (
            _is_name_word(doc[i + 1]) or doc[i + 1].lower_ in NAME_PARTICLES
        )
    if token.lower_.rstrip(".") in NAME_SUFFIXES:
        return True
    return _is_name_word(token)


def _first_name_word(doc: Doc, start: int, end: int) -> int:
    """Skips what opens a run without being part of the name: titles, "But", "Former"."""
    for i in range(end - 2, start - 1, -1):
        if _is_title(doc[i]) and any(_is_name_word(t) for t in doc[i + 1 : end]):
            return i + 1  # "Russian President Vladimir Putin" -> "Vladimir Putin"
    while start < end - 1 and (doc[start].is_stop or doc[start].lower_ in NON_PERSON_WORDS):
        start += 1
    if start < end and doc[start].is_stop and doc[start].is_sent_start:
        start += 1  # "But" opening a sentence
    return start


def _is_title(token: Token) -> bool:
    return token.lower_.rstrip(".") in TITLES


def _titled(run: Span) -> bool:
    doc = run.doc
    return run.start > 0 and _is_title(doc[run.start - 1])


def _is_person(run: Span) -> bool:
    words = [t for t in run if _is_name_word(t)]
    if not words or any(t.lower_ in NON_PERSON_WORDS for t in words):
        return False
    if _titled(run):
        return True
    before = run.doc[run.start - 1] if run.start > 0 else None
    if before is not None and before.lower_ in NON_PERSON_BEFORE:
        return False
    if len(words) >= 2:
        return not all(t.is_stop for t in words)
    return _beside_speech_verb(run) and not (run[0].is_stop and run[0].is_sent_start)


def _is_known_single(run: Span, known: set[str]) -> bool:
    """A surname or first name alone, when the article names that person in full."""
    words = [t for t in run if _is_name_word(t)]
    return len(words) == 1 and words[0].lower_ in known and not words[0].is_stop


def _beside_speech_verb(run: Span) -> bool:
    doc = run.doc
    after = doc[run.end] if run.end < len(doc) else None
    before = doc[run.start - 1] if run.start > 0 else None
    return (after is not None and is_speech_form(after)) or (
        before is not None and is_speech_form(before)
    )
