"""`paperdiary check` says what the build says: the same (file, line, message) for every warning.

Both go through `plugin.collect`. The cases run in this process: a real build and the real
command on the same small site, with the `maps` extra hidden where a case leaves it out
(`maps_available` then answers as on a machine without it). One case runs end to end in a
fresh Python process whose `maps` packages are made unimportable before anything loads.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sitebuilder import build_site, paper, write_site

from mkdocs_paperdiary.cli.check import check_project
from mkdocs_paperdiary.cli.project import load_project
from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.site import settings

PROBE = r"""
import contextlib, io, json, logging, sys
if sys.argv[1] == "no-extra":
    for name in ("sentence_transformers", "sklearn", "umap"):
        sys.modules[name] = None
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs_paperdiary.cli.main import main
from mkdocs_paperdiary.core.diagnostics import Diagnostic

out = io.StringIO()
with contextlib.redirect_stdout(out):
    main(["check", "--format", "json"])
checked = [str(Diagnostic(d["source"], d["line"], d["message"])) for d in json.loads(out.getvalue()) if d["level"] == "warning"]

records = []
handler = logging.Handler(logging.WARNING)
handler.emit = records.append
logging.getLogger("mkdocs").addHandler(handler)
build(load_config("mkdocs.yml"))
built = [r.getMessage().removeprefix("paperdiary: ") for r in records if r.name == "mkdocs.plugins.paperdiary"]
print(json.dumps({"check": checked, "build": built}))
"""

DOCS: dict[str, str | bytes] = {
    "index.md": (
        "# My diary\n\n"
        "See [the full diary](diary/index.md), [PPO](rl/PPO.md#no-such-section) and [gone](rl/Gone.md).\n\n"
        "```markdown\n<!-- paperdiary:shown-in-code -->\n```\n"
    ),
    "rl/PPO.md": paper(
        "Proximal Policy Optimization",
        "2025-13-45",
        body="Builds on [[TRPO]] and [[nothing-like-this]].\n\n<!-- paperdiary:dairy -->\n",
    ),
    "rl/TRPO.md": "Trust region methods, without a title.\n",
    "stats/index.md": "# My own stats page\n",
    "map/index.md": "# My own map page\n",
    "reading/all.md": "# Everything, by hand\n",
    "drafts/Later.md": paper("A draft", "2025-01-01", body="[broken](../rl/Nope.md)\n"),
}

CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "maps off": ("extra", {"maps": False}),
    "no maps extra": ("no-extra", {}),
    "renamed and disabled pages": (
        "no-extra",
        {"diary_page": "reading/all.md", "topics_page": "", "stats_page": "reading/stats.md", "json_index": ""},
    ),
    "include and exclude": ("no-extra", {"exclude": ["drafts/*", "reading/*"], "backlinks": "off"}),
    "plugin disabled": ("extra", {"enabled": False}),
}


def check_and_build(
    root: Path, extra: str, options: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> dict[str, list[str]]:
    """The warnings of `check` and of a build of one site, in this process."""
    write_site(root, DOCS, {"plugins": [{"paperdiary": options}], "exclude_docs": "drafts/\n"})
    if extra == "no-extra":
        monkeypatch.setattr(settings, "maps_available", lambda: False)
    problems = check_project(load_project(str(root / "mkdocs.yml")))
    checked = [str(Diagnostic(d.source, d.line, d.message)) for d in problems if d.level == "warning"]
    built = build_site(root, level=logging.INFO)
    assert built.ok, built.error
    return {"check": checked, "build": built.warnings()}


def check_and_build_in_a_fresh_process(root: Path, extra: str, options: dict[str, Any]) -> dict[str, list[str]]:
    write_site(root, DOCS, {"plugins": [{"paperdiary": options}], "exclude_docs": "drafts/\n"})
    done = subprocess.run(
        [sys.executable, "-c", PROBE, extra], cwd=root, capture_output=True, text=True, check=False, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def assert_same_warnings(seen: dict[str, list[str]], options: dict[str, Any]) -> None:
    assert sorted(set(seen["check"])) == sorted(set(seen["build"]))
    if options.get("enabled") is False:
        assert seen["build"] == []
    else:
        assert any("rl/PPO.md:" in line and "'paperdiary:dairy'" in line for line in seen["build"])
        assert any(line.startswith("index.md:3:") and "rl/Gone.md" in line for line in seen["build"])


@pytest.mark.parametrize("case", CASES)
def test_check_reports_exactly_the_build_warnings(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra, options = CASES[case]
    assert_same_warnings(check_and_build(tmp_path, extra, options, monkeypatch), options)


@pytest.mark.slow  # check and build in fresh processes
def test_check_and_build_agree_in_a_fresh_process_without_the_maps_extra(tmp_path: Path) -> None:
    extra, options = CASES["renamed and disabled pages"]
    assert_same_warnings(check_and_build_in_a_fresh_process(tmp_path, extra, options), options)


def test_generated_pages_follow_the_maps_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    off = check_and_build(tmp_path / "off", "extra", {"maps": False}, monkeypatch)
    assert any(line.startswith("stats/index.md: exists in docs_dir") for line in off["check"])
    assert not any(line.startswith("map/index.md:") for line in off["check"])
    renamed = check_and_build(tmp_path / "renamed", "no-extra", {"diary_page": "reading/all.md"}, monkeypatch)
    assert any(line.startswith("reading/all.md: exists in docs_dir") for line in renamed["check"])
    assert not any(line.startswith("map/index.md:") for line in renamed["check"])
