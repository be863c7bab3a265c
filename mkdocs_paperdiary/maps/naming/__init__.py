"""Cluster names without an LLM, BERTopic style, as a list of steps (see `steps.Namer`):

1. `tokens`: what is read for each paper (its title and text, less a template's opening
   most notes share) and its candidate phrases, hyphenated compounds kept whole.
2. `terms`: class-based TF-IDF (c-TF-IDF) proposes terms frequent in a cluster and rare
   elsewhere; a term must be a whole noun phrase, no verb, vague word or template word.
3. `surface`: each term as the diary spells it ("Self-Play", "LLM").
4. `choose`: the term closest to the centroid, then a different one by MMR.
5. `pins`: names from `cluster_names` replace the computed ones; names end up unique.
6. `llm`: where the site asks for it, an LLM names each cluster that is not pinned.

`namer.TermNamer` runs steps 1-4, `pins.PinNamer` step 5 and `llm.LlmNamer` step 6;
`default_steps` lists them and `run_steps` runs them.
"""

from mkdocs_paperdiary.maps.naming.choose import centroid, pick_label, shares_word
from mkdocs_paperdiary.maps.naming.llm import LlmNamer, LlmNames
from mkdocs_paperdiary.maps.naming.namer import TermNamer, default_steps, name_clusters
from mkdocs_paperdiary.maps.naming.pins import PinNamer, apply_pins, unique_names
from mkdocs_paperdiary.maps.naming.steps import SEPARATOR, ClusterLabel, Level, Named, Namer, Parent, run_steps
from mkdocs_paperdiary.maps.naming.surface import display, shown_terms, surface_form
from mkdocs_paperdiary.maps.naming.terms import candidates, ctfidf, nameable
from mkdocs_paperdiary.maps.naming.tokens import END, compounds, document, documents, join_compounds, phrases, singular
from mkdocs_paperdiary.maps.naming.words import BOILERPLATE, GENERIC, TEMPLATE, VAGUE, VERBS

__all__ = [
    "BOILERPLATE",
    "END",
    "GENERIC",
    "SEPARATOR",
    "TEMPLATE",
    "VAGUE",
    "VERBS",
    "ClusterLabel",
    "Level",
    "LlmNamer",
    "LlmNames",
    "Named",
    "Namer",
    "Parent",
    "PinNamer",
    "TermNamer",
    "apply_pins",
    "candidates",
    "centroid",
    "compounds",
    "ctfidf",
    "default_steps",
    "display",
    "document",
    "documents",
    "join_compounds",
    "name_clusters",
    "nameable",
    "phrases",
    "pick_label",
    "run_steps",
    "shares_word",
    "shown_terms",
    "singular",
    "surface_form",
    "unique_names",
]
