"""A Jekyll blog turned paper diary: dates in file names (padded or not), headings followed by
bullet lists, an empty `excerpt:`. Most posts should get a description."""

from __future__ import annotations

import shutil
from pathlib import Path

from sitebuilder import build_site

FIXTURE = Path(__file__).parent / "fixtures" / "jekyll_diary"


def test_a_jekyll_diary_is_dated_and_described(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "blog")
    result = build_site(tmp_path / "blog", strict=True)
    assert result.ok, result.error
    papers = result.papers()
    assert len(papers) == 14
    assert all(paper["date"] for paper in papers.values())
    described = {source for source, paper in papers.items() if paper["description"]}
    assert len(described) >= 12, sorted(set(papers) - described)
    assert all(len(paper["description"]) <= 300 for paper in papers.values())

    def description(name: str) -> str:
        return papers[f"_posts/{name}.md"]["description"]

    assert papers["_posts/2018-1-6-world-models.md"]["date"] == "2018-01-06"
    assert description("2018-1-6-world-models") == (
        "A variational autoencoder compresses each frame and a recurrent network predicts the next code."
    )
    assert description("2018-2-3-dqn").startswith("One convolutional network plays dozens of Atari games")
    # "- Problem:" only labels its nested items, so the first of them says it.
    assert description("2018-7-4-alphago") == "Go has too many positions for search without a good evaluation."
    assert description("2018-6-12-bert").endswith("…")
    # A list is the opening under any heading, "Notes" included.
    assert description("2018-10-10-lottery-ticket") == (
        "Pruned subnetworks retrain to full accuracy from their original initialisation."
    )
