"""Statement records (rules/records.py): joint statements filed per speaker."""

from __future__ import annotations

from datetime import date

from rules.records import Stance, Statement


def joint(*co_speakers: tuple[str, str | None], speaker_id: str | None = "roe") -> Statement:
    return Statement(
        article_id="harbour-1",
        source="Harbour Gazette",
        kind="indirect",
        text="the ferry would keep its winter timetable",
        start=40,
        end=81,
        speaker="Ana Roe" if speaker_id else "Mel Dunn",
        speaker_id=speaker_id,
        speaker_mention=(0, 7),
        cue="said",
        date=date(2024, 2, 1),
        stances=(Stance("ferry", "keep", 0.8, ("keep its winter timetable",)),),
        co_speakers=co_speakers,
    )


def test_records_statement_without_co_speakers_is_filed_once() -> None:
    statement = joint()
    assert statement.per_speaker() == (statement,)


def test_records_joint_statement_is_filed_for_each_configured_co_speaker() -> None:
    statement = joint(("Ben Hale", "hale"), ("a deckhand", None), ("Cal Ives", "ives"))
    filed = statement.per_speaker()
    assert [s.speaker_id for s in filed] == ["roe", "hale", "ives"]
    assert filed[0] is statement
    hale = filed[1]
    assert (hale.speaker, hale.joint_of, hale.speaker_mention) == ("Ben Hale", statement.id, None)
    assert hale.co_speakers == (("Ana Roe", "roe"), ("a deckhand", None), ("Cal Ives", "ives"))
    assert (hale.text, hale.stances, hale.start, hale.end) == (
        statement.text,
        statement.stances,
        statement.start,
        statement.end,
    )


def test_records_copies_have_their_own_ids_the_same_on_every_run() -> None:
    filed = joint(("Ben Hale", "hale"), ("Cal Ives", "ives")).per_speaker()
    assert len({s.id for s in filed}) == 3
    again = joint(("Ben Hale", "hale"), ("Cal Ives", "ives")).per_speaker()
    assert [s.id for s in again] == [s.id for s in filed]
    # A copy is filed as it is: filing it again gives no copies of the copy.
    assert filed[1].per_speaker() == (filed[1],)


def test_records_unconfigured_first_speaker_still_files_the_configured_one() -> None:
    filed = joint(("Ben Hale", "hale"), speaker_id=None).per_speaker()
    assert [s.speaker_id for s in filed] == [None, "hale"]
    assert filed[1].co_speakers == (("Mel Dunn", None),)


def test_records_a_co_speaker_named_twice_is_filed_once() -> None:
    filed = joint(("Ben Hale", "hale"), ("Mr Hale", "hale"), ("Ana Roe", "roe")).per_speaker()
    assert [s.speaker_id for s in filed] == ["roe", "hale"]
