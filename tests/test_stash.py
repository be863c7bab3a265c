"""The HTML stash: generated sections ride through Python-Markdown as placeholder comments."""

from __future__ import annotations

import markdown

from mkdocs_paperdiary.pages.stash import HtmlStash


def test_a_placeholder_survives_markdown_and_is_filled() -> None:
    stash = HtmlStash()
    source = (
        "# Title\n\n## Related papers\n"
        + stash('<ul>\n<li><a href="../b/">B &amp; C</a></li>\n</ul>')
        + "Text after.\n"
    )
    html, lost = stash.restore(markdown.markdown(source, extensions=["toc", "tables"]))
    assert lost == 0
    assert (
        '<h2 id="related-papers">Related papers</h2>\n<ul>\n<li><a href="../b/">B &amp; C</a></li>\n</ul>\n\n<p>Text after.</p>'
        in html
    )
    assert "paperdiary-html" not in html


def test_fragments_keep_their_order_and_each_fills_its_own_place() -> None:
    stash = HtmlStash()
    source = "## One\n" + stash("<p>first</p>") + "## Two\n" + stash("<p>second</p>")
    html, lost = stash.restore(markdown.markdown(source))
    assert lost == 0 and html.index("One") < html.index("first") < html.index("Two") < html.index("second")


def test_a_users_copy_of_a_placeholder_is_left_alone() -> None:
    mine, other = HtmlStash(), HtmlStash()
    forged = other("<script>alert(1)</script>")
    mine("<p>mine</p>")
    html, lost = mine.restore(markdown.markdown("Text\n" + forged))
    assert "<script>" not in html and "mine" not in html
    assert lost == 1  # and the plugin warns about the section it could not place


def test_a_placeholder_that_markdown_escaped_counts_as_lost() -> None:
    stash = HtmlStash()
    source = "    " + stash("<p>x</p>").strip()  # indented: a code block, not HTML
    html, lost = stash.restore(markdown.markdown(source))
    assert lost == 1 and "<p>x</p>" not in html
