"""Front matter: decoding a summary file, splitting off its YAML, checking it, writing values back.

The split uses the same pattern as MkDocs' own meta parser (``mkdocs.utils.meta``) so both
agree on where the body starts, but unlike it we report malformed YAML instead of dropping it
silently: the diarist needs to know why a date went missing.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.paper import ReadDate
from mkdocs_paperdiary.markdown.scanner import FRONT_MATTER


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so a bad date is one key's warning, not a lost block.

    Its error messages are clearer than libyaml's, so it also re-reads a block that failed.
    """


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same rules on libyaml, when installed: ten times faster on a large diary."""


for _loader in (_Loader, _FastLoader):
    _loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def load_yaml(block: str) -> object:
    try:
        return yaml.load(block, Loader=_FastLoader)  # SafeLoader rules
    except yaml.YAMLError:
        return yaml.load(block, Loader=_Loader)  # fails again, with the clearer message


@dataclass(frozen=True)
class SourceText:
    """A summary file's text, normalised the way MkDocs reads it (no BOM, LF line ends)."""

    path: str
    text: str
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def replaced(self) -> bool:
        """Whether `text` is not the file's bytes as UTF-8 (MkDocs could not read them)."""
        return any(d.code in ("encoding", "binary") for d in self.diagnostics)


def decode_source(path: str, raw: bytes) -> SourceText:
    """Decode bytes as UTF-8; a file in another encoding is kept readable, with a warning.

    UTF-16 with its byte-order mark (Windows' "Unicode") is read as UTF-16; bytes that are not
    text at all (NUL bytes and invalid UTF-8, as in an image saved as `.md`) are flagged
    `binary`, and such a file is left out of the diary.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        text, problem = _decode_other(raw, error)
        return SourceText(path, _lf(text), (Diagnostic(path, None, problem[1], code=problem[0]),))
    return SourceText(path, _lf(text))


def _decode_other(raw: bytes, error: UnicodeDecodeError) -> tuple[str, tuple[str, str]]:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = raw.decode("utf-16", errors="replace")
        return text, ("encoding", "is UTF-16 text; it was read as such. Save the file as UTF-8.")
    replaced = raw.decode("utf-8-sig", errors="replace")
    if b"\0" in raw[:8000]:  # git's test for binary content
        message = "is not text (it has NUL bytes and invalid UTF-8, as an image or PDF has); it is left out of the diary. Remove it or rename it."
        return replaced, ("binary", message)
    message = f"is not valid UTF-8 (byte {error.start}); unreadable characters were replaced. Save the file as UTF-8."
    return replaced, ("encoding", message)


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class FrontMatter:
    """The YAML block at the top of a file, and where the body starts (line numbers are 1-based)."""

    data: dict[str, Any]
    body: str
    body_line: int
    key_lines: dict[str, int] = field(default_factory=dict)


def split_front_matter(source: SourceText) -> tuple[FrontMatter, list[Diagnostic]]:
    """Separate YAML front matter from the body; bad YAML is a warning and is ignored."""
    match = FRONT_MATTER.match(source.text)
    if not match:
        return FrontMatter({}, source.text, 1), []
    block = match.group(1)
    body_line = source.text.count("\n", 0, match.end()) + 1
    try:
        data = load_yaml(block)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or "invalid YAML"
        return FrontMatter({}, source.text[match.end() :], body_line), [
            Diagnostic(
                source.path,
                line,
                f"front matter is not valid YAML ({problem}); it was ignored for this page's metadata.",
                code="front-matter",
            )
        ]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return FrontMatter({}, source.text[match.end() :], body_line), [
            Diagnostic(
                source.path, 2, "front matter must be a mapping of keys to values; it was ignored.", code="front-matter"
            )
        ]
    key_lines, problems = _key_lines(block, source.path)
    return FrontMatter({str(k): v for k, v in data.items()}, source.text[match.end() :], body_line, key_lines), problems


_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)", re.MULTILINE)


def _key_lines(block: str, path: str) -> tuple[dict[str, int], list[Diagnostic]]:
    """The line of each top-level key; a key given twice is a warning (YAML keeps the last)."""
    lines: dict[str, int] = {}
    problems = []
    for match in _TOP_LEVEL_KEY.finditer(block):
        key, line = match.group(1), block.count("\n", 0, match.start()) + 2
        if key in lines:
            problems.append(
                Diagnostic(
                    path,
                    line,
                    f"front matter has '{key}' twice (lines {lines[key]} and {line}); the value on line {line} is used.",
                    code="front-matter",
                )
            )
        lines[key] = line
    return lines, problems


def yaml_scalar(value: object) -> str:
    """One value as YAML on a single line, quoted only where YAML needs it."""
    if isinstance(value, ReadDate):
        # A whole date stays a YAML date; a month is quoted so YAML keeps it as text.
        return value.iso() if value.day is not None else yaml.safe_dump(value.iso(), default_style="'").strip()
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=float("inf"))
    return text.removesuffix("\n...\n").strip()
