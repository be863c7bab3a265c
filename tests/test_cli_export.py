"""`paperdiary export`: the diary in formats other tools read back."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors

from mkdocs_paperdiary.cli.main import main
from mkdocs_paperdiary.core.identifiers import arxiv_id
from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.pages.export import (
    bibtex_entry,
    bibtex_escape,
    bibtex_key,
    citation_keys,
    entry_type,
    spreadsheet_safe,
    unique_keys,
)

FIXTURE = Path(__file__).parent / "fixtures" / "legacy_diary"
EXAMPLE = Path(__file__).parent.parent / "example_site"

ODD = """---
title: "50% of R&D: $x_1$ ~ {braces} #hash \\\\ back"
date: 2025-08-01
url: https://example.org/paper?a=1&b=%7E
authors: [Ada Lovelace, Charles Babbage, et al.]
year: 2024
venue: NeurIPS 2024
tags: [odd, "semi;colon"]
description: 'A "quoted", comma-laden description'
---

# Odd characters
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "diary"
    shutil.copytree(FIXTURE, root)
    (root / "docs" / "diffusion" / "Odd.md").write_text(ODD, encoding="utf-8")
    (root / "docs" / "reinforcement_learning" / "Odd.md").write_text(
        "# Another odd one\n\nDate: 2nd August 2025\n", encoding="utf-8"
    )
    return root


def export(site: Path, capsys, fmt: str, *args: str) -> str:
    assert main(["export", "--format", fmt, "-f", str(site / "mkdocs.yml"), *args]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def test_json_has_the_paperdiary_json_shape(site, capsys):
    data = json.loads(export(site, capsys, "json"))
    assert data["format"] == 1
    assert data["stats"]["papers"] == len(data["papers"]) == 13
    odd = next(p for p in data["papers"] if p["source"] == "diffusion/Odd.md")
    assert odd["authors"] == ["Ada Lovelace", "Charles Babbage", "et al."]
    assert odd["date"] == "2025-08-01"


def test_csv_has_one_row_per_paper(site, capsys):
    rows = list(csv.DictReader(io.StringIO(export(site, capsys, "csv"))))
    assert len(rows) == 13
    assert list(rows[0]) == ["key", "title", "date", "url", "topic", "authors", "year", "venue", "tags", "description"]
    odd = next(r for r in rows if r["key"] == "diffusion/Odd")
    assert odd["authors"] == "Ada Lovelace; Charles Babbage; et al."
    assert odd["tags"] == "odd; semi;colon"
    assert odd["description"] == 'A "quoted", comma-laden description'
    assert (odd["year"], odd["venue"], odd["topic"]) == ("2024", "NeurIPS 2024", "diffusion")
    ddpm = next(r for r in rows if r["key"] == "DDPM")
    assert (ddpm["date"], ddpm["year"], ddpm["authors"]) == ("2024-03", "", "")


def parse_bibtex(text: str) -> dict[str, tuple[str, dict[str, str]]]:
    """Entries as bibtexparser 2 reads them: key -> (type, fields with LaTeX decoded, url as written)."""
    raw = bibtexparser.parse_string(text)
    decoded = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert raw.failed_blocks == [] and decoded.failed_blocks == []
    entries = {}
    for plain, latex in zip(raw.entries, decoded.entries, strict=True):
        fields = {field.key: field.value for field in latex.fields}
        if "url" in plain.fields_dict:  # `url` is verbatim in BibTeX, so it is compared as written
            fields["url"] = plain.fields_dict["url"].value
        entries[plain.key] = (plain.entry_type, fields)
    return entries


def test_bibtex_parses_back_with_every_field(site, capsys):
    entries = parse_bibtex(export(site, capsys, "bibtex"))
    assert len(entries) == 13
    kind, odd = entries["lovelace202450"]  # first author, year, the title's first word ("50% of R&D...")
    assert kind == "inproceedings"
    assert odd["title"] == "50% of R&D: $x_1$ ~ {braces} #hash \\ back"
    assert odd["author"] == "Ada Lovelace and Charles Babbage and others"
    assert (odd["year"], odd["booktitle"]) == ("2024", "NeurIPS 2024")
    assert odd["url"] == "https://example.org/paper?a=1&b=%7E"
    assert "note" not in odd  # the read date is the diary's business, not a reference list's
    assert entries["DDPM"][0] == "misc" and "year" not in entries["DDPM"][1]
    assert "reinforcement_learning:Odd" in entries  # no authors: keyed by its file, as before


def test_bibtex_hostile_text_survives_a_parser():
    title = "{Unbalanced} 100% & #1: $\\alpha$_x \\ }{ ~ Ünïcödé “quotes” — dash"
    paper = Paper(
        key="odd",
        source="a/odd.md",
        title=title,
        topic="a",
        topic_name="A",
        authors=("Zoë {Brace} O'Neil", "Tom & Jerry and Co", "et al."),
        year=2023,
        venue="Proceedings of {Odd} & #Co",
        url="https://example.org/x?q={1}%20&r=2",
    )
    kind, fields = parse_bibtex(bibtex_entry(paper, "oneil2023unbalanced"))["oneil2023unbalanced"]
    assert kind == "inproceedings"
    assert fields["title"] == title
    assert fields["booktitle"] == "Proceedings of {Odd} & #Co"
    assert fields["url"] == "https://example.org/x?q=%7B1%7D%20&r=2"
    raw = bibtexparser.parse_string(bibtex_entry(paper, "k"), append_middleware=[SeparateCoAuthors()])
    assert len(raw.entries[0].fields_dict["author"].value) == 3  # "Tom & Jerry and Co" stays one author


def test_bibtex_on_the_example_site_has_typed_entries_and_author_year_keys(capsys):
    entries = parse_bibtex(export(EXAMPLE, capsys, "bibtex"))
    kind, attention = entries["rafailov2023direct"]
    assert kind == "inproceedings" and attention["booktitle"] == "NeurIPS 2023"
    assert attention["author"].startswith("Rafael Rafailov and Archit Sharma")
    kind, ppo = entries["schulman2017proximal"]
    assert kind == "misc"
    assert (ppo["eprint"], ppo["archivePrefix"]) == ("1707.06347", "arXiv")
    assert entries["fedus2021switch"][0] == "article"  # JMLR
    assert entries["schulman2015trust"][0] == "inproceedings"
    assert len({key.casefold() for key in entries}) == len(entries)


@pytest.mark.parametrize(
    ("venue", "kind"),
    [
        ("NeurIPS 2023", "inproceedings"),
        ("Proceedings of the 40th International Conference on Machine Learning", "inproceedings"),
        ("ACL 2024 Workshop on Odd Things", "inproceedings"),
        ("Transactions of the ACL", "article"),
        ("Journal of Machine Learning Research", "article"),
        ("Nature", "article"),
        ("arXiv", "misc"),
        ("Transformer Circuits Thread", "misc"),
        (None, "misc"),
    ],
)
def test_entry_type_from_the_venue(venue, kind):
    assert entry_type(venue) == kind


def test_citation_keys_are_author_year_word_and_unique():
    def make(title, authors, year):
        return Paper(
            key=title, source=f"a/{title}.md", title=title, topic="a", topic_name="A", authors=authors, year=year
        )

    papers = [
        make("Attention Is All You Need", ("Ashish Vaswani", "Noam Shazeer"), 2017),
        make("Attention Is Not All", ("Vaswani, A.",), 2017),
        make("The Attention Thing", ("Ashish Vaswani",), 2017),
        make("On Über Models", ("Jürgen Schmidhuber",), None),
        make("Untitled", (), 2020),
    ]
    assert citation_keys(papers) == [
        "vaswani2017attention",
        "vaswani2017attentiona",
        "vaswani2017attentionb",
        "schmidhuberuber",
        "Untitled",
    ]
    assert arxiv_id("https://arxiv.org/pdf/1706.03762v7.pdf") == "1706.03762"
    assert arxiv_id("https://arxiv.org/abs/hep-th/9901001") == "hep-th/9901001"
    assert arxiv_id("https://example.org/abs/1706.03762") is None


def test_output_goes_to_a_file_when_asked(site, capsys, tmp_path):
    target = tmp_path / "papers.bib"
    assert main(["export", "--format", "bibtex", "-o", str(target), "-f", str(site / "mkdocs.yml")]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"Wrote 13 papers to {target} (bibtex).\n"
    assert target.read_text(encoding="utf-8").count("\n@") == 12


def test_bibtex_helpers():
    assert bibtex_escape(r"a\b{c}") == r"a\textbackslash{}b\{c\}"
    assert bibtex_key("rl/Über Net (v2)") == "rl:Uber-Net-v2"
    assert bibtex_key("???") == "paper"
    assert unique_keys(["PPO", "ppo", "PPO"]) == ["PPO", "ppoa", "PPOb"]
    assert bibtex_escape("~^") == r"\textasciitilde{}\textasciicircum{}"


FORMULAS = {
    "title": '=HYPERLINK("http://evil.example","x")',
    "description": "+1+cmd|' /C calc'!A0",
    "venue": "-2+3",
    "authors": ["@SUM(1+1)*cmd|' /C calc'!A0"],
    "tags": ["=1+1", "plain"],
}


def test_csv_cells_a_spreadsheet_would_run_are_text(site, capsys):
    front = {**FORMULAS, "date": "2025-08-03"}
    (site / "docs" / "diffusion" / "Formula.md").write_text(
        "---\n" + json.dumps(front) + "\n---\n\nBody.\n", encoding="utf-8"
    )
    rows = list(csv.DictReader(io.StringIO(export(site, capsys, "csv"))))
    row = next(r for r in rows if r["key"] == "Formula")
    assert row["title"] == "'" + FORMULAS["title"]
    assert row["description"] == "'" + FORMULAS["description"]
    assert row["venue"] == "'-2+3"
    assert row["authors"] == "'" + FORMULAS["authors"][0]
    assert row["tags"] == "'=1+1; plain"
    for cells in rows:  # nothing any spreadsheet would evaluate, and harmless text untouched
        assert not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in cells.values())
    odd = next(r for r in rows if r["key"] == "diffusion/Odd")
    assert odd["title"] == "50% of R&D: $x_1$ ~ {braces} #hash \\ back"


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_every_formula_start_is_quoted_and_reads_back(cell):
    out = io.StringIO()
    csv.writer(out).writerow([spreadsheet_safe(cell), spreadsheet_safe("plain -text")])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'" + cell, "plain -text"]
