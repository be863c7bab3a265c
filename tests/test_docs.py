"""The documentation site tells the truth about the code: every option and command has help, the
generated references name them all, the README stays short, and the changelog's version is the code's."""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError

from mkdocs_paperdiary import __version__
from mkdocs_paperdiary.cli import reference as cli_reference
from mkdocs_paperdiary.cli.main import build_parser
from mkdocs_paperdiary.site import reference as config_reference
from mkdocs_paperdiary.site.config import LlmConfig, PaperDiaryConfig
from mkdocs_paperdiary.site.registry import config_class

ROOT = Path(__file__).resolve().parents[1]
HOOK = ROOT / "docs" / "hooks" / "reference.py"


class WithAnUndocumentedOption(PaperDiaryConfig):
    """What another option added without its help line looks like to the reference."""

    shiny = c.Type(bool, default=False)


class WithADocumentedOption(PaperDiaryConfig):
    shiny = c.Choice(("a", "b"), default="a")
    """Make it shine."""


def every_option_name() -> list[str]:
    """The plugin's options as MkDocs validates them, with the `llm:` block's keys as `llm.KEY`."""
    names = [name for name, _ in base.get_schema(config_class())]
    return names + [f"llm.{name}" for name, _ in base.get_schema(LlmConfig)]


def test_every_option_has_its_help_in_the_code() -> None:
    assert config_reference.missing_help() == []


def test_an_option_added_without_help_is_named() -> None:
    assert config_reference.missing_help(WithAnUndocumentedOption) == ["shiny"]


def test_an_option_documented_below_itself_is_read_with_its_values() -> None:
    (general, _, _) = config_reference.sections(WithADocumentedOption)
    shiny = next(option for option in general.options if option.name == "shiny")
    assert (shiny.help, shiny.default, shiny.accepts) == ("Make it shine.", "`a`", "`a`, `b`")


def test_the_configuration_reference_has_every_option_with_its_help_default_and_choices() -> None:
    markdown = config_reference.reference_markdown()
    documented = {option.name: option for section in config_reference.sections() for option in section.options}
    assert sorted(documented) == sorted(every_option_name())
    for name in every_option_name():
        option = documented[name]
        entry = markdown.split(f"### `{name}` ", 1)[1].split("\n### ", 1)[0]
        assert option.help and option.help in entry, name
        assert f"**Default:** {option.default}" in entry, name
    # The accepted values come from the schema itself: a new choice appears without a docs edit.
    schema = dict(base.get_schema(config_class()))
    for name in ("date_order", "paper_header", "backlinks", "diary_order", "device"):
        entry = markdown.split(f"### `{name}` ", 1)[1].split("\n### ", 1)[0]
        assert all(f"`{choice}`" in entry for choice in schema[name].choices), name


def parsers_and_options(parser: argparse.ArgumentParser) -> list[tuple[str, list[str]]]:
    """Every command the parser has, with the options and arguments a user can type, read from argparse."""
    typed = [
        action.option_strings or [action.metavar or action.dest]
        for action in parser._actions
        if not isinstance(action, (argparse._HelpAction, argparse._SubParsersAction))
    ]
    found = [(parser.prog, [name for names in typed for name in names])]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found += parsers_and_options(child)
    return found


def test_every_command_and_argument_has_help() -> None:
    assert cli_reference.missing_help() == []


def test_a_command_or_argument_without_help_is_named() -> None:
    parser = argparse.ArgumentParser(prog="paperdiary")
    commands = parser.add_subparsers(dest="command")
    quiet = commands.add_parser("quiet")
    quiet.add_argument("--loud", help="speak up")
    quiet.add_argument("--mute")
    commands.add_parser("told", help="has its line").add_argument("thing")
    assert cli_reference.missing_help(parser) == [
        "paperdiary quiet",
        "paperdiary quiet --mute",
        "paperdiary told thing",
    ]


def test_the_command_line_reference_has_every_command_and_option() -> None:
    markdown = cli_reference.reference_markdown()
    commands = parsers_and_options(build_parser())
    assert {"paperdiary model download", "paperdiary init", "paperdiary new"} <= {name for name, _ in commands}
    for name, options in commands:
        section = markdown.split(f"## `{name}`\n", 1)[1].split("\n## `", 1)[0]
        for option in options:
            assert re.search(rf"`[^`]*{re.escape(option)}\b", section), f"{name} {option}"


def load_hook():
    spec = importlib.util.spec_from_file_location("docs_reference_hook", HOOK)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_hook_fills_its_markers_and_fails_on_an_unknown_one() -> None:
    hook = load_hook()
    page = SimpleNamespace(file=SimpleNamespace(src_uri="configuration.md"))
    filled = hook.on_page_markdown("# Configuration\n\n<!-- reference:configuration -->\n", page=page)
    assert "### `llm.timeout`" in filled and "reference:" not in filled
    with pytest.raises(PluginError, match="configuration.md: unknown marker 'reference:nothing'"):
        hook.on_page_markdown("<!-- reference:nothing -->\n", page=page)


def test_the_docs_build_strictly_with_the_references_in_them(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert run.returncode == 0, run.stderr
    configuration = (tmp_path / "configuration" / "index.html").read_text(encoding="utf-8")
    for name in every_option_name():
        assert f'id="option-{name.replace(".", "-")}"' in configuration, name
    cli = (tmp_path / "cli" / "index.html").read_text(encoding="utf-8")
    assert "paperdiary model download" in cli and "reference:" not in cli
    assert f">{__version__}</a>" in (tmp_path / "changelog" / "index.html").read_text(encoding="utf-8")


def test_the_readme_is_short_and_runs_the_test_command_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150
    test_command = ".venv/bin/python -m pytest -q -n auto"
    assert f"```bash\n{test_command}\n```" in readme
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for target in re.findall(r"\]\(((?:docs/)?[\w/.-]+\.(?:md|png))\)", readme):
        assert (ROOT / target).exists(), target


def test_the_changelog_and_the_pre_commit_snippet_name_the_code_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    released = re.findall(r"^## \[(\d[^\]]*)\]", changelog, re.MULTILINE)
    assert released and released[0] == __version__
    assert "## [Unreleased]" in changelog.split(f"## [{__version__}]")[0]
    assert f"rev: v{__version__}" in (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
