"""What `mkdocs serve` keeps between rebuilds, and what a build keeps in cache_dir for the next
one, gives what a fresh read gives: the index and the link findings, after each edit of a small
diary (a body, a heading someone links to, an alias, a page removed)."""

from __future__ import annotations

import json

from sitebuilder import build_site, paper

from mkdocs_paperdiary.core.frontmatter import decode_source
from mkdocs_paperdiary.core.index import IndexSettings, build_index
from mkdocs_paperdiary.core.index_cache import IndexCache
from mkdocs_paperdiary.links.analysis import LinkCache, analyse_links

DOCS = {
    "index.md": "# Home\n\n- [[PPO]] and [[TRPO#results]], [broken](rl/Nope.md), [[Unknown paper]].\n",
    "rl/PPO.md": paper("Proximal Policy Optimization", "2025-05-20", "## Method\n\nLike [[TRPO]].", aliases=["PPO2"]),
    "rl/TRPO.md": paper("Trust Region Policy Optimization", "2025-05-23", "## Results\n\nMonotonic."),
    "rl/SAC.md": paper("Soft Actor-Critic", "2025-05-21", "See [PPO](PPO.md#method) and [[PPO2]]."),
}


def edits() -> list[dict[str, str]]:
    """The diary after each save, cumulatively."""
    states, docs = [], dict(DOCS)
    for change in (
        {"rl/SAC.md": DOCS["rl/SAC.md"].replace("See", "Compare")},  # a body edit
        {"rl/PPO.md": DOCS["rl/PPO.md"].replace("## Method", "## Approach")},  # SAC's anchor breaks
        {"rl/TRPO.md": DOCS["rl/TRPO.md"].replace("## Results", "## Findings")},  # index's anchor breaks
        {"rl/PPO.md": DOCS["rl/PPO.md"].replace("PPO2", "ClippedPG")},  # [[PPO2]] stops resolving
        {"rl/Nope.md": paper("Nope", "2025-06-01")},  # the broken link now resolves
    ):
        docs = {**docs, **change}
        states.append(docs)
    states.append({name: text for name, text in docs.items() if name != "rl/TRPO.md"})
    return states


def fresh_and_cached(docs: dict[str, str], index_cache: IndexCache, link_cache: LinkCache):
    sources = [decode_source(name, text.encode()) for name, text in docs.items()]
    fresh = build_index(sources, IndexSettings())
    cached = build_index(sources, IndexSettings(), None, index_cache.read)
    return (fresh, analyse_links(fresh, docs)), (cached, analyse_links(cached, docs, cache=link_cache))


def test_cached_index_and_links_equal_a_fresh_read_after_each_edit() -> None:
    index_cache, link_cache = IndexCache(), LinkCache()
    fresh_and_cached(DOCS, index_cache, link_cache)
    for number, docs in enumerate(edits()):
        (fresh, fresh_links), (cached, cached_links) = fresh_and_cached(docs, index_cache, link_cache)
        assert cached.papers == fresh.papers, number
        assert cached.diagnostics == fresh.diagnostics, number
        assert [str(d) for d in cached_links.diagnostics] == [str(d) for d in fresh_links.diagnostics], number
        assert cached_links.citations == fresh_links.citations, number
        assert cached_links.orphans == fresh_links.orphans, number
        assert cached_links.reported == fresh_links.reported, number


def test_an_unchanged_page_is_not_checked_again() -> None:
    """Observable through a page's findings object: the same one comes back while nothing it depends on changed."""
    cache = LinkCache()
    sources = [decode_source(name, text.encode()) for name, text in DOCS.items()]
    index = build_index(sources, IndexSettings())
    analyse_links(index, DOCS, cache=cache)
    before = dict(cache.pages)
    edited = {**DOCS, "rl/TRPO.md": DOCS["rl/TRPO.md"].replace("Monotonic.", "Monotonic, mostly.")}
    analyse_links(index, edited, cache=cache)
    assert cache.pages["rl/SAC.md"] is before["rl/SAC.md"]
    assert cache.pages["rl/TRPO.md"] is not before["rl/TRPO.md"]
    assert cache.pages["index.md"] is not before["index.md"]  # it checked an anchor of TRPO


def kept_on_disk(index_cache: IndexCache, link_cache: LinkCache) -> tuple[IndexCache, LinkCache]:
    """The caches as the next process finds them: through JSON, into new objects."""
    data = json.loads(json.dumps({"index": index_cache.stored(), "links": link_cache.stored()}))
    index, links = IndexCache(), LinkCache()
    index.restore(data["index"], IndexSettings())
    links.restore(data["links"])
    return index, links


def test_caches_kept_on_disk_equal_a_fresh_read_after_each_edit() -> None:
    index_cache, link_cache = IndexCache(), LinkCache()
    fresh_and_cached(DOCS, index_cache, link_cache)
    for number, docs in enumerate(edits()):
        index_cache, link_cache = kept_on_disk(index_cache, link_cache)
        (fresh, fresh_links), (cached, cached_links) = fresh_and_cached(docs, index_cache, link_cache)
        assert cached.papers == fresh.papers, number
        assert cached.diagnostics == fresh.diagnostics, number
        assert cached_links.diagnostics == fresh_links.diagnostics, number
        assert cached_links.citations == fresh_links.citations, number
        assert cached_links.reported == fresh_links.reported, number


def test_an_unchanged_diary_is_taken_from_disk_without_reading_a_note() -> None:
    index_cache, link_cache = IndexCache(), LinkCache()
    fresh_and_cached(DOCS, index_cache, link_cache)
    index_cache, link_cache = kept_on_disk(index_cache, link_cache)
    fresh_and_cached(DOCS, index_cache, link_cache)
    assert not index_cache.changed and not link_cache.changed
    other = IndexCache()  # papers read with other settings are not taken
    other.restore({**json.loads(json.dumps(index_cache.stored())), "settings": "IndexSettings(other)"}, IndexSettings())
    fresh_and_cached(DOCS, other, link_cache)
    assert other.changed


def test_a_second_build_reads_no_note_again_and_makes_the_same_site(tmp_path, monkeypatch) -> None:
    from mkdocs_paperdiary.core import index_cache
    from mkdocs_paperdiary.links import analysis
    from mkdocs_paperdiary.site.collect import STORED, Caches

    first = build_site(tmp_path, DOCS)
    stored = tmp_path / ".cache" / "plugin" / "paperdiary" / STORED
    assert stored.is_file()
    read: list[str] = []
    read_paper, check_page = index_cache.read_paper, analysis._Analysis._page
    monkeypatch.setattr(
        index_cache, "read_paper", lambda source, *a: read.append(source.path) or read_paper(source, *a)
    )
    monkeypatch.setattr(
        analysis._Analysis, "_page", lambda self, source: read.append(source) or check_page(self, source)
    )

    def build_as_a_new_process():
        first.plugin._caches = Caches()  # MkDocs keeps the plugin object in this process: not what a build meets
        return build_site(tmp_path)

    second = build_as_a_new_process()
    assert read == []
    assert second.html("rl/SAC/index.html") == first.html("rl/SAC/index.html")
    assert second.index() == first.index()
    (tmp_path / "docs" / "rl" / "SAC.md").write_text(DOCS["rl/SAC.md"] + "\nMore.\n", encoding="utf-8")
    build_as_a_new_process()
    assert read == ["rl/SAC.md", "rl/SAC.md"]  # read, and its links checked
    stored.write_text("{damaged", encoding="utf-8")
    third = build_as_a_new_process()
    assert third.ok and "More." in third.html("rl/SAC/index.html")
    assert len(read) > 2  # a damaged file is no cache: every note read again


def test_a_stored_file_carries_any_text_a_path_may_hold(tmp_path) -> None:
    from mkdocs_paperdiary.core.stored import read_json, write_json

    value = {"notes/caf\udce9.md": "Café ✓"}  # a file name that is not UTF-8 comes back with a lone surrogate
    write_json(tmp_path / "kept.json", value)
    assert read_json(tmp_path / "kept.json") == value
    assert read_json(tmp_path / "missing.json") is None
