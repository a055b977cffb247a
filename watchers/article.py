"""The Article record: what every watcher hands to the rest of stancewatch."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

DateSource = Literal["feed", "text", "file", "page", "fetched", "unknown"]


@dataclass(frozen=True)
class Article:
    """One news article, its text cleaned of page furniture.

    ``text`` keeps the character offsets of the source document where the
    source is plain text: furniture lines are blanked with spaces, not removed,
    so an offset into ``text`` is an offset into the file.
    """

    id: str
    source: str
    text: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    date_source: DateSource = "unknown"
    fetched_at: datetime | None = None
    feed_id: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


def article_identity(
    guid: str | None,
    link: str | None,
    title: str | None,
    published: str | None,
    *,
    content: str | None = None,
) -> str:
    """Stable identity: the guid, else the link, else a hash of title and date.

    When title and date are both empty too, the hash covers ``content``
    (whitespace-normalised, so re-flowed text keeps its identity): otherwise
    every bare entry of a feed would share one identity and all but the first
    would be dropped as already seen.
    """
    if guid and guid.strip():
        return guid.strip()
    if link and link.strip():
        return link.strip()
    if not (title or published) and content:
        digest = hashlib.sha256(" ".join(content.split()).encode()).hexdigest()
        return f"sha256:content:{digest[:32]}"
    digest = hashlib.sha256(f"{title or ''}\x1f{published or ''}".encode()).hexdigest()
    return f"sha256:{digest[:32]}"
