"""Property-based tests: arbitrary text never raises, and every problem comes back as a
Diagnostic naming the file, never as an exception or a log line.

Hypothesis runs derandomized and without its example database, so CI sees the same examples
every time; examples are few and small so the module stays within a few seconds."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_paperdiary.core.dates import DateError, DateSettings, coerce_date, date_from_filename, parse_read_date
from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.frontmatter import decode_source, split_front_matter
from mkdocs_paperdiary.core.index import IndexSettings, build_index
from mkdocs_paperdiary.core.inference import DESCRIPTION_CHARS, infer
from mkdocs_paperdiary.core.schema import validate
from mkdocs_paperdiary.links.analysis import analyse_links
from mkdocs_paperdiary.links.references import expand_references
from mkdocs_paperdiary.markdown.markers import fill_markers, find_markers, has_marker
from mkdocs_paperdiary.markdown.scanner import code_lines, mask

FAST = settings(
    max_examples=60,
    deadline=None,  # a loaded CI machine must not turn a slow example into a failure
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Pieces that steer the text into the parsers' interesting corners: fences, front matter,
# headings, lists, links, references, markers, dates, comments.
PIECES = [
    "---\n",
    "...\n",
    "```",
    "````",
    "~~~",
    "    ",
    "\t",
    "\n",
    "\n\n",
    "# ",
    "## Introduction\n",
    "- ",
    "1. ",
    "> ",
    "[",
    "]",
    "(",
    ")",
    "[[",
    "]]",
    "|",
    "#",
    "`",
    "*",
    "**",
    "_",
    "<!--",
    "-->",
    "<!-- paperdiary:",
    "diary",
    "backlinks",
    "related",
    " -->",
    "title: ",
    "date: ",
    "url: ",
    "tags: [",
    "description: ",
    "Date: ",
    "2025-07-02",
    "2018-1-6",
    "31/02/2025",
    "14th - 15th September 2025",
    "March 2024",
    "tl;dr: ",
    "e.g. ",
    "https://arxiv.org/abs/1706.03762",
    "javascript:alert(1)",
    "a.md",
    "../x.md#y",
    ":",
    ".",
    " ",
    "\r\n",
    "\ufeff",
    "é",
    "\u0000",
    "\ud7ff",
    "Paper",
    "x",
]
markdownish = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40).map("".join)
text = st.one_of(markdownish, st.text(max_size=200))


def assert_diagnostics(problems: object, path: str | None = None) -> None:
    assert isinstance(problems, list)
    for problem in problems:
        assert isinstance(problem, Diagnostic)
        assert problem.message
        if path is not None and problem.source is not None:
            assert problem.source == path
        assert problem.line is None or problem.line >= 1


@FAST
@given(st.binary(max_size=300) | text.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_decoding_and_splitting_never_raise(raw: bytes) -> None:
    source = decode_source("t/note.md", raw)
    assert "\r" not in source.text
    front, problems = split_front_matter(source)
    assert_diagnostics(problems, "t/note.md")
    assert front.body_line >= 1
    values, schema_problems = validate(front, "t/note.md", DateSettings())
    assert_diagnostics(schema_problems, "t/note.md")
    assert isinstance(values, dict)


@FAST
@given(text, st.booleans())
def test_dates_parse_or_raise_date_error(value: str, day_first: bool) -> None:
    try:
        found = parse_read_date(value, DateSettings(day_first=day_first))
    except DateError as error:
        assert str(error)
    else:
        found.as_date()  # a real calendar date


@FAST
@given(st.one_of(text, st.integers(), st.floats(), st.none(), st.dates(), st.lists(st.integers(), max_size=2)))
def test_front_matter_dates_coerce_or_raise_date_error(value: object) -> None:
    try:
        found = coerce_date(value)
    except DateError as error:
        assert str(error)
    else:
        assert isinstance(found.as_date(), dt.date)


@FAST
@given(st.from_regex(r"\A\d{1,5}-\d{1,3}-\d{1,3}-\w{0,6}\Z") | text)
def test_file_name_dates_are_real_or_none(stem: str) -> None:
    found = date_from_filename(stem)
    if found is not None:
        found[0].as_date()


@FAST
@given(text, st.integers(min_value=1, max_value=50))
def test_inference_never_raises_and_bounds_the_description(body: str, first_line: int) -> None:
    inferred, problems = infer(body, "t/note.md", first_line)
    assert_diagnostics(problems, "t/note.md")
    for problem in problems:
        assert problem.line is None or problem.line >= first_line
    assert inferred.description is None or len(inferred.description) <= DESCRIPTION_CHARS
    assert inferred.url is None or inferred.url.startswith(("http://", "https://"))


@FAST
@given(
    st.lists(st.tuples(st.sampled_from(["a/One.md", "a/Two.md", "b/One.md", "Top.md", "index.md"]), text), max_size=4)
)
def test_indexing_and_link_analysis_never_raise(files: list[tuple[str, str]]) -> None:
    docs = dict(files)
    sources = [decode_source(path, body.encode("utf-8", "surrogatepass")) for path, body in docs.items()]
    index = build_index(sources, IndexSettings())
    assert_diagnostics(index.diagnostics)
    assert all(problem.source in docs for problem in index.diagnostics)
    texts = {source.path: source.text for source in sources}
    report = analyse_links(index, texts, generated=["diary/index.md"])
    assert_diagnostics(report.diagnostics)
    for path, body in texts.items():
        expand_references(body, path, index)


@FAST
@given(text)
def test_marker_scanning_never_raises_and_keeps_code_as_written(markdown: str) -> None:
    filled, unknown = fill_markers(markdown, {"diary": lambda: "FILLED"})
    assert all(isinstance(line, int) and line >= 1 for line, _ in unknown)
    find_markers(markdown)
    has_marker(markdown, "backlinks")
    masked = mask(markdown, front_matter=True)
    assert len(masked) == len(markdown) and masked.count("\n") == markdown.count("\n")
    assert all(1 <= line <= markdown.count("\n") + 1 for line in code_lines(markdown))
    if "paperdiary:" not in markdown:
        assert filled == markdown


@pytest.mark.parametrize("body", ["a" * 200_000, "word " * 50_000, "- " + "x" * 100_000])
def test_a_huge_paragraph_gives_a_bounded_description(body: str) -> None:
    inferred, _ = infer("## Introduction\n\n" + body, "t/huge.md")
    assert inferred.description is not None and len(inferred.description) <= DESCRIPTION_CHARS
