"""Paper metadata from the outside world: the arXiv API's Atom feed and a DOI's CSL-JSON.

Network use is explicit (only `paperdiary new --arxiv/--doi` calls here) and polite: a
timeout, a User-Agent naming the tool, one retry after a pause. Whatever comes back is
untrusted text: `Metadata.clean` strips control characters, keeps http(s) links only and
sane years, and the note writer escapes the rest. Failures are one `SourceError` line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
import unicodedata
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from typing import Any, Literal
from urllib.parse import quote, urlencode, urlsplit

from mkdocs_paperdiary import __version__
from mkdocs_paperdiary.core.identifiers import arxiv_id, arxiv_url, doi, doi_url
from mkdocs_paperdiary.core.urls import safe_url

ARXIV_API = "https://export.arxiv.org/api/query"
DOI_API = "https://doi.org/"
ARXIV_API_VARIABLE = "PAPERDIARY_ARXIV_API"  # tests and mirrors point these elsewhere
DOI_API_VARIABLE = "PAPERDIARY_DOI_API"
TIMEOUT = 15.0  # seconds for one request
RETRY_PAUSE = 1.0  # seconds before the one retry
USER_AGENT = f"mkdocs-paperdiary/{__version__} (paperdiary new; https://pypi.org/project/mkdocs-paperdiary/)"
CSL_JSON = "application/vnd.citationstyles.csl+json"
MAX_ANSWER = 5_000_000  # bytes; one paper's metadata is a few kB, so more is a wrong or hostile server

MAX_AUTHORS = 50  # physics papers list thousands; a note keeps the first ones and "et al."
MAX_TEXT = 500  # characters of one title, name or venue
MAX_SENTENCE = 300  # characters of the draft description

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
# Characters that change how text looks without being text: C0/C1 controls, bidi overrides.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


class SourceError(Exception):
    """The metadata could not be had; the message is one line for the user."""


class Unreachable(SourceError):
    """The service did not answer (offline, timeout, server error): the id itself may be fine."""


@dataclass(frozen=True)
class Metadata:
    """What a source says about a paper; every field may be missing."""

    title: str = ""
    authors: tuple[str, ...] = ()
    year: int | None = None
    url: str | None = None
    venue: str | None = None
    abstract: str = ""  # only its first sentence is used, as a draft description
    doi: str | None = None
    arxiv: str | None = None

    def clean(self) -> Metadata:
        """The same metadata made safe to write: visible text, http(s) links, plausible years."""
        authors = tuple(filter(None, (clean_text(name) for name in self.authors)))
        if len(authors) > MAX_AUTHORS:
            authors = (*authors[:MAX_AUTHORS], "et al.")
        return replace(
            self,
            title=clean_text(self.title),
            authors=authors,
            year=self.year if self.year is not None and 1000 <= self.year <= dt.date.today().year + 1 else None,
            url=safe_url(self.url) if self.url else None,
            venue=clean_text(self.venue or "") or None,
            abstract=clean_text(self.abstract, limit=None),
        )

    def draft_description(self) -> str:
        return first_sentence(self.abstract)


@dataclass(frozen=True)
class PaperId:
    """An arXiv id or a DOI, as `new --arxiv/--doi` was given it."""

    scheme: Literal["arXiv", "doi"]
    value: str

    @classmethod
    def parse(cls, scheme: Literal["arXiv", "doi"], text: str) -> PaperId | None:
        found = arxiv_id(text) if scheme == "arXiv" else doi(text)
        return cls(scheme, found) if found else None

    def __str__(self) -> str:
        return f"{self.scheme}:{self.value}"

    def metadata(self) -> Metadata:
        """What the id alone says: the link, and the id itself."""
        if self.scheme == "arXiv":
            return Metadata(url=arxiv_url(self.value), arxiv=self.value)
        return Metadata(url=doi_url(self.value), doi=self.value)

    def fetch(self, timeout: float = TIMEOUT) -> Metadata:
        if self.scheme == "arXiv":
            return fetch_arxiv(self.value, timeout=timeout)
        return fetch_doi(self.value, timeout=timeout)


def clean_text(text: str, limit: int | None = MAX_TEXT) -> str:
    """One line of visible text: control and direction characters gone, whitespace collapsed."""
    text = unicodedata.normalize("NFC", _INVISIBLE.sub(" ", text))
    text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def first_sentence(text: str) -> str:
    """The abstract's first sentence (a full stop followed by a capital ends it), kept short."""
    match = re.search(r"(?<=[.!?])\s+(?=[A-Z0-9])", text)
    sentence = text[: match.start()] if match else text
    if len(sentence) > MAX_SENTENCE:
        sentence = sentence[: MAX_SENTENCE - 1].rsplit(" ", 1)[0] + "…"
    return sentence.strip()


# ---- arXiv ---------------------------------------------------------------------------------


def fetch_arxiv(identifier: str, *, api: str | None = None, timeout: float = TIMEOUT) -> Metadata:
    """The arXiv API's entry for `identifier` (an id such as 1706.03762 or 1706.03762v2)."""
    endpoint = api or os.environ.get(ARXIV_API_VARIABLE) or ARXIV_API
    query = urlencode({"id_list": identifier, "max_results": 1})
    body = fetch(f"{endpoint}?{query}", "application/atom+xml", timeout, what=f"arXiv:{identifier}")
    return parse_arxiv(body, identifier).clean()


def parse_arxiv(body: bytes, identifier: str) -> Metadata:
    """Metadata from an arXiv API Atom feed holding (at most) the one entry asked for."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as error:
        raise SourceError(f"arXiv:{identifier}: the arXiv API answered with malformed XML ({error})") from None
    entry = root.find(f"{_ATOM}entry")
    entry_id = _text(entry, f"{_ATOM}id") if entry is not None else ""
    title = _text(entry, f"{_ATOM}title") if entry is not None else ""
    if entry is None or "/api/errors" in entry_id or not title:
        raise SourceError(f"arXiv:{identifier}: no such paper on arXiv")
    published = _text(entry, f"{_ATOM}published")
    journal = _text(entry, f"{_ARXIV}journal_ref")
    return Metadata(
        title=title,
        authors=tuple(_text(author, f"{_ATOM}name") for author in entry.iter(f"{_ATOM}author")),
        year=int(published[:4]) if re.match(r"\d{4}-", published) else None,
        url=arxiv_url(identifier),
        venue=journal or "arXiv",
        abstract=_text(entry, f"{_ATOM}summary"),
        doi=_text(entry, f"{_ARXIV}doi") or None,
        arxiv=identifier,
    )


def _text(element: ET.Element | None, path: str) -> str:
    found = element.find(path) if element is not None else None
    return "".join(found.itertext()).strip() if found is not None else ""


# ---- DOI -----------------------------------------------------------------------------------


def fetch_doi(identifier: str, *, api: str | None = None, timeout: float = TIMEOUT) -> Metadata:
    """The CSL-JSON a DOI resolves to (content negotiation on doi.org)."""
    endpoint = api or os.environ.get(DOI_API_VARIABLE) or DOI_API
    url = endpoint.rstrip("/") + "/" + quote(identifier, safe="/:;()._-")
    body = fetch(url, CSL_JSON, timeout, what=f"doi:{identifier}")
    return parse_csl(body, identifier).clean()


def parse_csl(body: bytes, identifier: str) -> Metadata:
    """Metadata from one CSL-JSON item; the venue is its container title."""
    try:
        item = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise SourceError(f"doi:{identifier}: the DOI resolver answered with malformed JSON ({error})") from None
    if not isinstance(item, dict) or not _csl_text(item.get("title")):
        raise SourceError(f"doi:{identifier}: the DOI resolver's answer has no title")
    return Metadata(
        title=_csl_text(item.get("title")),
        authors=tuple(filter(None, (_csl_name(person) for person in _list(item.get("author"))))),
        year=_csl_year(item),
        url=doi_url(identifier),
        venue=_csl_text(item.get("container-title")) or _csl_text(item.get("publisher")) or None,
        abstract=re.sub(r"<[^>]*>", " ", _csl_text(item.get("abstract"))),  # Crossref abstracts are JATS XML
        doi=identifier,
    )


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _csl_text(value: object) -> str:
    """CSL titles are strings, sometimes lists of strings."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return value.strip() if isinstance(value, str) else ""


def _csl_name(person: object) -> str:
    if not isinstance(person, dict):
        return ""
    if literal := _csl_text(person.get("literal")) or _csl_text(person.get("name")):
        return literal
    return " ".join(filter(None, (_csl_text(person.get("given")), _csl_text(person.get("family")))))


def _csl_year(item: dict) -> int | None:
    for key in ("issued", "published-print", "published-online", "created"):
        date = item.get(key)
        parts: Any = date.get("date-parts") if isinstance(date, dict) else None
        try:
            year = parts[0][0]
        except (TypeError, IndexError, KeyError):
            continue
        if isinstance(year, (int, str)) and str(year).isdigit():
            return int(year)
    return None


# ---- HTTP ----------------------------------------------------------------------------------


def fetch(url: str, accept: str, timeout: float, *, what: str) -> bytes:
    """GET `url`; a failure that may pass (timeout, refused, 5xx) is retried once after a pause."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})
    host = urlsplit(url).netloc
    for attempt in (1, 2):
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body = response.read(MAX_ANSWER + 1)
            if len(body) > MAX_ANSWER:
                raise SourceError(f"{what}: {host} answered with more than {MAX_ANSWER // 1_000_000} MB")
            return body
        except urllib.error.HTTPError as error:
            if error.code in (404, 410):
                raise SourceError(f"{what}: not found at {host} (HTTP {error.code})") from None
            problem = f"{host} answered HTTP {error.code} {error.reason}"
            if error.code < 500 and error.code != 429:
                raise SourceError(f"{what}: {problem}") from None
        except TimeoutError:
            problem = f"{host} did not answer within {timeout:g} s"
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                problem = f"{host} did not answer within {timeout:g} s"
            else:
                problem = f"cannot reach {host} (offline?): {error.reason}"
        except OSError as error:  # a connection reset half-way through the answer
            problem = f"the connection to {host} failed: {error}"
        if attempt == 1:
            time.sleep(RETRY_PAUSE)
    raise Unreachable(f"{what}: {problem}; tried twice")
