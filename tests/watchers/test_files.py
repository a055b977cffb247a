from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from watchers.errors import FeedError
from watchers.files import read_article_file, read_article_folder

ARTICLE = (
    " date 2019-03-04 The envoy arrived in the capital on Sunday, officials said.\n"
    "\n"
    "Envoy lands for talks\n"
    "\n"
    '"We came to listen," the envoy told reporters at the airport.\n'
    "\n"
    "READ MORE: Earlier coverage of the talks\n"
    "\n"
    "The foreign minister said the door to talks remained open.\n"
)

HTML_PAGE = """<!DOCTYPE html><html><head><title>Envoy lands | Example News</title>
<meta property="article:published_time" content="2019-03-04T23:30:00-05:00">
</head><body><nav><a href="/">Home</a></nav><article><h1>Envoy lands</h1>
<p>The envoy arrived in the capital on Sunday and was met by the deputy foreign minister.</p>
<p>"We came to listen," the envoy told reporters at the airport, adding that talks would begin.</p>
</article></body></html>"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_files_read_article_file_offsets_equal_file_offsets(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE)
    article = read_article_file(path)
    raw = path.read_text(encoding="utf-8")
    assert len(article.text) == len(raw)
    for sentence in (
        "The envoy arrived in the capital on Sunday, officials said.",
        '"We came to listen," the envoy told reporters at the airport.',
        "The foreign minister said the door to talks remained open.",
    ):
        start = raw.index(sentence)
        assert article.text[start : start + len(sentence)] == sentence
    assert "READ MORE" not in article.text
    assert "Envoy lands for talks" not in article.text


def test_files_read_article_file_metadata(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE)
    article = read_article_file(path)
    assert (article.published, article.date_source) == (date(2019, 3, 4), "text")
    assert article.id == "file:" + hashlib.sha256(path.read_bytes()).hexdigest()
    assert article.source == str(path)
    assert article.title is None  # the first line is a sentence, not a headline
    undated = read_article_file(_write(tmp_path, "b.txt", ARTICLE.split("\n", 1)[1].lstrip()))
    assert (undated.published, undated.date_source) == (None, "unknown")
    assert undated.title == "Envoy lands for talks"


def test_files_read_article_file_same_content_is_one_article(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    one = read_article_file(_write(tmp_path / "x", "a.txt", ARTICLE))
    two = read_article_file(_write(tmp_path / "y", "renamed.txt", ARTICLE))
    assert one.id == two.id
    assert one.source != two.source


def test_files_read_article_file_replaces_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"The envoy said \xff\xfe it was fine.\n")
    assert "\ufffd" in read_article_file(path).text


def test_files_read_article_file_raises_feed_error_when_unreadable(tmp_path: Path) -> None:
    with pytest.raises(FeedError, match="cannot read"):
        read_article_file(tmp_path / "absent.txt")


def test_files_read_html_article(tmp_path: Path) -> None:
    article = read_article_file(_write(tmp_path, "page.html", HTML_PAGE))
    assert article.published == date(2019, 3, 4)  # the publisher's day, not UTC's
    assert article.date_source == "text"
    assert article.title == "Envoy lands | Example News"
    assert "The envoy arrived in the capital on Sunday" in article.text
    assert "Home" not in article.text


def test_files_read_html_article_dated_by_time_element(tmp_path: Path) -> None:
    page = HTML_PAGE.replace(
        '<meta property="article:published_time" content="2019-03-04T23:30:00-05:00">', ""
    ).replace("<h1>", '<time datetime="2019-02-01">1 Feb</time><h1>')
    assert read_article_file(_write(tmp_path, "page.htm", page)).published == date(2019, 2, 1)
    undated = HTML_PAGE.replace("article:published_time", "og:description")
    assert read_article_file(_write(tmp_path, "u.html", undated)).published is None


def test_files_read_article_folder_sorts_by_date_then_name(tmp_path: Path) -> None:
    body = "\n\nThe minister said talks would continue.\n"
    _write(tmp_path, "c.txt", " date 2019-01-02" + body + "c")
    _write(tmp_path, "a.txt", " date 2019-05-01" + body + "a")
    _write(tmp_path, "z_undated.txt", body + "z")
    _write(tmp_path, "b_undated.txt", body + "b")
    _write(tmp_path, "d.txt", " date 2019-01-02" + body + "d")
    _write(tmp_path, "notes.md", "not an article")
    _write(tmp_path, ".hidden.txt", "hidden")
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "deeper.txt", "not read: the folder is not walked")
    result = read_article_folder(tmp_path)
    assert result.problems == ()
    assert [Path(a.source).name for a in result.articles] == [
        "c.txt",
        "d.txt",
        "a.txt",
        "b_undated.txt",
        "z_undated.txt",
    ]


def test_files_read_article_folder_reports_bad_files_and_repeats(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", ARTICLE)
    _write(tmp_path, "b.txt", ARTICLE)
    _write(tmp_path, "huge.txt", "x" * 5000)
    result = read_article_folder(tmp_path, max_bytes=4000)
    assert [Path(a.source).name for a in result.articles] == ["a.txt"]
    assert len(result.problems) == 2
    assert any("b.txt" in p and "same content as" in p for p in result.problems)
    assert any("huge.txt" in p and "too large" in p for p in result.problems)


# A picture saved with an article's name, and an article saved as UTF-16 by a Windows editor.
NOT_TEXT = {
    "photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "wide.html": "<p>The mayor said the pool would open.</p>".encode("utf-16"),
}


@pytest.mark.parametrize("name", sorted(NOT_TEXT))
def test_files_read_article_file_refuses_binary(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(NOT_TEXT[name])
    with pytest.raises(FeedError, match="not a text file"):
        read_article_file(path)


def test_files_read_article_folder_reports_binary_files_and_reads_the_rest(
    tmp_path: Path,
) -> None:
    _write(tmp_path, "a.txt", ARTICLE)
    for name, data in NOT_TEXT.items():
        (tmp_path / name).write_bytes(data)
    result = read_article_folder(tmp_path)
    assert [Path(a.source).name for a in result.articles] == ["a.txt"]
    assert sorted(result.problems) == sorted(
        f"{tmp_path / name}: not a text file: it holds NUL bytes (binary, or UTF-16)"
        for name in NOT_TEXT
    )


def test_files_read_article_folder_missing_is_a_problem(tmp_path: Path) -> None:
    result = read_article_folder(tmp_path / "absent")
    assert result.articles == ()
    assert "cannot list folder" in result.problems[0]


def test_files_read_article_folder_seeds(shared_path: Callable[[str], Path]) -> None:
    result = read_article_folder(shared_path("seeds"))
    assert result.problems == ()
    dates = [a.published for a in result.articles]
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated)
    assert dates[len(dated) :] == [None] * (len(dates) - len(dated))  # undated last
    for article in result.articles:
        assert len(article.text) == len(Path(article.source).read_text(encoding="utf-8"))
