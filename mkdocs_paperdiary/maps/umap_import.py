"""Import umap without compiling what our maps never use, and with less to compile.

umap imports `pynndescent.NNDescent` at the top of `umap.umap_`, and importing pynndescent
compiles its random-projection trees eagerly: about 25 s of CPU on a machine whose numba cache is
cold (the first build), half of that build's time. A map of up to `projections.EXACT_KNN_MAX`
papers hands UMAP an exact neighbour graph and never makes an NNDescent. So, before umap is
imported, `pynndescent` becomes a stand-in package: its submodules load from their real files
(`sparse` when first read, below), and NNDescent is pynndescent's own class, imported (and
compiled) the first time one is made. Same code, same numbers: only later.

The same goes for `pynndescent.sparse`, which imports `pynndescent.utils`: umap imports only
its table of sparse distances, read for sparse data alone, yet importing it compiles a dozen
heap kernels, about 2 s of a first build (later ones load them from numba's cache). It stays a
stand-in whose code runs where something first reads it. (`pynndescent.distances` cannot: every
fit asks whether the metric is in its table.)

Two more kernels cost every process time for nothing:
- `umap.utils` compiles `tau_rand_int` and `tau_rand` as it is imported (they have signatures)
  and caches neither: about 0.3 s of every build that draws a map. While umap is imported,
  numba's `njit` adds `cache=True` to umap's kernels that give a signature (when numba has a
  cache folder), so a later process loads them.
- `compute_membership_strengths` is compiled for threads (`parallel=True`), about 1 s of a
  first build, yet it always runs on one: umap sets `n_jobs=1` when given a `random_state`, and
  every map has a seed. Each of its entries is computed on its own (no sum over a loop), so the
  same function compiled for one thread gives the same bits, and compiles in a third of the
  time. (`smooth_knn_dist`, the other parallel kernel, stays as it is: compiled for one thread
  its bandwidths differ in the last bit on some maps.)
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import types
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

_LOCK = threading.Lock()  # the build and a background compile may both import umap first
_LOAD = threading.RLock()  # loading one deferred module may load another
DEFERRED = {"pynndescent.sparse": "sparse_named_distances"}  # module: the one name umap imports from it


def import_umap() -> types.ModuleType:
    with _LOCK:
        if "umap" not in sys.modules:
            if "pynndescent" not in sys.modules:
                _defer_nndescent()
            with _signed_kernels_cached():
                import umap
            _one_thread_membership(sys.modules["umap.umap_"])
        import umap

    return umap


@contextmanager
def _signed_kernels_cached() -> Iterator[None]:
    """While umap is imported, its kernels compiled on import (those given a signature) are
    cached on disk, where numba has a cache folder (never in site-packages)."""
    import numba

    if not getattr(numba.config, "CACHE_DIR", None):
        yield
        return
    njit = numba.njit

    def cached_njit(*args: Any, **options: Any) -> Any:
        if not args or not isinstance(args[0], str) or "cache" in options:
            return njit(*args, **options)
        return _cached_or_not(njit, args, options)

    numba.njit = cached_njit
    try:
        yield
    finally:
        numba.njit = njit


def _cached_or_not(njit: Callable[..., Any], args: tuple[Any, ...], options: dict[str, Any]) -> Any:
    def decorate(function: Callable[..., Any]) -> Any:
        if not getattr(function, "__module__", "").startswith("umap."):
            return njit(*args, **options)(function)
        try:
            return njit(*args, cache=True, **options)(function)
        except Exception:  # numba found nowhere to cache it: compile it as umap asked
            return njit(*args, **options)(function)

    return decorate


def _one_thread_membership(module: types.ModuleType) -> None:
    """`compute_membership_strengths` compiled for one thread, where umap calls it by name.

    numba keys a cached kernel by its code and types, not by `parallel`: where the cache holds
    the threaded version (an earlier release compiled it), that one loads, with the same numbers."""
    import numba

    kernel = getattr(module, "compute_membership_strengths", None)
    if kernel is None or not kernel.targetoptions.get("parallel"):
        return
    setattr(module, "compute_membership_strengths", numba.njit(kernel.py_func, locals=kernel.locals))  # noqa: B010


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
    for name, table in DEFERRED.items():
        _defer_module(name, table)


def _defer_module(name: str, table: str) -> None:
    """`name` as a module whose code runs when an attribute is first read; umap's one import
    from it, `table`, a mapping that runs it when first read."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)

    def load() -> types.ModuleType:
        with _LOAD:
            if module.__dict__.get("__getattr__") is later:
                del module.__getattr__
                assert spec.loader is not None
                spec.loader.exec_module(module)  # in place: what holds the module sees the real one
        return module

    def later(attribute: str) -> Any:
        if attribute.startswith("__") and attribute != "__all__":  # `from ... import` asks for __path__
            raise AttributeError(attribute)
        try:
            return load().__dict__[attribute]
        except KeyError:
            raise AttributeError(f"module {name!r} has no attribute {attribute!r}") from None

    setattr(module, table, _Table(lambda: getattr(load(), table)))
    module.__getattr__ = later  # type: ignore[method-assign]
    sys.modules[name] = module
    setattr(sys.modules["pynndescent"], name.rpartition(".")[2], module)


class _Table(Mapping[str, Any]):
    """A deferred module's table of functions: reading it runs the module."""

    def __init__(self, real: Callable[[], Mapping[str, Any]]) -> None:
        self._real = real

    def __getitem__(self, key: str) -> Any:
        return self._real()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._real())

    def __len__(self) -> int:
        return len(self._real())


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
