"""`paperdiary import --bibtex`: a reference manager's backlog turned into stub notes, once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from sitebuilder import build_site

from mkdocs_paperdiary.cli.main import main
from mkdocs_paperdiary.core.frontmatter import decode_source
from mkdocs_paperdiary.core.index import IndexSettings, read_paper

LIBRARY = Path(__file__).parent / "fixtures" / "bibtex" / "library.bib"
WRITTEN = [
    "docs/backlog/LearningWithKernelsSupportVectorMachinesRegularization.md",
    "docs/backlog/GradientBasedLearningAppliedToDocumentRecognition.md",
    "docs/backlog/BERTPreTrainingOfDeepBidirectionalTransformersForLanguage.md",
    "docs/backlog/AttentionIsAllYouNeed.md",
    "docs/backlog/ANoteWithOnlyATitle.md",
    "docs/backlog/QuotesAndColons1ScriptAlert1ScriptX.md",
    "docs/backlog/ReadAfterABrokenBlock.md",
]


@pytest.fixture
def site(legacy_site: Path) -> Path:
    shutil.copy(LIBRARY, legacy_site / "library.bib")
    return legacy_site


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["import", "--bibtex", "library.bib", *args])
    out, err = capsys.readouterr()
    return code, out, err


def files(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def paper(site: Path, shown: str):
    source = shown.removeprefix("docs/")
    found, problems = read_paper(decode_source(source, (site / shown).read_bytes()), IndexSettings())
    assert problems == []
    return found


def test_dry_run_lists_the_notes_and_writes_nothing(site, capsys):
    before = files(site)
    code, out, err = run(capsys, "--topic", "backlog", "--new-topic", "--dry-run")
    assert (code, err) == (0, "")
    assert files(site) == before
    listed = [line.split()[0] for line in out.split("\n\n")[0].splitlines()[1:]]
    assert out.startswith("Would write 7 notes:\n")
    assert sorted(listed) == sorted(WRITTEN)
    assert out.rstrip().endswith("Dry run: nothing was written.")


def test_each_entry_the_diary_lacks_becomes_one_stub(site, capsys):
    code, out, err = run(capsys, "--topic", "backlog", "--new-topic", "--date", "2025-08-01")
    assert (code, err) == (0, "")
    assert out.startswith("Wrote 7 notes:\n")
    written = sorted(str(path.relative_to(site)) for path in (site / "docs" / "backlog").iterdir())
    assert written == sorted(WRITTEN)
    # Already in the diary: PPO by its arXiv id, DQN by its title; the repeated Attention entry by title.
    assert "Already in the diary (2):\n  schulman2017proximal  -> reinforcement_learning/PPO.md\n" in out
    assert "  mnih2015human         -> reinforcement_learning/DQN.md\n" in out
    assert (
        "Repeated in library.bib (1):\n  library.bib:16 vaswani2017again  same paper as vaswani2017attention\n" in out
    )
    assert "  library.bib:73: warning: entry 'notitle' has no title; no note was written.\n" in out
    assert "  library.bib:78: warning: '@misc{broken,' could not be read (" in out


def test_stubs_carry_the_entries_metadata_with_latex_decoded(site, capsys):
    run(capsys, "--topic", "backlog", "--new-topic", "--date", "2025-08-01")
    kernels = paper(site, WRITTEN[0])
    assert (kernels.title, kernels.authors, kernels.year, kernels.venue, kernels.date.iso()) == (
        "Learning with Kernels: Support Vector Machines, Regularization, Optimization, and Beyond",
        ("Bernhard Schölkopf", "Alexander J. Smola"),
        2002,
        "MIT Press",
        "2025-08-01",
    )
    lecun = paper(site, WRITTEN[1])
    assert lecun.authors == ("Yann LeCun", "Léon Bottou", "Yoshua Bengio", "Patrick Haffner")
    assert (lecun.venue, lecun.url) == ("Proceedings of the IEEE", "https://doi.org/10.1109/5.726791")
    bert = paper(site, WRITTEN[2])
    assert bert.title == "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
    assert bert.venue.startswith("Proceedings of the 2019 Conference of the North American Chapter")
    assert bert.description == "A language representation model pre-trained on both left and right context."
    assert "# DRAFT: the description below is the abstract's first sentence" in (site / WRITTEN[2]).read_text()
    attention = paper(site, WRITTEN[3])
    assert attention.authors[6] == "Łukasz Kaiser"
    assert (attention.url, attention.venue) == (
        "https://arxiv.org/abs/1706.03762",
        "Advances in Neural Information Processing Systems",
    )
    only = paper(site, WRITTEN[4])
    assert (only.title, only.authors, only.year, only.url, only.venue) == (
        "A Note With Only a Title",
        (),
        None,
        None,
        None,
    )


def test_hostile_entries_stay_text(site, capsys):
    run(capsys, "--topic", "backlog", "--new-topic")
    text = (site / WRITTEN[5]).read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["title"] == 'Quotes "and" colons: #1 — <script>alert(1)</script> & x'
    assert front["authors"] == ["<img src=x onerror=alert(2)> O'Brien"]
    assert "url" not in front and "year" not in front  # javascript: links and year 20017 are dropped
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = ["search", {"paperdiary": {"maps": False}}]  # the pages under test need no model
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = build_site(site)
    assert result.ok, result.error
    html = "\n".join(path.read_text(encoding="utf-8") for path in result.site_dir.rglob("*.html"))
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_second_run_writes_nothing(site, capsys):
    run(capsys, "--topic", "backlog", "--new-topic")
    before = files(site)
    code, out, _ = run(capsys, "--topic", "backlog")
    assert code == 0
    assert files(site) == before
    assert out.startswith("Nothing to write: every entry of library.bib with a title is already in the diary.\n")
    assert "Already in the diary (10):" in out


def test_without_a_topic_stubs_go_to_the_top_and_are_marked_as_papers(site, capsys):
    code, out, _ = run(capsys)
    assert code == 0
    assert "  docs/ReadAfterABrokenBlock.md" in out
    assert "paper: true\n" in (site / "docs" / "ReadAfterABrokenBlock.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "--bibtex", "missing.bib"], "cannot read 'missing.bib': No such file or directory"),
        (["import", "--bibtex", "library.bib", "--topic", "nowhere"], "no topic 'nowhere' (topics: "),
        (
            ["import", "--bibtex", "library.bib", "--diary-list", "index.md"],
            "--bibtex and --diary-list are two imports",
        ),
        (["import", "--topic", "backlog"], "--topic, --new-topic and --date go with --bibtex"),
    ],
)
def test_mistakes_are_one_line(site, capsys, args, message):
    before = files(site)
    code = main(args)
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith(f"paperdiary import: error: {message}") and err.count("\n") == 1
    assert files(site) == before
