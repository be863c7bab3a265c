"""Cluster names without an LLM, BERTopic style.

1. Class-based TF-IDF (c-TF-IDF) over each cluster's titles and texts proposes the terms
   that are frequent in the cluster and rare elsewhere.
2. The embedding model re-ranks them by closeness to the cluster's centroid (KeyBERT-like),
   so a name says what the papers are about rather than what they happen to repeat.
3. Two short, different terms make the name, written as the diary writes them
   ("Self-Play", "LLM"): "Curriculum Learning · Self-Play".

Pinned names from `cluster_names` replace the computed ones; names end up unique.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from mkdocs_paperdiary.diagnostics import Diagnostic

if TYPE_CHECKING:
    import numpy as np

EmbedFn = Callable[[Sequence[str]], "np.ndarray"]

SEPARATOR = " · "
TOP_CANDIDATES = 10
SHOWN_TERMS = 5
MAX_COMPOUND = 3  # words in one hyphenated term ("text-to-image" stops at "to")
MMR_LAMBDA = 0.7  # how much the second term's relevance outweighs its overlap with the first
# Words every abstract uses; dropped before n-grams are formed.
BOILERPLATE = frozenset(
    """paper papers propose proposed proposes proposing present presents presented introduce
    introduces introduced approach approaches method methods using use uses used result results
    show shows shown demonstrate demonstrates novel new based work works study achieve achieves
    achieving improve improves improved improving outperform outperforms outperforming existing
    previous prior significantly significant better allows enables et al""".split()  # noqa: SIM905
)
# Terms that name no topic on their own ("learning"); fine inside "reinforcement learning".
GENERIC = frozenset(
    """model models learning data network networks neural framework frameworks performance
    training train trained task tasks problem problems algorithm algorithms deep large technique
    techniques setting settings benchmark benchmarks dataset datasets experiments accuracy quality
    state""".split()  # noqa: SIM905
)
_SMALL_WORDS = frozenset("a an and as at by for from in of on or the to via vs with".split())  # noqa: SIM905
_WORD = re.compile(r"(?=\w*[^\W\d_])\w\w+")  # two or more characters, at least one a letter
_TOKENS = re.compile(r"\w+|[^\w\s]")
_JOINERS = frozenset("-/")
_SOTA = re.compile(r"state[\s-]+of[\s-]+the[\s-]+art", re.IGNORECASE)


@dataclass(frozen=True)
class ClusterLabel:
    """A cluster's name and its best terms, as the diary spells them."""

    name: str
    terms: tuple[str, ...]
    pinned: bool = False


def document(title: str, text: str) -> str:
    """What naming reads for one paper: the text, with the title unless the text has it."""
    return text if title in text else f"{title}. {text}"


def name_clusters(
    docs: Sequence[str], labels: Sequence[int], vectors: np.ndarray, embed: EmbedFn
) -> list[ClusterLabel]:
    """One label per cluster id 0..k-1; `vectors` are the papers' unit embeddings."""
    k = max(labels) + 1
    members = [[i for i, label in enumerate(labels) if label == c] for c in range(k)]
    terms = [_shown_terms(ranked, [docs[i] for i in group]) for ranked, group in zip(candidates(docs, labels), members)]
    flat = [term for cluster_terms in terms for term in cluster_terms]
    term_vectors = embed(flat) if flat else None
    out, start = [], 0
    for c, cluster_terms in enumerate(terms):
        if not cluster_terms:
            out.append(ClusterLabel(f"Cluster {c + 1}", ()))
            continue
        chosen = term_vectors[start : start + len(cluster_terms)]
        start += len(cluster_terms)
        out.append(pick_label(cluster_terms, chosen, centroid(vectors, members[c])))
    return out


def centroid(vectors: np.ndarray, rows: Sequence[int]) -> np.ndarray:
    import numpy as np

    mean = vectors[list(rows)].mean(axis=0)
    norm = np.linalg.norm(mean)
    return mean / norm if norm > 0 else mean


def candidates(docs: Sequence[str], labels: Sequence[int], top_n: int = TOP_CANDIDATES) -> list[list[str]]:
    """Per cluster, its best c-TF-IDF terms (lower-case uni- and bigrams), best first.

    A term must appear in two of the cluster's papers (one, for a one-paper cluster) unless
    no term does: a word one abstract happens to repeat names nothing.
    """
    import numpy as np
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    k = max(labels) + 1
    stop = ENGLISH_STOP_WORDS | BOILERPLATE
    vectorizer = CountVectorizer(analyzer=lambda doc: phrases(doc, stop))
    try:
        counts = vectorizer.fit_transform(docs)
    except ValueError:  # nothing but stop words
        return [[] for _ in range(k)]
    vocab = vectorizer.get_feature_names_out()
    onehot = np.zeros((k, len(docs)))
    onehot[list(labels), np.arange(len(docs))] = 1
    tf = np.asarray(onehot @ counts)
    df = np.asarray(onehot @ (counts > 0))
    scores = ctfidf(tf)
    generic = np.array([all(word in GENERIC for word in term.split()) for term in vocab])
    out = []
    for c in range(k):
        need = min(2, int(onehot[c].sum()))
        usable = ~generic & (tf[c] > 0)
        if (usable & (df[c] >= need)).any():
            usable &= df[c] >= need
        order = [i for i in np.argsort(-scores[c], kind="stable") if usable[i]]
        out.append([str(vocab[i]) for i in order[:top_n]])
    return out


def phrases(doc: str, stop: frozenset[str]) -> list[str]:
    """Unigrams and bigrams of content words, and hyphenated compounds as one term.

    Stop words, numbers and punctuation break a phrase, so no bigram spans
    "attention [with] linear"; "Self-Play" gives "self play", never "self" alone.
    """
    out: list[str] = []
    units = _units(_TOKENS.findall(_SOTA.sub(" . ", doc.lower())), stop)
    for unit, previous in zip(units, [None, *units]):
        if unit is None:
            continue
        if len(unit) <= MAX_COMPOUND:
            out.append(" ".join(unit))
        else:
            out.extend(unit)  # a long hyphen chain is a list of words, not a term
        if previous is not None and len(unit) == len(previous) == 1:
            out.append(f"{previous[0]} {unit[0]}")
    return out


def _units(tokens: Sequence[str], stop: frozenset[str]) -> list[tuple[str, ...] | None]:
    """Content words, hyphen- or slash-joined words grouped; None where a phrase breaks."""
    units: list[tuple[str, ...] | None] = []
    joined = False
    for token in tokens:
        if token in _JOINERS:
            joined = True
            continue
        if token in stop or not _WORD.fullmatch(token):
            units.append(None)
        elif joined and units and units[-1] is not None:
            units[-1] = (*units[-1], token)
        else:
            units.append((token,))
        joined = False
    return units


def ctfidf(tf: np.ndarray) -> np.ndarray:
    """c-TF-IDF: tf per cluster (L1-normalised) x log(1 + avg words per cluster / tf across clusters)."""
    import numpy as np

    totals = tf.sum(axis=1, keepdims=True)
    share = np.divide(tf, totals, out=np.zeros_like(tf, dtype=float), where=totals > 0)
    across = tf.sum(axis=0)
    average = tf.sum() / len(tf)
    idf = np.log1p(np.divide(average, across, out=np.zeros_like(across, dtype=float), where=across > 0))
    return share * idf


def _shown_terms(ranked: Sequence[str], docs: Sequence[str]) -> list[str]:
    """The candidates as the papers spell them; a bigram that only spans a sentence break goes."""
    out: list[str] = []
    for term in ranked:
        shown = surface_form(term, docs)
        if shown and shown.casefold() not in {t.casefold() for t in out}:
            out.append(shown)
    return out


def surface_form(term: str, docs: Sequence[str]) -> str | None:
    """The commonest spelling of `term` in `docs`, title-cased where the diary wrote lower case;
    bigram words may be joined by spaces, hyphens or slashes ("self play" -> "Self-Play")."""
    words = term.split()
    pattern = re.compile(r"(?<!\w)" + r"[\s/-]+".join(map(re.escape, words)) + r"(?!\w)", re.IGNORECASE)
    seen = Counter(" ".join(match.group(0).split()) for doc in docs for match in pattern.finditer(doc))
    if not seen:
        return None if len(words) > 1 else display(term)
    return display(seen.most_common(1)[0][0])


def display(surface: str) -> str:
    """Capitalise words the diary wrote in lower case; keep "LLM", "t-SNE", "LoRA" as written."""
    out = []
    for index, chunk in enumerate(surface.split()):
        if any(ch.isupper() for ch in chunk) or (index and chunk in _SMALL_WORDS):
            out.append(chunk)
        else:
            out.append("-".join(part[:1].upper() + part[1:] for part in chunk.split("-")))
    return " ".join(out)


def pick_label(terms: Sequence[str], vectors: np.ndarray, center: np.ndarray) -> ClusterLabel:
    """Rank terms by similarity to the centroid; the second name term is chosen by MMR
    among terms sharing no word with the first, so the name says two different things."""
    import numpy as np

    sims = vectors @ center
    order = [int(i) for i in np.argsort(-sims, kind="stable")]
    first = order[0]
    rest = [j for j in order[1:] if not shares_word(terms[first], terms[j])]
    name = terms[first]
    if rest:
        mmr = {j: MMR_LAMBDA * sims[j] - (1 - MMR_LAMBDA) * float(vectors[j] @ vectors[first]) for j in rest}
        second = max(rest, key=lambda j: mmr[j])  # max keeps the first of equals
        name = f"{terms[first]}{SEPARATOR}{terms[second]}"
    return ClusterLabel(name, tuple(terms[i] for i in _distinct(terms, order)[:SHOWN_TERMS]))


def _distinct(terms: Sequence[str], order: Sequence[int]) -> list[int]:
    """Drop a term whose words a better term already has ("Diffusion" after "Diffusion Models")."""
    kept: list[int] = []
    for i in order:
        if not any(_stems(terms[i]) <= _stems(terms[j]) for j in kept):
            kept.append(i)
    return kept


def shares_word(a: str, b: str) -> bool:
    """True when the terms share a word, plurals folded: "Diffusion Model" ~ "diffusion models"."""
    return bool(_stems(a) & _stems(b))


def _stems(term: str) -> set[str]:
    return {word.casefold().removesuffix("s") for word in re.split(r"[\s/-]+", term) if word}


def apply_pins(
    labels: Sequence[ClusterLabel], cluster_of: Mapping[str, int], pins: Mapping[str, str]
) -> tuple[list[ClusterLabel], list[Diagnostic]]:
    """Name the cluster holding each pinned paper; the first pin on a cluster wins."""
    out = list(labels)
    pinned_by: dict[int, str] = {}
    notes: list[Diagnostic] = []
    for key, name in pins.items():
        if key not in cluster_of:
            message = f"cluster_names: no paper has the key '{key}', so the name '{name}' is not used."
            notes.append(Diagnostic(None, None, message, "warning", "maps-pin-unknown"))
        elif (c := cluster_of[key]) in pinned_by:
            message = (
                f"cluster_names: '{key}' is in the cluster already named '{out[c].name}' "
                f"by '{pinned_by[c]}'; '{name}' is not used."
            )
            notes.append(Diagnostic(None, None, message, "info", "maps-pin-shared"))
        else:
            pinned_by[c] = key
            out[c] = replace(out[c], name=name, pinned=True)
    return unique_names(out), notes


def unique_names(labels: Sequence[ClusterLabel]) -> list[ClusterLabel]:
    """Number repeated names ("X 2"); pinned names are kept as written where possible."""
    out = list(labels)
    taken: set[str] = set()
    for index in sorted(range(len(out)), key=lambda i: (not out[i].pinned, i)):
        name, number = out[index].name, 2
        while name.casefold() in taken:
            name, number = f"{out[index].name} {number}", number + 1
        taken.add(name.casefold())
        out[index] = replace(out[index], name=name)
    return out
