"""Build-time benchmark: the plugin's cost beside a plain MkDocs build of the same site.

For each site it measures, in fresh processes:
  plain   - the site built without the plugin (the baseline), alternating with `warm`
  first   - with the plugin on a clean machine: no embeddings, maps or numba code cached, once;
            the packaged model, exported to ONNX through torch in this build
  first hub - the same, with the model as the Hub publishes it (its own `onnx/model.onnx`, here
            exported by this script beforehand): what `paperdiary model download` leaves
  cold    - no embeddings or maps cached (numba's on-disk code kept)
  warm    - nothing changed since the last build
  add one - one new paper written, then `mkdocs build` in a fresh process with the cache of the
            last build present (the diarist's daily step; CI with the cache restored), against a
            plain build of the same site with the same new paper
  edit    - `mkdocs serve`-style: one paper's text changed, rebuilt by the same process
            (against a plain rebuild of the same edit, also in one process)
and prints medians, ratios to the plain build, the child's CPU seconds and its peak memory.

Sites: `example` (example_site/, Material), `real-N` (N realistic notes, see realistic.py,
Material) and `synthetic-N` (one-line stubs, default theme, see synthetic.py).

    .venv/bin/python benchmarks/bench_build.py --quick        # example + real-130, about 5 minutes
    .venv/bin/python benchmarks/bench_build.py                # example, real-130, real-600
    .venv/bin/python benchmarks/bench_build.py --sites synthetic-5000 --repeat 1 --edits 2
    .venv/bin/python benchmarks/bench_build.py --sites real-130 --cases add   # only: add one paper, fresh process
    .venv/bin/python benchmarks/bench_build.py --sites real-130 --cases first --repeat 1   # only: clean machine

Wall times on a shared machine drift; the ratios compare builds run right after one another.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_serve import SERVE_CASES, measure_serve  # noqa: E402 - after the path insert
from realistic import add_real_paper, edit_real, write_real_diary  # noqa: E402
from synthetic import edit_one, write_diary  # noqa: E402

HEAVY = ("torch", "sentence_transformers", "transformers", "umap", "numba", "sklearn")


# ---- child processes: one build each, reporting time, memory and what was imported ----------


def _child_build(config: str) -> dict:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    build(load_config(config_file=config))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, **_usage()}


def _child_edit(config: str, edits: int) -> dict:
    """Build once, then change one description and rebuild, `edits` times, like `mkdocs serve`."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    first = load_config(config_file=config)
    # serve calls on_startup once; MkDocs then keeps the same plugin object for every rebuild
    first.plugins.on_startup(command="serve", dirty=False)
    build(first)
    # A cached first build loads no model; the plugin then loads it in the background while the
    # diarist writes. Wait for that here (and report how long it took) before the timed edits.
    start = time.perf_counter()
    plugin = first.plugins.get("paperdiary")
    warming = getattr(getattr(plugin, "map_builder", None), "_warming", None)
    if warming is not None:
        warming.join()
    warm_up = time.perf_counter() - start
    root = Path(config).parent
    times = []
    for edit in range(edits):
        _edit(root, edit)
        start = time.perf_counter()
        build(load_config(config_file=config))
        times.append(time.perf_counter() - start)
    return {"seconds": statistics.median(times), **_usage(), "warm_up": warm_up}


def compile_plugin() -> None:
    """Write the plugin's bytecode before measuring, so each child imports it as an installed copy
    does. Under PYTHONDONTWRITEBYTECODE (set in some CI and agent shells) a checkout has none, and
    every child would compile the plugin's hundred modules from source: about 55 ms a build (4% of
    a warm build at 127 notes) that plain MkDocs, imported from its installed bytecode, never pays."""
    import compileall

    import mkdocs_paperdiary

    compileall.compile_dir(Path(mkdocs_paperdiary.__file__).parent, quiet=1)


def _usage() -> dict:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "peak_mb": usage.ru_maxrss / 1024,
        "cpu": usage.ru_utime + usage.ru_stime,
        "heavy": [m for m in HEAVY if m in sys.modules],
    }


def _run_child(*args: str) -> dict:
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore", "NO_MKDOCS_2_WARNING": "1"},
    )
    wall = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"build failed ({' '.join(args)}):\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    return result


# ---- the sites -------------------------------------------------------------------------------


def prepare(workdir: Path, name: str) -> tuple[Path, Path]:
    """A plugin copy and a plain copy of one site (see the module docstring for the names)."""
    plugin_root, plain_root = workdir / name / "plugin", workdir / name / "plain"
    kind, _, size = name.partition("-")
    if kind == "example":
        example = HERE.parent / "example_site"
        for root in (plugin_root, plain_root):
            shutil.copytree(example, root, ignore=shutil.ignore_patterns(".cache", "site"))
        config = yaml.safe_load((plain_root / "mkdocs.yml").read_text())
        config["plugins"] = [
            p for p in config["plugins"] if not (p == "paperdiary" or (isinstance(p, dict) and "paperdiary" in p))
        ]
        (plain_root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    elif kind == "real":
        write_real_diary(plugin_root, int(size))
        write_real_diary(plain_root, int(size), plugin=False)
    elif kind == "synthetic":
        write_diary(plugin_root, int(size))
        write_diary(plain_root, int(size), plugin=False)
    else:
        raise SystemExit(f"unknown site {name!r}: use example, real-N or synthetic-N")
    return plugin_root / "mkdocs.yml", plain_root / "mkdocs.yml"


def _add_paper(root: Path, number: int) -> None:
    if (root / "docs" / "about.md").exists() or any((root / "docs").rglob("*-*.md")):
        add_real_paper(root, number=90_000 + number, seed=number)  # example and real sites
    else:
        edit_one(root, number=number, text="added")  # synthetic: a stand-in, one text changed


def _edit(root: Path, number: int) -> None:
    if any((root / "docs").rglob("P0*.md")):
        edit_one(root, number=number, text=f"edit{number}")
    else:
        edit_real(root, number=number, text=f"edit{number}")


# ---- the benchmark ---------------------------------------------------------------------------

CASES = ("plain", "first", "first hub", "cold", "warm", "plain add", "add one", "plain edit", "edit")


def measure(name: str, repeat: int, edits: int, workdir: Path, cases: str) -> list[dict]:
    plugin, plain = prepare(workdir, name)
    rows: dict[str, list[dict]] = {case: [] for case in CASES}
    if cases in ("all", "build"):
        measure_builds(plugin, plain, repeat, edits, rows)
    if cases == "warm":
        measure_warm(plugin, plain, repeat, rows)
    if cases == "add":
        measure_add(plugin, plain, repeat, rows)
    if cases == "first":
        measure_first(plugin, plain, repeat, rows)
    if cases in ("all", "serve") and edits and name.startswith("real-"):
        measure_serve(plugin, plain, edits, rows)
    return _table(name, rows, plugin.parent / "site" / "map" / "index.html")


def measure_builds(plugin: Path, plain: Path, repeat: int, edits: int, rows: dict[str, list[dict]]) -> None:
    cache = plugin.parent / ".cache"
    if (hub := _hub_config(plugin)) is not None:
        shutil.rmtree(cache, ignore_errors=True)
        rows["first hub"].append(_run_child("build", str(hub)))
    shutil.rmtree(cache, ignore_errors=True)
    rows["first"].append(_run_child("build", str(plugin)))  # nothing cached, numba compiles UMAP
    for _ in range(repeat):
        for results in cache.glob("plugin/paperdiary/maps-v*"):
            shutil.rmtree(results)  # embeddings and maps gone; numba's compiled code stays
        rows["cold"].append(_run_child("build", str(plugin)))
    for _ in range(repeat):
        # Plain and warm alternate, right after one another: on a shared machine, drift (and
        # the disk still flushing a cold build's output) then weighs on both alike.
        rows["plain"].append(_run_child("build", str(plain)))
        rows["warm"].append(_run_child("build", str(plugin)))
    for number in range(repeat):
        for root in (plain.parent, plugin.parent):
            _add_paper(root, number)
        rows["plain add"].append(_run_child("build", str(plain)))
        rows["add one"].append(_run_child("build", str(plugin)))
    if edits:
        rows["plain edit"].append(_run_child("edit", str(plain), str(edits)))
        rows["edit"].append(_run_child("edit", str(plugin), str(edits)))


def measure_warm(plugin: Path, plain: Path, repeat: int, rows: dict[str, list[dict]]) -> None:
    """Only the warm builds against plain ones (after one build that fills the cache, not timed)."""
    _run_child("build", str(plugin))
    for _ in range(repeat):
        rows["plain"].append(_run_child("build", str(plain)))
        rows["warm"].append(_run_child("build", str(plugin)))


def measure_add(plugin: Path, plain: Path, repeat: int, rows: dict[str, list[dict]]) -> None:
    """Only the add-one-paper builds against plain ones (after one build that fills the cache, not timed)."""
    _run_child("build", str(plugin))
    for number in range(repeat):
        for root in (plain.parent, plugin.parent):
            _add_paper(root, number)
        rows["plain add"].append(_run_child("build", str(plain)))
        rows["add one"].append(_run_child("build", str(plugin)))


def measure_first(plugin: Path, plain: Path, repeat: int, rows: dict[str, list[dict]]) -> None:
    """Only first builds on a clean cache (the Hub's graph, then the packaged model), each beside
    a plain build, `repeat` times."""
    cache = plugin.parent / ".cache"
    hub = _hub_config(plugin)
    for _ in range(repeat):
        rows["plain"].append(_run_child("build", str(plain)))
        if hub is not None:
            shutil.rmtree(cache, ignore_errors=True)
            rows["first hub"].append(_run_child("build", str(hub)))
        shutil.rmtree(cache, ignore_errors=True)
        rows["first"].append(_run_child("build", str(plugin)))


def _hub_config(plugin: Path) -> Path | None:
    """A copy of `plugin`'s config whose model is a folder as the Hub publishes it: the packaged
    files but the weights, and an ONNX graph (exported here, in a child process, once)."""
    from mkdocs_paperdiary.maps.model_source import PUBLISHED_GRAPH as PUBLISHED
    from mkdocs_paperdiary.maps.model_source import bundled_model
    from mkdocs_paperdiary.maps.onnx_encoder import WEIGHTS

    packaged = bundled_model()
    if packaged is None:
        return None
    folder = plugin.parent.parent / "hub-model"
    if not (folder / PUBLISHED).is_file():
        for file in packaged.rglob("*"):
            if file.is_file() and file.name != WEIGHTS:
                (folder / file.relative_to(packaged)).parent.mkdir(parents=True, exist_ok=True)
                (folder / file.relative_to(packaged)).symlink_to(file)
        (folder / PUBLISHED).parent.mkdir(exist_ok=True)
        export = "import sys; from pathlib import Path; from mkdocs_paperdiary.maps.onnx_encoder import export;"
        export += "Path(sys.argv[2]).write_bytes(export(Path(sys.argv[1])))"
        subprocess.run([sys.executable, "-c", export, str(packaged), str(folder / PUBLISHED)], check=True)
    config = yaml.safe_load(plugin.read_text())
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "paperdiary" in entry:
            entry["paperdiary"] = {**(entry["paperdiary"] or {}), "model": str(folder)}
        elif entry == "paperdiary":
            config["plugins"][config["plugins"].index(entry)] = {"paperdiary": {"model": str(folder)}}
    hub = plugin.with_name("mkdocs-hub.yml")
    hub.write_text(yaml.safe_dump(config, sort_keys=False))
    return hub


def _table(name: str, rows: dict[str, list[dict]], map_page: Path) -> list[dict]:
    def median(case: str, field: str) -> float:
        return statistics.median(r[field] for r in rows[case])

    def seconds(case: str) -> float:
        return median(case, "seconds" if "edit" in case else "wall")

    baseline = dict.fromkeys(("plain", "first", "first hub", "cold", "warm"), "plain")
    baseline.update(
        {"plain add": "plain add", "add one": "plain add", "plain edit": "plain edit", "edit": "plain edit"}
    )
    baseline.update({case: f"plain {case}" for case in SERVE_CASES} | {f"plain {c}": f"plain {c}" for c in SERVE_CASES})
    table = []
    for case, runs in rows.items():
        if not runs:
            continue
        base = baseline[case]
        row = {
            "site": name,
            "case": case,
            "seconds": seconds(case),
            "ratio": seconds(case) / seconds(base),
            "extra": seconds(case) - seconds(base),
            "cpu": median(case, "cpu"),
            "cpu_ratio": median(case, "cpu") / max(median(base, "cpu"), 0.01),
            "peak_mb": max(r["peak_mb"] for r in runs),
            "heavy": ",".join(sorted({m for r in runs for m in r.get("heavy", [])})) or "-",
            "note": "",
        }
        if runs[0].get("warm_up", 0) > 0.05:
            row["note"] = f"after a {runs[0]['warm_up']:.1f}s background warm-up at serve start"
        table.append(row)
    if map_page.exists() and rows["warm"]:  # page weight: the HTML with its data, without plotly.js
        warm = next(row for row in table if row["case"] == "warm")
        warm["note"] = f"map page {map_page.stat().st_size / 1024:.0f} KB of HTML and data"
    return table


def print_table(rows: list[dict]) -> None:
    header = (
        f"{'site':<15} {'case':<17} {'median s':>9} {'x plain':>8} {'+s':>7} {'cpu s':>7} {'cpu x':>6} {'peak MB':>8}"
        "  heavy imports"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['site']:<15} {r['case']:<17} {r['seconds']:>9.2f} {r['ratio']:>8.2f} {r['extra']:>7.2f}"
            f" {r['cpu']:>7.2f} {r['cpu_ratio']:>6.2f} {r['peak_mb']:>8.0f}  {r['heavy']}"
        )
        if r.get("note"):
            print(f"{'':<15} {'':<17} ({r['note']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--sites", nargs="*", default=["example", "real-130", "real-600"], help="sites to measure")
    parser.add_argument("--quick", action="store_true", help="example and real-130 only, 3 runs, 1 edit")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--edits", type=int, default=3, help="one-paper edits per serve-style run (0: none)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    parser.add_argument(
        "--cases",
        choices=("all", "build", "warm", "add", "first", "serve"),
        default="all",
        help="builds, warm builds only, add-one-paper builds only, first builds only, real `mkdocs serve` saves, or all",
    )
    args = parser.parse_args()
    if args.child:
        kind, config, *rest = args.child
        result = _child_build(config) if kind == "build" else _child_edit(config, int(rest[0]))
        print(json.dumps(result))
        return
    if args.quick:
        args.sites, args.repeat, args.edits = ["example", "real-130"], 3, 1
    compile_plugin()
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="paperdiary-bench-") as tmp:
        for name in args.sites:
            rows += measure(name, args.repeat, args.edits, Path(tmp), args.cases)
            print(f"measured {name}", file=sys.stderr)
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
