"""The command-line reference, read from the argument parser itself, so it cannot drift.

The docs site renders `reference_markdown()` at build time (`docs/hooks/reference.py`).
"""

from __future__ import annotations

import argparse
import functools
from dataclasses import dataclass

from mkdocs_paperdiary.cli.main import build_parser

WIDTH = 88  # usage lines wrap here, whatever the terminal's width


@dataclass(frozen=True)
class ArgumentDoc:
    names: str  # `--topic, -t`, or `title` for a positional argument
    value: str  # what follows an option (`SECONDS`, `{text,json}`); "" for a flag
    help: str


@dataclass(frozen=True)
class CommandDoc:
    name: str  # `paperdiary model download`
    help: str  # the line the parent command's help lists it with; "" for `paperdiary` itself
    description: str
    usage: str
    arguments: tuple[ArgumentDoc, ...]
    parent: bool  # it has commands of its own, listed after it


def commands(parser: argparse.ArgumentParser | None = None, help: str = "") -> list[CommandDoc]:
    """The command and every command below it, depth first, in the order the parser lists them."""
    parser = parser or build_parser()
    parser.formatter_class = functools.partial(argparse.HelpFormatter, width=WIDTH)
    children = _subcommands(parser)
    arguments = tuple(
        ArgumentDoc(
            ", ".join(action.option_strings) or str(action.metavar or action.dest), _value(action), action.help or ""
        )
        for action in parser._actions
        if not isinstance(action, (argparse._HelpAction, argparse._SubParsersAction))
    )
    doc = CommandDoc(
        parser.prog, help, parser.description or "", parser.format_usage().strip(), arguments, bool(children)
    )
    return [doc, *(command for name, (child, line) in children.items() for command in commands(child, line))]


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, tuple[argparse.ArgumentParser, str]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            lines = {choice.dest: choice.help or "" for choice in action._choices_actions}
            return {name: (child, lines.get(name, "")) for name, child in action.choices.items()}
    return {}


def _value(action: argparse.Action) -> str:
    if not action.option_strings or action.nargs == 0:
        return ""
    if action.metavar is not None:
        return str(action.metavar)
    if action.choices is not None:
        return "{" + ",".join(map(str, action.choices)) + "}"
    return action.dest.upper()


def missing_help(parser: argparse.ArgumentParser | None = None) -> list[str]:
    """The commands and arguments that have no help text, named as a user types them."""
    missing = []
    for index, command in enumerate(commands(parser)):
        if index and not command.help:
            missing.append(command.name)
        missing += [f"{command.name} {argument.names}" for argument in command.arguments if not argument.help]
    return missing


def reference_markdown() -> str:
    """The Command line page's reference: each command's usage, what it does, and its arguments."""
    parts = []
    for command in commands():
        parts.append(f"## `{command.name}`\n")
        if command.help:
            parts.append(f"{_sentence(command.help)}\n")
        if command.description and command.description != command.help:
            parts.append(f"{command.description}\n")
        parts.append(f"```text\n{command.usage}\n```\n")
        if command.arguments:
            rows = [f"| `{_typed(argument)}` | {_cell(argument.help)} |" for argument in command.arguments]
            parts.append("| argument | what it does |\n| --- | --- |\n" + "\n".join(rows) + "\n")
    return "\n".join(parts)


def _typed(argument: ArgumentDoc) -> str:
    return f"{argument.names} {argument.value}" if argument.value else argument.names


def _sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
