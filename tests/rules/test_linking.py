from __future__ import annotations

from datetime import date

import pytest

from rules.linking import OfficialIndex, strip_titles, words
from rules.model import Official, Role


def role(title: str, since: str | None = None, until: str | None = None, **extra: object) -> Role:
    return Role.model_validate({"title": title, "from": since, "to": until, **extra})


OFFICIALS = [
    Official(
        id="okafor",
        name="Dana Okafor",
        pronoun="she",
        aliases=["Ms Okafor", "Minister Okafor"],
        roles=[role("health minister", aliases=["minister of health"])],
    ),
    # Two officials share a surname: "Ferreira" alone is neither of them.
    Official(id="luis-ferreira", name="Luis Ferreira", pronoun="he"),
    Official(id="ana-ferreira", name="Ana Ferreira", pronoun="she"),
    Official(id="brandt", name="John Brandt", pronoun="he"),
    # The same title, two holders in different years.
    Official(
        id="halvorsen",
        name="Erik Halvorsen",
        pronoun="he",
        roles=[role("president", "2019-01-01", "2022-12-31")],
    ),
    Official(
        id="mbeki-ward",
        name="Grace Mbeki-Ward",
        pronoun="she",
        roles=[role("president", "2023-01-01")],
    ),
    Official(
        id="treasury",
        name="Treasury (unnamed officials)",
        kind="anonymous",
        aliases=["Treasury official", "Treasury source"],
    ),
    Official(
        id="senior-treasury",
        name="Treasury (senior unnamed officials)",
        kind="anonymous",
        aliases=["senior Treasury official"],
    ),
    Official(
        id="ministry",
        name="Health ministry (unnamed)",
        kind="anonymous",
        aliases=["ministry official"],
    ),
]


@pytest.fixture(scope="module")
def index() -> OfficialIndex:
    return OfficialIndex(OFFICIALS)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dana Okafor", "okafor"),
        ("dana okafor", "okafor"),
        ("Ms Okafor", "okafor"),
        ("Minister Okafor", "okafor"),
        ("Dr Okafor", "okafor"),  # an honorific is not part of the name
        ("Okafor", "okafor"),  # a surname no one else has
        ("Okafor's", "okafor"),
        ("Luis Ferreira", "luis-ferreira"),
        ("Ana Ferreira", "ana-ferreira"),
        ("John Brandt", "brandt"),
        ("Mr. Brandt", "brandt"),
        ("Grace Mbeki Ward", "mbeki-ward"),  # a hyphen is a word break
    ],
)
def test_linking_by_name_exact_alias_surname(
    index: OfficialIndex, name: str, expected: str
) -> None:
    official = index.by_name(name)
    assert official is not None
    assert official.id == expected


@pytest.mark.parametrize(
    "name",
    [
        "Ferreira",  # shared by two officials
        "Mr Ferreira",
        "Mary Brandt",  # not John Brandt
        "Mary Okafor",
        "Treasury official",  # anonymous sources are not found by name
        "Someone Else",
        "",
        "Mr",
    ],
)
def test_linking_by_name_links_to_none(index: OfficialIndex, name: str) -> None:
    assert index.by_name(name) is None


@pytest.mark.parametrize(
    ("phrase", "day", "expected"),
    [
        ("the president", date(2020, 6, 1), "halvorsen"),
        ("the president", date(2022, 12, 31), "halvorsen"),  # dates are inclusive
        ("the president", date(2023, 1, 1), "mbeki-ward"),
        ("the president", date(2025, 6, 1), "mbeki-ward"),
        ("the president", date(2018, 6, 1), None),  # before anyone held it
        ("the president", None, None),  # two holders, no day to choose by
        ("the health minister", date(2020, 6, 1), "okafor"),
        ("the minister of health", None, "okafor"),
        ("the minister", date(2020, 6, 1), None),  # "minister" alone is no configured role
    ],
)
def test_linking_by_role_respects_dates(
    index: OfficialIndex, phrase: str, day: date | None, expected: str | None
) -> None:
    official = index.by_role(phrase, day)
    assert (official.id if official else None) == expected


@pytest.mark.parametrize(
    ("phrase", "proper", "expected"),
    [
        ("the French president", ("French",), None),
        ("the Portuguese president", ("Portuguese",), None),
        ("the president", (), "halvorsen"),
    ],
)
def test_linking_by_role_refuses_a_foreign_qualifier(
    index: OfficialIndex, phrase: str, proper: tuple[str, ...], expected: str | None
) -> None:
    official = index.by_role(phrase, date(2021, 3, 1), extra_proper=proper)
    assert (official.id if official else None) == expected


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("a Treasury official", "treasury"),
        ("a senior Treasury official", "senior-treasury"),  # the longer alias wins
        ("a senior Treasury official familiar with the talks", "senior-treasury"),
        ("a Treasury source", "treasury"),
        ("a ministry official", "ministry"),
        ("a senior ministry official", "ministry"),  # alias is a subsequence
        ("a senior official", None),
        ("Dana Okafor", None),  # a person is not an unnamed source
    ],
)
def test_linking_by_description_subsequence(
    index: OfficialIndex, description: str, expected: str | None
) -> None:
    official = index.by_description(description)
    assert (official.id if official else None) == expected


def test_linking_by_description_alias_subsequence_without_a_longer_alias() -> None:
    only = OfficialIndex([o for o in OFFICIALS if o.id != "senior-treasury"])
    official = only.by_description("a senior Treasury official")
    assert official is not None
    assert official.id == "treasury"


def test_linking_person_names_cover_names_and_aliases(index: OfficialIndex) -> None:
    names = index.person_names()
    assert {"Dana Okafor", "Ms Okafor", "Minister Okafor", "Luis Ferreira"} <= set(names)
    assert "Treasury official" not in names
    assert index.by_id("brandt") is OFFICIALS[3]
    assert index.by_id("nobody") is None


def test_linking_dated_role_without_a_date_links_nobody() -> None:
    index = OfficialIndex(
        [
            Official(
                id="strand",
                name="Nils Strand",
                roles=[role("harbour commissioner", "2021-01-01", "2024-12-31")],
            ),
            Official(id="achebe", name="Ada Achebe", roles=[role("fisheries minister")]),
        ]
    )
    assert index.by_role("the harbour commissioner", None) is None
    assert index.by_role("the harbour commissioner", date(2022, 5, 1)) is not None
    found = index.by_role("the fisheries minister", None)
    assert found is not None and found.id == "achebe"


def test_linking_words_ignore_accents_and_keep_other_scripts() -> None:
    assert words("José María Ortega-Blanco") == ["jose", "maria", "ortega", "blanco"]
    assert words("Søren Ní Bhriain") == ["soren", "ni", "bhriain"]
    assert words("Ольга Петренко") == ["ольга", "петренко"]


@pytest.mark.parametrize(
    ("name", "stripped"),
    [
        ("Councillor Maren Holt", "maren holt"),
        ("Cllr Maren Holt", "maren holt"),
        ("Assemblywoman Zelda Quist", "zelda quist"),
        ("Brig. Gen. Olwen Marsh", "olwen marsh"),
        ("Lt. Col. Ivo Brand", "ivo brand"),
        ("Sgt. Maj. Bram Okonjo", "bram okonjo"),
        ("Det. Insp. Nia Farrow", "nia farrow"),
        ("The Rt. Hon. Silas Fenwick", "the rt hon silas fenwick"),
        ("Rt. Hon. Silas Fenwick", "silas fenwick"),
        ("MP Fenna Olsson", "fenna olsson"),
        ("Archbishop Teodor Vasko", "teodor vasko"),
        ("Imam Yusuf Adeyemi", "yusuf adeyemi"),
        ("Rev. Ezekiel Mbeki", "ezekiel mbeki"),
        ("Provost Cyrus Lenz", "cyrus lenz"),
        ("Bishop Anselm Korda", "anselm korda"),
        ("Major Ines Roth", "ines roth"),
        # A name-like title before one word is a name: "Bishop" of "Anna Bishop" as well.
        ("Bishop Korda", "bishop korda"),
        ("Earl Ray Tomblin", "earl ray tomblin"),
        ("Dean Harriet Volk", "dean harriet volk"),
    ],
)
def test_linking_strip_titles_drops_civic_military_religious_academic_titles(
    name: str, stripped: str
) -> None:
    assert " ".join(strip_titles(words(name))) == stripped
