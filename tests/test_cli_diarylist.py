"""Reading a hand-kept diary list, quirks and all (the parser behind `import --diary-list`)."""

from __future__ import annotations

import textwrap

from mkdocs_paperdiary.authoring.diarylist import match_list, parse_diary_list
from mkdocs_paperdiary.core.frontmatter import SourceText
from mkdocs_paperdiary.core.index import IndexSettings, build_index
from mkdocs_paperdiary.core.paper import ReadDate


def parse(text: str):
    return parse_diary_list(SourceText("index.md", textwrap.dedent(text)))


def months(text: str) -> list[tuple[str, str]]:
    return [(entry.title, entry.date.iso()) for entry in parse(text).entries]


def test_a_heading_without_a_year_takes_it_from_the_heading_before():
    newest_first = """
        ### February 2025
        * 3rd: [B](b.md)
        ### January 2025
        * 2nd: [J](j.md)
        ### December
        * 1st: [D](d.md)
    """
    assert months(newest_first) == [("B", "2025-02-03"), ("J", "2025-01-02"), ("D", "2024-12-01")]


def test_a_first_heading_without_a_year_takes_it_from_the_next():
    newest_first = """
        ### January
        * [J](j.md)
        ### December 2024
        * [D](d.md)
        ### November 2024
        * [N](n.md)
    """
    assert months(newest_first) == [("J", "2025-01"), ("D", "2024-12"), ("N", "2024-11")]


def test_an_oldest_first_list_moves_the_year_forward():
    oldest_first = """
        ### November 2024
        * 5th: [N](n.md)
        ### December
        * 6th: [D](d.md)
        ### January
        * 7th: [J](j.md)
        ### February 2025
        * 8th: [F](f.md)
    """
    assert months(oldest_first) == [("N", "2024-11-05"), ("D", "2024-12-06"), ("J", "2025-01-07"), ("F", "2025-02-08")]


def test_entries_tolerate_what_hands_write():
    diary = parse("""
        # My diary

        * 9th: [Before the list](x.md): intro lines are not entries.

        ### September 2025

        * 14th - 15th: [Range](r.md): a day range keeps the first day.
        2nd [No bullet, no colon](n.md): still an entry.
        * 1st: [No colon after the link](c.md) the rest is the description
        wrapped onto an unindented line
          and an indented one.
        * [No day](d.md): dated by its month.
        * 3rd: [Empty link](): found by title later.

        ## About

        * 1st: [After the list](a.md): not an entry.
    """)
    got = [(e.title, e.target, e.date.iso(), e.description) for e in diary.entries]
    assert got == [
        ("Range", "r.md", "2025-09-14", "a day range keeps the first day."),
        ("No bullet, no colon", "n.md", "2025-09-02", "still an entry."),
        (
            "No colon after the link",
            "c.md",
            "2025-09-01",
            "the rest is the description wrapped onto an unindented line and an indented one.",
        ),
        ("No day", "d.md", "2025-09", "dated by its month."),
        ("Empty link", "", "2025-09-03", "found by title later."),
    ]
    assert diary.diagnostics == []


def test_an_impossible_day_or_a_yearless_list_is_reported():
    diary = parse("""
        ### June
        * 31st: [Nowhere](n.md)
    """)
    assert diary.entries[0].date is None
    assert [d.line for d in diary.diagnostics] == [2]
    assert "has no year" in diary.diagnostics[0].message

    diary = parse("""
        ### June 2025
        * 31st: [Too late](n.md)
    """)
    assert diary.entries[0].date == ReadDate(2025, 6)
    assert "June 2025 has no 31st" in diary.diagnostics[0].message


def test_entries_find_notes_by_link_then_by_title():
    notes = [
        SourceText("rl/PPO.md", "# Proximal Policy Optimization\n"),
        SourceText("rl/TRPO.md", "# Trust Region Policy Optimization\n"),
        SourceText("rl/Unlisted.md", "# Not in the list\n"),
    ]
    index = build_index(notes, IndexSettings())
    diary = parse("""
        ### July 2025
        * 2nd: [PPO](rl/PPO.md)
        * 1st: [trust region policy optimization!](rl/Old.md)
        * 1st: [Attention Is All You Need]()
    """)
    matches = match_list(diary, index)
    assert [(m.paper.source, m.by_title) for m in matches.matched] == [("rl/PPO.md", False), ("rl/TRPO.md", True)]
    assert [e.title for e in matches.without_note] == ["Attention Is All You Need"]
    assert [p.source for p in matches.not_listed] == ["rl/Unlisted.md"]


def test_year_month_headings_and_note_links_anywhere_on_the_line():
    diary = parse("""
        # Paper notes

        Newest first. [[About](about.md)]

        ## 2018

        #### 2018-02

        - Hindsight Experience Replay [[arXiv](https://arxiv.org/abs/1707.01495)] [[notes](notes/her.md)]
        - [Wasserstein GAN](https://arxiv.org/abs/1701.07875) [[notes](notes/wgan.md)]
        - A paper read without notes [[arXiv](https://arxiv.org/abs/1706.03762)]

        #### 2018-01-14

        - Deep Sets [notes](notes/deep-sets.md)

        ## 2017

        #### Dec 2017

        * [Mastering Chess by Self-Play](notes/alphazero.md)

        ## License

        - Not an entry [[notes](notes/x.md)]
    """)
    got = [(e.title, e.target, e.date.iso()) for e in diary.entries]
    assert got == [
        ("Hindsight Experience Replay", "notes/her.md", "2018-02"),
        ("Wasserstein GAN", "notes/wgan.md", "2018-02"),
        ("A paper read without notes", "", "2018-02"),
        ("Deep Sets", "notes/deep-sets.md", "2018-01-14"),
        ("Mastering Chess by Self-Play", "notes/alphazero.md", "2017-12"),
    ]
    assert diary.diagnostics == []


def test_months_with_words_after_them_and_groups_under_plain_labels():
    diary = parse("""
        # Reading list

        #### 2016-12

        NLP
        - [Pointer Networks](notes/pointer.md)
        - [Sequence Level Training](notes/mixer.md)

        **Vision**
        - [Deep Sets](notes/deep%20sets.md)

        #### 2016-11 (ICLR Edition)

        Reinforcement learning
        - [Learning to Act](<notes/act [v2]: why?.md>)
        - [Bloom Filters](notes/bloom.md)
        Vision
        - [PixelCNN++](notes/pixelcnn++.md)

        ```markdown
        #### Not a month, in a code block
        - [Inside a fence](notes/fenced.md)
        ```

        #### November 2015, before the blog

        - [Old One](notes/old.md)

        ## License
    """)
    got = [(e.title, e.target, e.date.iso(), e.description) for e in diary.entries]
    assert got == [
        ("Pointer Networks", "notes/pointer.md", "2016-12", ""),
        ("Sequence Level Training", "notes/mixer.md", "2016-12", ""),
        ("Deep Sets", "notes/deep%20sets.md", "2016-12", ""),
        ("Learning to Act", "notes/act [v2]: why?.md", "2016-11", ""),
        ("Bloom Filters", "notes/bloom.md", "2016-11", ""),  # "Vision" labels the next group
        ("PixelCNN++", "notes/pixelcnn++.md", "2016-11", ""),
        ("Old One", "notes/old.md", "2015-11", ""),
    ]
    assert diary.diagnostics == []


def test_odd_note_names_are_found_by_their_links():
    notes = [
        SourceText("notes/deep sets.md", "# Deep Sets\n"),
        SourceText("notes/act [v2]: why?.md", "# Learning to Act\n"),
        SourceText("notes/Über+.md", "# Über Alles\n"),
    ]
    index = build_index(notes, IndexSettings())
    # A "?" in a link starts its query, as in any URL, unless it is escaped ("%3F").
    diary = parse("""
        ### May 2024
        * [A](notes/deep%20sets.md)
        * [B](<notes/act [v2]: why%3F.md>)
        * [C](/notes/%C3%9Cber+.md)
    """)
    matches = match_list(diary, index)
    assert [(m.paper.source, m.by_title) for m in matches.matched] == [
        ("notes/deep sets.md", False),
        ("notes/act [v2]: why?.md", False),
        ("notes/Über+.md", False),
    ]
