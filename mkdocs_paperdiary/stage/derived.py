"""The derived config an engine builds the staged tree with: the user's `mkdocs.yml`, inherited
whole (`INHERIT`, so every setting and YAML tag reaches the engine as the user wrote it), with
`docs_dir` and `site_dir` in the stage, the plugin's stylesheet declared and, when the user
wrote no `nav:`, the nav the plugin arranges (topic titles, generated pages in one section)."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import Any

import yaml

from mkdocs_paperdiary.core.topics import folder_title
from mkdocs_paperdiary.pages.asseturls import stylesheet_url
from mkdocs_paperdiary.site.model import Site
from mkdocs_paperdiary.stage.config import StagedConfig

DOCS, SITE, OVERRIDES = "docs", "site", "overrides"  # the stage's folders, beside the derived config
# The theme's page template with the feed's <link> in every page's head, as the plugin adds it.
FEED_HEAD = '{% extends "base.html" %}\n{% block extrahead %}{{ super() }}\n{link}\n{% endblock %}\n'


def user_theme_dir(staged: StagedConfig) -> Path | None:
    """The user's `theme.custom_dir`, read from the folder of their mkdocs.yml."""
    theme = staged.raw.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        return (staged.path.parent / str(theme["custom_dir"])).resolve()
    return None


def theme_overrides(staged: StagedConfig, site: Site) -> dict[str, Path | bytes] | None:
    """The staged `custom_dir`: the user's files, and a `main.html` that puts the feed's <link> in
    every head; None when there is no feed, or the user's own `main.html` stands there."""
    if site.feed is None:
        return None
    folder = user_theme_dir(staged)
    files: dict[str, Path | bytes] = {}
    if folder is not None and folder.is_dir():
        files = {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}
    if "main.html" in files:
        return None
    link = site.feed.head_link.replace("{", "&#123;")  # user text: never template syntax
    files["main.html"] = FEED_HEAD.replace("{link}", link).encode("utf-8")
    return files


def derived_config(staged: StagedConfig, site: Site, pages: list[str], stage: Path, *, overrides: bool = False) -> str:
    """The derived config's YAML, for a stage folder at `stage` holding `pages` (MkDocs' order);
    `overrides`: the stage has its own theme folder (`theme_overrides`)."""
    config: dict[str, Any] = {
        "INHERIT": os.path.relpath(staged.path, stage),
        "docs_dir": DOCS,
        "site_dir": SITE,
        "extra_css": [stylesheet_url("")],
    }
    theme_dir = user_theme_dir(staged)
    if overrides:
        config["theme"] = {"custom_dir": OVERRIDES}
    elif theme_dir is not None:  # relative paths are read from the config's folder, which is now the stage
        config["theme"] = {"custom_dir": str(theme_dir)}
    if not site.config.has_nav and site.options.enabled:
        config["nav"] = staged_nav(site, pages)
    header = "# Written by `paperdiary` for an engine that runs no plugin; edit mkdocs.yml instead.\n"
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the nav of a big diary: ten times quicker
    return header + yaml.dump(config, Dumper=dumper, sort_keys=False, allow_unicode=True)


def staged_nav(site: Site, pages: list[str]) -> list[Any]:
    """The nav the plugin arranges for MkDocs (`plugin/nav.py`), as `nav:` entries."""
    generated = {made.uri: made.kind.title(site.context(made.url, made.uri)) for made in site.pages}
    tree: list[Any] = []
    sections: dict[str, list[Any]] = {"": tree}
    for uri in pages:
        if uri in generated:
            continue
        entries = _section(uri, site, sections)
        paper = site.index.by_source.get(uri)
        entries.append({paper.title: uri} if paper else uri)
    if site.options.nav_section and generated:
        section = {site.options.nav_section: [{title: uri} for uri, title in generated.items()]}
        first = site.options.nav_section_position == "first"
        home = bool(tree) and isinstance(tree[0], str) and posixpath.splitext(tree[0])[0] in ("index", "README")
        tree.insert((1 if home else 0) if first else len(tree), section)
    else:
        tree.extend({title: uri} for uri, title in generated.items())
    return tree


def _section(uri: str, site: Site, sections: dict[str, list[Any]]) -> list[Any]:
    """The entries of the section that holds `uri`, made (with its parents) on first use."""
    folder = posixpath.dirname(uri)
    if folder not in sections:
        parent = _section(folder, site, sections)
        entries: list[Any] = []
        parent.append({_folder_title(folder, site): entries})
        sections[folder] = entries
    return sections[folder]


def _folder_title(folder: str, site: Site) -> str:
    papers = any(source.startswith(f"{folder}/") for source in site.index.by_source)
    if papers:
        return folder_title(folder, site.options.topic_names)
    title = posixpath.basename(folder).replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title  # as MkDocs titles a folder
