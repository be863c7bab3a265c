"""The front-matter schema: typed paper metadata out of a note's YAML block.

A value of the wrong shape is one warning naming the key and its line, and the rest of the
note still reads; a link that is no link at all ("N/A") is an info the index sums up in one line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from mkdocs_paperdiary.core.dates import DateError, DateSettings, coerce_date
from mkdocs_paperdiary.core.descriptions import plain, shorten
from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.fields import venue_year
from mkdocs_paperdiary.core.frontkeys import field_keys
from mkdocs_paperdiary.core.frontmatter import FrontMatter
from mkdocs_paperdiary.core.urls import safe_url

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # "https:", "javascript:"; "N/A" has none


class SchemaError(ValueError):
    """A front-matter value of the wrong shape; the message is for the user."""


def _text(value: object) -> str:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = str(value).strip()
        if text:
            return text
        raise SchemaError("is empty")
    raise SchemaError(f"must be text, got {type(value).__name__}")


def _text_list(value: object) -> tuple[str, ...]:
    if isinstance(value, str):  # "NVM; Snapshot; Logging" as well as "a, b"
        return tuple(part.strip() for part in re.split(r"[,;]", value) if part.strip())
    if isinstance(value, (list, tuple)):
        return tuple(_text(item) for item in value)
    raise SchemaError(f"must be a list of text, got {type(value).__name__}")


def _bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise SchemaError(f"must be true or false, got {value!r}")


class NotALink(SchemaError):
    """A link value with no scheme at all ("N/A", a title): no link, named in one summary line."""


def _year_and_venue(value: object) -> int | tuple[int, str | None]:
    """A year, or from "ISCA 2020" or "FAST 2020 Preprint" the year and the venue together."""
    try:
        return parse_year(value)
    except SchemaError:
        venue, year = venue_year(value) if isinstance(value, str) else (None, None)
        if year is None:
            raise
        return year, venue


def parse_year(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise SchemaError(f"must be a year such as 2024, got {value!r}")
    try:
        year = int(value)
    except ValueError:
        raise SchemaError(f"must be a year such as 2024, got {value!r}") from None
    if not 1000 <= year <= 2999:
        raise SchemaError(f"must be a year such as 2024, got {value!r}")
    return year


def _url(value: object) -> str:
    text = str(value).strip() if isinstance(value, (str, int, float)) else ""
    if not _SCHEME.match(text):
        raise NotALink(f"is not a link ('{text}')")
    url = safe_url(text)
    if url is None:
        raise SchemaError(f"must be an http(s) link, got '{text}'")
    return url


def _date(settings: DateSettings) -> Callable[[object], object]:
    def convert(value: object) -> object:
        try:
            return coerce_date(value, settings)
        except DateError as error:
            raise SchemaError(str(error)) from None

    return convert


def _schema(settings: DateSettings) -> Mapping[str, Callable[[object], object]]:
    return {
        "paper": _bool,
        "title": _text,
        "date": _date(settings),
        "url": _url,
        "authors": _text_list,
        "venue": _text,
        "year": _year_and_venue,
        "tags": _text_list,
        "topic": _text,
        "description": _text,
        "aliases": _text_list,
    }


def validate(
    front: FrontMatter, path: str, settings: DateSettings, keys: Mapping[str, str] | None = None
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Typed paper metadata from front matter, each field from its key in `keys` (`field_keys`);
    other keys (e.g. Material's) are left alone, but for Jekyll's `excerpt`, which is the
    description when there is none."""
    values: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    keys = field_keys(front.data, {}) if keys is None else keys  # the index gives them, with `fields:`
    for name, convert in _schema(settings).items():
        key = keys.get(name, name)
        value = front.data.get(key)
        if value is None or (key != name and value == ""):
            continue
        try:
            values[name] = convert(value)
        except NotALink as error:
            line = front.key_lines.get(key)
            problems.append(Diagnostic(path, line, f"front matter '{key}' {error}", level="info", code="no-link"))
        except SchemaError as error:
            problems.append(
                Diagnostic(
                    path,
                    front.key_lines.get(key),
                    f"front matter '{key}' {error}; the value was ignored.",
                    code="front-matter",
                )
            )
    if isinstance(values.get("year"), tuple):  # "paper_year: ISCA 2020" gives both
        values["year"], venue = values["year"]
        if venue and "venue" not in values:
            values["venue"] = venue
    excerpt = front.data.get("excerpt")
    if "description" not in values and isinstance(excerpt, str) and plain(excerpt):
        values["description"] = shorten(plain(excerpt))  # Jekyll's own one-line summary
    return values, problems
