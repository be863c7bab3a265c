"""Labelled fields: the metadata a diarist writes as lines at the top of a note.

    # Paper

    * **Title**: Adam: A Method for Stochastic Optimization
    * **Authors**: Diederik Kingma, Jimmy Ba
    * **Link**: https://arxiv.org/abs/1412.6980

Many collections keep a note template like this instead of front matter. We read a line as a
field only when its label is one we know, in a list item or not, bold or not, with the colon
inside or outside the emphasis; any other "Label: text" line stays the diarist's prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mkdocs_paperdiary.core.dates import MONTH_NUMBERS
from mkdocs_paperdiary.core.urls import safe_url
from mkdocs_paperdiary.markdown.scanner import strip_markdown

# Label (casefolded, spaces single) -> the field it fills. Dates are read by `inference`.
LABELS = {
    "title": "title",
    "paper title": "title",
    "authors": "authors",
    "author": "authors",
    "author(s)": "authors",
    "link": "url",
    "paper": "url",
    "paper link": "url",
    "url": "url",
    "arxiv": "url",
    "pdf": "url",
    "tags": "tags",
    "tag": "tags",
    "keywords": "tags",
    "year": "year",
    "venue": "venue",
    "conference": "venue",
    "published": "venue",
    "published in": "venue",
    "journal": "venue",
}
DATE_LABELS = ("date", "date read", "read", "read on", "reading date", "read date")
# Labels of lines that are metadata but not a field we keep (code links, ratings...).
OTHER_LABELS = ("code", "github", "project page", "website", "slides", "video", "blog", "citation", "rating")

_EM = r"(?:\*\*|__|\*|_)?"
# "* **Title**: x", "- **Title:** x", "Title: x", "__Year__ : 2015"; the label is 1-3 words.
_FIELD = re.compile(
    rf"^\s*(?:[-*+]\s+)?{_EM}\s*(?P<label>[A-Za-z][A-Za-z()]*(?:\s[A-Za-z()]+){{0,2}})\s*"
    rf"(?:{_EM}\s*:|:\s*{_EM})(?P<value>.*)$"
)
_MD_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\(\s*<?(?P<url>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_BARE_URL = re.compile(r"<?(?P<url>https?://[^\s<>)\]]+)>?")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")
_GLUED_YEAR = re.compile(r"(?<=[^\W\d_])((?:19|20)\d\d)(?!\d)")  # "CVPR2023"
_VENUE_LINE = re.compile(
    r"^\s*(?:\*\*|__|\*|_)?[A-Z][\w&.\-]*(?:\s[A-Z][\w&.\-]*){0,3}\s?'?(?:19|20)\d\d"
    r"(?:\s+\(?[A-Za-z][A-Za-z ]{0,20}\)?)?(?:\*\*|__|\*|_)?\s*$"
)
_NOT_VENUES = frozenset({*MONTH_NUMBERS, "spring", "summer", "autumn", "fall", "winter", "read", "date"})
_RATING = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:(?:\*\*|__)?(?:ranking|rating|rated|score|stars|my\s+rating)(?:\*\*|__)?\s*[:：]"
    r"|[\s⭐★☆✩✭✮🌟*]*[⭐★☆✩✭✮🌟][\s⭐★☆✩✭✮🌟*]*$)",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(r"\s*[,;]\s*|\s+(?:and|&)\s+")


@dataclass(frozen=True)
class Fields:
    """What labelled lines said; line numbers are 1-based within the lines given."""

    title: str | None = None
    title_line: int | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    year: int | None = None
    venue: str | None = None


def label_of(line: str) -> tuple[str, str] | None:
    """(label, value) of a "Label: value" line, the label casefolded; None for other lines."""
    match = _FIELD.match(line) if ":" in line[:40] else None
    if not match:
        return None
    label = " ".join(match["label"].casefold().split())
    return label, match["value"].strip().strip("*_").strip()


def is_field_line(line: str) -> bool:
    """Whether a line is labelled metadata (a field we read, a date, a code link...)."""
    found = label_of(line)
    return found is not None and (found[0] in LABELS or found[0] in DATE_LABELS or found[0] in OTHER_LABELS)


def read_fields(lines: list[tuple[int, str]]) -> Fields:
    """The labelled fields among `lines`; the first line of each label wins."""
    found: dict[str, tuple[int, str]] = {}
    for number, line in lines:
        labelled = label_of(line)
        if labelled and labelled[0] in LABELS and labelled[1]:
            field = LABELS[labelled[0]]
            if field == "url" and _url(labelled[1]) is None:
                field = "title" if labelled[0] == "paper" else ""  # "Paper: Adam: A Method..." names it
            if field:
                found.setdefault(field, (number, labelled[1]))
    title, title_line, title_url = _title(found.get("title"))
    venue, venue_in_year = venue_year(found["venue"][1]) if "venue" in found else (None, None)
    year = _year(found["year"][1]) if "year" in found else None
    year = year or venue_in_year
    return Fields(
        title=title,
        title_line=title_line,
        url=_url(found["url"][1]) if "url" in found else title_url,
        authors=_names(found["authors"][1]) if "authors" in found else (),
        tags=_names(found["tags"][1], words=False) if "tags" in found else (),
        year=year,
        venue=venue,
    )


def _title(found: tuple[int, str] | None) -> tuple[str | None, int | None, str | None]:
    """A `Title` value; `[Title](url)` also gives the paper's link."""
    if found is None:
        return None, None, None
    number, value = found
    link = _MD_LINK.fullmatch(value.strip())
    url = safe_url(link["url"]) if link else None
    return strip_markdown(value) or None, number, url


def _url(value: str) -> str | None:
    """The first http(s) link of a value: a markdown link or a bare URL."""
    for match in _MD_LINK.finditer(value):
        url = safe_url(match["url"])
        if url:
            return url
    bare = _BARE_URL.search(value)
    return safe_url(bare["url"].rstrip(".,;")) if bare else None


def venue_year(text: str) -> tuple[str | None, int | None]:
    """The venue and year of "ICML 2015", "CVPR2023" or "FAST 2020 Preprint" (the venue as written,
    a glued year set apart: "CVPR 2023"); a bare year is no venue."""
    value = strip_markdown(text).strip()
    venue = _GLUED_YEAR.sub(r" \1", value).strip() or None
    return (None if venue is None or _YEAR.fullmatch(venue) else venue), _year(value)


def venue_line(line: str) -> tuple[str | None, int | None] | None:
    """Venue and year of a line that is only that ("CVPR2023", "ICLR2023 Poster", "AAAI 2018 (oral)")."""
    match = _VENUE_LINE.match(line) if len(line) <= 60 else None
    if match is None or line.strip(" *_").split(None, 1)[0].rstrip(".,").casefold() in _NOT_VENUES:
        return None  # "_March 2024_" is when the note was read
    return venue_year(line.strip().strip("*_"))


def is_rating(line: str) -> bool:
    """A rating line ("Ranking: ⭐ ⭐ ⭐", "Rating: 4/5", a row of stars): metadata, never prose."""
    return _RATING.match(line) is not None


def _year(value: str) -> int | None:
    match = _YEAR.search(value)
    return int(match.group(1)) if match else None


def _names(value: str, words: bool = True) -> tuple[str, ...]:
    """A comma list; author lists also split on "and" and "&" (tags keep them: "Q&A")."""
    parts = _LIST_SPLIT.split(value) if words else re.split(r"\s*[,;]\s*", value)
    names = (strip_markdown(part).strip(" #`") for part in parts)
    return tuple(dict.fromkeys(name for name in names if name))


# Words that name a section or a list's label, never a paper: a first heading "# Paper" or an
# item "* What" says where the title or the description is, not what it is.
SECTION_NAMES = frozenset(
    {
        *LABELS,
        *DATE_LABELS,
        "paper",
        "papers",
        "summary",
        "paper summary",
        "summary notes",
        "notes",
        "note",
        "paper notes",
        "reading notes",
        "my notes",
        "overview",
        "metadata",
        "meta",
        "info",
        "details",
        "review",
        "paper review",
        "what",
        "how",
        "why",
        "results",
        "result",
        "idea",
        "ideas",
        "key idea",
        "key ideas",
        "main idea",
        "main ideas",
        "method",
        "methods",
        "approach",
        "contribution",
        "contributions",
        "experiments",
        "conclusion",
        "conclusions",
        "discussion",
        "related work",
        "thoughts",
        "my thoughts",
        "comments",
        "questions",
        "takeaways",
        "key takeaways",
        "problem",
        "problem statement",
        "motivation",
        "background",
        "strengths",
        "weaknesses",
        "pros",
        "cons",
        "limitations",
        "references",
        "links",
        "resources",
    }
)


def is_section_name(text: str) -> bool:
    """Whether plain text such as "Summary:" or "2. Results" only names a section."""
    if len(text) > 48:  # a sentence; stripping markup from every line of a big diary costs
        return False
    words = re.sub(r"^[\dIVX]+[.)]?\s+", "", strip_markdown(text)).strip().rstrip(":").strip()
    return " ".join(words.casefold().split()) in SECTION_NAMES
