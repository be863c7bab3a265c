"""URL helpers: which user-written links may become links, and relative paths between pages."""

from __future__ import annotations

import posixpath
from urllib.parse import quote, urlsplit

SAFE_SCHEMES = frozenset({"http", "https"})


def safe_url(url: str) -> str | None:
    """The URL when it is an absolute http(s) link, else None (never `javascript:` and friends)."""
    url = url.strip()
    if any(ch in url for ch in "\x00\n\r\t") or " " in url:
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return url


def md_link_target(url: str) -> str:
    """A URL made safe to sit inside markdown's ``(...)`` without ending it early."""
    return quote(url, safe=":/?#[]@!$&'*+,;=%-._~")


def relative_source(target: str, from_source: str) -> str:
    """The path from one docs file to another, as MkDocs expects in a markdown link."""
    if ".." in target or ".." in from_source or target.startswith("/") or from_source.startswith("/"):
        return posixpath.relpath(target, posixpath.dirname(from_source) or ".")
    # posixpath.relpath is right but slow (it resolves both against the working directory),
    # and cross-link pages call this thousands of times.
    start = [part for part in posixpath.dirname(from_source).split("/") if part and part != "."]
    parts = [part for part in target.split("/") if part and part != "."]
    common = 0
    while common < min(len(start), len(parts)) and start[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + parts[common:]) or "."


def page_url(source: str, use_directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives a markdown file (mirrors File._get_url)."""
    stem, _ = posixpath.splitext(source)
    parent, name = posixpath.split(stem)
    if not use_directory_urls:
        return stem + ".html"
    if name in ("index", "README"):
        return f"{parent}/" if parent else ""
    return f"{stem}/"


def base_from(page: str) -> str:
    """The relative path from a page URL back to the site root ('' for the home page)."""
    if page.startswith("./"):  # MkDocs calls the home page "./"
        page = page[2:]
    return "../" * page.count("/")


def relative_url(url: str, from_url: str) -> str:
    """`url` as a link from the page at `from_url`, both site-relative, the way MkDocs writes
    links between pages: a last part with a dot is a file, `..` never climbs above the root,
    and a URL that ends in `/` keeps it."""
    folder, _, last = from_url.rpartition("/")
    start, dest = _url_parts(folder if "." in last else from_url), _url_parts(url)
    common = 0
    while common < min(len(start), len(dest)) and start[common] == dest[common]:
        common += 1
    relative = "/".join([".."] * (len(start) - common) + dest[common:]) or "."
    return relative + "/" if url.endswith("/") else relative


def _url_parts(path: str) -> list[str]:
    path = posixpath.normpath("/" + path.lstrip("/"))[1:]
    return path.split("/") if path else []
