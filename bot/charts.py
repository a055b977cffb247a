"""The picture on ``/stance``: an official's positions on a topic over time, as a PNG.

Drawn with matplotlib's object API only (``Figure`` with an Agg canvas), never ``pyplot``:
pyplot keeps the current figure in global state, and the command layer renders charts in
worker threads. The same data gives the same bytes (no timestamp in the PNG metadata), so a
chart can be compared, cached or tested byte for byte.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure

from bot.queries import StanceRead, topic_display_name
from rules.records import Statement

NONE_ROW = "none"
WIDTH_IN, HEIGHT_IN, DPI = 8.0, 4.0, 100
MAX_PEERS = 6  # opposing officials drawn as series of their own; the rest share one
OWN_COLOR = "#2E86C1"
PEER_COLORS = ("#C0392B", "#E67E22", "#8E44AD", "#16A085", "#7F8C8D", "#D35400")
MAX_LABEL = 28
MAX_PEER_NAME = 18
PEER_NUDGE = 0.12  # of a row's height


@dataclass(frozen=True)
class Point:
    day: date
    position: str | None  # None: the statement takes no position on the topic


@dataclass(frozen=True)
class PeerSeries:
    """Statements of one official who shared a group with the charted one on the day they
    spoke and took a position opposed to the one the charted official held then."""

    official_id: str
    name: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class StanceChart:
    """What the chart shows, before it is drawn: rows (the topic's positions in topics.yaml
    order, then any others met, then "none" when a statement takes no position)."""

    title: str
    rows: tuple[str, ...]
    own_label: str
    own: tuple[Point, ...]
    peers: tuple[PeerSeries, ...]


def chart_of(read: StanceRead) -> bytes | None:
    """A PNG of the official's positions on the topic over time, with the opposed statements
    of their group marked; None when no dated statement of theirs has a position. Drawn from
    statements already read (``read_stance``), as ``/stance`` reads them once for its report
    and its chart."""
    data = chart_data_of(read)
    return None if data is None else render_chart(data)


def chart_data_of(read: StanceRead) -> StanceChart | None:
    """The points of the chart in statements already read; None when there is nothing to draw."""
    official, topic = read.official, read.topic
    points = (_point(s, topic.id) for s in read.statements)
    own = [p for p in points if p is not None]
    positioned = [p for p in own if p.position is not None]
    if not positioned:
        return None
    peers = _opposing_peers(read, positioned)
    met = [p.position for p in positioned] + [p.position for s in peers for p in s.points]
    rows = [p.id for p in topic.positions]
    rows += sorted({m for m in met if m is not None and m not in rows})
    if any(p.position is None for p in own):
        rows.insert(0, NONE_ROW)  # at the bottom: the y axis counts upwards
    return StanceChart(
        title=f"{official.name} on {topic_display_name(topic, topic.id)}",
        rows=tuple(rows),
        own_label=official.name,
        own=tuple(own),
        peers=tuple(peers),
    )


def _point(statement: Statement, topic: str) -> Point | None:
    if statement.date is None:
        return None  # an undated statement has no place on a time axis
    stance = statement.stance_on(topic)
    return Point(statement.date, stance.position if stance is not None else None)


def _held_on(positioned: Sequence[Point], day: date) -> str | None:
    """The position held on ``day``: that of the newest statement on or before it, if any."""
    held = [p for p in positioned if p.day <= day]
    return held[-1].position if held else None


def _opposing_peers(read: StanceRead, positioned: Sequence[Point]) -> list[PeerSeries]:
    official, topic, peers = read.official, read.topic, read.peers
    if not peers:
        return []
    by_id = {p.id: p for p in peers}
    by_peer: dict[str, list[Point]] = {}
    for statement in read.peer_statements:
        point = _point(statement, topic.id)
        if point is None or point.position is None or statement.speaker_id is None:
            continue
        peer = by_id.get(statement.speaker_id)
        if peer is None or not (official.groups_on(point.day) & peer.groups_on(point.day)):
            continue  # dated membership: a group joined later does not count back in time
        held = _held_on(positioned, point.day)
        if held is not None and topic.opposes(held, point.position):
            by_peer.setdefault(peer.id, []).append(point)
    series = [
        PeerSeries(p.id, p.name, tuple(by_peer[p.id])) for p in peers if p.id in by_peer
    ]  # configuration order, so the same data draws the same legend
    if len(series) <= MAX_PEERS:
        return series
    rest = series[MAX_PEERS - 1 :]
    merged = tuple(sorted((pt for s in rest for pt in s.points), key=lambda pt: pt.day))
    return [*series[: MAX_PEERS - 1], PeerSeries("", f"{len(rest)} others", merged)]


def render_chart(data: StanceChart) -> bytes:
    """Draw the chart as PNG bytes, on a figure of its own (safe in any thread)."""
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    row_of = {row: i for i, row in enumerate(data.rows)}

    def y(points: Sequence[Point]) -> list[float]:
        return [float(row_of[p.position or NONE_ROW]) for p in points]

    positioned = [p for p in data.own if p.position is not None]
    axes.plot(
        _x(positioned),
        y(positioned),
        drawstyle="steps-post",
        color=OWN_COLOR,
        linewidth=1.5,
        marker="o",
        markersize=6,
        label=_label(data.own_label),
        zorder=3,
    )
    silent = [p for p in data.own if p.position is None]
    if silent:
        axes.plot(
            _x(silent),
            y(silent),
            linestyle="none",
            marker="o",
            markersize=6,
            markerfacecolor="white",
            markeredgecolor=OWN_COLOR,
            label=_label(f"{data.own_label}, no position"),
            zorder=3,
        )
    for k, (series, color) in enumerate(zip(data.peers, PEER_COLORS, strict=False)):
        # Each peer a little above or below the row, so two on the same day both show.
        nudge = (k - (len(data.peers) - 1) / 2) * PEER_NUDGE
        axes.plot(
            _x(series.points),
            [row + nudge for row in y(series.points)],
            linestyle="none",
            marker="X",
            markersize=8,
            color=color,
            label=f"{_label(series.name, MAX_PEER_NAME)} (opposed)",
            zorder=4,
        )

    axes.set_yticks(range(len(data.rows)), [_label(r) for r in data.rows])
    axes.set_ylim(-0.5, len(data.rows) - 0.5)
    axes.xaxis_date()
    locator = AutoDateLocator(maxticks=8)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    every = _x([*data.own, *(p for s in data.peers for p in s.points)])
    # At least a few days either side, so statements of a single day still get an axis.
    pad = max((max(every) - min(every)) * 0.05, 3.0)
    axes.set_xlim(min(every) - pad, max(every) + pad)
    axes.grid(axis="y", color="#DDDDDD", linewidth=0.8)
    axes.set_axisbelow(True)
    axes.set_title(data.title, parse_math=False)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    if data.peers:
        figure.supxlabel(
            "crosses: statements of officials in the same group on that day, "
            "opposed to the position held then",
            fontsize="small",
            color="#555555",
        )

    buffer = BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _x(points: Sequence[Point]) -> list[float]:
    """Days as matplotlib's date numbers (whatever epoch its settings name)."""
    return [float(date2num(p.day)) for p in points]  # type: ignore[no-untyped-call]


def _label(text: str, limit: int = MAX_LABEL) -> str:
    """A legend or tick label: short, and never read as mathtext ("$") or hidden ("_...")."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    text = text.replace("$", r"\$")
    return f" {text}" if text.startswith("_") else text
