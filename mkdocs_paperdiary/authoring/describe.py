"""`paperdiary describe`: a one-sentence description, from an LLM, for each note without one.

Only the note's title and the start of its body are sent. The answer is cleaned to one plain
sentence and written as the front matter's `description:`, marked `# DRAFT` like the
abstract's first sentence `new --arxiv` writes, with `import`'s writer: the rest of the file
stays byte for byte, and the file is replaced atomically. A description the diarist wrote is
never replaced unless asked (`force`), and then only a one-line one.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from mkdocs_paperdiary.authoring.importer import BOM, add_keys_checked
from mkdocs_paperdiary.core.frontmatter import FrontMatter, decode_source, split_front_matter, yaml_scalar
from mkdocs_paperdiary.llm import MAX_DESCRIPTION

MAX_BODY = 1500  # characters of the note sent with its title
SYSTEM = (
    "You write the one-sentence description of a research paper for a reader's paper diary. "
    "Answer with one plain sentence of at most 40 words that says what the paper does; no markup, no preamble."
)
DRAFT = "# DRAFT: written by {model}; rewrite it in your own words."
_DESCRIPTION_LINE = re.compile(rb"^description:[^\r\n]*(?:\r\n|\r|\n)", re.MULTILINE)


class Note(NamedTuple):
    """A note as `describe` reads it: its front matter, and whether it has a description."""

    source: str
    raw: bytes
    front: FrontMatter

    @property
    def described(self) -> bool:
        return "description" in self.front.data


def read_note(source: str, raw: bytes) -> Note:
    """ValueError where the note cannot be read safely (not UTF-8, front matter not a mapping)."""
    text = decode_source(source, raw)
    front, problems = split_front_matter(text)
    if text.diagnostics or problems:
        raise ValueError("is not UTF-8 with a YAML front matter mapping; it was left as it is.")
    return Note(source, raw, front)


def prompt(title: str, note: Note) -> str:
    """What is sent about one paper: its title and the start of its body; nothing else."""
    body = " ".join(note.front.body.split())[:MAX_BODY]
    return f"Title: {title}\nStart of the note:\n{body}\n\nDescribe this paper in one sentence."


def with_description(note: Note, description: str, model: str) -> bytes:
    """The note's bytes with `description:` (and its DRAFT comment) in the front matter; a
    one-line description there before is replaced. ValueError where that is not safe."""
    raw, kept = note.raw, dict(note.front.data)
    if note.described:
        raw, kept = _without_description(note), {k: v for k, v in kept.items() if k != "description"}
    comment = DRAFT.format(model=" ".join(model.split())[:80].replace("#", ""))
    value = f"{yaml_scalar(description[:MAX_DESCRIPTION])}  {comment}"
    return add_keys_checked(note.source, raw, {"description": value}, kept)


def _without_description(note: Note) -> bytes:
    """The note less its one `description:` line; ValueError when the value spans more lines."""
    start = len(BOM) if note.raw.startswith(BOM) else 0
    head_end = note.raw.find(b"\n---", start + 3)
    head = note.raw[: head_end + 1] if head_end > 0 else b""
    lines = _DESCRIPTION_LINE.findall(head)
    following = head[head.find(lines[0]) + len(lines[0]) :] if len(lines) == 1 else b""
    if len(lines) != 1 or following[:1] in (b" ", b"\t") or lines[0].rstrip().endswith((b"|", b">", b":")):
        raise ValueError("has a description over several lines; change it by hand.")
    return note.raw.replace(lines[0], b"", 1)
