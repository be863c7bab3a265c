"""The one Jinja2 environment for everything paperdiary writes from `templates/`.

Markdown templates (`*.md.j2`) are not autoescaped: their user text goes through the `md` and
`code` filters, which escape it for markdown. HTML and XML templates (`*.html.j2`, `*.xml.j2`)
are autoescaped.

Compiling the templates costs a build about 25 ms; with `keep_compiled`, their compiled code is
kept in the site's cache folder (beside the maps' cache and numba's code) and read back by the
next build while a template's source is unchanged, as Python keeps `.pyc` files.
"""

from __future__ import annotations

from contextlib import suppress
from functools import lru_cache
from pathlib import Path

import jinja2

from mkdocs_paperdiary.core.dates import long_date
from mkdocs_paperdiary.markdown.escaping import md_code, md_text


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("mkdocs_paperdiary.pages", "templates"),
        autoescape=jinja2.select_autoescape(("html.j2", "xml.j2"), default_for_string=False, default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(md=md_text, code=md_code, long_date=long_date, plural=plural)
    return env


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates in one folder, made on first write; a folder that
    cannot be read or written leaves each build compiling its templates, as without a cache."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with suppress(OSError):
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)


def keep_compiled(folder: Path | None) -> None:
    """Keep the templates' compiled code in `folder` between builds; None compiles them in memory."""
    environment().bytecode_cache = _CompiledTemplates(str(folder)) if folder is not None else None


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
