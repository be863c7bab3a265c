"""One reading of what is code: markers, inference and links all skip the same code blocks.

Each case is a page a diarist might write to *show* paperdiary's syntax; it must come out as
written, and the real markers and links around it must still work.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sitebuilder import build_site, paper

from mkdocs_paperdiary.markdown.scanner import code_blocks, code_lines, mask

FOUR_BACKTICKS = """# How to embed the diary

````markdown
```
<!-- paperdiary:diary -->
```
````

The real one:

<!-- paperdiary:topics -->
"""

TILDES_HOLDING_BACKTICKS = """# Notes

~~~text
```
not closed by this
~~~

<!-- paperdiary:diary -->
"""

SHOWN_BACKLINKS_MARKER = """# Reading notes

Write this where the backlinks should go:

```markdown
<!-- paperdiary:backlinks -->
```

## Method

Details.
"""

CITING = """# Overview

A note on [Trust Region Policy Optimization](rl/TRPO.md).
"""


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("```\na\n```\nb\n", {1, 2, 3}),
        ("````\n```\na\n```\n````\nb\n", {1, 2, 3, 4, 5}),  # a shorter fence inside a longer one
        ("~~~\n```\n~~~\nb\n", {1, 2, 3}),  # backticks do not close a tilde fence
        ("```\na\n~~~\nb\n```\nc\n", {1, 2, 3, 4, 5}),  # nor tildes a backtick fence
        ("`````\na\n````\nb\n", {1, 2, 3, 4}),  # a shorter closing run does not close: to the end
        ("Text\n\n    code\n    more\n\nText\n", {3, 4}),  # indented code after a blank line
        ("Text\n    lazy continuation\n", set()),  # no blank line: the paragraph goes on
        ("- item\n\n    item paragraph\n", set()),  # a list item's own paragraph
        ('!!! note "Title"\n\n    admonition body\n', set()),  # Material admonition content
        ('=== "Tab"\n\n    tab body\n', set()),  # content tab
        ("- item\n\nParagraph\n\n    code again\n", {5}),  # a paragraph ends the list
        ("Text\n\n\tcode with a tab\n", {3}),
        ('```python title="a.py"\nx = 1\n```\n', {1, 2, 3}),
        ("``` inline ``` stays text\n", set()),  # backticks on the opening line: inline code
    ],
)
def test_code_lines(text: str, code: set[int]) -> None:
    assert code_lines(text) == code


def test_mask_keeps_offsets_and_blanks_code_and_comments() -> None:
    text = "A `[x](y.md)` <!-- [z](w.md) --> [real](r.md)\n\n    [indented](i.md)\n"
    masked = mask(text)
    assert len(masked) == len(text) and masked.count("\n") == text.count("\n")
    assert "[real](r.md)" in masked
    assert "x](y" not in masked and "z](w" not in masked and "indented" not in masked
    assert "<!--" in mask(text, comments=False) and "x](y" not in mask(text, comments=False)


def test_code_blocks_are_offsets_into_the_text() -> None:
    text = "Intro\n\n~~~\nA\n~~~\n"
    [(start, end)] = code_blocks(text)
    assert text[start:end] == "~~~\nA\n~~~"


def test_a_marker_inside_a_four_backtick_fence_is_shown_not_filled(tmp_path: Path) -> None:
    site = build_site(tmp_path, {"index.md": FOUR_BACKTICKS, "rl/PPO.md": paper("PPO", "2025-01-02")}, strict=True)
    assert site.ok, site.error
    html = site.html("index.html")
    assert "&lt;!-- paperdiary:diary --&gt;" in html  # shown as code, as written
    assert "paperdiary-html:" not in html  # no placeholder leaks into the code block
    assert 'href="topics/#rl"' in html or 'href="topics/' in html  # the real marker outside is filled


def test_a_marker_after_a_tilde_fence_holding_backticks_is_filled(tmp_path: Path) -> None:
    files = {"index.md": TILDES_HOLDING_BACKTICKS, "rl/PPO.md": paper("Proximal Policy Optimization", "2025-01-02")}
    site = build_site(tmp_path, files, strict=True)
    assert site.ok, site.error
    html = site.html("index.html")
    assert 'href="rl/PPO/"' in html  # the diary list was placed
    assert "paperdiary:diary" not in html


def test_a_backlinks_marker_shown_in_code_keeps_the_automatic_cited_in_section(tmp_path: Path) -> None:
    files = {
        "index.md": CITING,
        "rl/TRPO.md": paper("Trust Region Policy Optimization", "2025-01-02", body=SHOWN_BACKLINKS_MARKER),
    }
    site = build_site(tmp_path, files, strict=True)
    assert site.ok, site.error
    html = site.html("rl/TRPO/index.html")
    assert html.count('id="cited-in"') == 1
    assert html.index('id="method"') < html.index('id="cited-in"')  # placed at the bottom, automatically
    assert "&lt;!-- paperdiary:backlinks --&gt;" in html


def test_inference_skips_indented_and_tilde_code(tmp_path: Path) -> None:
    note = (
        "~~~\n# Not the title\n~~~\n\n"
        "# Attention Is All You Need\n\n    pip install transformers.\n\n"
        "Transformers replace recurrence with attention.\n"
    )
    site = build_site(tmp_path, {"nlp/Attention.md": note})
    assert site.ok, site.error
    entry = site.papers()["nlp/Attention.md"]
    assert entry["title"] == "Attention Is All You Need"
    assert entry["description"] == "Transformers replace recurrence with attention."


def test_links_shown_in_indented_code_are_not_checked(tmp_path: Path) -> None:
    page = "# Howto\n\nA link looks like this:\n\n    [PPO](rl/Missing.md)\n\nThe real one: [PPO](rl/PPO.md).\n"
    site = build_site(tmp_path, {"index.md": page, "rl/PPO.md": paper("PPO", "2025-01-02")}, strict=True)
    assert site.ok, site.error
    assert site.warnings() == []
