"""Step 3, surface forms: each key as the diary writes it ("self play" -> "Self-Play")."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from mkdocs_paperdiary.core.topics import SMALL_WORDS


def shown_terms(ranked: Sequence[str], docs: Sequence[str]) -> list[str]:
    """The candidates as the papers spell them; a phrase not found as written again goes."""
    out: list[str] = []
    for term in ranked:
        shown = surface_form(term, docs)
        if shown and shown.casefold() not in {t.casefold() for t in out}:
            out.append(shown)
    return out


def surface_form(term: str, docs: Sequence[str]) -> str | None:
    """The commonest spelling of `term` in `docs`, title-cased where the diary wrote lower case;
    words may be joined by spaces, hyphens or slashes ("self play" -> "Self-Play"), and the
    plural is used where the diary has it, as a topic reads ("diffusion model" -> "Diffusion Models")."""
    words = re.split(r"[\s-]+", term)
    joined = r"[\s/-]+".join(map(re.escape, words))
    pattern = re.compile(r"(?<!\w)" + joined + r"(s?)(?!\w)", re.IGNORECASE)
    seen = Counter((bool(m.group(1)), " ".join(m.group(0).split())) for doc in docs for m in pattern.finditer(doc))
    if not seen:
        return None if len(words) > 1 else display(term)
    plural = any(is_plural for is_plural, _ in seen)
    spellings = Counter({spelling: count for (is_plural, spelling), count in seen.items() if is_plural == plural})
    return display(spellings.most_common(1)[0][0])


def display(surface: str) -> str:
    """Capitalise words the diary wrote in lower case, small words inside a phrase aside
    ("Chain-of-Thought"); keep "LLM", "t-SNE", "LoRA" as written."""
    out = []
    for index, chunk in enumerate(surface.split()):
        if any(ch.isupper() for ch in chunk) or (index and chunk in SMALL_WORDS):
            out.append(chunk)
        else:
            parts = chunk.split("-")
            out.append("-".join(p if i and p in SMALL_WORDS else p[:1].upper() + p[1:] for i, p in enumerate(parts)))
    return " ".join(out)
