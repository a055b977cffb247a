"""When a statement was made, read from the parse: the time expression that belongs to
its reporting verb, to the verb a reporting participle hangs from, or to the earlier
event a reporting clause is told inside."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Span, Token

from rules.dates import resolve_date, shift_by
from rules.records import DatePrecision

# spaCy files "Monday night" and "this morning" as times, "on Monday" as a date.
TIME_LABELS = frozenset({"DATE", "TIME"})
# "N months after X did Y": Y lies before the event of the main clause; "before", after it.
EARLIER_MARKS = {"after": True, "before": False}
# "at his launch, where he told ...", "in May, when she said ...": a scene set earlier.
SCENE_ADVERBS = frozenset({"where", "when"})
# Tags of a past reporting verb: only speech told as past can belong to an earlier event.
PAST_TAGS = frozenset({"VBD", "VBN"})
PARTICIPLE_DEPS = frozenset({"advcl", "conj", "xcomp"})

Dated = tuple[date, DatePrecision]
_TIME_ENTITIES_KEY = "stancewatch.time_entities"


def statement_date(
    doc: Doc, verb: Token | None, fragments: list[tuple[int, int]], published: date | None
) -> tuple[date | None, DatePrecision]:
    """The date of the statement reported by ``verb``, whose words are ``fragments``;
    (None, "day") when nothing in its sentence dates it."""
    if verb is None or published is None:
        return None, "day"
    sent = verb.sent  # found anew on every call: once, not once per entity
    expressions = [
        e
        for e in _time_entities(doc)
        if sent.start <= e.start < sent.end
        and not any(s <= e.start_char < e_ for s, e_ in fragments)
        and e.root.i not in _about_the_speaker(verb)
    ]
    own = _first(expressions, _subtree(verb), published)
    if own is not None:
        return own
    if verb.tag_ in PAST_TAGS and _embedded(verb):
        earlier = _enclosing_event_date(verb, expressions, published)
        if earlier is not None:
            return earlier
    if verb.tag_ == "VBG" and verb.dep_ in PARTICIPLE_DEPS and verb.head.i != verb.i:
        # "dropped the plan on Monday, telling reporters that ...": the telling was then.
        head = verb.head
        found = _first(expressions, _subtree(head) - _subtree(verb), published)
        if found is not None:
            return found
    return _first(expressions, None, published) or (None, "day")


def _time_entities(doc: Doc) -> list[Span]:
    """The doc's dates and times, kept with the doc: ``doc.ents`` builds every entity
    anew on each call, and a long article asks once per statement."""
    found = doc.user_data.get(_TIME_ENTITIES_KEY)
    if not isinstance(found, list):
        found = doc.user_data[_TIME_ENTITIES_KEY] = [e for e in doc.ents if e.label_ in TIME_LABELS]
    return found


def _about_the_speaker(verb: Token) -> set[int]:
    """The words of a relative clause on the speaker that tells an earlier doing of theirs
    ("Ana Ruiz, who took office in May, said ..."): its time dates that doing, not the
    saying. What the speaker was doing then ("visiting the port on Tuesday, said", "who
    was in Tula on Monday") does date it."""
    return {
        t.i
        for subject in verb.children
        if subject.dep_ in ("nsubj", "nsubjpass")
        for described in (subject, *(c for c in subject.children if c.dep_ == "appos"))
        for clause in described.children
        if clause.dep_ == "relcl" and clause.lemma_ != "be" and clause.tag_ != "VBG"
        for t in clause.subtree
    }


def _subtree(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


def _first(expressions: list[Span], within: set[int] | None, published: date) -> Dated | None:
    """The first of ``expressions`` rooted in ``within`` (anywhere if None) that fixes a day."""
    for span in expressions:
        if within is not None and span.root.i not in within:
            continue
        resolved = resolve_date(_with_preposition(span), published)
        if resolved is not None:
            return resolved
    return None


def _with_preposition(span: Span) -> str:
    """ "in January", not "January": the preposition says a bare month is a time."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.pos_ == "ADP":
        return f"{before.text} {span.text}"
    return span.text


def _earlier_mark(clause: Token) -> Token | None:
    return next(
        (c for c in clause.children if c.dep_ == "mark" and c.lower_ in EARLIER_MARKS), None
    )


def _is_scene(clause: Token) -> bool:
    return clause.dep_ in ("relcl", "advcl") and any(
        c.dep_ == "advmod" and c.lower_ in SCENE_ADVERBS for c in clause.children
    )


def _embedded(verb: Token) -> bool:
    """The verb reports speech inside another event: a "where"/"when" clause, or a clause
    opened by "after"/"before" (its own or one above it)."""
    if _is_scene(verb):
        return True
    node = verb
    while node.head.i != node.i:
        if _earlier_mark(node) is not None:
            return True
        node = node.head
    return False


def _enclosing_event_date(verb: Token, expressions: list[Span], published: date) -> Dated | None:
    """Climbs from the verb to the event it is told inside and dates that event: by a time
    expression of its own ("made the pledge in May, where ...") or by a distance from the
    event of the clause above ("two months after he made the pledge ..."). Only a date
    on or before publication counts."""
    below: set[int] = set()
    node = verb
    while True:
        mark = _earlier_mark(node)
        if mark is not None:
            return _shifted(node, mark, expressions, published)
        if node.i != verb.i:
            found = _first(expressions, _subtree(node) - below, published)
            if found is not None and found[0] <= published:
                return found
        if node.head.i == node.i:
            return None
        below = _subtree(node)
        node = node.head


def _shifted(clause: Token, mark: Token, expressions: list[Span], published: date) -> Dated | None:
    """ "N units after/before <clause>": the clause's date from the date of the event it
    is measured from (the clause's head, else the day of publication)."""
    distance = next((c for c in (*clause.children, *mark.children) if c.dep_ == "npadvmod"), None)
    if distance is None:
        return None
    phrase = " ".join(t.text for t in distance.subtree)
    outer = clause.head
    anchor = (
        _first(expressions, _subtree(outer) - _subtree(clause), published)
        if outer.i != clause.i
        else None
    )
    shifted = shift_by(phrase, anchor[0] if anchor else published, EARLIER_MARKS[mark.lower_])
    if shifted is None or shifted[0] > published:
        return None
    # Without a date of its own the event above may be the day before publication, as
    # news goes: counting days from publication would be off, counting months is not.
    if anchor is None and shifted[1] == "day":
        return None
    return shifted
