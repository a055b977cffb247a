from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from matplotlib import image

from bot.charts import NONE_ROW, StanceChart, chart_data_of, chart_of, render_chart
from bot.queries import UnknownIdError, read_stance
from bot.store import SqlStore
from rules.config import Config
from rules.model import Official, Position, Topic
from rules.records import Statement
from tests.bot.statements import said as said_on

TOPIC = "bridge-toll"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def config() -> Config:
    board = {"group": "bridge-board"}
    return Config(
        base_dir=Path("."),
        officials=(
            Official(id="ivo", name="Ivo Brandt", groups=["bridge-board"]),
            Official(id="lea", name="Lea Moss", groups=["bridge-board"]),
            Official.model_validate(
                {"id": "max", "name": "Max Tern", "groups": [{**board, "from": "2023-06-01"}]}
            ),
            Official(id="ona", name="Ona Vale", groups=["river-trust"]),
        ),
        topics=(
            Topic(
                id=TOPIC,
                name="Bridge toll",
                match=["toll"],
                positions=[Position(id="keep"), Position(id="scrap"), Position(id="halve")],
                opposed=[["keep", "scrap"]],
            ),
        ),
    )


def said(who: str, day: date | None, position: str | None, words: str) -> Statement:
    return said_on(
        who,
        day,
        position,
        words,
        topic=TOPIC,
        cues=("toll words",),
        source="River Post",
        site=None,
        article_id=f"{who}-{day}-{words[:12]}",
    )


IVO = [
    said("ivo", date(2023, 1, 10), "keep", "The toll pays for the bridge."),
    said("ivo", date(2023, 3, 2), None, "We met the river trust today."),
    said("ivo", date(2023, 5, 20), "scrap", "Time to drop the toll."),
    said("ivo", date(2023, 9, 1), "scrap", "The toll has to go."),
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    store = SqlStore(f"sqlite:///{tmp_path / 'charts.db'}")
    yield store
    store.close()


def test_charts_stance_chart_is_a_small_png_of_the_promised_size(store: SqlStore) -> None:
    store.add_statements(IVO)
    png = chart_of(read_stance(store, config(), "ivo", TOPIC))
    assert png is not None and png.startswith(PNG_MAGIC)
    assert len(png) < 100_000
    height, width, _channels = image.imread(BytesIO(png), format="png").shape
    assert (width, height) == (800, 400)


def test_charts_same_data_gives_the_same_bytes(store: SqlStore) -> None:
    store.add_statements([*IVO, said("lea", date(2023, 2, 1), "scrap", "Scrap the toll now.")])
    first = chart_of(read_stance(store, config(), "ivo", TOPIC))
    assert first is not None
    assert chart_of(read_stance(store, config(), "ivo", TOPIC)) == first
    assert b"Software" not in first and b"tIME" not in first  # no timestamp in the metadata


def test_charts_data_rows_follow_the_topic_with_none_for_silent_statements(
    store: SqlStore,
) -> None:
    store.add_statements(IVO)
    data = chart_data_of(read_stance(store, config(), "ivo", TOPIC))
    assert data is not None
    assert data.title == "Ivo Brandt on Bridge toll"
    assert data.rows == (NONE_ROW, "keep", "scrap", "halve")
    assert [(p.day, p.position) for p in data.own] == [
        (date(2023, 1, 10), "keep"),
        (date(2023, 3, 2), None),
        (date(2023, 5, 20), "scrap"),
        (date(2023, 9, 1), "scrap"),
    ]
    store.add_statements([said("ivo", None, "keep", "Undated: keep the toll.")])
    again = chart_data_of(read_stance(store, config(), "ivo", TOPIC))
    assert again is not None and again.own == data.own  # undated words have no x


def test_charts_marks_opposed_statements_of_the_same_group_only(store: SqlStore) -> None:
    store.add_statements(IVO)
    alone = chart_of(read_stance(store, config(), "ivo", TOPIC))
    store.add_statements(
        [
            # Lea opposes what Ivo held on each day: keep in February, scrap in October.
            said("lea", date(2023, 2, 1), "scrap", "Scrap the toll now."),
            said("lea", date(2023, 10, 1), "keep", "Keep the toll after all."),
            said("lea", date(2023, 6, 1), "scrap", "Agreeing with Ivo on the toll."),
            said("lea", date(2023, 7, 1), "halve", "Halve the toll."),  # not opposed to scrap
            said("ona", date(2023, 2, 1), "scrap", "The trust says scrap the toll."),  # no group
            # Before Ivo took any position there was nothing to oppose.
            said("lea", date(2022, 12, 1), "scrap", "An early word against the toll."),
        ]
    )
    data = chart_data_of(read_stance(store, config(), "ivo", TOPIC))
    assert data is not None
    [lea] = data.peers
    assert (lea.official_id, lea.name) == ("lea", "Lea Moss")
    assert [(p.day, p.position) for p in lea.points] == [
        (date(2023, 2, 1), "scrap"),
        (date(2023, 10, 1), "keep"),
    ]
    with_lea = chart_of(read_stance(store, config(), "ivo", TOPIC))
    assert with_lea is not None and with_lea != alone


def test_charts_a_group_joined_later_does_not_count_back_in_time(store: SqlStore) -> None:
    store.add_statements(IVO)
    alone = chart_of(read_stance(store, config(), "ivo", TOPIC))
    # Max joins the board on 2023-06-01: keep on 2023-05-25 was said outside it.
    store.add_statements([said("max", date(2023, 5, 25), "keep", "Keep the toll, I say.")])
    data = chart_data_of(read_stance(store, config(), "ivo", TOPIC))
    assert data is not None and data.peers == ()
    assert chart_of(read_stance(store, config(), "ivo", TOPIC)) == alone
    store.add_statements([said("max", date(2023, 8, 1), "keep", "Still for keeping the toll.")])
    data = chart_data_of(read_stance(store, config(), "ivo", TOPIC))
    assert data is not None
    assert [[p.day for p in s.points] for s in data.peers] == [[date(2023, 8, 1)]]


@pytest.mark.parametrize(
    "statements",
    [
        [],
        [said("ivo", date(2023, 1, 1), None, "Nothing on the toll itself.")],
        [said("ivo", None, "keep", "An undated word for the toll.")],
    ],
)
def test_charts_none_without_a_dated_position(store: SqlStore, statements: list[Statement]) -> None:
    store.add_statements(statements)
    assert chart_of(read_stance(store, config(), "ivo", TOPIC)) is None


def test_charts_unknown_ids_are_refused_with_suggestions(store: SqlStore) -> None:
    with pytest.raises(UnknownIdError, match="did you mean 'ivo'"):
        chart_of(read_stance(store, config(), "ive", TOPIC))
    with pytest.raises(UnknownIdError, match="did you mean 'bridge-toll'"):
        chart_of(read_stance(store, config(), "ivo", "bridge-tol"))


def test_charts_render_in_four_threads_at_once(store: SqlStore) -> None:
    store.add_statements([*IVO, said("lea", date(2023, 2, 1), "scrap", "Scrap the toll now.")])
    store.add_statements([said("lea", date(2023, 4, 1), "keep", "Keep the toll, for now.")])
    wanted = ["ivo", "lea", "ivo", "lea", "ivo", "lea", "ivo", "lea"]
    serial = {who: chart_of(read_stance(store, config(), who, TOPIC)) for who in ("ivo", "lea")}
    assert serial["ivo"] != serial["lea"]
    data: dict[str, StanceChart] = {}
    for who in ("ivo", "lea"):
        read = chart_data_of(read_stance(store, config(), who, TOPIC))
        assert read is not None
        data[who] = read
    # Store reads stay on this thread; the drawing, which holds matplotlib state, runs in four.
    with ThreadPoolExecutor(max_workers=4) as pool:
        drawn = list(pool.map(lambda who: render_chart(data[who]), wanted))
    assert drawn == [serial[who] for who in wanted]


def test_charts_never_loads_pyplot() -> None:
    # pyplot keeps a global current figure; loading it at all would be the first step to using it.
    root = Path(__file__).resolve().parents[2]
    probe = "import sys, bot.charts; print('matplotlib.pyplot' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
