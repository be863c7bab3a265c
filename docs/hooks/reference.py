"""The docs site's MkDocs hook: fills each `<!-- reference:NAME -->` line with text generated at build time.

The configuration and command-line references come from the code (`site/reference.py`,
`cli/reference.py`), the changelog from CHANGELOG.md, so none of them is kept by hand twice.
An option, a command or an argument without help, or an unknown marker, fails the build.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from mkdocs_paperdiary.cli import reference as cli_reference
from mkdocs_paperdiary.site import reference as config_reference

MARKER = re.compile(r"^<!-- reference:([a-z]+) -->$", re.MULTILINE)
ROOT = Path(__file__).resolve().parents[2]


def _changelog() -> str:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    return text.split("\n", 1)[1]  # the page has its own title


def _configuration() -> str:
    if missing := config_reference.missing_help():
        raise PluginError(f"options without help in the code: {', '.join(missing)} (a docstring below each)")
    return config_reference.reference_markdown()


def _cli() -> str:
    if missing := cli_reference.missing_help():
        raise PluginError(f"commands or arguments without help in the parser: {', '.join(missing)}")
    return cli_reference.reference_markdown()


RENDERERS = {"configuration": _configuration, "cli": _cli, "changelog": _changelog}


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in RENDERERS:
            raise PluginError(f"{page.file.src_uri}: unknown marker 'reference:{name}'; known: {', '.join(RENDERERS)}")
        return RENDERERS[name]()

    return MARKER.sub(fill, markdown)
