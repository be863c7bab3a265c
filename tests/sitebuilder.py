"""Build real MkDocs sites in a temporary folder and look at what came out.

Tests read like a user's story: write a few files, build, read the HTML and the log.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

PLUGIN_LOGGER = "mkdocs.plugins.paperdiary"
PREFIX = "paperdiary: "


@dataclass
class BuildResult:
    root: Path
    site_dir: Path
    records: list[logging.LogRecord] = field(default_factory=list)
    ok: bool = True
    error: str | None = None
    plugin: Any = None

    def html(self, path: str) -> str:
        return (self.site_dir / path).read_text(encoding="utf-8")

    def index(self) -> dict[str, Any]:
        return json.loads((self.site_dir / "paperdiary.json").read_text(encoding="utf-8"))

    def papers(self) -> dict[str, dict[str, Any]]:
        return {paper["source"]: paper for paper in self.index()["papers"]}

    def log(self, level: int = logging.INFO) -> list[str]:
        """This plugin's log lines as 'LEVEL: message', without the logger prefix."""
        return [
            f"{r.levelname}: {r.getMessage().removeprefix(PREFIX)}"
            for r in self.records
            if r.name == PLUGIN_LOGGER and r.levelno >= level
        ]

    def warnings(self) -> list[str]:
        return [line.removeprefix("WARNING: ") for line in self.log(logging.WARNING)]

    def all_warnings(self) -> list[str]:
        """Every warning MkDocs logged, from any logger (the theme, link checks, plugins)."""
        return [r.getMessage() for r in self.records if r.levelno >= logging.WARNING]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def write_site(root: Path, files: dict[str, str | bytes], config: dict[str, Any] | None = None) -> Path:
    """Write docs files and an mkdocs.yml (plugin on, default theme unless `config` says).

    Maps are off unless `config` names the plugin's settings: they load a model, and only
    the map tests are about them.
    """
    settings: dict[str, Any] = {"site_name": "Test diary", "plugins": [{"paperdiary": {"maps": False}}]}
    settings.update(config or {})
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    for name, content in files.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root / "mkdocs.yml"


def build_config(config_file: Path, strict: bool = False, **overrides: Any):
    return load_config(config_file=str(config_file), strict=strict, **overrides)


def build_site(
    root: Path,
    files: dict[str, str | bytes] | None = None,
    config: dict[str, Any] | None = None,
    strict: bool = False,
    level: int = logging.DEBUG,
    **overrides: Any,
) -> BuildResult:
    """Write (when `files` is given) and build a site in-process, collecting every log record.

    MkDocs checks anchors only when its log is not at DEBUG: pass `level=logging.INFO` to build
    as `mkdocs build` does without `--verbose`.
    """
    config_file = write_site(root, files, config) if files is not None else root / "mkdocs.yml"
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(level)
    result = BuildResult(root=root, site_dir=root / "site")
    try:
        cfg = build_config(config_file, strict=strict, **overrides)
        result.site_dir = Path(cfg.site_dir)
        result.plugin = cfg.plugins.get("paperdiary")
        build(cfg)
    except (Abort, MkDocsException) as error:
        result.ok, result.error = False, str(error)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    result.records = handler.records
    return result


def paper(title: str, date: str | None = None, body: str = "Notes.", **front: Any) -> str:
    """A summary file with front matter and a heading, for tests that don't care about inference."""
    meta: dict[str, Any] = {"title": title, **({"date": date} if date is not None else {}), **front}
    return (
        "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n\n# " + title + "\n\n" + body + "\n"
    )
