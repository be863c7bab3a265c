"""Metadata from arXiv and DOIs, fetched from a real HTTP server on 127.0.0.1 that answers from recorded files."""

from __future__ import annotations

import pytest
from loopback import free_port
from metadata_server import VASWANI

from mkdocs_paperdiary import __version__
from mkdocs_paperdiary.authoring.sources import Metadata, SourceError, fetch_arxiv, fetch_doi, first_sentence
from mkdocs_paperdiary.core.identifiers import arxiv_id, doi, identity_keys


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1706.03762", "1706.03762"),
        ("1706.03762v5", "1706.03762"),
        ("arXiv:1706.03762", "1706.03762"),
        ("https://arxiv.org/abs/1706.03762v2", "1706.03762"),
        ("http://arxiv.org/pdf/1706.03762v7.pdf", "1706.03762"),
        ("https://arxiv.org/pdf/1706.03762", "1706.03762"),
        ("https://www.arxiv.org/abs/2401.12345/", "2401.12345"),
        ("hep-th/9711200", "hep-th/9711200"),
        ("https://arxiv.org/abs/math.GT/0309136v1", "math.GT/0309136"),
        ("https://example.org/abs/1706.03762", None),
        ("1706.037", None),
        ("10.1038/nature14236", None),
    ],
)
def test_arxiv_ids_as_people_write_them(text, expected):
    assert arxiv_id(text) == expected


def test_an_arxiv_version_is_kept_when_asked():
    assert arxiv_id("https://arxiv.org/abs/1706.03762v2", keep_version=True) == "1706.03762v2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.1038/nature14236", "10.1038/nature14236"),
        ("doi:10.1038/nature14236", "10.1038/nature14236"),
        ("https://doi.org/10.1145/3292500.3330701", "10.1145/3292500.3330701"),
        ("http://dx.doi.org/10.1038/nature14236", "10.1038/nature14236"),
        ("https://example.org/10.1038/nature14236", None),
        ("1706.03762", None),
    ],
)
def test_dois_as_people_write_them(text, expected):
    assert doi(text) == expected


def test_one_paper_has_the_same_keys_however_it_is_linked():
    assert identity_keys("https://arxiv.org/abs/1706.03762") & identity_keys("http://arxiv.org/pdf/1706.03762v3")
    assert identity_keys("https://doi.org/10.1038/NATURE14236") & identity_keys("doi:10.1038/nature14236")
    assert identity_keys("https://www.example.org/paper/") == identity_keys("http://example.org/paper")


def test_an_arxiv_entry(sources):
    found = fetch_arxiv("1706.03762")
    assert found == Metadata(
        title="Attention Is All You Need",
        authors=VASWANI,
        year=2017,
        url="https://arxiv.org/abs/1706.03762",
        venue="arXiv",
        abstract=found.abstract,
        arxiv="1706.03762",
    )
    assert found.draft_description() == (
        "A sequence model built from attention alone, with no recurrence or convolution, trains "
        "faster than recurrent models and translates well."
    )
    [request] = sources.requests
    assert request.path == "/arxiv?id_list=1706.03762&max_results=1"
    assert request.headers["User-Agent"].startswith(f"mkdocs-paperdiary/{__version__} ")


def test_the_journal_reference_is_the_venue_and_old_ids_work(sources):
    found = fetch_arxiv("hep-th/9711200")
    assert (found.title, found.authors, found.year, found.venue, found.url) == (
        "The Large N Limit of Superconformal Field Theories and Supergravity",
        ("Juan M. Maldacena",),
        1997,
        "Adv.Theor.Math.Phys.2:231-252,1998",
        "https://arxiv.org/abs/hep-th/9711200",
    )


def test_an_unknown_arxiv_id_is_one_line(sources):
    with pytest.raises(SourceError, match=r"^arXiv:2401\.00000: no such paper on arXiv$"):
        fetch_arxiv("2401.00000")


def test_a_malformed_answer_is_one_line(sources):
    with pytest.raises(SourceError, match=r"^arXiv:2401\.00003: the arXiv API answered with malformed XML \(.*\)$"):
        fetch_arxiv("2401.00003")
    with pytest.raises(SourceError, match=r"^doi:10\.9999/malformed: the DOI resolver answered with malformed JSON"):
        fetch_doi("10.9999/malformed")


def test_a_slow_answer_times_out_after_one_retry(sources):
    with pytest.raises(
        SourceError, match=r"^arXiv:2401\.00001: 127\.0\.0\.1:\d+ did not answer within 0\.2 s; tried twice$"
    ):
        fetch_arxiv("2401.00001", timeout=0.2)
    assert len(sources.requests) == 2


def test_a_server_error_is_retried_once(sources):
    with pytest.raises(SourceError, match=r"answered HTTP 503 Service Unavailable; tried twice$"):
        fetch_doi("10.9999/broken")
    assert len(sources.requests) == 2


def test_offline_is_one_line(sources):
    port = free_port()  # a port nobody listens on
    with pytest.raises(
        SourceError, match=rf"^arXiv:1706\.03762: cannot reach 127\.0\.0\.1:{port} \(offline\?\): .*; tried twice$"
    ):
        fetch_arxiv("1706.03762", api=f"http://127.0.0.1:{port}/query")


def test_a_doi_by_content_negotiation(sources):
    found = fetch_doi("10.1038/nature16961")
    assert (found.title, found.year, found.venue, found.url, found.doi) == (
        "Mastering the game of Go with deep neural networks and tree search",
        2016,
        "Nature",
        "https://doi.org/10.1038/nature16961",
        "10.1038/nature16961",
    )
    assert found.authors[:3] == ("David Silver", "Aja Huang", "Chris J. Maddison")
    assert "George van den Driessche" in found.authors
    [request] = sources.requests
    assert request.path == "/doi/10.1038/nature16961"
    assert request.headers["Accept"] == "application/vnd.citationstyles.csl+json"


def test_an_unknown_doi_is_not_retried(sources):
    with pytest.raises(SourceError, match=r"^doi:10\.9999/none: not found at 127\.0\.0\.1:\d+ \(HTTP 404\)$"):
        fetch_doi("10.9999/none")
    assert len(sources.requests) == 1


def test_hostile_metadata_is_cleaned(sources):
    found = fetch_doi("10.9999/hostile")
    assert found.title == "Bell [31mred [0m: <b>bold</b> & \"quotes\" 'single' #hash --- key: value"
    assert found.authors == ("Ada Lovelace", "{{ config }} </a><a href=javascript:alert(1)>")
    assert found.year is None  # 99999 is no year
    assert found.url == "https://doi.org/10.9999/hostile"  # never the answer's javascript: URL
    assert found.venue == "Journal of <script>alert(1)</script> & Co"
    found = fetch_arxiv("2401.99999")
    assert "\u202e" not in found.title and "\x85" not in found.title
    assert found.authors == ("O'Brien <img src=x onerror=alert(2)>", "- dash: colon, [bracket] {brace} *star* `tick`")


def test_the_draft_description_is_the_first_sentence():
    assert first_sentence("We propose X. It is good.") == "We propose X."
    assert (
        first_sentence("Using e.g. a model, we find 3.5 times more. Then.")
        == "Using e.g. a model, we find 3.5 times more."
    )
    assert len(first_sentence("word " * 200)) <= 300


def test_a_redirect_keeps_our_headers(sources):
    found = fetch_doi("10.9999/moved")
    assert found.title == "Mastering the game of Go with deep neural networks and tree search"
    assert [request.path for request in sources.requests] == ["/doi/10.9999/moved", "/doi/10.1038/nature16961"]
    assert sources.requests[1].headers["Accept"] == "application/vnd.citationstyles.csl+json"
    assert sources.requests[1].headers["User-Agent"].startswith("mkdocs-paperdiary/")


def test_an_endless_answer_is_cut_short(sources):
    with pytest.raises(SourceError, match=r"^doi:10\.9999/huge: 127\.0\.0\.1:\d+ answered with more than 5 MB$"):
        fetch_doi("10.9999/huge")
