"""Paper identifiers: arXiv ids and DOIs as people write them, and the links they stand for.

One home for reading an identifier out of what a diarist types or a reference manager
exports (`1706.03762v5`, `arXiv:1706.03762`, `https://arxiv.org/pdf/1706.03762v2.pdf`,
`doi:10.1000/xyz`, `https://doi.org/10.1000/xyz`), so that `new`, the BibTeX import and
the duplicate check agree on what "the same paper" means.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

# New-style ids (2007 on): YYMM.NNNN(N); old style: archive(.subject)/YYMMNNN.
_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_OLD = r"[a-z-]+(?:\.[A-Z]{2})?/\d{7}"
_ARXIV_ID = re.compile(rf"^(?P<id>{_ARXIV_NEW}|{_ARXIV_OLD})(?P<version>v\d+)?$", re.IGNORECASE)
_ARXIV_HOSTS = ("arxiv.org", "www.arxiv.org", "export.arxiv.org")
_ARXIV_PATH = re.compile(r"^/(?:abs|pdf|html)/(?P<rest>.+?)(?:\.pdf)?/?$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_HOSTS = ("doi.org", "dx.doi.org", "www.doi.org")


def arxiv_id(text: str, *, keep_version: bool = False) -> str | None:
    """The arXiv id in an id or an arXiv URL (abs, pdf, html; any version), else None."""
    text = text.strip()
    text = re.sub(r"^arxiv:\s*", "", text, flags=re.IGNORECASE)
    if "://" in text:
        parts = urlsplit(text)
        match = _ARXIV_PATH.match(parts.path) if parts.hostname in _ARXIV_HOSTS else None
        if not match:
            return None
        text = match["rest"]
    match = _ARXIV_ID.match(text)
    if not match:
        return None
    return match["id"] + (match["version"] or "" if keep_version else "")


def doi(text: str) -> str | None:
    """The DOI in a DOI, a `doi:` name or a doi.org link, else None (DOIs compare ignoring case)."""
    text = text.strip()
    text = re.sub(r"^doi:\s*", "", text, flags=re.IGNORECASE)
    if "://" in text:
        parts = urlsplit(text)
        if parts.hostname not in _DOI_HOSTS:
            return None
        text = unquote(parts.path.lstrip("/"))
    return text if _DOI.match(text) else None


def arxiv_url(identifier: str) -> str:
    return f"https://arxiv.org/abs/{identifier}"


def doi_url(identifier: str) -> str:
    return f"https://doi.org/{identifier}"


def url_key(url: str) -> str:
    """A URL compared loosely: scheme, `www.`, case of the host and a trailing slash do not matter."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{parts.path.rstrip('/')}{query}"


def identity_keys(*links: str | None) -> set[str]:
    """What identifies a paper for duplicate checks: the arXiv ids, DOIs and links among `links`."""
    keys: set[str] = set()
    for link in filter(None, links):
        if found := arxiv_id(link):
            keys.add(f"arxiv:{found.casefold()}")
        if found := doi(link):
            keys.add(f"doi:{found.casefold()}")
        if "://" in link:
            keys.add(f"url:{url_key(link)}")
    return keys
