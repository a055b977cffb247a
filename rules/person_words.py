"""Words that say what kind of person a phrase names: gender words, role nouns, the nouns of
unnamed sources and of the channels people speak through, and entity labels no name gets.
"""

from __future__ import annotations

from typing import Literal

from rules.cues import QUOTE_MARKS

Gender = Literal["he", "she"]

MALE_WORDS = frozenset(
    [
        "mr",
        "sir",
        "lord",
        "king",
        "prince",
        "spokesman",
        "chairman",
        "congressman",
        "businessman",
        "father",
        "son",
        "brother",
        "husband",
        "man",
        "boy",
        "uncle",
        "alderman",
        "assemblyman",
        "councilman",
        "selectman",
        "abbot",
        "headmaster",
        "baron",
        "duke",
        "earl",
    ]
)
FEMALE_WORDS = frozenset(
    [
        "mrs",
        "ms",
        "miss",
        "dame",
        "lady",
        "queen",
        "princess",
        "spokeswoman",
        "chairwoman",
        "congresswoman",
        "businesswoman",
        "mother",
        "daughter",
        "sister",
        "wife",
        "woman",
        "girl",
        "aunt",
        "alderwoman",
        "assemblywoman",
        "councilwoman",
        "selectwoman",
        "abbess",
        "headmistress",
        "baroness",
        "duchess",
        "countess",
    ]
)
# Nouns that name a person by what they do; a phrase headed by one can be a speaker.
ROLE_NOUNS = frozenset(
    [
        "official",
        "officials",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "secretary",
        "minister",
        "president",
        "chancellor",
        "adviser",
        "advisor",
        "aide",
        "diplomat",
        "senator",
        "governor",
        "mayor",
        "ambassador",
        "envoy",
        "chief",
        "director",
        "commissioner",
        "chairman",
        "chairwoman",
        "leader",
        "negotiator",
        "source",
        "sources",
        "representative",
        "premier",
        "treasurer",
        "lawmaker",
        "legislator",
        "congressman",
        "congresswoman",
        "general",
        "admiral",
        "officer",
        "deputy",
        "strategist",
        "economist",
        "analyst",
        "expert",
        "campaign",
    ]
)
# Nouns for the writer's trade: the reporter who interviews someone asks, the one
# interviewed answers, so "she said" after "reporter Ana Roe met Eva Lind" is Lind.
JOURNALIST_NOUNS = frozenset(
    ["reporter", "correspondent", "journalist", "interviewer", "columnist", "writer"]
)
# Role nouns that stand for a body of people: "the campaign said" is never "he" or "she".
COLLECTIVE_NOUNS = frozenset(
    ["campaign", "administration", "government", "team", "committee", "staff", "office"]
)
# Prepositions after an unnamed source that say which one: "a source at city hall", "a
# person with knowledge of the talks", "an official in the mayor's office", "an aide to
# the mayor", "a spokesman for the port".
DESCRIPTION_PREPS = frozenset({"with", "at", "in", "inside", "within", "from", "to", "for"})
# Nouns for the way something was said: "said in a statement", "an official in an email".
SAYING_CHANNELS = frozenset(
    [
        "statement",
        "interview",
        "letter",
        "email",
        "e-mail",
        "message",
        "post",
        "tweet",
        "text",
        "briefing",
        "conference",
        "speech",
        "release",
        "remark",
        "call",
        "video",
        "essay",
    ]
)
# What a preposition after a source may name that is no part of who they are, but how or
# when they spoke: "an official in an email said", "a spokesman at the time".
CHANNEL_NOUNS = SAYING_CHANNELS | {"time", "moment", "way", "part"}
# The words of an unnamed source's description, at most: past them a post-modifier is
# more likely narration than description.
DESCRIPTION_WORDS = 16
# Single marks too: a British quotation in a source's description.
QUOTATION_MARKS = QUOTE_MARKS | {"‘", "’"}
UNNAMED_HEADS = frozenset(
    ["official", "officials", "source", "sources", "aide", "diplomat", "person"]
)
# Entity types of words that are no part of a person's name. The recogniser often takes a
# rare given name for a product or a title ("Ivanka" as PRODUCT): those may still be one.
NOT_NAME_ENTITIES = frozenset(
    [
        "ORG",
        "GPE",
        "NORP",
        "LOC",
        "FAC",
        "EVENT",
        "LAW",
        "LANGUAGE",
        "DATE",
        "TIME",
        "MONEY",
        "QUANTITY",
        "PERCENT",
        "CARDINAL",
        "ORDINAL",
    ]
)
# Entity labels that no person's name gets, however unfamiliar the name.
PLACE_OR_NUMBER_ENTITIES = frozenset(
    ["GPE", "LOC", "FAC", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"]
)
ROLE_QUALIFIERS = frozenset(["vice", "deputy", "lt", "lieutenant", "assistant", "acting"])
PRONOUN_GENDER: dict[str, Gender] = {
    "he": "he",
    "him": "he",
    "his": "he",
    "she": "she",
    "her": "she",
}
