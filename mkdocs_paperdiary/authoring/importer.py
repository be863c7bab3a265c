"""`paperdiary import`: write what we infer about legacy notes into their front matter.

A diarist's notes are theirs: we only ever add keys that are missing, the original front
matter lines and everything after them stay byte for byte (BOM, CRLF, trailing spaces), and
each file is replaced atomically. Running the import twice changes nothing the second time.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from mkdocs_paperdiary.authoring.diarylist import DiaryList, ListEntry, ListMatches, Match
from mkdocs_paperdiary.core.dates import DateSettings, date_from_filename
from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.files import write_atomically
from mkdocs_paperdiary.core.frontmatter import SourceText, decode_source, split_front_matter, yaml_scalar
from mkdocs_paperdiary.core.index import PaperIndex
from mkdocs_paperdiary.core.inference import infer
from mkdocs_paperdiary.core.paper import Paper, ReadDate
from mkdocs_paperdiary.core.schema import validate
from mkdocs_paperdiary.markdown.scanner import FRONT_MATTER

Prefer = Literal["note", "list"]
BOM = b"\xef\xbb\xbf"
_NEWLINE = re.compile(r"\r\n|\r|\n")
KEY_ORDER = ("title", "date", "url", "authors", "year", "venue", "tags", "description")


@dataclass(frozen=True)
class Update:
    """One note's new bytes, and which keys it gains."""

    source: str
    added: dict[str, str]  # key -> the YAML text written for it
    old: bytes
    new: bytes

    def diff(self) -> str:
        old = self.old.decode("utf-8", errors="replace").splitlines(keepends=True)
        new = self.new.decode("utf-8", errors="replace").splitlines(keepends=True)
        return "".join(difflib.unified_diff(old, new, f"a/{self.source}", f"b/{self.source}"))


@dataclass(frozen=True)
class Conflict:
    """The note and the diary list disagree about when a paper was read."""

    source: str
    note: ReadDate
    listed: ReadDate
    kept: Prefer
    locked: bool = False  # the note's date is in front matter, which is never overwritten


@dataclass
class ImportPlan:
    """What an import would do, note by note, and what it found in the diary list."""

    updates: list[Update] = field(default_factory=list)
    complete: list[str] = field(default_factory=list)  # notes that need nothing
    skipped: list[Diagnostic] = field(default_factory=list)  # notes we dare not edit
    conflicts: list[Conflict] = field(default_factory=list)
    matches: ListMatches | None = None
    list_problems: list[Diagnostic] = field(default_factory=list)

    @property
    def by_title(self) -> list[Match]:
        return [m for m in self.matches.matched if m.by_title] if self.matches else []

    @property
    def without_note(self) -> list[ListEntry]:
        return self.matches.without_note if self.matches else []

    @property
    def not_listed(self) -> list[Paper]:
        return self.matches.not_listed if self.matches else []


def plan_import(
    index: PaperIndex,
    read: Callable[[str], bytes],
    settings: DateSettings | None = None,
    diary: DiaryList | None = None,
    matches: ListMatches | None = None,
    prefer: Prefer = "note",
) -> ImportPlan:
    """Work out every note's new bytes without writing anything."""
    plan = ImportPlan(matches=matches, list_problems=list(diary.diagnostics) if diary else [])
    listed = matches.by_source() if matches else {}
    for paper in sorted(index.papers, key=lambda p: p.source):
        raw = read(paper.source)
        try:
            update, conflict = _plan_note(
                paper.source, raw, settings or DateSettings(), listed.get(paper.source), prefer
            )
        except _Skip as reason:
            plan.skipped.append(Diagnostic(paper.source, None, str(reason), code="import"))
            continue
        if conflict:
            plan.conflicts.append(conflict)
        if update is None:
            plan.complete.append(paper.source)
        else:
            plan.updates.append(update)
    return plan


def apply(plan: ImportPlan, path_of: Callable[[str], Path]) -> None:
    for update in plan.updates:
        write_atomically(path_of(update.source), update.new)


# ---- one note ----------------------------------------------------------------------------


class _Skip(Exception):
    """A note left as it is; the message says why, for the user."""


def _plan_note(
    source: str, raw: bytes, settings: DateSettings, match: Match | None, prefer: Prefer
) -> tuple[Update | None, Conflict | None]:
    text = decode_source(source, raw)
    if text.diagnostics:
        raise _Skip("is not valid UTF-8; it was left as it is (save it as UTF-8 and import again).")
    front, problems = split_front_matter(text)
    if problems:
        raise _Skip(
            "has front matter that is not a valid YAML mapping; it was left as it is (fix it and import again)."
        )
    values, _ = validate(front, source, settings)
    inferred, _ = infer(front.body, source, front.body_line, settings)
    from_name = date_from_filename(posixpath.splitext(posixpath.basename(source))[0])
    note_date = values.get("date") or inferred.date or (from_name[0] if from_name else None)
    entry = match.entry if match else None

    date, conflict = _date(source, note_date, entry.date if entry else None, prefer, locked="date" in values)
    # The list fills gaps (a note without a heading or a description); --prefer is about dates only.
    wanted: dict[str, object] = {
        "title": inferred.title or (entry.title if entry else None),
        "date": date,
        "url": inferred.url,
        "authors": list(inferred.authors),
        "year": inferred.year,
        "venue": inferred.venue,
        "tags": list(inferred.tags),
        "description": inferred.description or (entry.description if entry else None),
    }
    # A key the front matter already gives (Jekyll's `excerpt` counts as the description) stays as it is.
    added = {
        key: yaml_scalar(value)
        for key, value in wanted.items()
        if value and key not in front.data and key not in values
    }
    if not added:
        return None, conflict
    new = add_keys(raw, added)
    _verify(source, raw, new, front.data, added)
    return Update(source, added, raw, new), conflict


def _date(
    source: str, note: ReadDate | None, listed: ReadDate | None, prefer: Prefer, locked: bool
) -> tuple[ReadDate | None, Conflict | None]:
    if note is None or listed is None:
        return note or listed, None
    if note == listed or note.month_key() == listed.month_key() and None in (note.day, listed.day):
        return max(note, listed, key=lambda d: d.day is not None), None  # the more precise of two that agree
    kept: Prefer = "note" if locked else prefer
    return (note if kept == "note" else listed), Conflict(source, note, listed, kept, locked)


def add_keys(raw: bytes, added: dict[str, str]) -> bytes:
    """The file with `key: value` lines added at the end of its front matter (or a new block)."""
    bom, text = _decode(raw)
    found = _NEWLINE.search(text)
    newline = found.group(0) if found else "\n"  # the new lines end the way the file's lines do
    block = "".join(f"{key}: {value}{newline}" for key, value in _ordered(added))
    normalised = _normalise(text)
    match = FRONT_MATTER.match(normalised)
    if match:
        at = _after_lines(text, normalised.count("\n", 0, match.end(1)))
        result = text[:at] + block + text[at:]
    else:
        result = f"---{newline}{block}---{newline}{text}"
    return bom + result.encode("utf-8")


def _ordered(added: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(added.items(), key=lambda item: KEY_ORDER.index(item[0]) if item[0] in KEY_ORDER else len(KEY_ORDER))


def _after_lines(text: str, count: int) -> int:
    """Offset just after the `count`-th line break, whichever style each break is written in."""
    if count == 0:
        return 0
    for number, found in enumerate(_NEWLINE.finditer(text), start=1):
        if number == count:
            return found.end()
    raise AssertionError("the front matter has fewer lines than counted")


def _verify(source: str, old: bytes, new: bytes, data: dict[str, object], added: dict[str, str]) -> None:
    """Re-read what we would write: the old keys and the body unchanged, the new keys as meant."""
    before = split_front_matter(decode_source(source, old))[0]
    after, problems = split_front_matter(decode_source(source, new))
    lines = "".join(f"{key}: {value}\n" for key, value in added.items())
    meant = split_front_matter(SourceText(source, f"---\n{lines}---\n"))[0].data  # read as the index reads YAML
    expected = {**data, **meant}
    if problems or after.data != expected or after.body != before.body:
        raise _Skip("has front matter that new keys cannot safely be added to; it was left as it is.")
    if not new.endswith(_raw_body(old)):
        raise AssertionError(f"{source}: the body would change")


def _raw_body(raw: bytes) -> bytes:
    """The bytes after the front matter (the whole file, less its BOM, when there is none)."""
    _, text = _decode(raw)
    normalised = _normalise(text)
    match = FRONT_MATTER.match(normalised)
    start = _after_lines(text, normalised.count("\n", 0, match.end())) if match else 0
    return text[start:].encode("utf-8")


def _decode(raw: bytes) -> tuple[bytes, str]:
    """The BOM (or b"") and the text, line ends untouched."""
    bom = BOM if raw.startswith(BOM) else b""
    return bom, raw[len(bom) :].decode("utf-8")


def _normalise(text: str) -> str:
    """Line ends as MkDocs reads them (universal newlines), so our regex agrees with its split."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def add_keys_checked(source: str, raw: bytes, added: dict[str, str], kept: dict[str, object]) -> bytes:
    """`add_keys`, re-read to make sure that the keys in `kept` and the body stay as they were
    and the new keys read as meant; ValueError (why, for the user) where they would not."""
    new = add_keys(raw, added)
    try:
        _verify(source, raw, new, kept, added)
    except _Skip as reason:
        raise ValueError(str(reason)) from None
    return new
