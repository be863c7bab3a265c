"""`paperdiary check`: what a build would warn about, without building."""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from mkdocs_paperdiary.authoring.diarylist import list_diagnostics
from mkdocs_paperdiary.cli.common import count, diagnostic_line, load_diary_list
from mkdocs_paperdiary.cli.project import Project, load_project
from mkdocs_paperdiary.core.diagnostics import Diagnostic


def run_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    project = load_project(args.config_file)
    problems = check_project(project, args.diary_list)
    if args.format == "json":
        json.dump([problem.as_dict() for problem in problems], out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        for problem in problems:
            print(diagnostic_line(problem), file=out)
        print(_check_summary(problems, project), file=out)
    return 1 if any(problem.level == "warning" for problem in problems) else 0


def check_project(project: Project, diary_list: str | None = None) -> list[Diagnostic]:
    """Everything a build would warn about, plus papers missing from a diary list.

    Map computation is left out: its warnings (a model that cannot load) need the map stack.
    """
    problems = list(project.config_warnings)
    if project.plugin.enabled:
        problems += project.plugin_diagnostics()
    if diary_list:
        diary, matches = load_diary_list(diary_list, project)
        problems += list_diagnostics(diary, matches)
    return sorted(set(problems), key=lambda d: (d.source or "", d.line or 0, d.level, d.message))


def _check_summary(problems: list[Diagnostic], project: Project) -> str:
    warnings = sum(problem.level == "warning" for problem in problems)
    infos = len(problems) - warnings
    where = f"{count(len(project.index), 'paper')} ({count(len(project.sources), 'page')})"
    if not problems:
        return f"No problems in {where}."
    return f"{count(warnings, 'warning')}, {count(infos, 'info', 'infos')} in {where}."
