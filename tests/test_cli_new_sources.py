"""`paperdiary new --arxiv/--doi`: today's note started from an identifier, against a loopback server."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from loopback import free_port
from metadata_server import VASWANI
from sitebuilder import build_site, run_command

from mkdocs_paperdiary.core.frontmatter import decode_source
from mkdocs_paperdiary.core.index import IndexSettings, read_paper

DRAFT = "# DRAFT: the description below is the abstract's first sentence; rewrite it in your own words."


@pytest.fixture
def site(legacy_site: Path) -> Path:
    return legacy_site


def new(capsys, *args: str) -> tuple[int, str, str]:
    return run_command(capsys, "new", *args)


def front(site: Path, shown: str) -> dict:
    text = (site / shown).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def paper(site: Path, shown: str):
    source = shown.removeprefix("docs/")
    found, problems = read_paper(decode_source(source, (site / shown).read_bytes()), IndexSettings())
    assert problems == []
    return found


def files(site: Path) -> set[str]:
    return {str(path.relative_to(site)) for path in site.rglob("*") if path.is_file()}


def test_an_arxiv_link_fills_the_note_and_drafts_a_description(site, capsys, sources):
    code, out, err = new(
        capsys, "--arxiv", "https://arxiv.org/pdf/1706.03762v5", "--topic", "llm reasoning", "--date", "2025-07-20"
    )
    assert (code, err) == (0, "")
    assert out == "docs/LLM_reasoning/AttentionIsAllYouNeed.md\n"
    text = (site / out.strip()).read_text(encoding="utf-8")
    assert f"{DRAFT}\ndescription: A sequence model built from attention alone" in text
    assert front(site, out.strip()) == {
        "title": "Attention Is All You Need",
        "date": dt.date(2025, 7, 20),
        "url": "https://arxiv.org/abs/1706.03762",
        "authors": list(VASWANI),
        "year": 2017,
        "venue": "arXiv",
        "description": "A sequence model built from attention alone, with no recurrence or convolution, "
        "trains faster than recurrent models and translates well.",
    }
    assert "\n# Attention Is All You Need\n\n## Key points\n" in text
    assert [request.path for request in sources.requests] == ["/arxiv?id_list=1706.03762&max_results=1"]


def test_a_doi_fills_the_venue_from_the_container_title(site, capsys, sources):
    code, out, err = new(capsys, "--doi", "https://doi.org/10.1038/nature16961", "-t", "reinforcement_learning")
    assert (code, err) == (0, "")
    assert out == "docs/reinforcement_learning/MasteringTheGameOfGoWithDeepNeuralNetworksAndTreeSearch.md\n"
    found = paper(site, out.strip())
    assert (found.title, found.venue, found.year, found.url, len(found.authors), found.description) == (
        "Mastering the game of Go with deep neural networks and tree search",
        "Nature",
        2016,
        "https://doi.org/10.1038/nature16961",
        20,
        "",
    )
    assert "# description: one sentence for the diary and the map" in (site / out.strip()).read_text(encoding="utf-8")


def test_flags_win_over_fetched_metadata(site, capsys, sources):
    code, out, _ = new(
        capsys,
        "Transformer",
        "--arxiv",
        "1706.03762",
        "--description",
        "Attention alone, no recurrence: my summary.",
        "--authors",
        "Ashish Vaswani, Noam Shazeer",
        "--authors",
        "Niki Parmar",
        "--year",
        "2017",
        "--venue",
        "NeurIPS",
        "--alias",
        "Attention Is All You Need",
        "--alias",
        "the Transformer paper",
        "--tag",
        "attention",
        "--tags",
        "nlp, architecture",
        "--topic",
        "LLM_reasoning",
    )
    assert (code, out) == (0, "docs/LLM_reasoning/Transformer.md\n")
    text = (site / out.strip()).read_text(encoding="utf-8")
    assert "DRAFT" not in text
    found = paper(site, out.strip())
    assert (found.title, found.authors, found.year, found.venue, found.aliases, found.tags, found.description) == (
        "Transformer",
        ("Ashish Vaswani", "Noam Shazeer", "Niki Parmar"),
        2017,
        "NeurIPS",
        ("Attention Is All You Need", "the Transformer paper"),
        ("nlp", "architecture", "attention"),  # --tags, then each --tag
        "Attention alone, no recurrence: my summary.",
    )
    assert found.url == "https://arxiv.org/abs/1706.03762"


def test_the_new_flags_work_without_an_identifier(site, capsys):
    code, out, _ = new(
        capsys,
        "Learning with Kernels",
        "--authors",
        "Bernhard Schölkopf",
        "--authors",
        "Alexander J. Smola",
        "--year",
        "2002",
        "--venue",
        "MIT Press",
        "--description",
        "Kernels: a book.",
    )
    assert (code, out) == (0, "docs/LearningWithKernels.md\n")
    found = paper(site, out.strip())
    assert (found.authors, found.year, found.venue, found.description) == (
        ("Bernhard Schölkopf", "Alexander J. Smola"),
        2002,
        "MIT Press",
        "Kernels: a book.",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--arxiv", "not-an-id"], "--arxiv: 'not-an-id' is not an arXiv id or arxiv.org link"),
        (["--doi", "nature14236"], "--doi: 'nature14236' is not a DOI or doi.org link"),
        (["--arxiv", "1706.03762", "--no-fetch"], "--no-fetch needs the paper's title"),
        (["Title", "--year", "20017"], "--year must be a year such as 2024, got '20017'"),
        (["--no-fetch"], "--no-fetch goes with --arxiv or --doi"),
        ([], "give the paper's title, --arxiv ID or --doi DOI"),
        (["--arxiv", "1706.03762", "--doi", "10.1038/nature14236"], "give --arxiv or --doi, not both"),
        (["--arxiv", "1706.03762", "--timeout", "0"], "--timeout must be more than 0 seconds, got 0"),
    ],
)
def test_mistakes_are_one_line_and_write_nothing(site, capsys, sources, args, message):
    before = files(site)
    code, out, err = new(capsys, *args)
    assert (code, out) == (2, "")
    assert err == f"paperdiary new: error: {message}\n"
    assert files(site) == before
    assert sources.requests == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--arxiv", "2401.00000"], r"arXiv:2401\.00000: no such paper on arXiv"),
        (["--arxiv", "2401.00003"], r"arXiv:2401\.00003: the arXiv API answered with malformed XML \(.*\)"),
        (["--doi", "10.9999/none"], r"doi:10\.9999/none: not found at 127\.0\.0\.1:\d+ \(HTTP 404\)"),
        (["--doi", "10.9999/malformed"], r"doi:10\.9999/malformed: the DOI resolver answered with malformed JSON .*"),
        (
            ["--arxiv", "2401.00001", "--timeout", "0.2"],
            r"arXiv:2401\.00001: 127\.0\.0\.1:\d+ did not answer within 0\.2 s; tried twice",
        ),
    ],
)
def test_a_failed_lookup_is_one_line_and_writes_nothing(site, capsys, sources, args, message):
    before = files(site)
    code, out, err = new(capsys, *args, "--topic", "diffusion")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert re.fullmatch(rf"paperdiary new: error: {message}(; .*)?\n", err)
    assert files(site) == before


def test_offline_says_so_and_no_fetch_still_works(site, capsys, sources, monkeypatch):
    port = free_port()  # a port nobody listens on
    monkeypatch.setenv("PAPERDIARY_ARXIV_API", f"http://127.0.0.1:{port}/query")
    code, out, err = new(capsys, "--arxiv", "1706.03762")
    assert (code, out) == (1, "")
    assert err.startswith(f"paperdiary new: error: arXiv:1706.03762: cannot reach 127.0.0.1:{port} (offline?)")
    assert "--no-fetch" in err
    code, out, err = new(capsys, "Attention Is All You Need", "--arxiv", "1706.03762v2", "--no-fetch")
    assert (code, out, err) == (0, "docs/AttentionIsAllYouNeed.md\n", "")
    assert paper(site, out.strip()).url == "https://arxiv.org/abs/1706.03762"  # the paper, not one revision
    assert sources.requests == []


def test_a_paper_already_in_the_diary_is_not_written_twice(site, capsys, sources):
    code, out, err = new(capsys, "--arxiv", "https://arxiv.org/abs/1707.06347")  # PPO.md links it
    assert (code, out) == (1, "")
    assert err == (
        "docs/reinforcement_learning/PPO.md already has arXiv:1707.06347 "
        "(Proximal Policy Optimization Algorithms); not writing another note.\n"
    )
    assert sources.requests == []  # known from the link alone
    code, out, err = new(capsys, "--doi", "10.1038/nature14236")  # DQN.md has the same title
    assert (code, out) == (1, "")
    assert err.startswith("docs/reinforcement_learning/DQN.md already has doi:10.1038/nature14236 ")


def test_hostile_metadata_round_trips_and_the_site_escapes_it(site, capsys, sources):
    code, out, err = new(capsys, "--arxiv", "2401.99999", "--topic", "diffusion")
    assert (code, err) == (0, "")
    arxiv_note = out.strip()
    found = paper(site, arxiv_note)
    assert found.title == (
        '</title><script>alert("t")</script> Yes: #1 {{ x }} [a](javascript:alert(1)) &amp; --- gnp.exe'
    )
    assert found.authors == ("O'Brien <img src=x onerror=alert(2)>", "- dash: colon, [bracket] {brace} *star* `tick`")
    assert found.url == "https://arxiv.org/abs/2401.99999"
    assert found.description == "<img src=x onerror=alert(1)> First sentence: \"quoted\" & 'single'."

    code, out, err = new(capsys, "--doi", "10.9999/hostile", "--topic", "diffusion")
    assert (code, err) == (0, "")
    found = paper(site, out.strip())
    assert found.title == "Bell [31mred [0m: <b>bold</b> & \"quotes\" 'single' #hash --- key: value"
    assert found.authors == ("Ada Lovelace", "{{ config }} </a><a href=javascript:alert(1)>")
    assert (found.year, found.venue, found.url) == (
        None,
        "Journal of <script>alert(1)</script> & Co",
        "https://doi.org/10.9999/hostile",
    )
    text = (site / out.strip()).read_text(encoding="utf-8")
    assert "\x07" not in text and "\x1b" not in text and "\x00" not in text

    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = ["search", {"paperdiary": {"maps": False}}]  # the pages under test need no model
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = build_site(site)
    assert result.ok, result.error
    pages = [path.read_text(encoding="utf-8") for path in result.site_dir.rglob("*.html")]
    joined = "\n".join(pages)
    assert "<script>alert" not in joined
    assert "<img src=x" not in joined
    assert 'href="javascript:' not in joined
    assert "&lt;script&gt;alert" in joined


@pytest.mark.slow
def test_without_a_topic_the_most_similar_papers_suggest_one(site, capsys, sources):
    pytest.importorskip("sentence_transformers")
    code, out, err = new(capsys, "--arxiv", "2010.02502")  # Denoising Diffusion Implicit Models
    assert (code, out) == (0, "docs/diffusion/DenoisingDiffusionImplicitModels.md\n")
    assert (
        "topic: diffusion, where its most similar papers are (DDPM, LatentDiffusion); --topic chooses another.\n" in err
    )
