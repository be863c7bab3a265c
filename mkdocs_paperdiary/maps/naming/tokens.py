"""Step 1, tokenise: what naming reads for each paper, and its candidate phrases.

A phrase is a run of up to three content words. Hyphenated and slash-joined words are one
word ("self-play", "chain-of-thought", "bird's-eye"); stop words, numbers, punctuation, verbs
and an "-ed" word after a noun end a run. Every phrase is a *key*: lower case, its last word
singular, so "Diffusion Models" and "diffusion model" count as one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

MAX_COMPOUND = 3  # words in one hyphenated word ("chain-of-thought"); longer chains are lists
MAX_PHRASE = 3  # words in one term, a hyphenated one counting once: "Multi-Agent Reinforcement Learning"
END = "$"  # marks a phrase counted where its run of words ends
OPENING_SHARE = 0.3  # a description opening (1-3 words) shared by this share of notes is a template heading
OPENING_MIN_DOCS = 4
MAX_OPENING = 3

_WORD = re.compile(r"(?=\w*[^\W\d_])\w[\w'’]+")  # two or more characters, at least one a letter
_TOKENS = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")  # "bird's" is one word
_OPENING = re.compile(r"[\w'’-]+")
_JOINERS = frozenset("-/")
_SOTA = re.compile(r"state[\s-]+of[\s-]+the[\s-]+art", re.IGNORECASE)
_DETERMINERS = frozenset("a an the each its their".split())  # noqa: SIM905
# Compounds notes often write with a space ("single shot", "end to end", "bird's eye"):
# joined before counting, so a phrase never starts inside one ("Shot Learning").
_KNOWN_COMPOUNDS = (
    (re.compile(r"\b(zero|one|few|single|two|multi|many|low|any|n|k)\s+(shot)\b"), r"\1-\2"),
    (re.compile(r"\b(end)\s+(to)\s+(end)\b"), r"\1-\2-\3"),
    (re.compile(r"\b(bird['’]?s)\s+(eye)\b"), r"\1-\2"),
)
_HYPHENS = re.compile(r"(?<=\w)[\u2010\u2011](?=\w)")  # typographic hyphens are hyphens
_HYPHENATED = re.compile(r"(?<![\w-])([^\W\d_]{2,})-([^\W\d_]{2,})(?![\w-])")
_NOT_PLURAL = ("ss", "us", "is", "as", "ics", "ies", "sses", "xes", "ches", "shes")


def document(title: str, text: str) -> str:
    """What naming reads for one paper: the text, with the title unless the text has it."""
    return text if title in text else f"{title}. {text}"


def documents(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """`document` for every paper, less any opening most descriptions share: a note template's
    first heading ("Main idea ...") that inference took into the description."""
    docs = [document(title, text) for title, text in pairs]
    starts = [_description_start(title, doc) for (title, _), doc in zip(pairs, docs, strict=True)]
    openings: Counter[str] = Counter()
    for doc, start in zip(docs, starts, strict=True):
        words = _OPENING.findall(doc[start:])[:MAX_OPENING]
        openings.update({" ".join(words[:size]).casefold() for size in range(1, len(words) + 1)})
    floor = max(OPENING_MIN_DOCS, OPENING_SHARE * len(docs))
    shared = {opening for opening, count in openings.items() if count >= floor}
    if not shared:
        return docs
    out = []
    for doc, start in zip(docs, starts, strict=True):
        rest = doc[start:]
        words = list(_OPENING.finditer(rest))[:MAX_OPENING]
        cut = max((w.end() for i, w in enumerate(words) if _opening(words[: i + 1]) in shared), default=0)
        out.append(f"{doc[:start]}{rest[cut:]}" if cut else doc)
    return out


def _opening(words: Sequence[re.Match[str]]) -> str:
    return " ".join(w.group(0) for w in words).casefold()


def _description_start(title: str, doc: str) -> int:
    """Where the description begins in a paper's document: after its leading title."""
    if doc.startswith(title):
        return len(title) + len(doc[len(title) :]) - len(doc[len(title) :].lstrip(" ."))
    return 0


def is_past_tense(word: str) -> bool:
    return len(word) > 4 and word.endswith("ed") and not word.endswith("eed")


def is_plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(_NOT_PLURAL) and word[-2] not in "'’"


def singular(word: str) -> str:
    """Fold a plain plural, so "diffusion models" and "diffusion model" count as one term."""
    return word[:-1] if is_plural(word) else word


def compounds(docs: Sequence[str]) -> re.Pattern[str] | None:
    """The two-word compounds the diary hyphenates somewhere ("self-play"), as a pattern that
    finds them written with a space ("self play"), so both count as one word."""
    pairs = {pair for doc in docs for pair in _HYPHENATED.findall(_HYPHENS.sub("-", doc.lower()))}
    if not pairs:
        return None
    alternatives = "|".join(rf"{re.escape(a)}\s+{re.escape(b)}" for a, b in sorted(pairs))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def join_compounds(text: str, learned: re.Pattern[str] | None = None) -> str:
    """Lower-cased `text` with spaced compounds hyphenated: the known ones and `learned`."""
    text = _HYPHENS.sub("-", text.lower())
    for pattern, joined in _KNOWN_COMPOUNDS:
        text = pattern.sub(joined, text)
    return learned.sub(lambda m: "-".join(m.group(0).split()), text) if learned else text


def phrases(doc: str, stop: frozenset[str], ends: bool = False, learned: re.Pattern[str] | None = None) -> list[str]:
    """Every run of up to MAX_PHRASE consecutive content words, as candidate keys; with
    `ends`, also each one that ends its run of words, marked with END.

    Stop words, numbers and punctuation end a run, so no phrase spans "attention [with]
    linear"; "Self-Play" gives "self-play", never "self" alone. An English noun phrase ends
    in its noun, so a term that seldom ends a run is cut short ("deep reinforcement").
    Compounds are one word however the note spaces them (see `join_compounds`).
    """
    out: list[str] = []
    for run in _runs(_units(_TOKENS.findall(_SOTA.sub(" . ", join_compounds(doc, learned))), stop), stop):
        for stop_at in range(1, len(run) + 1):
            out.extend(_key(run[start:stop_at]) for start in range(stop_at - 1, max(0, stop_at - MAX_PHRASE) - 1, -1))
        if ends:
            out.extend(_key(run[-size:]) + END for size in range(1, min(MAX_PHRASE, len(run)) + 1))
    return out


def _key(units: Sequence[str]) -> str:
    return " ".join([*units[:-1], singular(units[-1])])


def _runs(units: Sequence[str | None], stop: frozenset[str]) -> list[list[str]]:
    """Units between breaks. A long hyphen chain is a list of words, not a term, and an "-ed"
    word after a noun opens a clause ("a network | trained with"), so it starts a new run."""
    runs: list[list[str]] = [[]]
    for unit in units:
        if unit is None or unit.count("-") >= MAX_COMPOUND:
            runs += [[word] for word in (unit or "").split("-") if word and word not in stop] + [[]]
        elif runs[-1] and is_past_tense(unit):
            runs.append([unit])
        else:
            runs[-1].append(unit)
    return [run for run in runs if run]


def _units(tokens: Sequence[str], stop: frozenset[str]) -> list[str | None]:
    """Content words, hyphen- or slash-joined ones as one, with "-"; a stop word may start
    or sit inside a hyphenated word ("off-policy", "chain-of-thought"). None where a phrase breaks."""
    units: list[str | None] = []
    joined = False
    for index, token in enumerate(tokens):
        if token in _JOINERS:
            joined = True
            continue
        joins = joined and bool(units) and units[-1] is not None
        linking = _continues(tokens, index, stop) and (joins or not joined)  # not "end-of-[the-line]"
        word = bool(_WORD.fullmatch(token)) and (token not in stop or linking) and not _verb(tokens, index)
        if word and joins:
            units[-1] = f"{units[-1]}-{token}"
        else:
            units.append(token if word else None)
        joined = False
    return units


def _verb(tokens: Sequence[str], index: int) -> bool:
    """Whether tokens[index] reads as a verb: an "-s" word before a determiner ("represents a
    scene", "masks the patches"); a plural noun seldom stands there."""
    return is_plural(tokens[index]) and index + 1 < len(tokens) and tokens[index + 1] in _DETERMINERS


def _continues(tokens: Sequence[str], index: int, stop: frozenset[str]) -> bool:
    """Whether a hyphen and a content word follow tokens[index], as "-image" in "text-to-image"."""
    after = tokens[index + 1 : index + 3]
    return len(after) == 2 and after[0] == "-" and after[1] not in stop and bool(_WORD.fullmatch(after[1]))
