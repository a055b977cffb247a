"""Platform-free questions about the store: ``/stance``, ``/timeline``, ``/compare``, ``/alerts``.

Adapters and the CLI call these and only render the answer, so every front end says the same:
``bot.cards`` makes a Card of each answer, the ``render_*_text`` functions print it for a
terminal and the ``*_to_json`` functions give it to scripts.

One module per question (``report``, ``timelines``, ``comparisons``, ``digests``), over the
shared ``lookup`` of ids, ``evidence`` of statements, ``formatting`` and ``errors``; this
package re-exports the names used outside it, so callers import from ``bot.queries``.
"""

from __future__ import annotations

from bot.queries.comparisons import (
    Comparison,
    Relation,
    Side,
    compare,
    comparison_summary,
    comparison_to_json,
    render_comparison_text,
    shared_groups_text,
)
from bot.queries.digests import (
    AlertDigest,
    AlertLine,
    alert_line_positions,
    digest_heading,
    digest_to_json,
    empty_digest_text,
    recent_alerts,
    render_digest_text,
)
from bot.queries.errors import (
    QueryError,
    UnknownIdError,
)
from bot.queries.evidence import (
    Evidence,
    deciding_words,
    newest_dated,
)
from bot.queries.formatting import (
    counted,
    format_date,
    format_moment,
    source_and_url,
)
from bot.queries.lookup import (
    choices_among,
    official_choices,
    official_display_name,
    position_label,
    topic_choices,
    topic_display_name,
)
from bot.queries.report import (
    Opponent,
    StanceRead,
    StanceReport,
    read_stance,
    render_report_text,
    report_to_json,
    stance,
    stance_basis,
    stance_report,
)
from bot.queries.timelines import (
    Reading,
    Timeline,
    TimelineEntry,
    TopicSummary,
    empty_timeline_text,
    reading_text,
    render_timeline_text,
    timeline,
    timeline_summary,
    timeline_to_json,
    topic_summary_text,
)

__all__ = [
    "AlertDigest",
    "AlertLine",
    "Comparison",
    "Evidence",
    "Opponent",
    "QueryError",
    "Reading",
    "Relation",
    "Side",
    "StanceRead",
    "StanceReport",
    "Timeline",
    "TimelineEntry",
    "TopicSummary",
    "UnknownIdError",
    "alert_line_positions",
    "choices_among",
    "compare",
    "comparison_summary",
    "comparison_to_json",
    "counted",
    "deciding_words",
    "digest_heading",
    "digest_to_json",
    "empty_digest_text",
    "empty_timeline_text",
    "format_date",
    "format_moment",
    "newest_dated",
    "official_choices",
    "official_display_name",
    "position_label",
    "read_stance",
    "reading_text",
    "recent_alerts",
    "render_comparison_text",
    "render_digest_text",
    "render_report_text",
    "render_timeline_text",
    "report_to_json",
    "shared_groups_text",
    "source_and_url",
    "stance",
    "stance_basis",
    "stance_report",
    "timeline",
    "timeline_summary",
    "timeline_to_json",
    "topic_choices",
    "topic_display_name",
    "topic_summary_text",
]
