"""Who is mentioned where: people, roles and unnamed sources, and what pronouns point to.

A small coreference step of our own. Every person-like noun phrase becomes a
``Mention``; mentions of one person share a ``key`` (the fullest name the article
uses, or the description of an unnamed source). A pronoun or a bare role noun
("the official", "the minister") resolves to an earlier mention by gender, role
noun, grammatical salience and recency.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from spacy.tokens import Doc, Span, Token

from rules.cues import is_speech_verb
from rules.given_names import given_name_gender
from rules.linking import HONORIFICS, TITLE_WORDS, OfficialIndex, strip_titles, words
from rules.model import Official
from rules.names import NON_PERSON_WORDS
from rules.person_phrases import (
    attached_role_words,
    beside_a_role,
    description_phrase,
    display_name,
    group_phrase,
    heads_a_name,
    holder_of_name,
    is_bare_text,
    is_group,
    opens_with_given_name,
    opens_with_title,
    phrase_gender,
    points_back,
    proper_run,
    role_phrase,
    subject_of_conjuncts,
    trimmed_name,
    with_given_names,
    word_gender,
)
from rules.person_words import (
    COLLECTIVE_NOUNS,
    JOURNALIST_NOUNS,
    PRONOUN_GENDER,
    ROLE_NOUNS,
    ROLE_QUALIFIERS,
    UNNAMED_HEADS,
    Gender,
)

MentionKind = Literal["name", "role", "anonymous"]
# How many sentences of narration back "he" or "she" may point.
PRONOUN_REACH = 4
# Shorter surnames one letter apart are as likely two people ("Kerr", "Karr").
MIN_RESPELT_SURNAME = 6


@dataclass
class Mention:
    start: int
    end: int
    text: str
    kind: MentionKind
    sent: int
    salience: int
    key: str
    head: str
    official_id: str | None = None
    gender: Gender | None = None
    role_words: set[str] = field(default_factory=set)
    # Several people or a body of them ("officials", "the campaign"): never "he" or "she".
    plural: bool = False
    # Found in a title-cased line (a headline, a caption), where the recogniser takes
    # capitalised words for parts of a name: "Obama Says", "Clinton Hid Past Health".
    in_headline: bool = False


@dataclass
class Resolution:
    """A resolved speaker: the display name, the configured id, the mention span."""

    name: str
    official_id: str | None
    mention: tuple[int, int]
    kind: MentionKind


class MentionIndex:
    """The mentions of one article and the coreference decisions over them."""

    def __init__(
        self,
        doc: Doc,
        officials: OfficialIndex,
        day: date | None,
        quoted: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.doc = doc
        self.text = doc.text  # spaCy joins the tokens again on every doc.text
        # Where each paragraph break ends: the paragraph of an offset is asked for per
        # candidate and per pronoun, so the text is scanned once.
        self.breaks = [m.end() for m in re.finditer("\n\n", self.text)]
        self.quoted = list(quoted)
        self.officials = officials
        self.day = day
        self.sent_of = _sentence_numbers(doc)
        self.narration = _narration_counts(doc, self.quoted)
        self.mentions: list[Mention] = []
        # (offset, sentence, person) of every speaker resolved so far, for "he said".
        self.speakers: list[tuple[int, int, Mention]] = []
        # (offset, description, gender) of every unnamed person who spoke: "a retired
        # teacher said ...", for a "she said" with nobody else in the paragraph to be.
        self.described: list[tuple[int, str, Gender | None]] = []
        self._collect_names()
        self._collect_unrecognised_names()
        self._collect_roles()
        self.mentions.sort(key=lambda m: m.start)
        self._cluster_names()

    # --- collection ----------------------------------------------------------

    def _collect_names(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ != "PERSON":
                continue
            span = trimmed_name(ent)
            if span is None:
                continue
            span = with_given_names(span)
            name_words = strip_titles(words(span.text))
            if not name_words or all(w in TITLE_WORDS | HONORIFICS for w in name_words):
                continue
            root = span.root if self.doc.has_annotation("DEP") else span[0]
            official = self.officials.by_name(span.text)
            self.mentions.append(
                self._name_mention(span, root, name_words, official, attached_role_words(span))
            )

    def _name_mention(
        self,
        span: Span,
        root: Token,
        name_words: list[str],
        official: Official | None,
        role_words: set[str],
    ) -> Mention:
        return Mention(
            start=span.start_char,
            end=span.end_char,
            text=display_name(span),
            kind="name",
            sent=self.sent_of[span.start],
            salience=_salience(holder_of_name(root)),
            key=" ".join(name_words),
            head=name_words[-1],
            official_id=official.id if official else None,
            gender=phrase_gender(span, official.pronoun if official else None, role_words),
            role_words=role_words,
            in_headline=_is_title_cased(span),
        )

    def _collect_unrecognised_names(self) -> None:
        """A proper noun the entity recogniser missed is still a name when it is the subject
        of a reporting verb ("Okafor said") or the surname of a person named elsewhere in
        the article, so later pronouns can point at it."""
        if not self.doc.has_annotation("DEP"):
            return
        surnames = {m.head for m in self.mentions if m.kind == "name"}
        for token in self.doc:
            if token.pos_ != "PROPN":
                continue
            subject = subject_of_conjuncts(token)
            if (
                subject.dep_ not in ("nsubj", "nsubjpass")
                and not beside_a_role(token)
                and not opens_with_given_name(token)
                and not opens_with_title(token)
            ):
                continue
            if token.ent_type_ == "PERSON" or self.mention_at(token) is not None:
                continue
            # The recogniser often reads a joint subject ("Okafor and Ferreira said") as
            # one title or organisation: its words are names all the same.
            speaks = is_speech_verb(subject.head)
            if not (
                token.lower_ in surnames
                or ((not token.ent_type_ or subject is not token) and speaks)
                or (
                    subject is token
                    and (speaks or _full_name_shape(token))
                    and self._taken_up_as_person(token)
                )
                or beside_a_role(token)
                or opens_with_given_name(token)
                or opens_with_title(token)
            ):
                continue
            span = proper_run(token)
            name_words = strip_titles(words(span.text))
            if not name_words or name_words[-1] in TITLE_WORDS | HONORIFICS:
                continue
            roles = attached_role_words(span)
            self.mentions.append(self._name_mention(span, token, name_words, None, roles))
            surnames.add(name_words[-1])  # found here, it is known to the rest of the text

    def _taken_up_as_person(self, token: Token) -> bool:
        """ "Diallo told the council ... He said": a name the recogniser took for an
        organisation is a person's when the next subject pronoun after it, in narration
        within a sentence or two and with no person named in between, is "he" or "she" (an
        organisation is "it"; "Google said ... It said" stays one)."""
        if token.ent_type_ != "ORG" or token.tag_ != "NNP":
            return False  # before ``doc.ents``, which builds every entity anew on each call
        ent = next((e for e in self.doc.ents if e.start <= token.i < e.end), None)
        if ent is None:
            return False
        if len(ent) != 1 and not _full_name_shape(token):
            return False
        sent = self.sent_of[token.i]
        for later in self.doc[token.i + 1 :]:
            if self.sent_of[later.i] - sent > 2:
                return False
            if later.ent_type_ == "PERSON":
                return False
            if later.dep_ not in ("nsubj", "nsubjpass") or later.pos_ != "PRON":
                continue
            if any(s <= later.idx < e for s, e in self.quoted):
                continue
            return later.lower_ in ("he", "she")
        return False

    def _collect_roles(self) -> None:
        taken = {t.i for ent in self.doc.ents if ent.label_ == "PERSON" for t in ent}
        for token in self.doc:
            if token.lemma_.lower() not in ROLE_NOUNS and token.lower_ not in ROLE_NOUNS:
                continue
            if token.pos_ not in ("NOUN", "PROPN") or token.i in taken:
                continue
            if token.dep_ in ("compound", "amod") or heads_a_name(token):
                continue
            if any(self._names_a_person(c) for c in token.children if c.dep_ == "appos"):
                continue  # "the union's leader, Tomasz Wrobel": the name's mention says who
            phrase = role_phrase(token)
            self.mentions.append(self._role_mention(token, phrase))

    def _names_a_person(self, token: Token) -> bool:
        mention = self.mention_at(token)
        return mention is not None and mention.kind == "name"

    def _role_mention(self, token: Token, phrase: Span) -> Mention:
        text = phrase.text.strip()
        proper = [t.text for t in phrase if t.pos_ == "PROPN" and t.i != token.i]
        official = self.officials.by_role(text, self.day, extra_proper=proper)
        kind: MentionKind = "role"
        if official is None:
            described = description_phrase(token)
            official = self.officials.by_description(description_phrase(token, asides=True).text)
            if official is not None or token.lower_ in UNNAMED_HEADS:
                kind = "anonymous"
            # "The official, who spoke on condition of anonymity," is the official named
            # before: a bare definite keeps its short text, which points back.
            if official is not None or not points_back(token, text):
                phrase, text = described, described.text.strip()
        gender = word_gender({t.lower_ for t in phrase})
        if official is not None and official.pronoun in ("he", "she"):
            gender = official.pronoun
        return Mention(
            start=phrase.start_char,
            end=phrase.end_char,
            text=text,
            kind=kind,
            sent=self.sent_of[token.i],
            salience=_salience(token),
            key=f"role:{official.id}" if official else text.lower(),
            head=token.lemma_.lower(),
            official_id=official.id if official else None,
            gender=gender,
            role_words={token.lemma_.lower(), token.lower_},
            plural=token.tag_ in ("NNS", "NNPS") or token.lemma_.lower() in COLLECTIVE_NOUNS,
        )

    # --- clustering ----------------------------------------------------------

    def _cluster_names(self) -> None:
        """Every name takes the fullest name of the article that contains it ("Tillerson" ->
        "rex tillerson"); a role linked to an official takes that official's name when the
        article names them."""
        self._rename_headline_names()
        self._drop_words_before_given_names()
        self._respell_surnames()
        names = [m for m in self.mentions if m.kind == "name"]
        fullest: dict[str, Mention] = {}
        for mention in names:
            mention_words = mention.key.split()
            best = max(
                (
                    o
                    for o in names
                    if set(mention_words) <= set(o.key.split())
                    # "Mr. Obama" is not "Michelle Obama", whose name says "she".
                    and (o is mention or not _genders_differ(o.gender, mention.gender))
                ),
                key=lambda o: (len(o.key.split()), -o.start),
            )
            fullest[mention.key] = best
        for mention in names:
            best = fullest[mention.key]
            mention.key, mention.text = best.key, best.text
            mention.official_id = mention.official_id or best.official_id
        by_official = {m.official_id: m for m in names if m.official_id}
        genders: dict[str, Gender] = {}
        for mention in self.mentions:
            if mention.gender and mention.kind == "name":
                genders.setdefault(mention.key, mention.gender)
        for mention in self.mentions:
            if mention.kind == "role" and mention.official_id in by_official:
                named = by_official[mention.official_id]
                mention.key, mention.text = named.key, named.text
            if mention.gender is None:
                mention.gender = genders.get(mention.key)
        for mention in self.mentions:
            if mention.gender:
                genders.setdefault(mention.key, mention.gender)
        for mention in self.mentions:
            mention.gender = mention.gender or genders.get(mention.key)

    def _rename_headline_names(self) -> None:
        """A name read in a headline keeps only its words that are names: words of the
        running text's names or known given names ("Obama Says" -> "Obama", "Hillary
        Clinton Goes" -> "Hillary Clinton"); with no name of the running text in it, it is
        no name at all ("White House Doctor Says")."""
        body = [m for m in self.mentions if m.kind == "name" and not m.in_headline]
        known = {w for m in body for w in m.key.split()}
        kept: list[Mention] = []
        for mention in self.mentions:
            if not mention.in_headline:
                kept.append(mention)
                continue
            headline_words = mention.key.split()
            run = _longest_run(headline_words, lambda w: w in known or bool(given_name_gender(w)))
            if not any(_contains_run(run, o.key.split()) for o in body):
                continue
            if run != headline_words:
                shown = mention.text.split()
                mention.key, mention.head = " ".join(run), run[-1]
                if len(shown) == len(headline_words):
                    at = _find_run(headline_words, run)
                    mention.text = " ".join(shown[at : at + len(run)])
                else:
                    mention.text = " ".join(w.capitalize() for w in run)
            kept.append(mention)
        self.mentions = kept

    def _respell_surnames(self) -> None:
        """ "McLenney said" after "Tyresha McClenney": a surname written alone that no
        name of the article has, one letter off the surname of exactly one full name,
        is that name misspelt, as copy often misspells a long surname."""
        full = {m.key: m for m in self.mentions if m.kind == "name" and len(m.key.split()) > 1}
        known = {w for key in full for w in key.split()}
        for mention in self.mentions:
            if mention.kind != "name" or " " in mention.key or mention.key in known:
                continue
            if len(mention.key) < MIN_RESPELT_SURNAME:
                continue
            close = [m for key, m in full.items() if _one_edit_apart(key.split()[-1], mention.key)]
            if len({m.key for m in close}) == 1:
                mention.key, mention.head = close[0].key, close[0].head

    def _drop_words_before_given_names(self) -> None:
        """ "Crooked Hillary Clinton" where the article also writes "Hillary Clinton": the
        words before a known given name are not the name when the name written from the
        given name on is one of the article's names."""
        names = {m.key: m for m in self.mentions if m.kind == "name"}
        for mention in names.values():
            name_words = mention.key.split()
            for i, word in enumerate(name_words[1:-1], start=1):
                if given_name_gender(name_words[i - 1]):
                    break
                shorter = names.get(" ".join(name_words[i:]))
                if given_name_gender(word) and shorter is not None:
                    for same in self.mentions:
                        if same.key == mention.key:
                            same.key, same.text = shorter.key, shorter.text
                    break

    # --- resolution ----------------------------------------------------------

    def mention_at(self, token: Token) -> Mention | None:
        for mention in self.mentions:
            if mention.start <= token.idx < mention.end:
                return mention
        return None

    def resolve_token(
        self, token: Token, content: Sequence[tuple[int, int]] = ()
    ) -> Resolution | None:
        """The speaker a subject token stands for; ``content`` is what they said, whose
        names are spoken of, not speaking."""
        lower = token.lower_
        if lower in PRONOUN_GENDER:
            return self.resolve_pronoun(token, PRONOUN_GENDER[lower], content)
        mention = self.mention_at(token)
        if mention is None:
            return None
        if mention.kind != "name" and points_back(token, mention.text):
            earlier = self._antecedent_of_role(mention)
            if earlier is not None:
                # "The minister said ..." is the man named before: a later "she" is not.
                mention.gender = mention.gender or earlier.gender
                self._note_speaker(token, earlier)
                return Resolution(
                    self._display(earlier),
                    earlier.official_id,
                    (mention.start, mention.end),
                    earlier.kind,
                )
        if mention.kind == "role" and mention.official_id is None:
            later = self._named_after_lead(mention)
            if later is not None:
                self._note_speaker(token, later)
                return Resolution(
                    self._display(later), later.official_id, (mention.start, mention.end), "name"
                )
        self._note_speaker(token, mention)
        return Resolution(
            self._display(mention), mention.official_id, (mention.start, mention.end), mention.kind
        )

    def _named_after_lead(self, role: Mention) -> Mention | None:
        """ "..., the harbours minister has admitted." then, a paragraph on, "Ms Ana Roe
        told the assembly ...": news leads with a role and names its holder afterwards.
        A definite role that nobody named before can be, and that the article has not
        linked to an official, is the one person later named with that role; failing that,
        the person named as the subject of a reporting verb opening one of the next two
        paragraphs, when nothing written beside that name gives them another role."""
        if not self.doc.has_annotation("DEP") or role.plural:
            return None
        if not role.text.lower().startswith(("the ", "this ")):
            return None
        names = [m for m in self.mentions if m.kind == "name" and not m.in_headline]
        # A person named before as a subject or with the role is who the role points
        # back to, if anyone; a name in passing (a photo credit, a place the recogniser
        # took for a name) is not.
        if any(m.start < role.start and (m.salience or role.head in m.role_words) for m in names):
            return None
        later = [m for m in names if m.start > role.end and not self._quoted(m)]
        holders = {m.key: m for m in later if role.head in m.role_words}
        if len(holders) == 1:
            return next(iter(holders.values()))
        if holders:
            return None
        paragraph = self._paragraph(role.start)
        for mention in later:
            if self._paragraph(mention.start) - paragraph > 2:
                return None
            if self._paragraph(mention.start) == paragraph:
                continue
            token = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if token is None:
                return None
            opens = token.sent.start == self._paragraph_first_token(mention.start)
            other_roles = (mention.role_words & ROLE_NOUNS) - role.role_words
            if (
                opens
                and mention.salience == 2
                and is_speech_verb(holder_of_name(token.root).head)
                and not other_roles
                and not _genders_differ(mention.gender, role.gender)
            ):
                return mention
            return None
        return None

    def _paragraph(self, offset: int) -> int:
        return bisect_right(self.breaks, offset)

    def _paragraph_first_token(self, offset: int) -> int:
        start = self.text.rfind("\n\n", 0, offset)
        first = self.doc.char_span(start + 2 if start >= 0 else 0, offset, alignment_mode="expand")
        i = first.start if first is not None else 0
        while i < len(self.doc) and self.doc[i].is_space:
            i += 1
        return i

    def resolve_pronoun(
        self, pronoun: Token, gender: Gender, content: Sequence[tuple[int, int]] = ()
    ) -> Resolution | None:
        """The person a "he" or "she" stands for, or None when nobody fits.

        News copy names a speaker and goes on with "he said": the pronoun continues the
        last person of that gender who spoke or who was the subject of a sentence since,
        whichever came later; any other earlier person is the fallback.
        """
        at = pronoun.idx
        span = (at, at + len(pronoun))
        sent = self.sent_of[pronoun.i]
        candidates = [
            m
            for m in self.mentions
            if m.end <= at
            and self._sentences_between(m.sent, sent) <= PRONOUN_REACH
            and self._could_be(m, gender)
            and not self._quoted(m)
            and not any(s <= m.start < e for s, e in content)
        ]
        if any(not m.role_words & JOURNALIST_NOUNS for m in candidates):
            candidates = [m for m in candidates if not m.role_words & JOURNALIST_NOUNS]
        speaker = self._last_speaker(at, sent, gender)
        subjects = [m for m in candidates if m.salience == 2]
        best: Mention | None = self._named_ahead(pronoun, gender)
        if best is not None:
            pass
        elif subjects and (speaker is None or subjects[-1].sent > speaker[0]):
            best = subjects[-1]
        elif speaker is not None:
            best = self._newcomer(candidates, speaker, gender) or speaker[1]
        elif candidates:
            best = max(candidates, key=lambda m: (m.sent, m.salience, m.gender == gender, -m.start))
        if best is not None and best.gender is None:
            best = self._same_sentence_match(candidates, sent, gender) or best
        described = self._described_in_paragraph(pronoun, gender, candidates)
        if described is not None:
            return Resolution(described, None, span, "anonymous")
        if best is None:
            return None
        self._learn_gender(best, gender)
        self._note_speaker(pronoun, best)
        return Resolution(self._display(best), best.official_id, span, best.kind)

    def note_description(self, token: Token, text: str) -> None:
        """An unnamed person spoke, described by ``text`` ("a retired teacher"): one, not
        a body ("a union", "the campaign") nor several, and introduced as someone new."""
        if token.pos_ != "NOUN" or token.tag_ != "NN" or token.ent_type_:
            return
        if token.lemma_.lower() in COLLECTIVE_NOUNS or not text.lower().startswith(("a ", "an ")):
            return
        gender = word_gender({w.lower() for w in words(text)})
        self.described.append((token.idx, text, gender))

    def _described_in_paragraph(
        self, pronoun: Token, gender: Gender, candidates: list[Mention]
    ) -> str | None:
        """ "One, a retired teacher, said ... 'We can't pay,' she said": the unnamed person
        who spoke earlier in the pronoun's paragraph, when no named person or role of the
        paragraph before the pronoun could be the one."""
        at = pronoun.idx
        paragraph = self._paragraph(at)
        spoke = [
            (offset, text)
            for offset, text, said_gender in self.described
            if offset < at
            and self._paragraph(offset) == paragraph
            and said_gender in (None, gender)
        ]
        if not spoke:
            return None
        text = spoke[-1][1]
        rivals = [m for m in candidates if self._paragraph(m.start) == paragraph]
        return None if rivals else text

    def _named_ahead(self, pronoun: Token, gender: Gender) -> Mention | None:
        """ "While she conceded the deficit was real, Diallo said ...": the subject of a
        clause that opens the sentence ahead of its main clause is the person the main
        clause then names as its subject."""
        if not self.doc.has_annotation("DEP") or pronoun.dep_ not in ("nsubj", "nsubjpass"):
            return None
        clause = pronoun.head
        main = clause.head
        if clause.dep_ != "advcl" or main.i <= clause.i or main.pos_ not in ("VERB", "AUX"):
            return None
        opening = [t for t in pronoun.sent if t.i < clause.left_edge.i and not t.is_punct]
        if opening:
            return None  # the clause does not open the sentence: "Diallo left after she ..."
        subject = next(
            (c for c in main.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > clause.i),
            None,
        )
        mention = self.mention_at(subject) if subject is not None else None
        if mention is None or mention.kind != "name" or not self._could_be(mention, gender):
            return None
        return None if self._quoted(mention) else mention

    def _same_sentence_match(
        self, candidates: list[Mention], sent: int, gender: Gender
    ) -> Mention | None:
        """ "Chris Roe called Ana Diaz a disgrace after she attacked the police": a person
        of the pronoun's gender named earlier in its own sentence is a surer antecedent
        than one whose gender nothing tells."""
        same = [m for m in candidates if m.sent == sent and m.gender == gender]
        return same[-1] if same else None

    def resolve_group_pronoun(
        self, pronoun: Token, content: Sequence[tuple[int, int]] = ()
    ) -> Resolution | None:
        """ "they said" after a plural subject ("Union leaders met ...; they said"), "it said"
        after an organisation's ("The port authority ... It said"): the latest such subject
        of this or the two sentences before, outside quotations and what was said. With no
        plural there, "they" is the organisation, as American copy writes of a campaign or
        a fact-checking site."""
        if not self.doc.has_annotation("DEP"):
            return None
        sent = self.sent_of[pronoun.i]
        subjects = [
            token
            for token in reversed(self.doc[: pronoun.i])
            if sent - self.sent_of[token.i] <= 2
            and token.dep_ in ("nsubj", "nsubjpass")
            and token.lower_ != pronoun.lower_
            and not any(s <= token.idx < e for s, e in [*self.quoted, *content])
        ]
        plural = pronoun.lower_ == "they"
        group = next((t for t in subjects if is_group(t, plural)), None)
        if group is None and plural:
            group = next((t for t in subjects if is_group(t, plural=False)), None)
        if group is None:
            return None
        text = group_phrase(group).text.strip()
        return Resolution(text, None, (pronoun.idx, pronoun.idx + len(pronoun)), "role")

    def _newcomer(
        self, candidates: list[Mention], speaker: tuple[int, Mention], gender: Gender
    ) -> Mention | None:
        """ "... concerns Ana Ruiz, head of the growers' union. 'We lose every way,' she
        said": one new person of that gender brought in after the last speaker, who has
        not been named again since, is the one who goes on speaking."""
        said_in, last = speaker
        since = [m for m in candidates if m.sent > said_in]
        if any(m.key == last.key for m in since):
            return None
        newcomer = next((m for m in reversed(since) if m.gender == gender), None)
        if newcomer is None:
            return None
        first = next(m for m in self.mentions if m.key == newcomer.key)
        return newcomer if first is newcomer and self._introduced(newcomer) else None

    def _introduced(self, mention: Mention) -> bool:
        """Named for the first time with who they are: "Ana Ruiz, head of the union"."""
        token = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if token is None or not self.doc.has_annotation("DEP"):
            return False
        return any(c.dep_ == "appos" for c in token.root.children)

    def _sentences_between(self, earlier: int, later: int) -> int:
        """How many sentences of narration lie between two sentences: a long quotation
        carries its speaker on ("'...' she says. '...' She then urges ...")."""
        return self.narration[later] - self.narration[earlier]

    def _could_be(self, mention: Mention, gender: Gender) -> bool:
        return (
            mention.gender in (None, gender) and mention.kind != "anonymous" and not mention.plural
        )

    def _last_speaker(self, at: int, sent: int, gender: Gender) -> tuple[int, Mention] | None:
        """The sentence and person of the latest speaker before ``at`` that "he"/"she" fits."""
        for offset, said_in, mention in sorted(self.speakers, key=lambda s: -s[0]):
            if offset >= at:
                continue
            if self._sentences_between(said_in, sent) > PRONOUN_REACH:
                return None
            if self._could_be(mention, gender):
                return said_in, mention
        return None

    def _note_speaker(self, token: Token, mention: Mention) -> None:
        self.speakers.append((token.idx, self.sent_of[token.i], mention))

    def _learn_gender(self, mention: Mention, gender: Gender) -> None:
        """Once "she" is someone, that someone is a woman for the rest of the article."""
        if mention.gender is not None:
            return
        for other in self.mentions:
            if other.key == mention.key and other.gender is None:
                other.gender = gender

    def _quoted(self, mention: Mention) -> bool:
        """Names inside quotation marks are spoken of or to, never the speaker."""
        return any(s <= mention.start < e for s, e in self.quoted)

    def _antecedent_of_role(self, mention: Mention) -> Mention | None:
        """ "the official" -> the last earlier mention with that role noun."""
        for earlier in reversed([m for m in self.mentions if m.end <= mention.start]):
            if mention.head in earlier.role_words or earlier.head == mention.head:
                if earlier.kind == "role" and is_bare_text(earlier.text):
                    continue
                if _qualified_role(earlier) - set(words(mention.text)):
                    continue  # "the president" is not the vice president named before
                return earlier
        return None

    def _display(self, mention: Mention) -> str:
        return mention.text


# --- helpers -----------------------------------------------------------------


def _sentence_numbers(doc: Doc) -> list[int]:
    numbers = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for token in sent:
            numbers[token.i] = n
    return numbers


def _narration_counts(doc: Doc, quoted: Sequence[tuple[int, int]]) -> list[int]:
    """For each sentence, how many sentences up to it are narration, not quotation."""
    counts: list[int] = []
    total = 0
    for sent in doc.sents:
        words = [t for t in sent if t.is_alpha]
        if not all(any(s <= t.idx < e for s, e in quoted) for t in words):
            total += 1
        counts.append(total)
    return counts


def _salience(token: Token) -> int:
    """2 for the subject of a sentence's main verb, 1 for another subject, 0 otherwise.
    The doer in "with Ana Ruiz lambasting the plan" is the sentence's subject too."""
    if token.dep_ == "pobj" and token.head.lower_ == "with":
        # The parser may hang the participle on a relative clause in between.
        doing = any(t.tag_ == "VBG" and t.pos_ == "VERB" for t in token.subtree if t.i > token.i)
        return 2 if doing else 0
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return 0
    head = token.head
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    return 2 if head.dep_ == "ROOT" else 1


def _full_name_shape(token: Token) -> bool:
    """ "Maren Holt": two or three capitalised proper nouns, none of them a word of an
    organisation's or a place's name, shaped as a given name and a surname are."""
    run = proper_run(token)
    return (
        2 <= len(run) <= 3
        and all(t.tag_ == "NNP" and t.is_title and t.is_alpha for t in run)
        and not any(t.lower_ in NON_PERSON_WORDS for t in run)
    )


def _one_edit_apart(one: str, other: str) -> bool:
    """One letter added, dropped or changed."""
    if one == other or abs(len(one) - len(other)) > 1:
        return False
    if len(one) == len(other):
        return sum(a != b for a, b in zip(one, other, strict=True)) == 1
    short, long = sorted((one, other), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _qualified_role(mention: Mention) -> set[str]:
    """The words that make a role another one: "vice", "deputy", "lieutenant"."""
    return (mention.role_words | set(words(mention.text))) & ROLE_QUALIFIERS


def _genders_differ(one: Gender | None, other: Gender | None) -> bool:
    return one is not None and other is not None and one != other


def _is_title_cased(span: Span) -> bool:
    """Whether the line around a name is written in title case, as headlines and captions
    are: every content word outside people's names is capitalised."""
    content = [
        t
        for t in span.sent
        if t.is_alpha
        and not t.is_stop
        and t.ent_type_ != "PERSON"
        and not span.start <= t.i < span.end
    ]
    return len(content) >= 3 and all(t.text[0].isupper() for t in content)


def _contains_run(haystack: list[str], needle: list[str]) -> bool:
    return _find_run(haystack, needle) >= 0


def _find_run(haystack: list[str], needle: list[str]) -> int:
    n = len(needle)
    if n == 0:
        return -1
    return next((i for i in range(len(haystack) - n + 1) if haystack[i : i + n] == needle), -1)


def _longest_run(items: list[str], keep: Callable[[str], bool]) -> list[str]:
    """The longest stretch of consecutive items that all pass ``keep``."""
    best: list[str] = []
    current: list[str] = []
    for item in items:
        current = [*current, item] if keep(item) else []
        if len(current) > len(best):
            best = current
    return best
