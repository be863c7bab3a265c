"""The one Jinja2 environment for everything paperdiary writes from `templates/`.

Markdown templates (`*.md.j2`) are not autoescaped: their user text goes through the `md` and
`code` filters, which escape it for markdown. HTML and XML templates (`*.html.j2`, `*.xml.j2`)
are autoescaped.
"""

from __future__ import annotations

from functools import lru_cache

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


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
