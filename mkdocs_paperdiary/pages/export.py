"""`paperdiary export`: the index as JSON (the `paperdiary.json` shape), CSV or BibTeX."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import string
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache

from mkdocs_paperdiary.core.identifiers import arxiv_id
from mkdocs_paperdiary.core.index import PaperIndex
from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.pages.jsonindex import index_json

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
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
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_BIBTEX_CHARS = re.compile("|".join(re.escape(char) for char in _BIBTEX_SPECIAL))

# Venue words that decide the entry type. Journals that name a conference body (TACL, PNAS)
# are checked first; generic journal words (Letters, Review) only after the conference names.
_JOURNAL_FIRST = re.compile(r"\b(?:journal|transactions|TACL|JMLR|TMLR|PNAS)\b", re.IGNORECASE)
_CONFERENCE = re.compile(
    r"\b(?:NeurIPS|NIPS|ICML|ICLR|CVPR|ICCV|ECCV|WACV|BMVC|ACL|EMNLP|NAACL|EACL|COLING|COLM|AAAI|IJCAI|AAMAS"
    r"|AISTATS|UAI|COLT|CoRL|RSS|ICRA|IROS|KDD|WWW|WSDM|SIGIR|SIGGRAPH|CHI|MICCAI|INTERSPEECH|ICASSP|FAccT"
    r"|RecSys|MLSys|proceedings|conference|workshop|symposium)\b",
    re.IGNORECASE,
)
_JOURNAL = re.compile(
    r"\b(?:nature|science|letters|review|annals|magazine|PAMI|TPAMI|IJCV|distill|communications)\b", re.IGNORECASE
)
_ARXIV_VENUE = re.compile(r"^\s*arxiv\b", re.IGNORECASE)
# Words a citation key skips to reach the title's first real word, as reference managers do.
_TITLE_SKIP = frozenset({"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "at", "by", "from", "is"})


def to_json(index: PaperIndex) -> str:
    return json.dumps(index_json(index), indent=2, ensure_ascii=False) + "\n"


def to_csv(index: PaperIndex) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for paper in index.papers:
        row = [
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
        writer.writerow([spreadsheet_safe(str(cell)) for cell in row])
    return out.getvalue()


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet shows as text instead of running it as a formula.

    Excel, LibreOffice and Google Sheets evaluate a cell starting with one of these
    characters; OWASP's advice is a leading single quote, which they hide and which a
    reader of the raw file still understands.
    """
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def to_bibtex(index: PaperIndex) -> str:
    """Every paper as a BibTeX entry, keyed as `citation_keys` keys them."""
    keys = citation_keys(index.papers)
    return "\n".join(bibtex_entry(paper, key) for paper, key in zip(index.papers, keys, strict=True))


def bibtex_escape(text: str) -> str:
    """Text shown as written: BibTeX's special characters escaped in one pass."""
    return _BIBTEX_CHARS.sub(lambda match: _BIBTEX_SPECIAL[match.group(0)], text)


def bibtex_key(key: str) -> str:
    """A citation key BibTeX and biber accept: ASCII letters, digits and `_.:-`."""
    cleaned = re.sub(r"[^A-Za-z0-9_.:-]+", "-", _ascii(key).replace("/", ":")).strip("-.:")
    return cleaned or "paper"


def citation_keys(papers: Sequence[Paper]) -> list[str]:
    """Author-year-word keys (`vaswani2017attention`), unique ignoring case: repeats get `a`, `b`, ...

    Keys follow the papers' order (the index's reading order), so an earlier paper keeps its key
    when a later one with the same key is added. A paper without authors is keyed by its file.
    """
    return list(_keys(tuple(papers)))


@lru_cache(maxsize=1)  # `mkdocs serve`: the same papers, rebuild after rebuild, while a save leaves them
def _keys(papers: tuple[Paper, ...]) -> tuple[str, ...]:
    return tuple(unique_keys(_base_key(paper) for paper in papers))


def unique_keys(keys: Iterable[str]) -> list[str]:
    """Keys made unique ignoring case (BibTeX compares them that way): `a`, `aa`, `ab`, ..."""
    seen: set[str] = set()
    result = []
    for key in keys:
        candidate, suffixes = key, _suffixes()
        while candidate.casefold() in seen:
            candidate = key + next(suffixes)
        seen.add(candidate.casefold())
        result.append(candidate)
    return result


def bibtex_entry(paper: Paper, key: str) -> str:
    """One entry, typed from the venue and URL: a conference paper, a journal article, or a preprint."""
    kind = entry_type(paper.venue)
    eprint = arxiv_id(paper.url or "")
    fields = [("title", "{" + bibtex_escape(paper.title) + "}")]
    if paper.authors:
        fields.append(("author", " and ".join(_author(name) for name in paper.authors)))
    if paper.year:
        fields.append(("year", str(paper.year)))
    if paper.venue and kind != "misc":
        fields.append(("booktitle" if kind == "inproceedings" else "journal", bibtex_escape(paper.venue)))
    elif eprint and (not paper.venue or _ARXIV_VENUE.match(paper.venue)):
        fields.append(("howpublished", f"arXiv preprint arXiv:{eprint}"))
    elif paper.venue:
        fields.append(("howpublished", bibtex_escape(paper.venue)))
    if eprint:
        fields += [("eprint", eprint), ("archivePrefix", "arXiv")]
    if paper.url:
        fields.append(("url", _url(paper.url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def entry_type(venue: str | None) -> str:
    """`inproceedings` for a conference or workshop, `article` for a journal, else `misc`."""
    if not venue:
        return "misc"
    if _JOURNAL_FIRST.search(venue):
        return "article"
    if _CONFERENCE.search(venue):
        return "inproceedings"
    if _JOURNAL.search(venue):
        return "article"
    return "misc"


def _base_key(paper: Paper) -> str:
    surname = _surname(paper.authors[0]) if paper.authors else ""
    if not surname:
        return bibtex_key(paper.key)
    words = [_ascii(word).lower() for word in paper.title.split()]
    words = [re.sub(r"[^a-z0-9]", "", word) for word in words]
    first = next((word for word in words if word and word not in _TITLE_SKIP), "")
    return f"{surname}{paper.year or ''}{first}"


def _surname(name: str) -> str:
    """`Ashish Vaswani` and `Vaswani, Ashish` -> `vaswani`; '' for "et al."."""
    if name.strip().rstrip(".").casefold() in ("et al", "others"):
        return ""
    family = name.split(",")[0] if "," in name else (name.split() or [""])[-1]
    return re.sub(r"[^a-z]", "", _ascii(family).lower())


def _suffixes() -> Iterator[str]:
    for length in range(1, 4):
        for letters in itertools.product(string.ascii_lowercase, repeat=length):
            yield "".join(letters)
    raise ValueError("more than 18,000 papers share one citation key")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _author(name: str) -> str:
    # BibTeX's own spelling of "et al."; braces keep a name with " and " in it one author.
    if name.strip().rstrip(".").casefold() in ("et al", "others"):
        return "others"
    escaped = bibtex_escape(name)
    return "{" + escaped + "}" if re.search(r"\band\b", name, re.IGNORECASE) else escaped


def _url(url: str) -> str:
    # `url` is read verbatim by the url package, so only what would unbalance the braces changes.
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


FORMATS: dict[str, Callable[[PaperIndex], str]] = {"json": to_json, "csv": to_csv, "bibtex": to_bibtex}
