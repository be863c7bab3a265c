"""`paperdiary fields`: the field report, the first thing to run on an existing diary.

For each field, how many notes have it and where it came from (front matter, which key, the
text, the file name, git); a few notes that miss it; and the config lines that would read more.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import TextIO

from mkdocs_paperdiary.cli.common import count
from mkdocs_paperdiary.cli.project import Project, load_project
from mkdocs_paperdiary.core.fieldreport import FieldReport, field_report
from mkdocs_paperdiary.core.frontmatter import split_front_matter


def add_parser(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    fields = commands.add_parser(
        "fields",
        parents=[common],
        help="report which fields each note gives, and the config that would read more",
        description="For each field (title, date, url, ...): how many notes have it, where it came from, "
        "a few notes that miss it, and the config lines that would fix a common miss.",
    )
    fields.add_argument("--format", choices=("text", "json"), default="text", help="text or json")
    fields.set_defaults(run=run_fields)


def run_fields(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    project = load_project(args.config_file)
    report = project_report(project)
    if args.format == "json":
        json.dump(asdict(report), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(report_text(report, project))
    return 0


def project_report(project: Project) -> FieldReport:
    papers = project.index.papers
    front = {paper.source: split_front_matter(project.sources[paper.source])[0].data for paper in papers}
    return field_report(papers, front, project.plugin.fields)


def report_text(report: FieldReport, project: Project) -> str:
    lines = [f"Fields of {count(report.papers, 'paper')} ({count(len(project.sources), 'page')}):", ""]
    width = len(str(report.papers))
    for found in report.fields:
        origins = ", ".join(f"{origin} {n}" for origin, n in found.origins) or "nowhere"
        lines.append(f"  {found.name:<12} {found.have:>{width}}/{report.papers}  from {origins}")
    misses = [found for found in report.fields if found.missing]
    if misses:
        lines += ["", "Notes without a field (a few of each):"]
        for found in misses:
            more = (
                f" and {found.missing_count - len(found.missing)} more"
                if found.missing_count > len(found.missing)
                else ""
            )
            lines.append(f"  {found.name}: {', '.join(found.missing)}{more}")
    if report.suggestions:
        lines += ["", "Config that would read more (under the paperdiary plugin in mkdocs.yml):", "  fields:"]
        for hint in report.suggestions:
            why = f"{count(hint.notes, 'note')} without {hint.field} keep it here"
            lines.append(f"    {hint.field + ':':<12} {hint.key:<24} # {why}")
    if report.unread:
        keys = ", ".join(f"'{key}' ({n})" for key, n in report.unread)
        lines += ["", f"Front-matter keys most notes carry that nothing reads: {keys}."]
    if not project.plugin.git_dates and any(f.name == "date" and f.missing for f in report.fields):
        lines += ["", "Undated notes could take the day of their first commit: set `git_dates: true`."]
    return "\n".join(lines) + "\n"
