"""The configuration reference, read from the typed schema and the page kinds, so it cannot drift.

Each option's help is the docstring on the line below it in `config.py` (the convention
mkdocstrings reads), or, for the options a page kind makes in code, what `described` gave it.
The docs site renders `reference_markdown()` at build time (`docs/hooks/reference.py`).
"""

from __future__ import annotations

import ast
import inspect
import json
import textwrap
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from mkdocs.config import base
from mkdocs.config import config_options as c

from mkdocs_paperdiary.site.config import (
    DEFAULT_FEED,
    ClusterCount,
    LlmBlock,
    LlmConfig,
    Number,
    OffChoice,
    PagePath,
    PaperDiaryConfig,
    Refused,
)
from mkdocs_paperdiary.site.kinds.base import PageKind
from mkdocs_paperdiary.site.registry import KINDS, config_class


@dataclass(frozen=True)
class OptionDoc:
    name: str  # as written in mkdocs.yml; `llm.model` for the `llm:` block's keys
    type: str
    default: str  # as YAML would write it
    accepts: str
    help: str  # "" when the code gives none


@dataclass(frozen=True)
class Section:
    title: str
    options: tuple[OptionDoc, ...]


def sections(schema: type[PaperDiaryConfig] | None = None, kinds: tuple[PageKind, ...] = KINDS) -> tuple[Section, ...]:
    """Every option of the plugin (`schema`, by default the one the build uses), in three groups:
    the general options, the generated pages' (from `kinds`), and the `llm:` block's."""
    schema = schema or config_class()
    options = dict(base.get_schema(schema))
    kind_names = [name for kind in kinds for name in kind.options() if name in options]
    general = [name for name in options if name not in kind_names]
    return (
        Section("General", tuple(describe(name, options[name], schema) for name in general)),
        Section("Generated pages", tuple(describe(name, options[name], schema) for name in kind_names)),
        Section(
            "The `llm:` block",
            tuple(describe(f"llm.{name}", option, LlmConfig) for name, option in base.get_schema(LlmConfig)),
        ),
    )


def missing_help(schema: type[PaperDiaryConfig] | None = None) -> list[str]:
    """The options whose help the code does not give."""
    return [option.name for section in sections(schema) for option in section.options if not option.help]


def describe(name: str, option: c.BaseConfigOption, schema: type[base.Config]) -> OptionDoc:
    kind, accepts = _kind_and_accepts(option)
    key = name.rpartition(".")[2]
    text = getattr(option, "help", None) or attribute_docs(schema).get(key, "")
    return OptionDoc(name, kind, _default(name, option), accepts, " ".join(text.split()))


def attribute_docs(schema: type) -> dict[str, str]:
    """The docstrings written below the attributes of a class and of the classes it extends."""
    docs: dict[str, str] = {}
    for cls in reversed(schema.__mro__):
        if not issubclass(cls, base.Config) or cls is base.Config:
            continue
        try:
            source = inspect.getsource(cls)
        except (OSError, TypeError):  # made at run time (`registry.config_class`): no source of its own
            continue
        docs.update(_docstrings_below(textwrap.dedent(source)))
    return docs


@cache
def _docstrings_below(source: str) -> dict[str, str]:
    body = ast.parse(source).body[0]
    assert isinstance(body, ast.ClassDef)
    docs = {}
    for assignment, following in pairwise(body.body):
        if (
            isinstance(assignment, ast.Assign)
            and isinstance(assignment.targets[0], ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[assignment.targets[0].id] = following.value.value
    return docs


def _kind_and_accepts(option: c.BaseConfigOption) -> tuple[str, str]:
    """What the option holds, and the values it accepts; an option class not named here is a bug."""
    if isinstance(option, c.Optional):
        kind, accepts = _kind_and_accepts(option.option)
        return kind, f"{accepts}, or unset"
    if isinstance(option, OffChoice):
        return "choice", _choices(option.choices) + " (false means `off`)"
    if isinstance(option, c.Choice):
        return "choice", _choices(option.choices)
    if isinstance(option, PagePath):
        return "path", f'a path ending in `{option.suffix}`, or `""` (or false) to turn it off'
    if isinstance(option, Number):
        return ("integer" if option.kind is int else "number"), option._wanted()
    if isinstance(option, ClusterCount):
        return "`auto` or integer", "`auto`, or a whole number from 1 to 50"
    if isinstance(option, LlmBlock):
        return "mapping", "the `llm.*` keys below"
    if isinstance(option, Refused):
        return "refused", "none: setting it fails the config"
    if isinstance(option, c.Deprecated):
        return "old name", f"what `{option.moved_to}` accepts (a warning names it)"
    if isinstance(option, c.ListOfItems):
        item = _kind_and_accepts(option.option_type)[0]
        return f"list of {item}s", f"a list of {item}s"
    if isinstance(option, c.DictOfItems):
        item = _kind_and_accepts(option.option_type)[0]
        return f"mapping to {item}s", f"a mapping of names to {item}s"
    if isinstance(option, c.Type):
        names = {bool: "boolean", str: "string", int: "integer", float: "number"}
        types = option._type if isinstance(option._type, tuple) else (option._type,)
        kind = " or ".join(names[t] for t in types)
        return kind, "`true` or `false`" if bool in types else f"a {kind}"
    raise TypeError(f"the configuration reference cannot describe {type(option).__name__}; add it here")


def _choices(choices: object) -> str:
    return ", ".join(f"`{choice}`" for choice in choices)  # type: ignore[attr-defined]


def _default(name: str, option: c.BaseConfigOption) -> str:
    if name == "feed":
        return f"unset (`{DEFAULT_FEED}`)"
    if option.default is None:
        return "unset"
    if isinstance(option.default, str) and option.default:
        return f"`{option.default}`"
    return f"`{json.dumps(option.default, ensure_ascii=False)}`"


def anchor(option: OptionDoc) -> str:
    return "option-" + option.name.replace(".", "-")


def reference_markdown() -> str:
    """The Configuration page's reference: a table of every option, then each with its type, default, values and help."""
    everything = [option for section in sections() for option in section.options]
    rows = [f"| [`{option.name}`](#{anchor(option)}) | {option.default} |" for option in everything]
    parts = ["| option | default |\n| --- | --- |\n" + "\n".join(rows) + "\n"]
    for section in sections():
        parts.append(f"## {section.title}\n")
        for option in section.options:
            parts.append(
                f"### `{option.name}` {{ #{anchor(option)} }}\n\n{option.help}\n\n"
                f"- **Type:** {option.type}\n- **Default:** {option.default}\n- **Accepts:** {option.accepts}\n"
            )
    return "\n".join(parts)
