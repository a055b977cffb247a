"""When two articles are one: URL keys, content fingerprints, one story under one link."""

from __future__ import annotations

from pathlib import Path

import pytest

from watchers.article import Article
from watchers.identity import (
    MAX_URL_KEY,
    MIN_FINGERPRINT_WORDS,
    article_keys,
    content_key,
    same_story,
    url_key,
)

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"
STORY = "https://example.org/world/2025/02/04/fuel-duty-frozen"


def our_article(name: str) -> str:
    """One of our own fictional articles (tests/data/articles), long enough to fingerprint."""
    [path] = ARTICLES.glob(f"*/{name}*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "same",
    [
        "http://example.org/world/2025/02/04/fuel-duty-frozen",
        "https://EXAMPLE.org:443/world/2025/02/04/fuel-duty-frozen",
        "http://example.org:80/world/2025/02/04/fuel-duty-frozen/",
        "https://example.org/world/2025/02/04/fuel-duty-frozen#comments",
        "https://example.org/world/2025/02/04/fuel-duty-frozen?utm_source=rss&utm_medium=feed",
        "https://example.org/world/2025/02/04/fuel-duty-frozen?fbclid=IwAR0x&gclid=Cj0&mc_cid=1&mc_eid=2",
        "https://example.org/world/2025/02/04/fuel-duty-frozen?ref=frontpage&ref_src=twsrc",
        "https://example.org/world/2025/02/04/fuel-duty-frozen/index.html",
        "https://www.example.org/world/2025/02/04/fuel-duty-frozen",
        "https://m.example.org/world/2025/02/04/fuel-duty-frozen",
        "https://amp.example.org/world/2025/02/04/fuel-duty-frozen",
        "https://example.org/world/2025/02/04/fuel-duty-frozen/amp",
        "https://example.org/amp/world/2025/02/04/fuel-duty-frozen",
        "https://example.org/world/2025/02/04/fuel-duty-frozen?outputType=amp",
        "https://example.org/world/2025/02/04/fuel-duty-frozen?amp=1",
        "https://example.org/world//2025/02/04/fuel-duty-frozen",
        "https://example.org/world/2025/02/04/fuel%2Dduty%2dfrozen",
        " https://example.org/world/2025/02/04/fuel-duty-frozen \n",
    ],
)
def test_identity_url_key_is_one_for_every_spelling_of_a_link(same: str) -> None:
    assert url_key(same) == url_key(STORY) == "example.org/world/2025/02/04/fuel-duty-frozen"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("https://example.org/news?id=1&page=2", "https://example.org/news?page=2&id=1"),
        ("https://example.org/a/story.amp.html", "https://example.org/a/story.html"),
        ("https://example.org/a/index.htm", "https://example.org/a/"),
        ("https://bücher.example/straße", "https://xn--bcher-kva.example/stra%c3%9fe"),
        ("https://example.org/a?q=two+words", "https://example.org/a?q=two%20words"),
    ],
)
def test_identity_url_key_equates_query_order_and_spellings(first: str, second: str) -> None:
    assert url_key(first) == url_key(second) is not None


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (STORY, "https://example.org/world/2025/02/04/fuel-duty-raised"),
        ("https://example.org/news?id=1", "https://example.org/news?id=2"),
        ("https://example.org/Story", "https://example.org/story"),  # paths are case-sensitive
        (STORY, STORY.replace("example.org", "news.example.org")),  # another site
        (STORY, STORY.replace("example.org", "example.org:8080")),
        (STORY, STORY.replace("example.org", "example.net")),
        ("https://example.org/a%2Fb", "https://example.org/a/b"),  # an escaped "/" is not one
    ],
)
def test_identity_url_key_keeps_different_pages_apart(first: str, second: str) -> None:
    assert url_key(first) != url_key(second)


@pytest.mark.parametrize(
    "not_an_article_link",
    [
        "https://example.org/",
        "https://www.example.org",
        "https://example.org/?utm_source=rss",
        "https://example.org/index.html",
        "tag:example.org,2025:fuel-duty",
        "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427",
        "file:///etc/passwd",
        "ftp://example.org/story",
        "https://example.org:99999/story",
        "",
    ],
)
def test_identity_url_key_none_for_home_pages_and_non_http(not_an_article_link: str) -> None:
    assert url_key(not_an_article_link) is None


def test_identity_url_key_keeps_a_home_page_query_that_chooses_an_article() -> None:
    # WordPress's default links: the home page with ?p=ID is an article.
    assert url_key("https://blog.example/?p=12&utm_campaign=x") == "blog.example?p=12"
    assert url_key("https://blog.example/?p=12") != url_key("https://blog.example/?p=13")


def test_identity_url_key_of_a_very_long_link_is_bounded_and_still_tells_links_apart() -> None:
    long = "https://example.org/search?" + "&".join(f"q{n}=word{n}" for n in range(200))
    key = url_key(long)
    assert key is not None and len(key) <= MAX_URL_KEY + 100
    assert url_key(long + "&utm_source=x") == key
    assert url_key(long + "&q999=other") != key


def test_identity_url_key_leaves_www_alone_when_it_is_the_whole_domain() -> None:
    assert url_key("https://www.com/story") == "www.com/story"


def test_identity_content_key_ignores_case_punctuation_and_spacing() -> None:
    text = our_article("2025-02-04")
    reflowed = " ".join(text.upper().split()).replace(",", " ,").replace("\u201c", '"')
    assert content_key(text) is not None
    assert content_key(reflowed) == content_key(text)


def test_identity_content_key_changes_with_one_word() -> None:
    text = our_article("2025-02-04")
    assert content_key(text.replace("fuel", "road", 1)) != content_key(text)


@pytest.mark.parametrize(
    ("words", "fingerprinted"),
    [(MIN_FINGERPRINT_WORDS - 1, False), (MIN_FINGERPRINT_WORDS, True), (0, False)],
)
def test_identity_content_key_only_for_texts_long_enough(words: int, fingerprinted: bool) -> None:
    text = " ".join(f"word{n}" for n in range(words))
    assert (content_key(text) is not None) is fingerprinted


def test_identity_short_summaries_that_match_get_no_fingerprint() -> None:
    summary = "Read the full story on our website. Subscribe for more news every morning."
    assert content_key(summary) is None


def test_identity_same_story_survives_a_correction_and_an_appended_update() -> None:
    text = our_article("2025-02-04")
    corrected = text.replace("fuel", "motor fuel", 1)
    updated = text + "\nUpdate: the minister repeated the pledge in a radio interview on Friday.\n"
    assert same_story(text, corrected)
    assert same_story(text, updated)
    assert same_story(updated, text)


def test_identity_same_story_tells_two_articles_apart() -> None:
    assert not same_story(our_article("2025-02-04"), our_article("2025-02-20"))
    assert not same_story(our_article("2025-04-09"), our_article("2025-06-11"))


@pytest.mark.parametrize(
    ("article", "expected_url_key"),
    [
        (Article(id="guid-7", source="s", text="t", url=STORY + "?utm_source=x"), True),
        (Article(id=STORY, source="s", text="t"), True),  # a permalink guid, no link
        (Article(id="tag:example.org,2025:7", source="s", text="t"), False),
    ],
)
def test_identity_article_keys_take_the_link_else_a_url_id(
    article: Article, expected_url_key: bool
) -> None:
    keys = article_keys(article)
    assert keys.url == (url_key(STORY) if expected_url_key else None)
    assert keys.content is None
