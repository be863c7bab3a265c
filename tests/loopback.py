"""Serve a test's HTTP handler on a free port of 127.0.0.1, for the servers that stand in for
the network (`metadata_server.py`, `llm_server.py`); nothing a test does leaves the machine.
`free_port` is the one port probe of the tests."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol, TypeVar


def free_port() -> int:
    """A loopback port nobody listens on now: for a server a test starts, or for a request that
    must find no one there."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served(Protocol):
    url: str


S = TypeVar("S", bound=Served)


def serving(
    state: S, handler: Callable[[S, threading.Event], type[BaseHTTPRequestHandler]]
) -> AbstractContextManager[S]:
    """Serve `handler(state, stopping)` for a `with` block that gets `state`, its `url` set;
    `stopping` is set when the server stops, so a deliberately slow answer ends early."""
    return _serving(state, handler)


@contextmanager
def _serving(state: S, handler: Callable[[S, threading.Event], type[BaseHTTPRequestHandler]]) -> Iterator[S]:
    stopping = threading.Event()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler(state, stopping))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield state
    finally:
        stopping.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join()
