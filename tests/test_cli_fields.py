"""`paperdiary fields`: a new user's first look at what the diary reads, and the config that reads more."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from sitebuilder import run_command, write_site

POSTS = {
    f"_posts/2021-03-0{i + 1}-Post {i}.markdown": (
        f'---\nlayout: paper-summary\ntitle: "Post {i}"\ncategories: paper\n'
        f"link_to_paper: https://arxiv.org/abs/2101.0000{i}\nreading_minutes: 5\n---\nThis paper does {i}.\n"
    )
    for i in range(6)
}
FILES = {"index.md": "# Home\n", **POSTS, "notes/plain.md": "# A Plain Note\n\nIt says nothing of its paper.\n"}


def test_the_report_counts_each_field_names_misses_and_suggests_the_key_most_notes_keep(tmp_path: Path, capsys) -> None:
    config = write_site(tmp_path, FILES)
    status, out, _ = run_command(capsys, "fields", "-f", str(config))
    assert status == 0
    assert "Fields of 7 papers (8 pages):" in out
    assert "  title        7/7  from front matter 6, text 1" in out
    assert "  date         6/7  from file name 6" in out
    assert "  url          0/7  from nowhere" in out
    assert "  date: notes/plain.md\n" in out
    assert "    url:         link_to_paper            # 6 notes without url keep it here" in out
    assert "'reading_minutes' (6)" in out and "'layout'" not in out

    settings = yaml.safe_load(config.read_text("utf-8"))
    settings["plugins"] = [{"paperdiary": {"maps": False, "fields": {"url": "link_to_paper"}}}]
    config.write_text(yaml.safe_dump(settings), "utf-8")
    status, out, _ = run_command(capsys, "fields", "-f", str(config), "--format", "json")
    url = next(found for found in json.loads(out)["fields"] if found["name"] == "url")
    assert (url["have"], url["origins"]) == (6, [["front matter 'link_to_paper'", 6]])
    assert [hint["field"] for hint in json.loads(out)["suggestions"]] == ["tags"]  # "categories"


def test_an_unknown_field_in_the_config_is_an_error_that_names_the_fields(tmp_path: Path, capsys) -> None:
    config = write_site(tmp_path, FILES, {"plugins": [{"paperdiary": {"maps": False, "fields": {"link": "x"}}}]})
    status, _, err = run_command(capsys, "fields", "-f", str(config))
    assert status == 2
    assert "unknown field 'link' (fields are title, date, url, authors, tags, venue, year, description)" in err
