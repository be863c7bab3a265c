"""A real HTTP server on 127.0.0.1 that answers like an OpenAI-compatible chat endpoint
(`POST /v1/chat/completions`), for the LLM names and `paperdiary describe`.

It names a cluster after the first paper of its prompt and its size ("**<title> 12 Family**",
markup that the client must strip) and describes a paper by its title. `mode` makes it misbehave on purpose:

    same     every cluster gets one name, until the prompt says the name is taken
    slow     answers after the client has given up
    error    HTTP 500
    junk     200 with a body that is not JSON
    hostile  a <script> tag and a 2,000-character line

Every request is recorded with its headers and JSON body.
"""

from __future__ import annotations

import json
import re
import threading
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from loopback import serving

SLOW_SECONDS = 5.0  # far past the tests' timeout; the wait ends early when the server stops
HOSTILE = "<script>alert('pwned')</script>" + "Very Long Name " * 134  # over 2,000 characters


@dataclass
class Request:
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def prompt(self) -> str:
        return self.body["messages"][-1]["content"]


@dataclass
class LlmServer:
    url: str
    mode: str = "name"
    requests: list[Request] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1"


def answer(server: LlmServer, prompt: str, system: str) -> str:
    if server.mode == "hostile":
        return HOSTILE
    if "description" in system.casefold():
        title = re.search(r"^Title: (.*)$", prompt, re.MULTILINE)
        return f"A made-up summary of {title.group(1) if title else 'this paper'}, in one sentence."
    first = re.search(r"^- (.*?): ", prompt, re.MULTILINE)
    count = re.search(r"^Papers \((\d+) in all\)", prompt, re.MULTILINE)
    name = f"{first.group(1) if first else 'Unknown'} {count.group(1) if count else ''} Family"
    if server.mode == "same":
        name = "The Same Name"
    if "is already taken" in prompt:
        name = f"Distinct {name}" if server.mode == "same" else f"Other {name}"
    return f"**{name}**"


def _handler(server: LlmServer, stopping: threading.Event) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            server.requests.append(Request(dict(self.headers), body))
            if self.path != "/v1/chat/completions":
                self.send_error(404)
            elif server.mode == "slow":
                stopping.wait(SLOW_SECONDS)
                self._send(200, b"{}")
            elif server.mode == "error":
                self._send(500, b'{"error": {"message": "internal error"}}')
            elif server.mode == "junk":
                self._send(200, b"<html>not json at all</html>")
            else:
                messages = body["messages"]
                content = answer(server, messages[-1]["content"], messages[0]["content"])
                reply = {
                    "id": "chatcmpl-test",
                    "object": "chat.completion",
                    "created": 0,
                    "model": body.get("model", ""),
                    "choices": [
                        {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
                    ],
                }
                self._send(200, json.dumps(reply).encode("utf-8"))

        def _send(self, status: int, data: bytes) -> None:
            with suppress(BrokenPipeError, ConnectionResetError):  # the client gave up waiting
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep pytest's output clean

    return Handler


def llm_server() -> AbstractContextManager[LlmServer]:
    """Serve chat completions on a free loopback port for the duration of the block."""
    return serving(LlmServer(""), _handler)
