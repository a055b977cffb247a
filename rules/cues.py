"""Reporting cues: the verbs and phrases that introduce what someone said."""

from __future__ import annotations

import re

from spacy.tokens import Token

SPEECH_LEMMAS = frozenset(
    [
        "say",
        "tell",
        "write",
        "tweet",
        "post",
        "add",
        "state",
        "announce",
        "declare",
        "insist",
        "argue",
        "claim",
        "warn",
        "caution",
        "note",
        "explain",
        "respond",
        "reply",
        "answer",
        "retort",
        "counter",
        "acknowledge",
        "admit",
        "concede",
        "assert",
        "affirm",
        "contend",
        "repeat",
        "reiterate",
        "echo",
        "vow",
        "promise",
        "pledge",
        "swear",
        "assure",
        "reassure",
        "deny",
        "confirm",
        "report",
        "recount",
        "recall",
        "remark",
        "comment",
        "mention",
        "emphasize",
        "emphasise",
        "stress",
        "joke",
        "quip",
        "complain",
        "lament",
        "allege",
        "urge",
        "demand",
        "suggest",
        "predict",
        "testify",
        "clarify",
        "inform",
        "proclaim",
        "advise",
        "disclose",
        "reveal",
        "rule",
        "ask",
        "maintain",
        "threaten",
        "signal",
        "indicate",
        "agree",
        "conclude",
        "continue",
        "read",
        "shout",
        "yell",
        "scream",
        "exclaim",
        "whisper",
        "mutter",
        "boast",
        "brag",
        "gush",
        "bemoan",
        "plead",
        "implore",
        "remind",
        "email",
        "retweet",
        "observe",
        "propose",
        "protest",
        "wonder",
        "speculate",
        "muse",
        "reckon",
        "estimate",
        "opine",
        "hint",
        "concur",
        "grumble",
        "marvel",
        "surmise",
        "posit",
        "theorize",
        "theorise",
        "forecast",
        "recommend",
        "rebut",
        "sigh",
        "snap",
        "scoff",
        "interject",
        "fume",
        "elaborate",
    ]
)
QUOTE_MARKS = frozenset(['"', "“", "”", "''", "``", "„", "«", "»"])
# Verbs whose infinitive complement is the content: "vowed to cut taxes", "urged
# ministers to wait".
INFINITIVE_LEMMAS = frozenset(
    [
        "vow",
        "promise",
        "pledge",
        "threaten",
        "swear",
        "urge",
        "ask",
        "demand",
        "plead",
        "implore",
        "warn",
        "advise",
        "propose",
    ]
)
# Verbs whose object is the hearer of what is said: "told a student that ...".
HEARER_LEMMAS = frozenset(
    ["tell", "assure", "reassure", "remind", "warn", "inform", "advise", "caution", "promise"]
)
# Nouns for a statement whose content clause follows them: "Roe's claim that the port
# is losing money", "a warning by the harbour master that the pier was unsafe".
SPEECH_NOUN_LEMMAS = frozenset(
    [
        "claim",
        "statement",
        "assertion",
        "promise",
        "pledge",
        "vow",
        "warning",
        "insistence",
        "suggestion",
        "remark",
        "comment",
        "argument",
        "accusation",
        "allegation",
        "prediction",
        "admission",
        "assurance",
        "contention",
        "boast",
        "declaration",
        "announcement",
        "threat",
        "assessment",
        "estimate",
        "forecast",
        "observation",
        "complaint",
        "charge",
        "denial",
        "explanation",
        "concession",
        "confession",
        "recommendation",
        "proposal",
        "reminder",
        "pronouncement",
        "objection",
        "insinuation",
        "speculation",
        "guarantee",
        "hint",
        "testimony",
    ]
)
# Nouns for something said or published that a participle or a relative clause can
# report through: "issued a statement calling ...", "a comment that described ...".
UTTERANCE_NOUNS = frozenset(
    [
        "statement",
        "comment",
        "remark",
        "language",
        "message",
        "letter",
        "tweet",
        "post",
        "release",
        "speech",
        "ad",
        "advertisement",
        "video",
        "op-ed",
        "editorial",
        "interview",
    ]
)
# Of those, the ones whose content may be an infinitive: "his promise to rebuild the quay".
PROMISE_NOUN_LEMMAS = frozenset(["promise", "pledge", "vow", "threat", "proposal"])
# "declined to say", "refused to comment": an absence of a statement.
REFUSAL_LEMMAS = frozenset(["decline", "refuse", "fail"])
# "too early to tell whether", "hard to say if": saying that nothing can be said yet.
UNSAYABLE_ADJECTIVES = frozenset(["early", "soon", "hard", "difficult", "impossible", "premature"])
# Verbs that count as cues only next to a quotation ("she continued, ...", "the letter
# reads: ...", "he shouted ..."): "posted" reports a clause too
# rarely to trust. ("added that ...", "joked that ...", "asked them to ..." report
# speech through their clause; "added 200 jobs" has none and gives nothing.)
QUOTE_ONLY_LEMMAS = frozenset(
    [
        "post",
        "continue",
        "read",
        "shout",
        "yell",
        "scream",
        "whisper",
        "mutter",
        "retweet",
        "sigh",
        "snap",
        "scoff",
        "interject",
        "fume",
    ]
)
# Verbs that characterise what was said rather than report it; they give a statement
# only when a quotation sits in what follows them: "called the plan "a disgrace"".
EVALUATIVE_LEMMAS = frozenset(
    [
        "call",
        "describe",
        "label",
        "dub",
        "brand",
        "term",
        "characterize",
        "characterise",
        "liken",
        "compare",
        "blast",
        "slam",
        "criticize",
        "criticise",
        "condemn",
        "denounce",
        "decry",
        "deride",
        "dismiss",
        "mock",
        "ridicule",
        "lambaste",
        "praise",
        "hail",
        "laud",
        "applaud",
        "accuse",
        "rate",
        "cite",
        "defend",
        "reject",
        "welcome",
        "chant",
        "sing",
        "put",
        "blame",
        "attack",
        "encourage",
        "question",
    ]
)


def is_speech_verb(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX") and token.tag_ not in (
        "VBD",
        "VBZ",
        "VBP",
        "VBN",
        "VBG",
        "VB",
    ):
        return False
    return verb_lemma(token) in SPEECH_LEMMAS or token.lower_ in (
        "tweeted",
        "tweeting",
        "tweets",
    )


def verb_lemma(token: Token) -> str:
    """The lemma of a reporting or characterising verb, read from its written form first:
    the lemmatizer gets some wrong ("rated" -> "rat")."""
    return _CUE_LEMMA_OF_FORM.get(token.lower_, token.lemma_.lower())


# The parser now and then labels a word it does not know "neg" (the Vietnamese family
# name "Nguyễn" before "said"): only a word of negation makes a refusal. Compared by
# spaCy's norm, in which "n't", "n’t" and "nt" are all "not".
REFUSING_NEGATORS = frozenset({"not", "never", "no"})


def is_word_of_negation(token: Token) -> bool:
    return token.norm_ in REFUSING_NEGATORS


def is_refused(token: Token) -> bool:
    """ "declined to say", "would not say", "too early to tell": no statement was made."""
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in REFUSAL_LEMMAS:
        return True
    if token.dep_ == "xcomp" and token.head.lower_ in UNSAYABLE_ADJECTIVES:
        return True
    return any(
        child.dep_ == "neg" and is_word_of_negation(child) and not _mark_between(child, token)
        for child in token.children
    )


def _mark_between(a: Token, b: Token) -> bool:
    """A quotation mark between two tokens: '"Probably not," she said' negates nothing."""
    lo, hi = sorted((a.i, b.i))
    return any(t.text in QUOTE_MARKS for t in a.doc[lo + 1 : hi])


def cue_phrase(token: Token) -> str:
    """The reporting phrase as written: "said", "wrote on Twitter", "told reporters"."""
    parts = [token]
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "on":
            obj = [c for c in child.children if c.dep_ == "pobj"]
            if obj and obj[0].lower_ in (
                "twitter",
                "facebook",
                "x",
                "instagram",
                "television",
                "radio",
            ):
                return f"{token.text} on {obj[0].text}"
        if child.dep_ in ("dobj", "dative") and child.lower_ in (
            "reporters",
            "journalists",
            "reuters",
        ):
            parts.append(child)
    return " ".join(t.text for t in sorted(parts, key=lambda t: t.i))


_IRREGULAR_FORMS = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "swear": ("swore",),
}


def _forms(lemma: str) -> set[str]:
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma, lemma + "s", stem + "ed", stem + "ing", *_IRREGULAR_FORMS.get(lemma, ())}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return forms


# Written forms of the reporting verbs, for a pipeline without a tagger or lemmatizer.
SPEECH_FORMS = frozenset(form for lemma in SPEECH_LEMMAS for form in _forms(lemma))


def is_speech_form(token: Token) -> bool:
    return token.lower_ in SPEECH_FORMS


# Written form -> lemma of every cue verb, for the forms the lemmatizer misreads.
_CUE_LEMMA_OF_FORM = {
    form: lemma for lemma in SPEECH_LEMMAS | EVALUATIVE_LEMMAS for form in _forms(lemma)
}


# A reporting cue that denies what it reports ("denied talks were off"): the extractor reads
# such a statement's words for the opposite position.
_DENIAL_CUE = re.compile(r"\bden(?:y|ies|ied|ying)\b", re.IGNORECASE)


def is_denial_cue(cue: str | None) -> bool:
    """A stored cue ("denied", "flatly denies") of a statement the extractor read turned
    round; for readers that have the cue's text but not its parse (backtests, benches)."""
    return cue is not None and _DENIAL_CUE.search(cue) is not None
