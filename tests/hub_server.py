"""A loopback stand-in for the Hugging Face Hub (`HF_ENDPOINT`), serving one model repository from
local files, and the cache layout huggingface_hub leaves behind; nothing a test does leaves the machine.

It answers what `huggingface_hub.snapshot_download` asks, in the order it asks: the revision's
commit (`/api/models/<repo>/revision/<rev>`), the file tree (`/api/models/<repo>/tree/<commit>`),
then HEAD and GET of each file it keeps (`/<repo>/resolve/<commit>/<path>`). `fetched` lists the
files whose bytes were downloaded.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import unquote, urlsplit

from loopback import serving

COMMIT = "0123456789abcdef0123456789abcdef01234567"


@dataclass
class FakeHub:
    repo: str
    files: Mapping[str, Path]  # path in the repository -> the local file served for it
    fetched: list[str] = field(default_factory=list)
    url: str = ""


def hub_server(repo: str, files: Mapping[str, Path]) -> AbstractContextManager[FakeHub]:
    return serving(FakeHub(repo, dict(files)), _handler)


def model_files(folder: Path) -> dict[str, Path]:
    """Every file under `folder` by its path in a repository."""
    return {file.relative_to(folder).as_posix(): file for file in sorted(folder.rglob("*")) if file.is_file()}


def put_in_hf_cache(hf_home: Path, repo: str, files: Mapping[str, Path], revision: str = "0123abcd") -> Path:
    """Lay out `repo` as huggingface_hub does: models--org--name/refs/main and snapshots/<rev>/,
    whose files are links (here to `files`, by their path in the repository)."""
    folder = hf_home / "hub" / f"models--{repo.replace('/', '--')}"
    (folder / "refs").mkdir(parents=True)
    (folder / "refs" / "main").write_text(revision)
    snapshot = folder / "snapshots" / revision
    for name, file in files.items():
        target = snapshot / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(file)
    return snapshot


def _handler(hub: FakeHub, stopping: threading.Event) -> type[BaseHTTPRequestHandler]:
    api = f"/api/models/{hub.repo}/"
    resolve = f"/{hub.repo}/resolve/{COMMIT}/"

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self._answer(body=True)

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def _answer(self, body: bool) -> None:
            path = unquote(urlsplit(self.path).path)
            if path.startswith(api + "revision/"):
                self._json({"id": hub.repo, "modelId": hub.repo, "sha": COMMIT, "siblings": self._siblings()})
            elif path.startswith(api + f"tree/{COMMIT}"):
                self._json([{"type": "file", "path": name, **self._blob(name)} for name in sorted(hub.files)])
            elif path.startswith(resolve) and path[len(resolve) :] in hub.files:
                self._file(path[len(resolve) :], body)
            else:
                self.send_error(404)

        def _siblings(self) -> list[dict[str, str]]:
            return [{"rfilename": name} for name in sorted(hub.files)]

        def _blob(self, name: str) -> dict[str, object]:
            data = hub.files[name].read_bytes()
            return {"oid": hashlib.sha1(data).hexdigest(), "size": len(data)}

        def _json(self, value: object) -> None:
            data = json.dumps(value).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _file(self, name: str, body: bool) -> None:
            data = hub.files[name].read_bytes()
            self.send_response(200)
            self.send_header("X-Repo-Commit", COMMIT)
            self.send_header("ETag", f'"{hashlib.sha1(data).hexdigest()}"')
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body:
                hub.fetched.append(name)
                self.wfile.write(data)

    return Handler
