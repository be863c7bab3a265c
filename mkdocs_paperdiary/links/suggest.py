"""What a broken link or reference most likely meant: the "did you mean ..." of every warning."""

from __future__ import annotations

import difflib
import posixpath
from collections import defaultdict
from collections.abc import Collection

from mkdocs_paperdiary.links.references import PaperNames

FOLDER_PAGES = ("index.md", "README.md")


class Suggestions:
    """Close matches among the site's pages (`known`) and papers (`names`)."""

    def __init__(self, known: Collection[str], names: PaperNames) -> None:
        self.known = known
        self.names = names
        self._by_file_name: dict[str, list[str]] | None = None
        self._pages: dict[str, list[str]] = {}  # a diary often repeats one broken link: suggest once
        self._references: dict[str, str] = {}

    def pages_for(self, path: str) -> list[str]:
        """The pages a broken link most likely meant: same file name, else a paper of that name."""
        if path not in self._pages:
            self._pages[path] = self._pages_for(path)
        return list(self._pages[path])

    def _pages_for(self, path: str) -> list[str]:
        name = posixpath.basename(path)
        by_name = self._file_names()
        found = by_name.get(name) or by_name.get(name.casefold()) or []
        if name in FOLDER_PAGES:  # every folder has one: only the same folder name is a lead
            folder = posixpath.basename(posixpath.dirname(path))
            found = [known for known in found if folder and posixpath.basename(posixpath.dirname(known)) == folder]
            return _closest(found, path)
        if not found:
            papers = self.names.find(posixpath.splitext(name)[0])
            found = [papers[0].source] if len(papers) == 1 else []
        if not found:
            close = difflib.get_close_matches(
                name, [n for n in by_name if n.endswith(".md") and n not in FOLDER_PAGES], n=1, cutoff=0.8
            )
            found = by_name[close[0]] if close else []
        return _closest(found, path)

    def reference(self, name: str) -> str:
        """The end of a warning about `[[name]]`: a close paper key, or how names are looked up."""
        if name not in self._references:
            close = self.names.suggest(name)
            self._references[name] = (
                f"; did you mean [[{close.key}]]?" if close else " (looked up by key, title and aliases)."
            )
        return self._references[name]

    def _file_names(self) -> dict[str, list[str]]:
        if self._by_file_name is None:
            self._by_file_name = defaultdict(list)
            for known in sorted(self.known):
                name = posixpath.basename(known)
                self._by_file_name[name].append(known)
                if name.casefold() != name:
                    self._by_file_name[name.casefold()].append(known)
        return self._by_file_name


def close_anchor(anchor: str, anchors: Collection[str]) -> str | None:
    close = difflib.get_close_matches(anchor, sorted(anchors), n=1, cutoff=0.6)
    return close[0] if close else None


def _closest(candidates: list[str], path: str) -> list[str]:
    """The candidates sharing the most trailing folders with the link as written."""
    if len(candidates) <= 1:
        return candidates
    written = [part for part in path.split("/") if part not in ("", ".", "..")]

    def shared(candidate: str) -> int:
        count = 0
        for mine, theirs in zip(reversed(written), reversed(candidate.split("/")), strict=False):
            if mine != theirs:
                break
            count += 1
        return count

    best = max(map(shared, candidates))
    return [c for c in candidates if shared(c) == best][:3]


def missing_page(href: str, path: str, anchor: str, target: str, intended: list[str]) -> str:
    """The warning for a link to a page that is not there; `intended` are the pages it may mean,
    written relative to the linking page."""
    if target.startswith("../"):
        where = "points outside the docs folder"
    elif target != path:
        where = f"resolves to '{target}', which does not exist"
    else:
        where = "points to a page that does not exist"
    if not intended:
        return f"link '{href}' {where}."
    fixes = " or ".join(f"'{found}{'#' + anchor if anchor else ''}'" for found in intended)
    if len(intended) == 1 and posixpath.basename(intended[0]) == posixpath.basename(target):
        return f"link '{href}' is written relative to the wrong folder: it {where}; did you mean {fixes}?"
    return f"link '{href}' {where}; did you mean {fixes}?"
