"""Reading a reference manager's BibTeX export (Zotero, JabRef, BibDesk, Google Scholar).

bibtexparser (v2) does the parsing: @string macros, `{...}` and `"..."` values, co-authors
split on `and`, names turned from `Last, First` into `First Last`. pylatexenc, configured as
bibtexparser's LatexDecodingMiddleware configures it, decodes LaTeX accents and braces to
Unicode in the few fields a note shows (decoding every field of a large library took most of
the time). We only pick the fields a note needs, as `Metadata`.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass, field

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.model import Entry as BibtexEntry
from bibtexparser.model import ParsingFailedBlock
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import LatexWalkerError

from mkdocs_paperdiary.authoring.sources import Metadata
from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.identifiers import arxiv_id, arxiv_url, doi, doi_url

# bibtexparser logs each unreadable block itself; we report them as diagnostics instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_LATEX = re.compile(r"[\\{}$~]|--|``|''")  # what pylatexenc would change; other text skips it
_ARXIV_IN_TEXT = re.compile(r"arxiv[:\s]\s*(?:preprint\s+)?(?:arxiv:)?\s*(\S+)", re.IGNORECASE)


@dataclass(frozen=True)
class BibEntry:
    key: str
    line: int
    metadata: Metadata


@dataclass
class Library:
    source: str
    entries: list[BibEntry] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def read_bibtex(text: str, source: str) -> Library:
    """The entries of a .bib file; blocks bibtexparser cannot read are reported, not fatal."""
    parsed = bibtexparser.parse_string(
        text,
        append_middleware=[
            # Authors are split before decoding: `{Barnes and Noble}` is one author until its braces go.
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
            middlewares.MergeNameParts(style="first"),
        ],
    )
    library = Library(source)
    for block in parsed.failed_blocks:
        library.diagnostics.append(_failed(block, source))
    for entry in parsed.entries:
        library.entries.append(BibEntry(entry.key, (entry.start_line or 0) + 1, entry_metadata(entry).clean()))
    return library


def entry_metadata(entry: BibtexEntry) -> Metadata:
    fields = {name.casefold(): value for name, value in entry.fields_dict.items()}

    def raw(name: str) -> str:
        value = fields[name].value if name in fields else ""
        return value.strip() if isinstance(value, str) else ""

    def text(name: str) -> str:
        return _decode(raw(name)).strip()

    def link(name: str) -> str:
        return re.sub(r"\\([_%&#~])", r"\1", raw(name))  # `10.1000/a\_b` as JabRef writes it

    found_doi = doi(link("doi"))
    found_arxiv = _arxiv(link("eprint"), raw("archiveprefix"), text("journal"), link("url"))
    url = link("url") or (doi_url(found_doi) if found_doi else "") or (arxiv_url(found_arxiv) if found_arxiv else "")
    authors = fields["author"].value if "author" in fields else []
    if not isinstance(authors, list):  # an author field bibtexparser could not split
        authors = []
    return Metadata(
        title=text("title"),
        authors=tuple(_author(name) for name in authors if isinstance(name, str)),
        year=_year(text("year") or text("date")),
        url=url or None,
        venue=_venue(text, found_arxiv),
        abstract=text("abstract"),
        doi=found_doi,
        arxiv=found_arxiv,
    )


def _author(name: str) -> str:
    return "et al." if name.strip() == "others" else _decode(name)  # BibTeX's spelling of "et al."


def _decode(text: str) -> str:
    """LaTeX to Unicode (`Sch{\\"o}lkopf` -> Schölkopf, `{BERT}` -> BERT); plain text is left as it is."""
    if not _LATEX.search(text):
        return text
    try:
        return _decoder().latex_to_text(text)
    except LatexWalkerError:  # unbalanced input: keep the raw text
        return text


@functools.cache
def _decoder() -> LatexNodes2Text:
    """pylatexenc as bibtexparser's LatexDecodingMiddleware sets it up: math kept verbatim, \\url{x} is x."""
    context = get_default_latex_context_db()
    context.add_context_category("paperdiary", prepend=True, macros=[MacroTextSpec("url", simplify_repl="%s")])
    return LatexNodes2Text(latex_context=context, math_mode="verbatim")


def _arxiv(eprint: str, prefix: str, journal: str, url: str) -> str | None:
    if eprint and prefix.casefold() in ("", "arxiv") and (found := arxiv_id(eprint)):
        return found
    if url and (found := arxiv_id(url)):
        return found
    match = _ARXIV_IN_TEXT.search(journal)  # Google Scholar: journal = {arXiv preprint arXiv:1706.03762}
    return arxiv_id(match.group(1)) if match else None


def _venue(text, found_arxiv: str | None) -> str | None:
    journal = text("journal")
    if journal and _ARXIV_IN_TEXT.search(journal):
        return "arXiv"
    venue = journal or text("booktitle") or text("howpublished") or ("arXiv" if found_arxiv else "")
    return venue or text("publisher") or None  # a book's publisher is where it appeared


def _year(value: str) -> int | None:
    match = re.match(r"\s*(\d{4})\b", value)
    return int(match.group(1)) if match else None


def _failed(block: ParsingFailedBlock, source: str) -> Diagnostic:
    raw = (block.raw or "").strip()
    start = raw.splitlines()[0][:60] if raw else ""
    reason = getattr(block.error, "abort_reason", "") or str(block.error) or type(block.error).__name__
    return Diagnostic(
        source,
        block.start_line + 1 if block.start_line is not None else None,
        f"'{start}' could not be read ({reason.strip()}); it was skipped.",
        code="bibtex",
    )
