"""The helpers the tests share: build real MkDocs sites in a temporary folder and look at what
came out, run a `paperdiary` command in-process, run git with a fixed author, parse HTML.

Tests read like a user's story: write a few files, build, read the HTML and the log.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from filelock import FileLock
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

from mkdocs_paperdiary.plugin import internals

PLUGIN_LOGGER = "mkdocs.plugins.paperdiary"
PREFIX = "paperdiary: "


@dataclass
class BuildResult:
    root: Path
    site_dir: Path
    records: list[logging.LogRecord] = field(default_factory=list)
    ok: bool = True
    error: str | None = None
    plugin: Any = None

    def html(self, path: str) -> str:
        return (self.site_dir / path).read_text(encoding="utf-8")

    def index(self) -> dict[str, Any]:
        return json.loads((self.site_dir / "paperdiary.json").read_text(encoding="utf-8"))

    def papers(self) -> dict[str, dict[str, Any]]:
        return {paper["source"]: paper for paper in self.index()["papers"]}

    def log(self, level: int = logging.INFO) -> list[str]:
        """This plugin's log lines as 'LEVEL: message', without the logger prefix."""
        return [
            f"{r.levelname}: {r.getMessage().removeprefix(PREFIX)}"
            for r in self.records
            if r.name == PLUGIN_LOGGER and r.levelno >= level
        ]

    def warnings(self) -> list[str]:
        return [line.removeprefix("WARNING: ") for line in self.log(logging.WARNING)]

    def all_warnings(self) -> list[str]:
        """Every warning MkDocs logged, from any logger (the theme, link checks, plugins)."""
        return [r.getMessage() for r in self.records if r.levelno >= logging.WARNING]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def write_site(root: Path, files: dict[str, str | bytes], config: dict[str, Any] | None = None) -> Path:
    """Write docs files and an mkdocs.yml (plugin on, default theme unless `config` says).

    Maps are off unless `config` names the plugin's settings: they load a model, and only
    the map tests are about them.
    """
    settings: dict[str, Any] = {"site_name": "Test diary", "plugins": [{"paperdiary": {"maps": False}}]}
    settings.update(config or {})
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    for name, content in files.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root / "mkdocs.yml"


def build_config(config_file: Path, strict: bool = False, **overrides: Any):
    return load_config(config_file=str(config_file), strict=strict, **overrides)


def build_site(
    root: Path,
    files: dict[str, str | bytes] | None = None,
    config: dict[str, Any] | None = None,
    strict: bool = False,
    level: int = logging.DEBUG,
    **overrides: Any,
) -> BuildResult:
    """Write (when `files` is given) and build a site in-process, collecting every log record.

    MkDocs checks anchors only when its log is not at DEBUG: pass `level=logging.INFO` to build
    as `mkdocs build` does without `--verbose`.
    """
    config_file = write_site(root, files, config) if files is not None else root / "mkdocs.yml"
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(level)
    result = BuildResult(root=root, site_dir=root / "site")
    try:
        cfg = build_config(config_file, strict=strict, **overrides)
        result.site_dir = Path(cfg.site_dir)
        result.plugin = cfg.plugins.get("paperdiary")
        build(cfg)
    except (Abort, MkDocsException) as error:
        result.ok, result.error = False, str(error)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    result.records = handler.records
    return result


class DirtyServe:
    """The builds `mkdocs serve --dirty` runs, in this process and without the HTTP side: the
    plugin started once for `serve`, then a first build and a dirty rebuild per save, each of a
    freshly loaded config with `site_url` where the server would serve, as MkDocs' serve does.
    The pages it would serve are the files under `site`.

    With `serving`, the plugin is handed a real (unstarted) LiveReloadServer after the first
    build, as serve hands it; a build that asks it for another build (the nav's catch-up) gets
    one, as its build loop would run it.

    MkDocs keeps a plugin that has `on_startup` across the configs a process loads (that is how
    serve keeps it across rebuilds): this server's plugins are its own, swapped in for its builds,
    so the clean builds a test makes beside it get plugins of their own, as in another process."""

    def __init__(
        self, config_file: Path, site: Path, url: str = "http://127.0.0.1:8000/", serving: bool = False
    ) -> None:
        from mkdocs.livereload import LiveReloadServer

        self.config_file, self.site, self.url = config_file, site, url
        self._plugins: dict[str, Any] = {}
        self.server: Any = None
        with self._own_plugins():
            config = self._config()
            config.plugins.on_startup(command="serve", dirty=True)
            build(config, serve_url=url, dirty=True)
            if serving:
                self.server = LiveReloadServer(builder=self.rebuild, host="127.0.0.1", port=0, root=str(site))
                self.server.server_close()  # never serves: only its build flag is used
                config.plugins.on_serve(self.server, config=config, builder=self.rebuild)

    @contextmanager
    def _own_plugins(self) -> Iterator[None]:
        from mkdocs.config.defaults import MkDocsConfig

        option = dict(MkDocsConfig._schema)["plugins"]
        outside, option.plugin_cache = option.plugin_cache, self._plugins
        try:
            yield
        finally:
            option.plugin_cache = outside

    def _config(self) -> Any:
        config = build_config(self.config_file, site_dir=str(self.site))
        config.site_url = self.url
        return config

    def rebuild(self, catch_up: bool = True) -> int:
        """What the server does when it sees a save: a dirty build, then (unless not `catch_up`)
        the builds asked for after it; how many builds ran."""
        builds = 0
        while True:
            if self.server is not None:
                setattr(self.server, internals.WANT_REBUILD, False)  # as its build loop does before building
            with self._own_plugins():
                build(self._config(), serve_url=self.url, dirty=True)
            builds += 1
            if not (catch_up and self.wants_build()):
                return builds

    def wants_build(self) -> bool:
        """Whether the last build asked the server for another one."""
        return self.server is not None and internals.build_asked(self.server)

    def page(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")


def paper(title: str, date: str | None = None, body: str = "Notes.", **front: Any) -> str:
    """A summary file with front matter and a heading, for tests that don't care about inference."""
    meta: dict[str, Any] = {"title": title, **({"date": date} if date is not None else {}), **front}
    return (
        "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n\n# " + title + "\n\n" + body + "\n"
    )


def map_points(page: str) -> int:
    """How many papers the map on `page` (its HTML) shows."""
    found = re.search(r"data-paperdiary='([^']*)'", page)
    assert found, "no map data on the page"
    return len(json.loads(html.unescape(found.group(1)))["points"])


def run_command(capsys: Any, *args: str) -> tuple[int, str, str]:
    """`paperdiary ARGS` in this process: its exit code, what it printed and what it complained."""
    from mkdocs_paperdiary.cli.main import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def git_env() -> dict[str, str]:
    """The environment for git in a test: a fixed author, so no global git config is needed."""
    author = {"NAME": "Diarist", "EMAIL": "d@example.org"}
    return {
        **os.environ,
        **{f"GIT_{who}_{key}": value for who in ("AUTHOR", "COMMITTER") for key, value in author.items()},
    }


@dataclass
class Deployed:
    """What `mkdocs gh-deploy` did, and the gh-pages branch it pushed to a bare remote."""

    run: subprocess.CompletedProcess[str]
    remote: Path

    def _git(self, *args: str) -> str:
        done = subprocess.run(["git", *args], cwd=self.remote, env=git_env(), check=True, capture_output=True)
        return done.stdout.decode()

    def listing(self) -> set[str]:
        return set(self._git("ls-tree", "-r", "--name-only", "gh-pages").split())

    def show(self, path: str) -> str:
        return self._git("show", f"gh-pages:{path}")


def gh_deploy(root: Path, files: dict[str, str | bytes], config: dict[str, Any], *options: str) -> Deployed:
    """Commit a site to a fresh git repository with a bare `origin` and publish it with `mkdocs gh-deploy`."""
    mkdocs = Path(sys.executable).parent / "mkdocs"
    if shutil.which("git") is None or not mkdocs.exists():
        pytest.skip("git or the mkdocs command is not installed")
    remote, work, env = root / "remote.git", root / "work", git_env()
    subprocess.run(["git", "init", "--bare", "-q", str(remote)], check=True)
    write_site(work, files, config)
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "diary"], ["remote", "add", "origin", str(remote)]):
        subprocess.run(["git", *args], cwd=work, env=env, check=True, capture_output=True)
    command = [str(mkdocs), "gh-deploy", "--force", "--no-history", *options]
    return Deployed(subprocess.run(command, cwd=work, env=env, capture_output=True, text=True), remote)


Parser = TypeVar("Parser", bound=HTMLParser)


def parse_html(parser: Parser, page: str) -> Parser:
    """`parser` after it has read the whole page."""
    parser.feed(page)
    parser.close()
    return parser


@dataclass(frozen=True)
class Shared:
    """Things made once per test run and read by every worker of `-n` (the `shared` fixture):
    the exported model, the built sites. Read-only once made: a test that changes one copies it."""

    folder: Path

    def once(self, name: str, make: Callable[[Path], object]) -> Path:
        """folder/name, made by `make(a fresh folder)` for the first worker that asks, while
        the others wait on a file lock; a made thing appears whole, by a rename, or not at all
        (a failed `make` is tried again by the next worker that asks, and fails it too)."""
        path = self.folder / name
        self.folder.mkdir(parents=True, exist_ok=True)
        with FileLock(f"{path}.lock"):
            if not path.exists():
                partial = self.folder / f"{name}.partial"
                shutil.rmtree(partial, ignore_errors=True)
                partial.mkdir()
                make(partial)
                partial.rename(path)
        return path

    def lock(self, name: str) -> FileLock:
        """A lock of this run's, held across the workers, for a step that must happen once."""
        self.folder.mkdir(parents=True, exist_ok=True)
        return FileLock(f"{self.folder / name}.lock")


def export_model(cache: Path) -> Path:
    """`cache` with the default embedding model exported for ONNX Runtime in it, as the first
    build with maps leaves it; nothing is done without the maps extra."""
    from mkdocs_paperdiary.maps.types import MapSettings, maps_available

    if maps_available():
        from mkdocs_paperdiary.maps.cache import MapCache
        from mkdocs_paperdiary.maps.embeddings import Encoder
        from mkdocs_paperdiary.maps.model_source import resolve_model

        Encoder(resolve_model(MapSettings().model), "cpu", cache=MapCache(cache)).load()
    return cache


def seeded_cache(folder: Path, exported: Path) -> Path:
    """A map cache with nothing in it but the exported model, hard-linked from `exported`: a cold
    build without the model's export, which only the tests about exporting need to pay for."""
    folder.mkdir(parents=True, exist_ok=True)
    if (exported / "onnx").is_dir():
        shutil.copytree(exported / "onnx", folder / "onnx", copy_function=os.link)
    return folder


# A small diary of three topics whose papers a reader would group the same way: what the map
# tests embed, and the notes of any test that needs a few real-looking papers.
HOME = "# My paper diary\n\n## Interest areas\n\n<!-- paperdiary:map -->\n"

PAPERS = {
    "rl/PPO.md": paper(
        "Proximal Policy Optimization",
        "2025-05-20",
        description="A clipped surrogate objective keeps policy-gradient updates small and stable.",
    ),
    "rl/SAC.md": paper(
        "Soft Actor-Critic",
        "2025-05-21",
        description="An off-policy actor-critic that maximises reward plus policy entropy.",
    ),
    "rl/DQN.md": paper(
        "Playing Atari with Deep Reinforcement Learning",
        "2025-05-22",
        description="Q-learning with a convolutional network learns Atari games from pixels.",
    ),
    "rl/TRPO.md": paper(
        "Trust Region Policy Optimization",
        "2025-05-23",
        description="Policy updates constrained by a KL-divergence trust region improve monotonically.",
    ),
    "diffusion/DDPM.md": paper(
        "Denoising Diffusion Probabilistic Models",
        "2025-06-01",
        description="Images are generated by learning to reverse a gradual noising process.",
    ),
    "diffusion/DDIM.md": paper(
        "Denoising Diffusion Implicit Models",
        "2025-06-02",
        description="A non-Markovian sampler makes diffusion image generation many times faster.",
    ),
    "diffusion/LDM.md": paper(
        "High-Resolution Image Synthesis with Latent Diffusion Models",
        "2025-06-03",
        description="Running diffusion in an autoencoder's latent space makes image synthesis cheap.",
    ),
    "llm/CoT.md": paper(
        "Chain-of-Thought Prompting Elicits Reasoning",
        "2025-07-01",
        description="Showing worked reasoning steps in the prompt lets large language models solve maths problems.",
    ),
    "llm/SelfConsistency.md": paper(
        "Self-Consistency Improves Chain of Thought Reasoning",
        "2025-07-02",
        description="Sampling many reasoning paths from a language model and voting on the answer beats greedy decoding.",
    ),
    "llm/ToT.md": paper(
        "Tree of Thoughts",
        "2025-07-03",
        description="A language model searches over a tree of partial reasoning steps with lookahead and backtracking.",
    ),
}


def diary(n: int) -> dict[str, str]:
    """A home page with the map and the first `n` papers of `PAPERS`."""
    return {"index.md": HOME, **dict(list(PAPERS.items())[:n])}


def plugin_config(config: dict[str, Any] | None = None) -> Any:
    """The plugin's validated config for a site `write_site` would write with `config`."""
    from mkdocs_paperdiary.site import registry

    plugins = (config or {}).get("plugins", [{"paperdiary": {"maps": False}}])
    options = next(plugin["paperdiary"] for plugin in plugins if isinstance(plugin, dict) and "paperdiary" in plugin)
    validated = registry.config_class()()
    validated.load_dict(options)
    errors, _ = validated.validate()
    assert not errors, errors
    return validated


def read_by_engine(
    files: dict[str, str | bytes], config: dict[str, Any] | None = None, *, links: bool = True
) -> tuple[Any, list[str]]:
    """The index of a site's docs and paperdiary's log lines for them ('LEVEL: message'), from the
    engine's pure functions as the build calls them, without MkDocs: index, links, markers
    (with `links=False`, the index's own lines only)."""
    from mkdocs_paperdiary.core.frontmatter import decode_source
    from mkdocs_paperdiary.core.index import build_index
    from mkdocs_paperdiary.links.analysis import analyse_links
    from mkdocs_paperdiary.site import registry
    from mkdocs_paperdiary.site.config import index_settings, link_settings

    plugin = plugin_config(config)
    sources = [decode_source(name, text if isinstance(text, bytes) else text.encode()) for name, text in files.items()]
    index = build_index(sources, index_settings(plugin, use_directory_urls=True))
    if not links:
        return index, [f"{d.level.upper()}: {d}" for d in index.diagnostics]
    docs = {source.path: source.text for source in sources}
    generated = [page.uri for page in registry.wanted_pages(plugin, registry.SiteFacts(maps_on=False))]
    report = analyse_links(index, docs, link_settings(plugin, {}), generated)
    markers = [problem for source, text in docs.items() for problem in registry.marker_diagnostics(source, text)]
    return index, [f"{d.level.upper()}: {d}" for d in [*index.diagnostics, *report.diagnostics, *markers]]
