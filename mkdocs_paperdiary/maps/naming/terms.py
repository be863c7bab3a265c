"""Step 2, c-TF-IDF terms: per cluster, the keys frequent in it and rare elsewhere.

A term must look like a noun phrase: it ends where the diary's phrase ends ("Deep
Reinforcement" never does, so "Deep Reinforcement Learning" stands in for it) and is no verb
or vague word. A term found in most notes and in every cluster is the note template's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from mkdocs_paperdiary.maps.naming.tokens import END, compounds, is_past_tense, is_plural, phrases, singular
from mkdocs_paperdiary.maps.naming.words import BOILERPLATE, GENERIC, TEMPLATE, VAGUE, VERBS

if TYPE_CHECKING:
    import numpy as np

TOP_CANDIDATES = 10
CARRIED = 0.7  # a term used this often inside one longer term is shown as that term
HEAD_SHARE = 0.5  # a term must end its phrase at least this often to be a whole noun phrase
FREQUENT_SHARE = 0.5  # a term in more than this share of all notes (and every cluster) is the template's
FREQUENT_MIN_DOCS = 8  # below this many notes, shares say nothing
EVEN_MIN_CLUSTERS = 3  # with fewer clusters, a term in all of them may still be a theme
EVEN_LIFT = 2.0  # a term whose rate in every cluster is within this factor of its rate overall is spread evenly


def candidates(docs: Sequence[str], labels: Sequence[int], top_n: int = TOP_CANDIDATES) -> list[list[str]]:
    """Per cluster, its best c-TF-IDF terms, best first, as keys: lower case, hyphenated
    words joined by "-", the last word singular ("diffusion model", "self-play").

    A term must appear in two of the cluster's papers (one, for a one-paper cluster) unless
    no term does: a word one abstract happens to repeat names nothing. A single word must
    also be in a third of the cluster's papers, or it says something about a few of them only.
    A term that is mostly cut short of its noun, or not usable, gives way to the commonest
    whole term it is part of; one that never ends a phrase is never used ("Cooperative Multi-Agent").
    """
    import numpy as np

    k = max(labels) + 1
    counted = count_phrases(docs, labels, k)
    if counted is None:
        return [[] for _ in range(k)]
    vocab, tf, ends, df = counted
    sizes = np.bincount(labels, minlength=k)
    scores = ctfidf(tf)
    named = np.array([nameable(term) for term in vocab]) & ~template_terms(df, len(docs)) & ~even_terms(df, sizes)
    single = np.array([" " not in term and "-" not in term for term in vocab])
    compound = np.array([" " not in term and "-" in term for term in vocab])
    carriers = longer_terms(vocab)
    out = []
    for c in range(k):
        whole = compound | (ends[c] >= HEAD_SHARE * tf[c])
        usable = usable_terms(named & (compound | (ends[c] > 0)), single, df[c], sizes[c])
        ranked: list[str] = []
        for i in np.argsort(-scores[c], kind="stable"):
            if tf[c, i] == 0 or len(ranked) == top_n:
                break
            j = carried(int(i), vocab, tf[c], whole & usable, carriers)
            if usable[j] and vocab[j] not in ranked:
                ranked.append(vocab[j])
        out.append(ranked)
    return out


def template_terms(df: np.ndarray, n_docs: int) -> np.ndarray:
    """Terms of the note template: in most notes and in every cluster. A term in most notes
    but only in one big cluster is that cluster's topic."""
    import numpy as np

    if n_docs < FREQUENT_MIN_DOCS:
        return np.zeros(df.shape[1], dtype=bool)
    return (df.sum(axis=0) > FREQUENT_SHARE * n_docs) & (df > 0).all(axis=0)


def even_terms(df: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Terms spread evenly over the whole diary ("machine learning", "classes"): in every
    cluster, at a rate near their rate overall, so they say nothing about any one cluster."""
    import numpy as np

    total = int(sizes.sum())
    if len(sizes) < EVEN_MIN_CLUSTERS or total < FREQUENT_MIN_DOCS:
        return np.zeros(df.shape[1], dtype=bool)
    overall = df.sum(axis=0) / total
    rates = df / np.maximum(sizes, 1)[:, None]
    return (df > 0).all(axis=0) & (rates.max(axis=0) < EVEN_LIFT * overall) & (rates.min(axis=0) * EVEN_LIFT > overall)


def count_phrases(
    docs: Sequence[str], labels: Sequence[int], k: int
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray] | None:
    """The terms and, per cluster, each one's count, its count where it ends its phrase, and
    how many papers have it; None when the papers have nothing but stop words."""
    import numpy as np
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    stop = ENGLISH_STOP_WORDS | BOILERPLATE | VERBS | TEMPLATE
    learned = compounds(docs)
    vectorizer = CountVectorizer(analyzer=lambda doc: phrases(doc, stop, ends=True, learned=learned))
    try:
        counts = vectorizer.fit_transform(docs).tocsc()
    except ValueError:
        return None
    names = [str(term) for term in vectorizer.get_feature_names_out()]
    plain = [i for i, term in enumerate(names) if not term.endswith(END)]
    final = [i for i, term in enumerate(names) if term.endswith(END)]
    vocab = [names[i] for i in plain]
    column = {term: j for j, term in enumerate(vocab)}
    onehot = np.zeros((k, len(docs)))
    onehot[list(labels), np.arange(len(docs))] = 1
    tf = np.asarray(onehot @ counts[:, plain])
    df = np.asarray(onehot @ (counts[:, plain] > 0))
    ends = np.zeros_like(tf)
    ends[:, [column[names[i].removesuffix(END)] for i in final]] = np.asarray(onehot @ counts[:, final])
    return vocab, tf, ends, df


def usable_terms(named: np.ndarray, single: np.ndarray, df: np.ndarray, size: int) -> np.ndarray:
    """Narrow the nameable terms to those in two papers, then single words to those in a third
    of the papers, each step only where it leaves something."""
    usable = named
    for narrower in (df >= min(2, size), ~single | (df * 3 >= size)):
        if (usable & narrower).any():
            usable = usable & narrower
    return usable


def nameable(term: str) -> bool:
    """Whether a term can name a topic: not only generic words, not one vague word, and
    shaped like a noun phrase: no "-ed" form at the end ("Learned", "Image Conditioned"),
    no verb-like plural in front ("Models Beat"), no possessive at the end ("Agent's")."""
    words = term.split()
    if all(word in GENERIC for word in words) or (len(words) == 1 and words[0] in VAGUE):
        return False
    if words[-1].endswith(("'s", "’s", "'", "’")):
        return False
    return not is_past_tense(words[-1]) and (len(words) == 1 or not is_plural(words[0]))


def longer_terms(vocab: Sequence[str]) -> list[list[int]]:
    """For each term, the longer terms that contain it word for word."""
    index = {term: i for i, term in enumerate(vocab)}
    out: list[list[int]] = [[] for _ in vocab]
    for j, term in enumerate(vocab):
        words = term.split()
        for start in range(len(words)):
            for stop in range(start + 1, len(words) + (start > 0)):
                part = [*words[start : stop - 1], singular(words[stop - 1])]
                if (i := index.get(" ".join(part))) is not None:
                    out[i].append(j)
    return out


def carried(i: int, vocab: Sequence[str], tf: np.ndarray, whole: np.ndarray, carriers: Sequence[Sequence[int]]) -> int:
    """The term that stands in for term i: its commonest whole longer term where i is mostly
    cut short ("Deep Reinforcement") or not usable ("Learning"), or where that one has most of
    i's uses and says more ("Latent Diffusion Model" for "Diffusion Model", but not "Deep
    Reinforcement Learning" for "Reinforcement Learning"); otherwise i itself.
    `whole` holds the usable terms that end their phrase often enough."""
    while True:
        longer = [j for j in carriers[i] if whole[j] and (not whole[i] or _says_more(vocab[i], vocab[j], tf[i], tf[j]))]
        if not longer:
            return i
        i = max(longer, key=lambda j: tf[j])  # max keeps the first of equals


def _says_more(short: str, long: str, short_count: float, long_count: float) -> bool:
    return long_count >= CARRIED * short_count and bool(set(long.split()) - set(short.split()) - GENERIC)


def ctfidf(tf: np.ndarray) -> np.ndarray:
    """c-TF-IDF: tf per cluster (L1-normalised) x log(1 + avg words per cluster / tf across clusters)."""
    import numpy as np

    totals = tf.sum(axis=1, keepdims=True)
    share = np.divide(tf, totals, out=np.zeros_like(tf, dtype=float), where=totals > 0)
    across = tf.sum(axis=0)
    average = tf.sum() / len(tf)
    idf = np.log1p(np.divide(average, across, out=np.zeros_like(across, dtype=float), where=across > 0))
    return share * idf
