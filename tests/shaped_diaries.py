"""More diaries in the shapes public paper-notes collections are kept in (issue 29), generated
with what each note says so every field the index reads can be checked against it.

They vary as real notes vary: words after a heading, other wordings, missing pieces, CJK text,
odd file names. Each is seeded: the same diary every time. (Kept apart from
`templated_diary.py`, whose helpers they use, so that each module stays short.)
"""

from __future__ import annotations

import datetime as dt
import random

from templated_diary import TOPICS, ShapedDiary, _paper

RATINGS = ["Ranking: ⭐ ⭐ ⭐", "⭐⭐⭐⭐", "Rating: 4/5", "Ranking: ⭐⭐", ""]
AFFILIATIONS = [
    "清华大学，北京大学；张三，李四",
    "Tsinghua University, Alibaba DAMO; Zhang San, Li Si",
    "上海交通大学、复旦大学",
]
ODD_TITLE_ENDINGS = ["", ": a Study", "?", " + More", " [v2]", " (Über)"]


def jekyll_keys_diary(posts: int = 120, seed: int = 7) -> ShapedDiary:
    """Jekyll `.markdown` posts with the blog's own `paper_*` keys, venue and year in one value,
    `;` keyword lists, links that are no link, times with zones, names with spaces, Liquid."""
    rng = random.Random(seed)
    diary = ShapedDiary()
    day = dt.date(2019, 1, 1)
    for number in range(posts):
        p = _paper(rng, list(TOPICS)[number % len(TOPICS)], number)
        day += dt.timedelta(days=rng.choice([1, 2, 5]))
        year_value, p["venue"] = [
            (f"{p['venue']} {p['year']}", f"{p['venue']} {p['year']}"),
            (f"{p['venue']} {p['year']} Preprint", f"{p['venue']} {p['year']} Preprint"),
            (str(p["year"]), None),
            (f"{p['venue']}{p['year']}", f"{p['venue']} {p['year']}"),
        ][number % 4]
        link = p["url"]
        if number % 20 == 7:
            link, p["url"] = ["N/A", '""', p["title"]][number // 20 % 3], None
        dated = number % 3 != 0  # the rest are dated by their file name
        front = [
            "layout: paper-summary",
            f'title: "{p["title"]}"',
            *([f"date: {day.isoformat()} 22:05:00 -0500"] if dated else []),
            "categories: paper",
            f'paper_title: "{p["title"]}"',
            f"paper_link: {link}",
            f"paper_keyword{'s' if number % 2 else ''}: {'; '.join(p['tags'])}",
            f"paper_year: {year_value}",
        ]
        liquid = "{% include figure.html %}\n\n" if number % 5 == 0 else ""
        closing = "---   " if number % 7 == 0 else "---"
        body = f"{liquid}{p['what']} {p['how']}\n\n{{% highlight python %}}\nx = {{{{ y }}}}\n{{% endhighlight %}}\n"
        extension = [".markdown", ".md", ".markdown", ".mdown"][number % 4]
        name = f"_posts/{day.isoformat()}-Post number {number}{extension}"
        diary.files[name] = "---\n" + "\n".join(front) + f"\n{closing}\n{body}"
        p["date"] = day.isoformat()
        diary.truth[name] = p
    return diary


def venue_line_diary(notes: int = 121, seed: int = 9) -> ShapedDiary:
    """Notes in topic folders that open with a link heading of any level, a venue line and a
    rating, then sections; their dates live only in git."""
    rng = random.Random(seed)
    diary = ShapedDiary()
    for number in range(notes):
        topic = list(TOPICS)[number % len(TOPICS)]
        p = _paper(rng, topic, number)
        line, p["venue"] = [
            (f"{p['venue']}{p['year']}", f"{p['venue']} {p['year']}"),
            (f"{p['venue']} {p['year']}", f"{p['venue']} {p['year']}"),
            (f"{p['venue']}{p['year']} Poster", f"{p['venue']} {p['year']} Poster"),
            (f"{p['venue']} {p['year']} (oral)", f"{p['venue']} {p['year']} (oral)"),
        ][number % 4]
        level = "#" * [2, 2, 1, 3][number % 4]
        opening = [
            f"### Introduction and background\n- {p['what']}\n- {p['how']}\n",
            f"{p['what']} {p['how']}\n",
            f"## Summary\n\n{p['what']}\n",
        ][number % 3]
        rating = RATINGS[number % len(RATINGS)]
        text = f"{level} [{p['title']}]({p['url']})\n\n{line}\n\n{rating}\n\n{opening}"
        diary.files[f"{topic}/{number:03d} {p['title'].split()[0]}.md"] = text
        diary.truth[f"{topic}/{number:03d} {p['title'].split()[0]}.md"] = p
    return diary


def named_cjk_diary(notes: int = 100, seed: int = 13) -> ShapedDiary:
    """Notes named `[2024 ECCV] Title.md`, `2020 Title.md` or `(CVPR 2020) Title.md`, with mostly
    Chinese bodies; the H1 repeats the prefix, a line of affiliations and a bare URL line follow."""
    rng = random.Random(seed)
    diary = ShapedDiary()
    for number in range(notes):
        topic = list(TOPICS)[number % len(TOPICS)]
        p = _paper(rng, topic, number)
        p["title"] = f"Paper {number} on {p['tags'][1]}{ODD_TITLE_ENDINGS[number % len(ODD_TITLE_ENDINGS)]}"
        year, venue, title = p["year"], p["venue"], p["title"]
        name, heading, p["venue"] = [
            (f"[{year} {venue}] {title}", f"[{year} {venue}] {title}", f"{venue} {year}"),
            (f"{year} {title}", f"{year} {title}", None),
            (f"({venue} {year}) {title}", title, f"{venue} {year}"),
            (f"[{year} {venue}] {title}", f"{year} {venue} {title}", f"{venue} {year}"),
        ][number % 4]
        p["what"] = f"本文研究了{p['tags'][1]}在第{number}个问题上的效果。"
        body = f"{p['what']}实验表明它更快！\n\n## 方法\n\n细节。\n"
        url = [p["url"], f"<{p['url']}>"][number % 2]
        affiliations = AFFILIATIONS[number % len(AFFILIATIONS)]
        diary.files[f"{topic}/{name}.md"] = f"# {heading}\n\n{affiliations}\n\n{url}\n\n{body}"
        diary.truth[f"{topic}/{name}.md"] = p
    return diary


def grouped_readme_diary(papers: int = 96, seed: int = 17) -> ShapedDiary:
    """A README that lists notes month by month, some month headings with words after them
    (`#### 2016-11 (ICLR Edition)`), entries grouped under plain labels ("NLP", "Vision")."""
    rng = random.Random(seed)
    diary = ShapedDiary()
    readme = ["# Paper notes", "", "What I read, newest first.", ""]
    for month in range(papers // 4):
        year, number = 2018 - month // 12, 12 - month % 12
        after = ["", " (ICLR Edition)", " — a slow month", ""][month % 4]
        readme += [f"#### {year}-{number:02d}{after}", ""]
        for group in ("NLP", "**Vision**") if month % 2 else ("",):
            readme += [group] if group else []
            for _ in range(4 if not group else 2):
                index = len(diary.truth)
                p = _paper(rng, list(TOPICS)[index % len(TOPICS)], index)
                name = f"notes/{index:03d} {p['title'].split()[0]}+.md"
                diary.files[name] = f"# {p['title']}\n\n{p['what']}\n"
                p["month"] = f"{year}-{number:02d}"
                diary.truth[name] = p
                target = name.replace(" ", "%20")
                readme.append(f"- [{p['title']}]({target})")
            if group != "NLP" or month % 4 != 1:  # now and then the next label follows at once
                readme.append("")
    diary.files["README.md"] = "\n".join([*readme, "## License", "", "CC-BY.", ""])
    return diary
