"""Topic folders and their display names."""

from __future__ import annotations

import re
from collections.abc import Mapping

_JOINED_PREFIXES = {"non", "multi", "self", "semi", "pre", "post", "co", "anti", "meta", "sub", "cross", "off"}
# Folder names are often lower case; these read better as the acronyms they are.
_ACRONYMS = {
    w.lower(): w
    for w in (
        "AI",
        "ML",
        "RL",
        "MARL",
        "LLM",
        "LLMs",
        "NLP",
        "CV",
        "GAN",
        "GANs",
        "VAE",
        "GNN",
        "RLHF",
        "MoE",
        "SSM",
        "CNN",
        "RNN",
        "TTS",
        "ASR",
        "3D",
        "HCI",
    )
}
# Words a title keeps in lower case inside a phrase (topic names here, cluster names in maps/naming).
SMALL_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "via", "vs", "with"]
)


def topic_of(source: str) -> str:
    """The topic key of a summary: its top-level folder ('' for a top-level page)."""
    head, sep, _ = source.partition("/")
    return head if sep else ""


def humanise(folder: str) -> str:
    """`non_LLM_reinforcement_learning` -> 'Non-LLM Reinforcement Learning', acronyms kept."""
    words = [w for w in re.split(r"[_\s]+|(?<=[a-z])-(?=[a-z])", folder) if w]
    if not words:
        return folder
    out: list[str] = []
    join_next = False
    for index, word in enumerate(words):
        shown = _word(word, first=index == 0)
        if join_next:
            out[-1] = f"{out[-1]}-{shown[0].upper() + shown[1:]}"
        else:
            out.append(shown)
        join_next = word.lower() in _JOINED_PREFIXES and index + 1 < len(words)
    return " ".join(out)


def _word(word: str, first: bool) -> str:
    if word.lower() in _ACRONYMS:
        return _ACRONYMS[word.lower()]
    if any(ch.isupper() for ch in word[1:]) or (word.isupper() and len(word) > 1):
        return word  # an acronym or a name written with care: LLM, RLHF, GPT, MuZero
    if not first and word.lower() in SMALL_WORDS:
        return word.lower()
    return word[0].upper() + word[1:]


def topic_name(topic: str, overrides: Mapping[str, str]) -> str:
    if topic in overrides:
        return overrides[topic]
    return humanise(topic) if topic else "Other"


def folder_title(folder: str, overrides: Mapping[str, str]) -> str:
    """A folder's name in the nav: `topic_names` by its path, else its last part humanised.

    A top-level folder gets the same name as its topic on the topics page.
    """
    if folder in overrides:
        return overrides[folder]
    return humanise(folder.rsplit("/", 1)[-1])
