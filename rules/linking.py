"""Linking a speaker's name or description to a configured official or source."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from rules.given_names import without_accents
from rules.model import Official, Role

HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "prof",
        "professor",
        "rev",
    ]
)
TITLE_WORDS = frozenset(
    [
        "president",
        "vice",
        "secretary",
        "minister",
        "chancellor",
        "senator",
        "sen",
        "rep",
        "representative",
        "governor",
        "gov",
        "mayor",
        "general",
        "gen",
        "judge",
        "justice",
        "ambassador",
        "prime",
        "premier",
        "chairman",
        "chairwoman",
        "chair",
        "commissioner",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "adviser",
        "advisor",
        "deputy",
        "leader",
        "king",
        "queen",
        "prince",
        "princess",
        "sheikh",
        "emir",
        "director",
        "chief",
        "del",
        "delegate",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "adm",
        "cmdr",
        "supt",
        "atty",
        "speaker",
        "rabbi",
        "councillor",
        "councilor",
        "councilman",
        "councilwoman",
        "alderman",
        "sheriff",
        "pastor",
        # civic and legal
        "councilmember",
        "councilperson",
        "cllr",
        "ald",
        "alderwoman",
        "assemblyman",
        "assemblywoman",
        "assemblymember",
        "asm",
        "congressman",
        "congresswoman",
        "comptroller",
        "controller",
        "auditor",
        "treasurer",
        "attorney",
        "prosecutor",
        "magistrate",
        "coroner",
        "selectman",
        "selectwoman",
        "supervisor",
        "ombudsman",
        "elect",
        "designate",
        # parliamentary and state
        "mp",
        "mep",
        "msp",
        "mla",
        "mpp",
        "td",
        "whip",
        "baroness",
        "viscount",
        "duchess",
        "countess",
        "rt",
        "hon",
        "honourable",
        "honorable",
        "sultan",
        "sheikha",
        "crown",
        # military and police
        "colonel",
        "captain",
        "sergeant",
        "corporal",
        "commander",
        "commodore",
        "brigadier",
        "brig",
        "admiral",
        "lieutenant",
        "cdr",
        "cpl",
        "pvt",
        "pfc",
        "insp",
        "inspector",
        "det",
        "detective",
        "superintendent",
        "commandant",
        # religious
        "archbishop",
        "archdeacon",
        "imam",
        "mufti",
        "ayatollah",
        "reverend",
        "revd",
        "fr",
        "msgr",
        "monsignor",
        "vicar",
        "chaplain",
        "pope",
        "patriarch",
        "abbot",
        "abbess",
        "cantor",
        # academic
        "provost",
        "rector",
        "headteacher",
        "headmaster",
        "headmistress",
        "lecturer",
    ]
)
# Titles that are also surnames ("Bishop Anselm Korda" but "Anna Bishop", "Major Ines Roth"
# but "John Major"): a title only when a full name, two words or more, follows. Titles that
# are common given names too ("Dean", "Earl", "Duke") are left out: "Earl Ray Tomblin" is one
# man's full name.
NAME_LIKE_TITLES = frozenset(
    [
        "bishop",
        "cardinal",
        "canon",
        "prior",
        "deacon",
        "father",
        "brother",
        "sister",
        "major",
        "marshal",
        "constable",
        "principal",
        "private",
    ]
)
_DETERMINERS = frozenset(["a", "an", "the", "his", "her", "their", "its", "our", "this", "that"])
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Lower-case words; hyphens and dots split or vanish so "Kim Jong-un" = "Kim Jong Un",
    and accents go, so "José María" is one name with "Jose Maria" (and not "jos mar a")."""
    text = without_accents(text.lower().replace("’", "'").replace("'s", "").replace(".", ""))
    return _WORD.findall(text)


def strip_titles(name_words: list[str]) -> list[str]:
    """Drops leading honorifics and titles: "mr tillerson" -> "tillerson"."""
    out = list(name_words)
    while len(out) > 1 and (
        out[0] in HONORIFICS
        or out[0] in TITLE_WORDS
        or (out[0] in NAME_LIKE_TITLES and len(out) > 2)
    ):
        out.pop(0)
    return out


def _contains_run(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def _is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return bool(needle) and all(word in it for word in needle)


def _holds(role: Role, day: date | None) -> bool:
    """Whether the role names its holder on ``day``. With no date known a role bounded
    in time names nobody: "the president" of an undated article may be anyone who held it."""
    if day is None:
        return role.since is None and role.until is None
    return role.active_on(day)


class OfficialIndex:
    """Answers "who is this?" for names, role phrases and unnamed-source descriptions."""

    def __init__(self, officials: Iterable[Official]) -> None:
        self.officials = list(officials)
        self._names: dict[tuple[str, ...], list[Official]] = {}
        self._surnames: dict[str, list[Official]] = {}
        for official in self.officials:
            if official.kind != "person":
                continue
            for form in (official.name, *official.aliases):
                key = tuple(strip_titles(words(form)))
                if key:
                    self._names.setdefault(key, []).append(official)
            full = strip_titles(words(official.name))
            if full:
                self._surnames.setdefault(full[-1], []).append(official)

    def by_id(self, official_id: str) -> Official | None:
        return next((o for o in self.officials if o.id == official_id), None)

    def person_names(self) -> list[str]:
        """Every configured form of every person's name, for the entity ruler; a surname
        too, where no other configured official shares it ("Brill said")."""
        forms = [f for o in self.officials if o.kind == "person" for f in (o.name, *o.aliases)]
        unique = [s for s, owners in self._surnames.items() if len({o.id for o in owners}) == 1]
        surnames = [
            form.split()[-1]
            for o in self.officials
            if o.kind == "person"
            for form in [o.name]
            if words(form) and words(form)[-1] in unique
        ]
        return forms + surnames

    def by_name(self, name: str) -> Official | None:
        """A person by full name or alias; by surname only when no other official shares it."""
        key = tuple(strip_titles(words(name)))
        if not key:
            return None
        exact = {o.id: o for o in self._names.get(key, [])}
        if len(exact) == 1:
            return next(iter(exact.values()))
        if exact:
            return None
        candidates = {o.id: o for o in self._surnames.get(key[-1], [])}
        if len(candidates) != 1:
            return None
        official = next(iter(candidates.values()))
        if len(key) > 1:
            # "Mary Tillerson" is not Rex Tillerson: a given first name must agree.
            known_first = {
                strip_titles(words(f))[0] for f in (official.name, *official.aliases) if words(f)
            }
            if key[0] not in known_first:
                return None
        return official

    def by_role(
        self, phrase: str, day: date | None, *, extra_proper: Iterable[str] = ()
    ) -> Official | None:
        """The holder of a role named by ``phrase`` on ``day`` ("the secretary of state").

        ``extra_proper`` are proper-noun words of the phrase (e.g. "french"); a role
        matches only if its own wording covers them, so "the French president" is
        never the configured US president.
        """
        phrase_words = [w for w in words(phrase) if w not in _DETERMINERS]
        proper = {w for p in extra_proper for w in words(p)}
        found: dict[str, Official] = {}
        for official in self.officials:
            for role in official.roles:
                if not _holds(role, day):
                    continue
                for form in role.phrases:
                    form_words = words(form)
                    if _contains_run(phrase_words, form_words) and proper <= set(form_words):
                        found[official.id] = official
        return next(iter(found.values())) if len(found) == 1 else None

    def by_description(self, description: str) -> Official | None:
        """An unnamed source ("a senior White House official") by its configured aliases."""
        desc_words = [w for w in words(description) if w not in _DETERMINERS]
        best: tuple[int, Official] | None = None
        for official in self.officials:
            if official.kind == "person":
                continue
            for form in (official.name, *official.aliases):
                form_words = [w for w in words(form) if w not in _DETERMINERS]
                if _is_subsequence(form_words, desc_words) and (
                    best is None or len(form_words) > best[0]
                ):
                    best = (len(form_words), official)
        return best[1] if best else None
