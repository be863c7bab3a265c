"""Step 5, pins: a name from `cluster_names` replaces the computed one; names end up unique."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.maps.naming.steps import ClusterLabel, Level, Named


class PinNamer:
    """The diarist's names, by paper key: `cluster_names: {key: name}`."""

    VERSION = 1  # part of the map cache key (see `map_key`)

    def __init__(self, pins: Mapping[str, str]) -> None:
        self.pins = pins

    def __call__(self, level: Level, labels: Sequence[ClusterLabel]) -> Named:
        return apply_pins(labels, level.cluster_of(), self.pins)


def apply_pins(
    labels: Sequence[ClusterLabel], cluster_of: Mapping[str, int], pins: Mapping[str, str]
) -> tuple[list[ClusterLabel], list[Diagnostic]]:
    """Name the cluster holding each pinned paper; the first pin on a cluster wins."""
    out = list(labels)
    pinned_by: dict[int, str] = {}
    notes: list[Diagnostic] = []
    for key, name in pins.items():
        if key not in cluster_of:
            message = f"cluster_names: no paper has the key '{key}', so the name '{name}' is not used."
            notes.append(Diagnostic(None, None, message, "warning", "maps-pin-unknown"))
        elif (c := cluster_of[key]) in pinned_by:
            message = (
                f"cluster_names: '{key}' is in the cluster already named '{out[c].name}' "
                f"by '{pinned_by[c]}'; '{name}' is not used."
            )
            notes.append(Diagnostic(None, None, message, "info", "maps-pin-shared"))
        else:
            pinned_by[c] = key
            out[c] = replace(out[c], name=name, pinned=True)
    return unique_names(out), notes


def unique_names(labels: Sequence[ClusterLabel]) -> list[ClusterLabel]:
    """Number repeated names ("X 2"); pinned names are kept as written where possible."""
    out = list(labels)
    taken: set[str] = set()
    for index in sorted(range(len(out)), key=lambda i: (not out[i].pinned, i)):
        name, number = out[index].name, 2
        while name.casefold() in taken:
            name, number = f"{out[index].name} {number}", number + 1
        taken.add(name.casefold())
        out[index] = replace(out[index], name=name)
    return out
