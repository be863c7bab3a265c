"""Import umap without compiling pynndescent's search trees, which our maps never use.

umap imports `pynndescent.NNDescent` at the top of `umap.umap_`, and importing pynndescent
compiles its random-projection trees eagerly: about 25 s of CPU on a machine whose numba cache is
cold (the first build), half of that build's time. A map of up to `projections.EXACT_KNN_MAX`
papers hands UMAP an exact neighbour graph and never makes an NNDescent. So, before umap is
imported, `pynndescent` becomes a stand-in package: its submodules (distances, sparse, utils)
load from their real files as usual, and NNDescent is pynndescent's own class, imported (and
compiled) the first time one is made. Same code, same numbers: only later.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import types
from typing import Any

_LOCK = threading.Lock()  # the build and a background compile may both import umap first


def import_umap() -> types.ModuleType:
    with _LOCK:
        if "umap" not in sys.modules and "pynndescent" not in sys.modules:
            _defer_nndescent()
        import umap

    return umap


def _defer_nndescent() -> None:
    spec = importlib.util.find_spec("pynndescent")
    if spec is None or not spec.submodule_search_locations:
        return  # not a package here: let umap import whatever there is
    package = types.ModuleType("pynndescent")
    package.__spec__ = spec
    package.__path__ = list(spec.submodule_search_locations)
    package.__file__ = spec.origin
    package.NNDescent = NNDescent  # type: ignore[attr-defined]
    package.__getattr__ = _real_attribute  # type: ignore[method-assign]  # PyNNDescentTransformer and the rest
    sys.modules["pynndescent"] = package


def _real_attribute(name: str) -> Any:
    from pynndescent import pynndescent_

    return getattr(pynndescent_, name)


def _real() -> type:
    from pynndescent.pynndescent_ import NNDescent as real

    return real


class _Deferred(type):
    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        return _real()(*args, **kwargs)

    def __instancecheck__(cls, instance: Any) -> bool:
        # umap asks on every fit; until pynndescent's class is imported, nothing can be one
        real = sys.modules.get("pynndescent.pynndescent_")
        return real is not None and isinstance(instance, real.NNDescent)


class NNDescent(metaclass=_Deferred):
    """pynndescent's NNDescent: making one imports it."""
