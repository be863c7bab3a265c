"""`paperdiary export`: the diary in formats other tools read back."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from mkdocs_paperdiary.cli.main import main
from mkdocs_paperdiary.pages.export import bibtex_escape, bibtex_key, unique_keys

FIXTURE = Path(__file__).parent / "fixtures" / "legacy_diary"
ENTRY = re.compile(r"^@misc\{(?P<key>[A-Za-z0-9_.:-]+),\n(?P<fields>(?:  \w+ = \{.*\},?\n)+)\}$", re.MULTILINE)

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


def test_bibtex_entries_parse_and_keys_are_unique(site, capsys):
    text = export(site, capsys, "bibtex")
    entries = list(ENTRY.finditer(text))
    assert len(entries) == 13 == text.count("@misc{")
    keys = [e["key"] for e in entries]
    assert len({k.casefold() for k in keys}) == len(keys)
    assert "diffusion:Odd" in keys and "reinforcement_learning:Odd" in keys
    odd = next(e["fields"] for e in entries if e["key"] == "diffusion:Odd")
    assert r"title = {{50\% of R\&D: \$x\_1\$ \~{} \{braces\} \#hash \textbackslash{} back}}," in odd
    assert "author = {Ada Lovelace and Charles Babbage and others}," in odd
    assert "year = {2024}," in odd
    assert "url = {https://example.org/paper?a=1&b=%7E}," in odd
    assert "note = {Read on 1st August 2025}\n" in odd
    ddpm = next(e["fields"] for e in entries if e["key"] == "DDPM")
    assert "note = {Read in March 2024}" in ddpm and "year" not in ddpm


def test_output_goes_to_a_file_when_asked(site, capsys, tmp_path):
    target = tmp_path / "papers.bib"
    assert main(["export", "--format", "bibtex", "-o", str(target), "-f", str(site / "mkdocs.yml")]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"Wrote 13 papers to {target} (bibtex).\n"
    assert target.read_text(encoding="utf-8").count("@misc{") == 13


def test_bibtex_helpers():
    assert bibtex_escape(r"a\b{c}") == r"a\textbackslash{}b\{c\}"
    assert bibtex_key("rl/Über Net (v2)") == "rl:Uber-Net-v2"
    assert bibtex_key("???") == "paper"
    assert unique_keys(["PPO", "ppo", "PPO"]) == ["PPO", "ppo-2", "PPO-3"]
