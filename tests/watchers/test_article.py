from __future__ import annotations

import pytest

from watchers.article import article_identity


@pytest.mark.parametrize(
    ("guid", "link", "expected"),
    [
        (" tag:example.org,2024:1 ", "https://example.org/a", "tag:example.org,2024:1"),
        (None, " https://example.org/a ", "https://example.org/a"),
        ("   ", "https://example.org/a", "https://example.org/a"),
    ],
)
def test_article_identity_prefers_guid_then_link(
    guid: str | None, link: str | None, expected: str
) -> None:
    assert article_identity(guid, link, "Title", "Mon, 01 Jan 2024 00:00:00 GMT") == expected


def test_article_identity_hashes_title_and_date_without_guid_or_link() -> None:
    first = article_identity(None, None, "Title", "2024-01-01")
    assert first.startswith("sha256:")
    assert first == article_identity(None, "", "Title", "2024-01-01")
    assert first != article_identity(None, None, "Title", "2024-01-02")
    assert first != article_identity(None, None, "Other", "2024-01-01")


def test_article_identity_hashes_content_when_nothing_else_is_there() -> None:
    one = article_identity(None, None, None, None, content="The envoy spoke.")
    two = article_identity(None, None, None, None, content="The envoy\n\n  spoke.")
    other = article_identity(None, None, None, None, content="The envoy left.")
    assert one == two
    assert one != other
    # Content does not change identities that title or date already decide.
    assert article_identity(None, None, "T", None, content="x") == article_identity(
        None, None, "T", None
    )
