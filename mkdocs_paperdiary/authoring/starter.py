"""`paperdiary init`: the files of a new diary site, ready to build and to publish.

Pure: `starter_files` says what to write; the CLI checks nothing is overwritten and writes it.
The files live under `starter/` (package data); names there carry no leading dot, so packaging
tools keep them, and `FILES` maps each to where it goes in the new site.
"""

from __future__ import annotations

import datetime as dt

import jinja2

# target path in the new site -> file under starter/ (.j2 files are Jinja templates)
FILES = {
    "mkdocs.yml": "mkdocs.yml.j2",
    "docs/index.md": "index.md",
    "docs/highlights.md": "highlights.md",
    "docs/transformers/AttentionIsAllYouNeed.md": "example_summary.md.j2",
    ".gitignore": "gitignore",
    ".github/workflows/publish.yml": "workflows/publish.yml",
}
WORKFLOWS = {"mkdocs": "workflows/publish.yml", "zensical": "workflows/publish-zensical.yml"}  # by engine


def starter_files(site_name: str, today: dt.date, engine: str = "mkdocs") -> dict[str, str]:
    """Each new file's path (relative to the site folder) and text; the publishing workflow is
    the engine's (Zensical has no `gh-deploy`: its workflow uses GitHub's Pages actions)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("mkdocs_paperdiary.authoring", "starter"),
        autoescape=False,  # YAML and markdown, not HTML
        keep_trailing_newline=True,
    )
    context = {"site_name": _yaml_string(site_name), "today": today.isoformat()}
    loader = env.loader
    assert loader is not None
    files = {**FILES, ".github/workflows/publish.yml": WORKFLOWS[engine]}
    return {
        target: env.get_template(name).render(**context) if name.endswith(".j2") else loader.get_source(env, name)[0]
        for target, name in files.items()
    }


def _yaml_string(text: str) -> str:
    """A one-line double-quoted YAML string: the site name is the user's text."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(ch if ch.isprintable() else " " for ch in escaped) + '"'
