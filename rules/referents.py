"""Pronouns that stand for a topic's target as the subject of what is said of it.

"we brought in the toll and it must stay", "it has to go" (nothing else named), "we put
duties on timber, and they must stay". The referent is read as a careful reader would
without a coreference model: the nearest subject before the pronoun, else the nearest
noun; an "it" that only opens a clause ("it is time to ...") stands for nothing.
"""

from __future__ import annotations

from spacy.tokens import Token

from rules.attitude_words import FATE_VERBS, SUBJECT_PREDICATES, TELLING_VERBS
from rules.cues import SPEECH_LEMMAS
from rules.phrases import lemma


def subject_pronouns(
    targets: list[tuple[Token, ...]], words: list[Token]
) -> list[tuple[Token, ...]]:
    """ "it" as the subject of what is said of the target: "we brought in the toll and it
    must stay", "it has to go", "it should be scrapped". It stands for the target when
    the nearest thing before it that "it" could be is a target mention, or, with no
    mention at all, when nothing before it could be what "it" is. An "it" that only
    opens a clause ("it is time to ...", "it makes sense to ...") stands for nothing.
    "they" stands for a target named in the plural just before it ("we put tariffs on
    steel, and they must stay"); it never stands for an unnamed one, as it is mostly
    people."""
    ids = {t.i for mention in targets for t in mention}
    found: list[tuple[Token, ...]] = []
    for word in words:
        if word.dep_ not in ("nsubj", "nsubjpass") or word.lower_ not in ("it", "they"):
            continue
        plural = word.lower_ == "they"
        if not plural and _empty_it(word):
            continue
        if any(a.dep_ in ("relcl", "acl", "advcl") for a in word.ancestors):
            continue  # "... before it starts": a clause that times or qualifies another
        clause = word.head
        if clause.dep_ == "ccomp" and lemma(clause.head) not in SAYING_OR_THINKING:
            # "every year we delay it costs us trade", misparsed as "delay [it costs]":
            # only a clause someone says or thinks is a view of "it"
            continue
        referent = _referent_before(word, words, plural=plural)
        if (referent.i in ids) if referent is not None else not (targets or plural):
            found.append((word,))
    return found


def _empty_it(pronoun: Token) -> bool:
    """An "it" that stands for a clause after it: "it is clear that ...", "it is time
    to ...", "it makes sense to ..."; "it is here to stay" still says it of "it"."""
    verb = pronoun.head
    # The clause such an "it" stands for comes after it; one before it hangs there by a
    # misparse ("the deal gives us more cod; it deserves to be signed").
    for child in (c for c in verb.children if c.i > pronoun.i):
        if child.dep_ in ("ccomp", "csubj", "expl", "advcl"):
            return True
        if child.dep_ == "xcomp" and SUBJECT_PREDICATES.get(lemma(child)) is None:
            return child.pos_ in ("VERB", "AUX") and lemma(verb) not in FATE_VERBS
    return any(
        g.dep_ in ("xcomp", "ccomp", "relcl", "acl", "advcl")
        for c in verb.children
        if c.dep_ in ("attr", "acomp", "dobj")
        for g in c.children
    )


# Verbs whose clause is what the speaker holds: "I think it should go".
SAYING_OR_THINKING = (
    SPEECH_LEMMAS
    | TELLING_VERBS
    | frozenset({"think", "believe", "feel", "know", "agree", "accept", "expect", "hope", "reckon"})
)
# What "it" may stand for: a singular noun or name in one of these places.
REFERENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "conj", "appos", "ROOT"})


def _referent_before(pronoun: Token, words: list[Token], *, plural: bool = False) -> Token | None:
    """The singular noun before ``pronoun`` in the statement that "it" most likely is:
    the nearest subject ("this deal gives our boats more cod; it deserves ..."), else
    the nearest noun in another place ("we brought in the toll and it must stay"). A
    date or a figure is not one."""
    candidates = [
        word
        for word in words
        if word.i < pronoun.i
        and word.pos_ in ("NOUN", "PROPN")
        and word.tag_ in (("NNS", "NNPS") if plural else ("NN", "NNP"))
        and word.dep_ in REFERENT_DEPS
        and word.ent_type_ not in ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL")
    ]
    subjects = [w for w in candidates if w.dep_ in ("nsubj", "nsubjpass")]
    chosen = subjects or candidates
    return chosen[-1] if chosen else None
