"""Cluster names without an LLM, BERTopic style.

1. Class-based TF-IDF (c-TF-IDF) over each cluster's titles and texts proposes terms, runs of
   up to three content words, that are frequent in the cluster and rare elsewhere. A term
   must look like a noun phrase: it ends where the diary's phrase ends ("Deep Reinforcement"
   never does, so "Deep Reinforcement Learning" stands in for it) and is no verb or vague word.
2. The embedding model re-ranks them by closeness to the cluster's centroid (KeyBERT-like),
   so a name says what the papers are about rather than what they happen to repeat.
3. Two short, different terms make the name, written as the diary writes them
   ("Self-Play", "LLM"): "Curriculum Learning · Self-Play".

Words of the diary's note template never name a cluster: an opening most notes share ("Main
idea ...") is cut before counting, common template headings are stop words, and a term found
in most notes and in every cluster says nothing about any one of them.

Pinned names from `cluster_names` replace the computed ones; names end up unique.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.topics import SMALL_WORDS

if TYPE_CHECKING:
    import numpy as np

EmbedFn = Callable[[Sequence[str]], "np.ndarray"]

SEPARATOR = " · "
TOP_CANDIDATES = 10
SHOWN_TERMS = 5
MAX_COMPOUND = 3  # words in one hyphenated word ("chain-of-thought"); longer chains are lists
MAX_PHRASE = 3  # words in one term, a hyphenated one counting once: "Multi-Agent Reinforcement Learning"
CARRIED = 0.7  # a term used this often inside one longer term is shown as that term
HEAD_SHARE = 0.5  # a term must end its phrase at least this often to be a whole noun phrase
END = "$"  # marks a phrase counted where its run of words ends
MMR_LAMBDA = 0.7  # how much the second term's relevance outweighs its overlap with the first
FREQUENT_SHARE = 0.5  # a term in more than this share of all notes (and every cluster) is the template's
FREQUENT_MIN_DOCS = 8  # below this many notes, shares say nothing
OPENING_SHARE = 0.3  # a description opening (1-3 words) shared by this share of notes is a template heading
OPENING_MIN_DOCS = 4
MAX_OPENING = 3
# Headings of note templates ("Main idea", "Key ideas", "Technical details", "Overall
# impression", "TL;DR"); stop words, so they neither name a cluster nor join a phrase.
TEMPLATE = frozenset(
    """idea ideas impression impressions detail details summary summaries tldr takeaway takeaways
    thoughts notes contribution contributions strengths weaknesses motivation overall main key
    technical title""".split()  # noqa: SIM905
)
# Words every abstract uses; dropped before n-grams are formed.
BOILERPLATE = frozenset(
    """paper papers propose proposed proposes proposing present presents presented introduce
    introduces introduced approach approaches method methods using use uses used result results
    show shows shown demonstrate demonstrates novel new based work works study achieve achieves
    achieving improve improves improved improving outperform outperforms outperforming existing
    previous prior significantly significant better allows enables et al baseline baselines""".split()  # noqa: SIM905
)
# Verbs summaries are written with ("Learns image features ..."): they break a phrase and
# name nothing. Only forms that are rarely nouns; "-ed" forms are caught by their ending.
VERBS = frozenset(
    """learn learns learnt trains makes make making lets letting gets gives giving takes keeps
    finds adds adding needs reaches matches beats argues compares comparing computes computing
    combines generates guides locates builds recasts replaces treats pretrains speeds predicts
    produces producing reduces avoids avoiding cuts cutting skips skipping pushes pushing pulls
    pulling maximises maximizes minimises minimizes explores exploring evaluates yields runs tunes
    has having does doing elicits stay stays scales handle handles handling fail fails revisits""".split()  # noqa: SIM905
)
# Terms that name no topic on their own ("learning"); fine inside "reinforcement learning".
GENERIC = frozenset(
    """model models learning data network networks neural framework frameworks performance
    training train trained task tasks problem problems algorithm algorithms deep large technique
    techniques setting settings benchmark benchmarks dataset datasets experiment experiments
    accuracy quality state process processes function functions system systems""".split()  # noqa: SIM905
)
# Words too vague to be a whole term ("Language", "Features"); fine in a phrase.
VAGUE = frozenset(
    """language feature single input output length step answer value visual sparse fine small
    simple efficient fast long short high low many multiple different human general stable
    diverse full final exact hard good text way time linear""".split()  # noqa: SIM905
)
_WORD = re.compile(r"(?=\w*[^\W\d_])\w[\w'’]+")  # two or more characters, at least one a letter
_TOKENS = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")  # "bird's" is one word
_OPENING = re.compile(r"[\w'’-]+")
_JOINERS = frozenset("-/")
_SOTA = re.compile(r"state[\s-]+of[\s-]+the[\s-]+art", re.IGNORECASE)
_DETERMINERS = frozenset("a an the each its their".split())  # noqa: SIM905
_NOT_PLURAL = ("ss", "us", "is", "as", "ics", "ies", "sses", "xes", "ches", "shes")


@dataclass(frozen=True)
class ClusterLabel:
    """A cluster's name and its best terms, as the diary spells them."""

    name: str
    terms: tuple[str, ...]
    pinned: bool = False


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


def name_clusters(
    docs: Sequence[str], labels: Sequence[int], vectors: np.ndarray, embed: EmbedFn
) -> list[ClusterLabel]:
    """One label per cluster id 0..k-1; `vectors` are the papers' unit embeddings."""
    k = max(labels) + 1
    members = [[i for i, label in enumerate(labels) if label == c] for c in range(k)]
    terms = [
        _shown_terms(ranked, [docs[i] for i in group])
        for ranked, group in zip(candidates(docs, labels), members, strict=True)
    ]
    flat = [term for cluster_terms in terms for term in cluster_terms]
    term_vectors = embed(flat) if flat else None
    out, start = [], 0
    taken: set[str] = set()  # terms earlier (larger) clusters are named by
    for c, cluster_terms in enumerate(terms):
        if not cluster_terms:
            out.append(ClusterLabel(f"Cluster {c + 1}", ()))
            continue
        assert term_vectors is not None  # some cluster has terms, so they were embedded
        chosen = term_vectors[start : start + len(cluster_terms)]
        start += len(cluster_terms)
        out.append(pick_label(cluster_terms, chosen, centroid(vectors, members[c]), taken))
        taken.update(term.casefold() for term in out[-1].name.split(SEPARATOR))
    return out


def centroid(vectors: np.ndarray, rows: Sequence[int]) -> np.ndarray:
    import numpy as np

    mean = vectors[list(rows)].mean(axis=0)
    norm = np.linalg.norm(mean)
    return mean / norm if norm > 0 else mean


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
    named = np.array([nameable(term) for term in vocab]) & ~template_terms(df, len(docs))
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


def count_phrases(
    docs: Sequence[str], labels: Sequence[int], k: int
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray] | None:
    """The terms and, per cluster, each one's count, its count where it ends its phrase, and
    how many papers have it; None when the papers have nothing but stop words."""
    import numpy as np
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    stop = ENGLISH_STOP_WORDS | BOILERPLATE | VERBS | TEMPLATE
    vectorizer = CountVectorizer(analyzer=lambda doc: phrases(doc, stop, ends=True))
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
    no verb-like plural in front ("Models Beat")."""
    words = term.split()
    if all(word in GENERIC for word in words) or (len(words) == 1 and words[0] in VAGUE):
        return False
    return not _past_tense(words[-1]) and (len(words) == 1 or not _plural(words[0]))


def _past_tense(word: str) -> bool:
    return len(word) > 4 and word.endswith("ed") and not word.endswith("eed")


def _plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(_NOT_PLURAL) and word[-2] not in "'’"


def singular(word: str) -> str:
    """Fold a plain plural, so "diffusion models" and "diffusion model" count as one term."""
    return word[:-1] if _plural(word) else word


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


def phrases(doc: str, stop: frozenset[str], ends: bool = False) -> list[str]:
    """Every run of up to MAX_PHRASE consecutive content words, as candidate keys; with
    `ends`, also each one that ends its run of words, marked with END.

    Stop words, numbers and punctuation end a run, so no phrase spans "attention [with]
    linear"; "Self-Play" gives "self-play", never "self" alone. An English noun phrase ends
    in its noun, so a term that seldom ends a run is cut short ("deep reinforcement").
    """
    out: list[str] = []
    for run in _runs(_units(_TOKENS.findall(_SOTA.sub(" . ", doc.lower())), stop), stop):
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
        elif runs[-1] and _past_tense(unit):
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
    return _plural(tokens[index]) and index + 1 < len(tokens) and tokens[index + 1] in _DETERMINERS


def _continues(tokens: Sequence[str], index: int, stop: frozenset[str]) -> bool:
    """Whether a hyphen and a content word follow tokens[index], as "-image" in "text-to-image"."""
    after = tokens[index + 1 : index + 3]
    return len(after) == 2 and after[0] == "-" and after[1] not in stop and bool(_WORD.fullmatch(after[1]))


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


def pick_label(
    terms: Sequence[str], vectors: np.ndarray, center: np.ndarray, taken: Collection[str] = ()
) -> ClusterLabel:
    """Rank terms by similarity to the centroid; the second name term is chosen by MMR
    among terms sharing no word with the first, so the name says two different things.
    Terms another cluster's name has (`taken`, casefolded) are used only if nothing else is."""
    import numpy as np

    sims = vectors @ center
    order = [int(i) for i in np.argsort(-sims, kind="stable")]
    free = [i for i in order if terms[i].casefold() not in taken] or order
    first = free[0]
    rest = [j for j in free if j != first and not shares_word(terms[first], terms[j])]
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
