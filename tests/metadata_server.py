"""A real HTTP server on 127.0.0.1 that answers like the arXiv API and doi.org, from recorded files.

    /arxiv?id_list=1706.03762     -> fixtures/sources/arxiv-1706.03762.atom, else an empty feed
    /doi/10.1038/nature16961      -> fixtures/sources/doi-10.1038_nature16961.json, else 404

Some ids behave badly on purpose: those in SLOW answer after the client has given up, those
in BROKEN answer HTTP 503; arXiv 2401.00003 and DOI 10.9999/malformed are cut off half-way.
Every request is recorded, so tests can see the headers we sent.
"""

from __future__ import annotations

import contextlib
import threading
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from loopback import serving

# The authors of arXiv 1706.03762 ("Attention Is All You Need"), as its recorded answer lists them.
VASWANI = (
    "Ashish Vaswani",
    "Noam Shazeer",
    "Niki Parmar",
    "Jakob Uszkoreit",
    "Llion Jones",
    "Aidan N. Gomez",
    "Lukasz Kaiser",
    "Illia Polosukhin",
)

RECORDED = Path(__file__).parent / "fixtures" / "sources"
SLOW = {"2401.00001", "10.9999/slow"}
BROKEN = {"2401.00002", "10.9999/broken"}
SLOW_SECONDS = 5.0  # far past the tests' timeout; the wait ends early when the server stops


@dataclass
class Request:
    path: str
    headers: dict[str, str]


@dataclass
class MetadataServer:
    url: str
    requests: list[Request] = field(default_factory=list)

    @property
    def arxiv_api(self) -> str:
        return f"{self.url}/arxiv"

    @property
    def doi_api(self) -> str:
        return f"{self.url}/doi/"


def _handler(server: MetadataServer, stopping: threading.Event) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.requests.append(Request(self.path, dict(self.headers)))
            parts = urlsplit(self.path)
            if parts.path == "/arxiv":
                identifier = parse_qs(parts.query).get("id_list", [""])[0]
                self._answer(identifier, f"arxiv-{identifier.replace('/', '_')}.atom", "application/atom+xml")
            elif parts.path == "/doi/10.9999/moved":  # doi.org answers with a redirect to the registry
                self.send_response(302)
                self.send_header("Location", "/doi/10.1038/nature16961")
                self.end_headers()
            elif parts.path == "/doi/10.9999/huge":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(b" " * 6_000_000)
            elif parts.path.startswith("/doi/"):
                identifier = unquote(parts.path.removeprefix("/doi/"))
                self._answer(identifier, f"doi-{identifier.replace('/', '_')}.json", "application/json")
            else:
                self.send_error(404)

        def _answer(self, identifier: str, name: str, content_type: str) -> None:
            if identifier in SLOW:
                stopping.wait(SLOW_SECONDS)
            if identifier in BROKEN:
                self.send_error(503, "Service Unavailable")
                return
            path = RECORDED / name
            if not path.is_file():
                if content_type.endswith("xml"):
                    path = RECORDED / "arxiv-empty.atom"  # arXiv answers an unknown id with an empty feed
                else:
                    self.send_error(404, "DOI Not Found")
                    return
            body = path.read_bytes()
            try:
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (the slow answer)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep pytest's output clean

    return Handler


def metadata_server() -> AbstractContextManager[MetadataServer]:
    """Serve the recorded answers on a free loopback port for the duration of the block."""
    return serving(MetadataServer(""), _handler)
