from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from rules.yamlfile import Problem, YamlFile, parse_yaml, read_yaml

NAME = Path("conf.yaml")


def _problems(text: str) -> list[str]:
    return [str(p) for p in parse_yaml(text, NAME).problems]


def test_yamlfile_builds_plain_data() -> None:
    doc = parse_yaml("a: 1\nb: [x, 0.5, true, null]\nc: {d: text}\n", NAME)
    assert doc.data == {"a": 1, "b": ["x", 0.5, True, None], "c": {"d": "text"}}
    assert doc.problems == ()


def test_yamlfile_indexes_lines_of_keys_and_items() -> None:
    text = (
        "officials:\n  - id: ann\n    roles:\n      - title: minister\n        from: 2017-02-01\n"
    )
    doc = parse_yaml(text, NAME)
    assert doc.lines[("officials",)] == 1
    assert doc.lines[("officials", 0)] == 2
    assert doc.lines[("officials", 0, "roles", 0)] == 4
    assert doc.lines[("officials", 0, "roles", 0, "from")] == 5


def test_yamlfile_line_of_uses_deepest_existing_prefix() -> None:
    doc = parse_yaml("officials:\n  - id: ann\n\n  - id: bob\n", NAME)
    # "name" is missing from the second official: the line is that official's.
    assert doc.line_of(("officials", 1, "name")) == 4
    assert doc.deepest(("officials", 1, "name")) == ("officials", 1)
    assert doc.line_of(("nothing", "here")) == 1


def test_yamlfile_block_value_keeps_line_of_its_key() -> None:
    doc = parse_yaml("a:\n  b:\n\n    c: 1\n", NAME)
    assert doc.line_of(("a", "b")) == 2


def test_yamlfile_duplicate_key_reports_second_line() -> None:
    text = "officials:\n  - id: ann\n    name: Ann\n    name: Anne\n"
    doc = parse_yaml(text, NAME)
    assert [str(p) for p in doc.problems] == [
        "conf.yaml:4: officials[0].name: duplicate key 'name' (first at line 3)"
    ]
    assert doc.data["officials"][0]["name"] == "Ann"


def test_yamlfile_duplicate_keys_all_reported() -> None:
    assert len(_problems("a: 1\na: 2\nb: 1\nb: 2\n")) == 2


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1\nb: [1, 2\nc: 3\n", 3),
        ("a:\n  b: 1\n - c\n", 3),
        ('a: "unterminated\n', 2),
        ("a: @x\n", 1),
        ("a: ok\nb: \x07\n", 2),
    ],
)
def test_yamlfile_syntax_error_is_path_line_message(text: str, line: int) -> None:
    doc = parse_yaml(text, NAME)
    assert not doc.parsed
    assert doc.data is None
    [problem] = doc.problems
    assert str(problem).startswith(f"conf.yaml:{line}: YAML syntax error: ")


def test_yamlfile_second_document_is_an_error() -> None:
    assert _problems("a: 1\n---\nb: 2\n") == [
        "conf.yaml:2: a second YAML document ('---'): a config file holds one"
    ]


def test_yamlfile_dates_become_date_objects() -> None:
    assert parse_yaml("from: 2017-02-01\n", NAME).data == {"from": date(2017, 2, 1)}


def test_yamlfile_impossible_date_is_a_problem() -> None:
    doc = parse_yaml("roles:\n  - from: 2017-02-30\n", NAME)
    assert [str(p) for p in doc.problems] == [
        "conf.yaml:2: roles[0].from: cannot read '2017-02-30': day is out of range for month"
    ]


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "No", "y", "n"])
def test_yamlfile_yaml11_booleans_stay_strings(word: str) -> None:
    assert parse_yaml(f"aliases: [{word}]\n", NAME).data == {"aliases": [word]}


def test_yamlfile_keys_are_text_as_written() -> None:
    assert parse_yaml("1: a\nno: b\n", NAME).data == {"1": "a", "no": "b"}


def test_yamlfile_leaves_global_safe_loader_alone() -> None:
    parse_yaml("a: yes\n", NAME)
    assert yaml.safe_load("a: yes\n") == {"a": True}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: !!python/object:os.system {}\n", "the YAML tag '!!python/object:os.system'"),
        ("a: !!binary aGk=\n", "the YAML tag '!!binary'"),
        ("a: !local x\n", "the YAML tag '!local'"),
    ],
)
def test_yamlfile_rejects_tags(text: str, message: str) -> None:
    [problem] = _problems(text)
    assert problem.startswith(f"conf.yaml:1: a: {message} is not allowed")


def test_yamlfile_rejects_merge_keys() -> None:
    assert _problems("base: &b {k: 1}\nother:\n  <<: *b\n") == [
        "conf.yaml:3: other: '<<' merge keys are not supported: write the keys out"
    ]


def test_yamlfile_rejects_non_text_keys() -> None:
    [problem] = _problems("? [a, b]\n: 1\n")
    assert problem == "conf.yaml:1: a key must be plain text, not a list or a mapping"


def test_yamlfile_aliases_share_their_anchor_value() -> None:
    text = "a: &x [1, 2]\nb: *x\nc: [*x, *x]\n"
    doc = parse_yaml(text, NAME)
    assert doc.data == {"a": [1, 2], "b": [1, 2], "c": [[1, 2], [1, 2]]}
    assert doc.data["b"] is doc.data["a"]


def test_yamlfile_recursive_alias_is_a_problem() -> None:
    assert _problems("x: &a [*a]\n") == [
        "conf.yaml:1: x[0]: this alias refers to the value that contains it"
    ]


@pytest.mark.parametrize("text", ["", "# only a comment\n"])
def test_yamlfile_empty_file_is_none(text: str) -> None:
    doc = parse_yaml(text, NAME)
    assert (doc.data, doc.parsed, doc.problems) == (None, True, ())


def test_yamlfile_read_yaml_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    doc = read_yaml(path)
    assert doc.data == {"a": 1}
    assert [str(p) for p in doc.problems] == [f"{path}:2: a: duplicate key 'a' (first at line 1)"]


def test_yamlfile_not_utf8_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"name: \xff\xfe\n")
    assert [str(p) for p in read_yaml(path).problems] == [f"{path}: the file is not UTF-8 text"]


def test_yamlfile_missing_file_is_a_problem(tmp_path: Path) -> None:
    doc = read_yaml(tmp_path / "absent.yaml")
    assert not doc.parsed
    assert str(doc.problems[0]).startswith(f"{tmp_path / 'absent.yaml'}: cannot read the file")


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (Problem(NAME, 3, ("a", 0, "b"), "bad"), "conf.yaml:3: a[0].b: bad"),
        (Problem(NAME, 3, (), "bad"), "conf.yaml:3: bad"),
        (Problem(NAME, None, (), "bad"), "conf.yaml: bad"),
    ],
)
def test_yamlfile_problem_format(problem: Problem, text: str) -> None:
    assert str(problem) == text


def test_yamlfile_where_names_the_file_only_when_it_differs() -> None:
    doc = YamlFile(NAME, {}, {("a",): 7})
    assert doc.where(("a",), seen_from=NAME) == "line 7"
    assert doc.where(("a",), seen_from=Path("other.yaml")) == "conf.yaml:7"
