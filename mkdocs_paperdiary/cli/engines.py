"""`paperdiary build` and `paperdiary serve`: the diary through MkDocs (or ProperDocs), whose
plugin does the work, or through Zensical, which runs no plugin and builds a staged tree."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import TextIO

from mkdocs_paperdiary.cli.common import UsageError
from mkdocs_paperdiary.cli.project import find_config
from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.stage.config import StageError
from mkdocs_paperdiary.stage.engines import SUPPORTED, TESTED, Engine, find_zensical, place_site, supported
from mkdocs_paperdiary.stage.staging import Staged, Stager

ENGINES = ("mkdocs", "properdocs", "zensical")
DEFAULT_ADDR = "localhost:8000"  # where Zensical serves unless told
PLUGIN_ENGINES = {"mkdocs": "mkdocs", "properdocs": "properdocs"}  # engine -> its Python module


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    for name, verb in (("build", "build the site"), ("serve", "serve the site and rebuild it on every save")):
        command = commands.add_parser(
            name,
            parents=[common],
            help=f"{verb} with MkDocs, ProperDocs or Zensical",
            description=f"{verb[0].upper()}{verb[1:]}. With --engine zensical the diary is staged first "
            "(notes with their additions, the generated pages, assets, feed and JSON index, in the plugin's "
            "cache) and Zensical builds the staged tree; the site goes to mkdocs.yml's site_dir.",
        )
        command.add_argument(
            "--engine", choices=ENGINES, default="mkdocs", help="the site generator to run (default: mkdocs)"
        )
        command.add_argument(
            "--strict", "-s", action="store_true", help="fail on warnings, as `mkdocs build --strict` does"
        )
        if name == "serve":
            command.add_argument(
                "--dev-addr", "-a", metavar="IP:PORT", help="where to serve (default: the engine's, localhost:8000)"
            )
        command.set_defaults(run=run_build if name == "build" else run_serve)


def run_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    config_file = _config_file(args.config_file)
    if args.engine in PLUGIN_ENGINES:
        return _plugin_engine(args.engine, ["build", "-f", str(config_file), *(["--strict"] if args.strict else [])])
    engine = _zensical()
    staged = _stage(Stager(config_file, say=lambda line: print(f"INFO    -  paperdiary: {line}", file=err)), err)
    if args.strict and staged.warnings():
        print(f"Aborted with {len(staged.warnings())} warnings in strict mode!", file=err)
        return 1
    done = engine.run(["build", "-f", str(staged.config_file), *(["--strict"] if args.strict else [])], cwd=staged.root)
    if done.returncode != 0:
        said = (done.stdout + done.stderr).strip().splitlines() or ["(no output)"]
        print(
            f"paperdiary build: error: zensical build failed (exit {done.returncode}): {said[-1]}{_named(said[-1], staged)}; "
            f"the staged tree is left at {staged.docs_dir} for a look (your notes were not touched)",
            file=err,
        )
        return 1
    err.write(done.stdout + done.stderr)
    site = staged.config.site
    assert site.site_dir is not None
    place_site(staged.site_dir, site.site_dir, site.docs_dir)
    print(f"paperdiary: built {site.site_dir} with zensical {engine.version}", file=out)
    return 0


def run_serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    config_file = _config_file(args.config_file)
    addr = ["--dev-addr", args.dev_addr] if args.dev_addr else []
    if args.engine in PLUGIN_ENGINES:
        return _plugin_engine(
            args.engine, ["serve", "-f", str(config_file), *addr, *(["--strict"] if args.strict else [])]
        )
    engine = _zensical()
    stager = Stager(config_file, serving=True, say=lambda line: print(f"INFO    -  paperdiary: {line}", file=err))
    staged = _stage(stager, err)
    server = engine.start(["serve", "-f", str(staged.config_file), *addr], cwd=staged.root)
    try:
        _watch(stager, staged, server, err, f"http://{args.dev_addr or DEFAULT_ADDR}/")
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


def _watch(stager: Stager, staged: Staged, server: subprocess.Popen[bytes], err: TextIO, served: str) -> None:
    """Restage on every change under docs_dir or to mkdocs.yml, until the server stops: the saved
    pages first, then the map, then (once the saved pages are served at `served`) a new nav."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    changed = threading.Event()
    watched = (staged.config.site.docs_dir, stager.config_file.resolve())

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type not in ("opened", "closed_no_write"):
                changed.set()

    observer = Observer()
    observer.schedule(Handler(), str(watched[0]), recursive=True)
    observer.schedule(Handler(), str(watched[1].parent), recursive=False)
    observer.start()
    try:
        while server.poll() is None:
            if not changed.wait(timeout=0.5):
                continue
            time.sleep(0.1)  # an editor's save is often a few events
            changed.clear()
            try:
                before = staged.site.urls
                staged = _stage(stager, err, quick=True)  # the saved page first
                new = [url for uri, url in staged.site.urls.items() if uri not in before]
                if staged.behind:
                    staged = _stage(stager, err, hold_config=True)  # then the map
                if staged.held is not None:  # then the nav, which makes Zensical start over
                    _served(served, new, limit=15.0)
                    stager.write_config(staged)
            except StageError as error:
                print(f"paperdiary serve: error: {error}", file=err)
    finally:
        observer.stop()
        observer.join(timeout=10)


def _served(base: str, pages: list[str], limit: float) -> None:
    """Wait until the engine serves each of `pages` (site URLs), for at most `limit` seconds; with
    no new page to ask for, a moment for the engine to rebuild what the save changed."""
    if not pages:
        time.sleep(1.0)
    deadline = time.monotonic() + limit
    for page in pages:
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(base + page, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            time.sleep(0.05)


def _stage(stager: Stager, err: TextIO, *, quick: bool = False, hold_config: bool = False) -> Staged:
    staged = stager.stage(quick=quick, hold_config=hold_config)
    if not staged.behind:  # a staging that another follows at once leaves the warnings to that one
        report(staged.diagnostics, err)
    done = staged.report
    changed = [*done.written, *done.removed]
    named = f": {', '.join(changed)}" if 0 < len(changed) <= 8 else ""
    print(
        f"INFO    -  paperdiary: staged {len(done.written)} changed and {len(done.removed)} removed files "
        f"({done.unchanged} unchanged) in {staged.seconds:.2f} s at {staged.docs_dir}{named}",
        file=err,
    )
    return staged


def report(diagnostics: list[Diagnostic], err: TextIO) -> None:
    """Our warnings, worded as the plugin logs them under MkDocs."""
    for problem in diagnostics:
        if problem.level == "warning":
            print(f"WARNING -  paperdiary: {problem}", file=err)
        elif problem.level == "info":
            print(f"INFO    -  paperdiary: {problem}", file=err)


def _named(message: str, staged: Staged) -> str:
    """For each staged page the engine's message names, where it is and the note it came from."""
    named = []
    for uri in dict.fromkeys(re.findall(r"[\w./ -]+?\.(?:md|markdown|mdown|mkdn|mkd)\b", message)):
        uri = uri.strip().removeprefix(str(staged.docs_dir)).lstrip("/")
        if (staged.docs_dir / uri).is_file():
            named.append(f"staged {staged.docs_dir / uri} is made from {staged.config.site.docs_dir / uri}")
    return f" ({'; '.join(named)})" if named else ""


def _zensical() -> Engine:
    try:
        engine = find_zensical()
    except StageError as error:
        raise UsageError(str(error)) from None
    if engine.version and not supported(engine.version):
        print(
            f"paperdiary: warning: zensical {engine.version} is outside the tested range ({SUPPORTED}, tested with {TESTED})",
            file=sys.stderr,
        )
    return engine


def _plugin_engine(module: str, args: list[str]) -> int:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise UsageError(f"{module} is not installed; install it with: pip install {module}")
    return subprocess.call([sys.executable, "-m", module, *args])


def _config_file(given: str | None) -> Path:
    return Path(find_config(given)).resolve()
