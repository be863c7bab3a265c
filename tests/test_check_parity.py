"""`paperdiary check` says what the build says: the same (file, line, message) for every warning.

Each case builds a real site and runs the real command in one fresh Python process, so a case
can leave the `maps` extra out honestly: its packages are made unimportable before anything
loads (`importlib.util.find_spec` then finds nothing, as on a machine without them).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sitebuilder import paper, write_site

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


def check_and_build(root: Path, extra: str, options: dict[str, Any]) -> dict[str, list[str]]:
    write_site(root, DOCS, {"plugins": [{"paperdiary": options}], "exclude_docs": "drafts/\n"})
    done = subprocess.run(
        [sys.executable, "-c", PROBE, extra], cwd=root, capture_output=True, text=True, check=False, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize("case", CASES)
def test_check_reports_exactly_the_build_warnings(case: str, tmp_path: Path) -> None:
    extra, options = CASES[case]
    seen = check_and_build(tmp_path, extra, options)
    assert sorted(set(seen["check"])) == sorted(set(seen["build"]))
    if options.get("enabled") is False:
        assert seen["build"] == []
    else:
        assert any("rl/PPO.md:" in line and "'paperdiary:dairy'" in line for line in seen["build"])
        assert any(line.startswith("index.md:3:") and "rl/Gone.md" in line for line in seen["build"])


def test_generated_pages_follow_the_maps_setting(tmp_path: Path) -> None:
    off = check_and_build(tmp_path / "off", "extra", {"maps": False})
    assert any(line.startswith("stats/index.md: exists in docs_dir") for line in off["check"])
    assert not any(line.startswith("map/index.md:") for line in off["check"])
    renamed = check_and_build(tmp_path / "renamed", "no-extra", {"diary_page": "reading/all.md"})
    assert any(line.startswith("reading/all.md: exists in docs_dir") for line in renamed["check"])
    assert not any(line.startswith("map/index.md:") for line in renamed["check"])
