"""The LLM namer as the last of the naming steps, on a hand-made level: no model, no map.

`default_steps` runs it after the terms and the pins where a build has LLM names; the names
it gives and the ones it was given again come back through `LlmNames.used`, which the map
cache keeps by cluster.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

import numpy as np
import pytest
from llm_server import LlmServer, llm_server

from mkdocs_paperdiary.llm import ChatClient, LlmSettings
from mkdocs_paperdiary.maps import naming

PAPERS = [  # key, title, text, cluster
    ("a1", "Proximal Policy Optimization", "Clipped policy gradient updates.", 0),
    ("a2", "Trust Region Policy Optimization", "Policy updates inside a KL trust region.", 0),
    ("b1", "Denoising Diffusion Models", "Images from reversing a noising process.", 1),
    ("b2", "Latent Diffusion Models", "Diffusion in an autoencoder's latent space.", 1),
]


def fake_embed(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors that depend on the text alone: enough for the term steps to choose names."""
    rows = [np.frombuffer(hashlib.sha256(text.encode()).digest(), dtype=np.uint8).astype(float) for text in texts]
    vectors = np.array(rows) - 127.5
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


LEVEL = naming.Level(*(list(column) for column in zip(*PAPERS, strict=True)))


@pytest.fixture
def server() -> Iterator[LlmServer]:
    with llm_server() as running:
        yield running


def names(server: LlmServer, cached: dict[str, str] | None = None) -> naming.LlmNames:
    return naming.LlmNames(ChatClient(LlmSettings(server.base_url, "step", timeout=0.5)), cached or {})


def run(llm: naming.LlmNames | None, pins: dict[str, str] | None = None) -> list[naming.ClusterLabel]:
    vectors = fake_embed([f"{title}. {text}" for _, title, text, _ in PAPERS])
    labels, _ = naming.run_steps(LEVEL, naming.default_steps(vectors, fake_embed, pins or {}, llm))
    return labels


def test_the_llm_names_each_cluster_last_and_a_pin_still_wins(server: LlmServer) -> None:
    assert not any(label.llm for label in run(None))  # without an LLM, the steps end at the pins
    labels = run(names(server), pins={"b2": "Generative Models"})
    assert [(label.name, label.llm, label.pinned) for label in labels] == [
        ("Proximal Policy Optimization 2 Family", True, False),
        ("Generative Models", False, True),
    ]
    assert len(server.requests) == 1  # the pinned cluster is never asked


def test_names_given_before_are_not_asked_again(server: LlmServer) -> None:
    first = names(server)
    run(first)
    assert len(server.requests) == 2
    again = names(server, cached=first.used)
    assert [label.name for label in run(again)] == [
        "Proximal Policy Optimization 2 Family",
        "Denoising Diffusion Models 2 Family",
    ]
    assert len(server.requests) == 2 and again.used == first.used
