"""Build-time benchmark: the plugin's cost beside a plain MkDocs build of the same site.

For each site it measures, each several times, in fresh processes:
  plain  - the site built without the plugin (the baseline)
  first  - with the plugin and no cache at all (numba compiles UMAP's functions), once
  cold   - with the plugin, no embeddings or maps cached (numba's on-disk cache kept)
  warm   - with the plugin, nothing changed since the last build
  edit   - `mkdocs serve`-style: one paper's description changed, rebuilt by the same process
           (against a plain rebuild of the same edit, also in one process)
and prints medians, ratios to the plain build, and peak memory.

    .venv/bin/python benchmarks/bench_build.py                 # example site + 150 papers
    .venv/bin/python benchmarks/bench_build.py --sizes 150 500 5000 --repeat 3
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

from synthetic import edit_one, write_diary  # noqa: E402

HEAVY = ("torch", "sentence_transformers", "transformers", "umap", "numba", "sklearn")


# ---- child processes: one build each, reporting time, memory and what was imported ----------


def _child_build(config: str) -> dict:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    build(load_config(config_file=config))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": _peak_mb(), "heavy": [m for m in HEAVY if m in sys.modules]}


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
    warming = getattr(getattr(plugin, "_map_builder", None), "_warming", None)
    if warming is not None:
        warming.join()
    warm_up = time.perf_counter() - start
    root = Path(config).parent
    times = []
    for edit in range(edits):
        edit_one(root, number=edit, text=f"edit{edit}")
        start = time.perf_counter()
        build(load_config(config_file=config))
        times.append(time.perf_counter() - start)
    return {
        "seconds": statistics.median(times),
        "peak_mb": _peak_mb(),
        "heavy": [m for m in HEAVY if m in sys.modules],
        "warm_up": warm_up,
    }


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run_child(*args: str) -> dict:
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    wall = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"build failed ({' '.join(args)}):\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    return result


# ---- the benchmark ---------------------------------------------------------------------------


def prepare(workdir: Path, name: str, papers: int | None) -> tuple[Path, Path]:
    """A plugin copy and a plain copy of one site; the example site when `papers` is None."""
    plugin_root, plain_root = workdir / name / "plugin", workdir / name / "plain"
    if papers is None:
        example = HERE.parent / "example_site"
        for root in (plugin_root, plain_root):
            shutil.copytree(example, root, ignore=shutil.ignore_patterns(".cache", "site"))
        config = yaml.safe_load((plain_root / "mkdocs.yml").read_text())
        config["plugins"] = [
            p for p in config["plugins"] if not (p == "paperdiary" or (isinstance(p, dict) and "paperdiary" in p))
        ]
        (plain_root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    else:
        write_diary(plugin_root, papers)
        write_diary(plain_root, papers, plugin=False)
    return plugin_root / "mkdocs.yml", plain_root / "mkdocs.yml"


def measure(name: str, papers: int | None, repeat: int, edits: int, workdir: Path) -> list[dict]:
    plugin, plain = prepare(workdir, name, papers)
    cache = plugin.parent / ".cache"
    rows = {case: [] for case in ("plain", "first", "cold", "warm", "plain edit", "edit")}
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
    rows["plain edit"].append(_run_child("edit", str(plain), str(edits)))
    rows["edit"].append(_run_child("edit", str(plugin), str(edits)))
    base = {"build": statistics.median(r["wall"] for r in rows["plain"]), "edit": rows["plain edit"][0]["seconds"]}
    table = []
    for case, runs in rows.items():
        edit = "edit" in case
        seconds = statistics.median(r["seconds"] if edit else r["wall"] for r in runs)
        baseline = base["edit" if edit else "build"]
        table.append(
            {
                "site": name,
                "case": case,
                "seconds": seconds,
                "ratio": seconds / baseline,
                "extra": seconds - baseline,
                "peak_mb": max(r["peak_mb"] for r in runs),
                "heavy": ",".join(sorted({m for r in runs for m in r["heavy"]})) or "-",
                "note": f"after a {runs[0]['warm_up']:.1f}s background warm-up at serve start"
                if runs[0].get("warm_up", 0) > 0.05
                else "",
            }
        )
    map_page = plugin.parent / "site" / "map" / "index.html"
    if map_page.exists():  # page weight: the HTML with its data, without plotly.js
        warm = next(row for row in table if row["case"] == "warm")
        warm["note"] = (
            f"map page {map_page.stat().st_size / 1024:.0f} KB of HTML and data (target < 150 KB at 150 papers)"
        )
    return table


def print_table(rows: list[dict]) -> None:
    header = f"{'site':<14} {'case':<11} {'median s':>9} {'x plain':>8} {'+s':>7} {'peak MB':>8}  heavy imports"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['site']:<14} {r['case']:<11} {r['seconds']:>9.2f} {r['ratio']:>8.2f} {r['extra']:>7.2f} {r['peak_mb']:>8.0f}  {r['heavy']}"
        )
        if r.get("note"):
            print(f"{'':<14} {'':<11} ({r['note']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", nargs="*", type=int, default=[150], help="synthetic site sizes (papers)")
    parser.add_argument("--no-example", action="store_true", help="skip the example site")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--edits", type=int, default=3, help="one-paper edits per serve-style run")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args()
    if args.child:
        kind, config, *rest = args.child
        result = _child_build(config) if kind == "build" else _child_edit(config, int(rest[0]))
        print(json.dumps(result))
        return
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="paperdiary-bench-") as tmp:
        sites = ([] if args.no_example else [("example", None)]) + [(f"synthetic-{n}", n) for n in args.sizes]
        for name, papers in sites:
            rows += measure(name, papers, args.repeat, args.edits, Path(tmp))
            print(f"measured {name}", file=sys.stderr)
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
