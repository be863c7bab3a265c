"""What an LLM answered, made safe to show: an answer is untrusted text, so `clean` keeps one
short plain line of it (and the pages escape it as they escape every title)."""

from __future__ import annotations

import html
import re

MAX_NAME = 60  # characters in a cluster name
MAX_DESCRIPTION = 300  # characters in a one-sentence description
_TAG = re.compile(r"<[^>]*>?")
_SCRIPT = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_MARKUP = re.compile(r"[*_`#>|~\[\]{}]+")
_LABEL = re.compile(r"^\s*(?:name|title|label|topic|description|answer)\s*[:：-]\s*", re.IGNORECASE)
_QUOTES = "\"'“”‘’«»"


def clean(answer: str, limit: int = MAX_NAME, sentence: bool = False) -> str | None:
    """One plain line of an answer, at most `limit` characters: no tags, no markdown, no
    quotes or "Name:" label around it, cut at a word; a `sentence` ends with a full stop.
    None when nothing is left."""
    text = _SCRIPT.sub(" ", html.unescape(answer))
    lines = [line for line in text.splitlines() if _TAG.sub("", line).strip()]
    if not lines:
        return None
    text = _TAG.sub(" ", lines[0])
    text = _MARKUP.sub(" ", _LABEL.sub("", text))
    text = "".join(ch for ch in text if ch.isprintable())
    text = " ".join(text.split()).strip(_QUOTES + " .,;:").strip()
    if len(text) > limit:
        text = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
        text = text.rstrip(" ,;:-·")
    if sentence and text and text[-1] not in ".!?":
        text = text[: limit - 1] + "."
    return text or None
