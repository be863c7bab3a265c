"""What a cache keeps between builds on disk: digests of texts, the code that made an entry, and
JSON files written whole or not at all.

An entry is worth reusing only when the text it was read from and the code that read it are the
same: `text_digest` names a text, `code_stamp` names this copy of the plugin (its source files'
contents, so a reinstall of the same version on a CI machine still matches and any edit does not).
A file that cannot be read, parsed or written is no cache: the build reads everything again.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent.parent
# Libraries whose reading of a note is in a stored entry: front matter, dates, globs, heading anchors.
_READERS = ("yaml", "dateutil", "pathspec", "markdown")


@lru_cache(maxsize=8192)  # one text is named by the index and the link checker alike
def text_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """A digest of the plugin's Python source and of the readers it leans on: equal stamps, equal code."""
    digest = hashlib.blake2b(sys.version.encode(), digest_size=16)
    for name in _READERS:
        digest.update(f"{name} {getattr(importlib.import_module(name), '__version__', '')};".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read_json(path: Path) -> Any:
    """The file's JSON value, or None when it is missing or damaged."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, value: object) -> None:
    """Write `value` whole (through a temporary file), or leave the file as it was."""
    # json.dump would encode in Python; ASCII escapes carry any text, a path's lone surrogates too
    text = json.dumps(value, separators=(",", ":"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="ascii") as out:
            out.write(text)
        os.replace(name, path)
    except BaseException as error:
        Path(name).unlink(missing_ok=True)
        if not isinstance(error, OSError):
            raise
