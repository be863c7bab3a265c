"""`paperdiary export`: the index as JSON (the `paperdiary.json` shape), CSV or BibTeX."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable

from mkdocs_paperdiary.core.dates import month_label, ordinal
from mkdocs_paperdiary.core.index import PaperIndex
from mkdocs_paperdiary.core.paper import Paper, ReadDate
from mkdocs_paperdiary.pages.jsonindex import index_json

CSV_COLUMNS = ("key", "title", "date", "url", "topic", "authors", "year", "venue", "tags", "description")

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
_BIBTEX_CHARS = re.compile("|".join(re.escape(char) for char in _BIBTEX_SPECIAL))


def to_json(index: PaperIndex) -> str:
    return json.dumps(index_json(index), indent=2, ensure_ascii=False) + "\n"


def to_csv(index: PaperIndex) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for paper in index.papers:
        writer.writerow(
            [
                paper.key,
                paper.title,
                paper.date.iso() if paper.date else "",
                paper.url or "",
                paper.topic,
                "; ".join(paper.authors),
                paper.year or "",
                paper.venue or "",
                "; ".join(paper.tags),
                paper.description,
            ]
        )
    return out.getvalue()


def to_bibtex(index: PaperIndex) -> str:
    keys = unique_keys(bibtex_key(paper.key) for paper in index.papers)
    return "\n".join(_entry(paper, key) for paper, key in zip(index.papers, keys))


def bibtex_escape(text: str) -> str:
    """Text shown as written: BibTeX's special characters escaped in one pass."""
    return _BIBTEX_CHARS.sub(lambda match: _BIBTEX_SPECIAL[match.group(0)], text)


def bibtex_key(key: str) -> str:
    """A citation key BibTeX and biber accept: ASCII letters, digits and `_.:-`."""
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9_.:-]+", "-", ascii_key.replace("/", ":")).strip("-.:")
    return cleaned or "paper"


def unique_keys(keys: Iterable[str]) -> list[str]:
    """Keys made unique ignoring case (BibTeX compares them that way): `a`, `a-2`, `a-3`."""
    seen: set[str] = set()
    result = []
    for key in keys:
        candidate, number = key, 1
        while candidate.casefold() in seen:
            number += 1
            candidate = f"{key}-{number}"
        seen.add(candidate.casefold())
        result.append(candidate)
    return result


def _entry(paper: Paper, key: str) -> str:
    fields = [("title", "{" + bibtex_escape(paper.title) + "}")]
    if paper.authors:
        fields.append(("author", " and ".join(_author(name) for name in paper.authors)))
    if paper.year:
        fields.append(("year", str(paper.year)))
    if paper.venue:
        fields.append(("howpublished", bibtex_escape(paper.venue)))
    if paper.url:
        fields.append(("url", _url(paper.url)))
    if paper.date:
        fields.append(("note", _read_on(paper.date)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def _author(name: str) -> str:
    # BibTeX's own spelling of "et al."; braces keep a name with " and " in it one author.
    if name.strip().rstrip(".").casefold() in ("et al", "others"):
        return "others"
    escaped = bibtex_escape(name)
    return "{" + escaped + "}" if re.search(r"\band\b", name) else escaped


def _url(url: str) -> str:
    # `url` is read verbatim by the url package, so only what would unbalance the braces changes.
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _read_on(date: ReadDate) -> str:
    if date.day is None:
        return f"Read in {month_label(date.year, date.month)}"
    return f"Read on {ordinal(date.day)} {month_label(date.year, date.month)}"


FORMATS: dict[str, Callable[[PaperIndex], str]] = {"json": to_json, "csv": to_csv, "bibtex": to_bibtex}
