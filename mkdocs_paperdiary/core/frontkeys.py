"""Which front-matter key gives each field: its own name, the one `fields:` names, or a key of
another shape.

Blogs and note templates keep paper metadata under keys of their own (`paper_title`,
`paper-link`, `paperKeywords`). A key made of a field's word and a common word around it
("paper_", "_paper") is read as that field when the field's own key is not set; `fields:`
names any other key, and wins over both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

# The fields front matter can give, and that `fields:` can map a key to.
FIELDS = ("title", "date", "url", "authors", "tags", "venue", "year", "description")
FIELD_SET = frozenset(FIELDS)
# A field's word inside another key -> the field.
WORDS = {
    "title": "title",
    "link": "url",
    "url": "url",
    "href": "url",
    "keyword": "tags",
    "keywords": "tags",
    "tag": "tags",
    "tags": "tags",
    "year": "year",
    "venue": "venue",
    "conference": "venue",
    "journal": "venue",
    "author": "authors",
    "authors": "authors",
    "description": "description",
}
# The words that say a key is about the paper: "paper_title", "title_paper", "articleUrl".
AFFIXES = ("paper", "article", "publication", "pub")
_PARTS = re.compile(r"[_\-\s]+|(?<=[a-z])(?=[A-Z])")


@lru_cache(maxsize=512)
def guess_field(key: str) -> str | None:
    """The field a key of another shape holds ("paper_link" -> "url"); None for any other key."""
    words = [word.casefold() for word in _PARTS.split(key) if word]
    if len(words) == 2:
        for affix, word in (words, words[::-1]):
            if affix in AFFIXES and word in WORDS:
                return WORDS[word]
    if len(words) == 1:  # "papertitle"
        glued = words[0]
        affix = next((a for a in AFFIXES if glued.startswith(a)), None)
        return WORDS.get(glued[len(affix) :]) if affix else None
    return None


def field_keys(data: Mapping[str, object], fields: Mapping[str, str]) -> dict[str, str]:
    """The key each field is read from (field -> key), among the keys `data` has."""
    keys: dict[str, str] = {}
    for key in data:
        guessed = guess_field(key)
        if guessed is not None:
            keys.setdefault(guessed, key)
    keys.update({name: name for name in FIELDS if name in data})
    keys.update({name: key for name, key in fields.items() if key in data})
    return keys


def origin(name: str, key: str) -> str:
    """How `paperdiary.json` and the field report name a field's front-matter source."""
    return "front matter" if key == name else f"front matter '{key}'"
