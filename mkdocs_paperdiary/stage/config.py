"""`mkdocs.yml` read the way an engine without plugins reads it, for the staging adapter.

Zensical reads `mkdocs.yml` itself and ignores our plugin entry; this module reads the same
file for the few settings the diary needs (`site.facts.SiteConfig`) and validates the
`paperdiary` entry with the plugin's own schema, so both engines get the same options and the
same messages. It does not load the rest through MkDocs: a Zensical site may name a theme or
extensions MkDocs cannot import. Unknown YAML tags (`!!python/name:...` of a module that is not
installed) are kept as text; `!ENV` and `INHERIT` work as in MkDocs.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pathspec.gitignore import GitIgnoreSpec

from mkdocs_paperdiary.site import registry
from mkdocs_paperdiary.site.config import PaperDiaryConfig
from mkdocs_paperdiary.site.facts import SiteConfig, tags_property

PLUGIN_NAME = "paperdiary"
DEFAULT_EXCLUDE = (".*", "/templates/")  # what MkDocs leaves out of every site


class StageError(Exception):
    """The site cannot be staged; the message is one line for the user."""


@dataclass(frozen=True)
class StagedConfig:
    """The user's config as the staging adapter needs it."""

    path: Path  # the user's mkdocs.yml
    raw: Mapping[str, Any]  # the whole file, INHERIT merged and !ENV resolved
    site: SiteConfig
    options: PaperDiaryConfig
    exclude: GitIgnoreSpec  # docs files no page is made of
    warnings: tuple[str, ...] = ()  # what the plugin schema said of the options


def load(path: Path) -> StagedConfig:
    """Read `path`; a file that is missing, not YAML, or without the plugin raises `StageError`."""
    try:
        raw = _read(path)
    except OSError as error:
        raise StageError(f"cannot read {path}: {error.strerror or error}") from None
    except yaml.YAMLError as error:
        raise StageError(f"{path.name} is not valid YAML: {str(error).splitlines()[0]}") from None
    plugins = _plugins(raw.get("plugins"))
    if PLUGIN_NAME not in plugins:
        raise StageError(f"{path.name} does not use the paperdiary plugin; add it under 'plugins:'")
    options, warnings = _options(plugins[PLUGIN_NAME], path)
    root = path.parent
    docs_dir = (root / str(raw.get("docs_dir") or "docs")).resolve()
    if not docs_dir.is_dir():
        raise StageError(f"{path.name}: docs_dir '{raw.get('docs_dir') or 'docs'}' does not exist")
    site = SiteConfig(
        docs_dir=docs_dir,
        config_file=path.resolve(),
        site_dir=(root / str(raw.get("site_dir") or "site")).resolve(),
        site_url=raw.get("site_url") or None,
        site_name=str(raw.get("site_name") or ""),
        site_description=str(raw.get("site_description") or ""),
        use_directory_urls=raw.get("use_directory_urls", True) is not False,
        mdx_configs=_mdx_configs(raw.get("markdown_extensions")),
        material_tags=tags_property(plugins.items()),
        has_nav=bool(raw.get("nav")),
    )
    exclude = GitIgnoreSpec.from_lines([*DEFAULT_EXCLUDE, *str(raw.get("exclude_docs") or "").splitlines()])
    return StagedConfig(path.resolve(), raw, site, options, exclude, tuple(warnings))


def _read(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=_Loader) or {}  # _Loader is a SafeLoader
    if not isinstance(data, dict):
        raise StageError(f"{path.name} is not a mapping of settings")
    parent = data.pop("INHERIT", None)
    if parent:
        base = _read((path.parent / str(parent)).resolve())
        data = _merge(base, data)
    return data


def _merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """MkDocs' INHERIT: mappings merge key by key, anything else the child's value wins."""
    merged = dict(base)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _entries(value: object) -> list[tuple[object, Any]]:
    """A `plugins:` or `markdown_extensions:` entry as (name or one-key mapping, options) pairs."""
    if isinstance(value, dict):
        return list(value.items())
    return [(item, None) for item in value] if isinstance(value, list) else []


def _plugins(value: object) -> dict[str, dict[str, Any]]:
    """The `plugins:` entry as name -> options, from its list or mapping form."""
    items = _entries(value)
    found: dict[str, dict[str, Any]] = {}
    for item, options in items:
        if isinstance(item, dict):
            for name, inner in item.items():
                found[str(name)] = inner or {}
        else:
            found[str(item)] = options or {}
    return found


def _options(options: dict[str, Any], path: Path) -> tuple[PaperDiaryConfig, list[str]]:
    """The plugin's options through its own schema, with MkDocs' words for what is wrong."""
    config = registry.config_class()(config_file_path=str(path))
    config.load_dict(dict(options))
    errors, warnings = config.validate()
    if errors:
        problems = "; ".join(f"option '{name}': {error}" for name, error in errors)
        raise StageError(f"{path.name}: plugin '{PLUGIN_NAME}' {problems}")
    return config, [f"plugin '{PLUGIN_NAME}' option '{name}': {warning}" for name, warning in warnings]


def _mdx_configs(value: object) -> dict[str, dict[str, Any]]:
    """Each markdown extension's settings by name (only `toc`'s are read, for heading anchors)."""
    configs: dict[str, dict[str, Any]] = {}
    for item, options in _entries(value):
        if isinstance(item, dict):
            configs.update({str(name): dict(inner or {}) for name, inner in item.items()})
        else:
            configs[str(item)] = dict(options or {})
    return configs


class _Loader(yaml.SafeLoader):
    """YAML as MkDocs reads it, without importing what a tag names when it cannot be imported."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`: the first variable set, else the default."""
    names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node)  # type: ignore[arg-type]
    *variables, default = names if len(names) > 1 else (*names, None)
    for name in variables:
        if str(name) in os.environ:
            return yaml.safe_load(os.environ[str(name)]) if os.environ[str(name)] else os.environ[str(name)]
    return default


def _python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    """`!!python/name:module.attr`: the object when it imports (a toc slugify), else the text."""
    module, _, attr = suffix.rpartition(".")
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError, ValueError):
        return f"!!python/name:{suffix}"


def _other(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_Loader.add_multi_constructor("!", _other)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _other)
