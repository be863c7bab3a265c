"""An optional chat client for any OpenAI-compatible endpoint (OpenAI, Ollama, llama.cpp, vLLM).

The `openai` package (the `llm` extra) is imported on the first request only, so a site
without `llm:` never loads it. Requests run at temperature 0 with a timeout and one retry,
and say who sends them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from mkdocs_paperdiary import __version__

USER_AGENT = f"mkdocs-paperdiary/{__version__} (cluster names and descriptions)"
INSTALL_LLM = "install 'mkdocs-paperdiary[llm]'"


@dataclass(frozen=True)
class LlmSettings:
    """Where the chat endpoint is and how to ask it; `api_key_env` names a variable, never a key."""

    base_url: str
    model: str
    api_key_env: str = "OPENAI_API_KEY"
    name_clusters: bool = True  # false: only `paperdiary describe` asks
    timeout: float = 30.0
    retries: int = 1

    @property
    def endpoint(self) -> str:
        return f"{self.base_url.rstrip('/')}/chat/completions"


class LlmError(Exception):
    """A request that got no usable answer: no server, a timeout, an error status, junk."""


class ChatClient:
    """One endpoint; counts the requests it sends (a retry is a request too, at the server)."""

    def __init__(self, settings: LlmSettings) -> None:
        self.settings = settings
        self.asked = 0
        self._client: Any = None

    def ask(self, system: str, user: str, max_tokens: int = 40) -> str:
        """The answer's text, raw; LlmError on any failure."""
        self.asked += 1
        try:
            response = self._openai().chat.completions.create(
                model=self.settings.model,
                messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
                temperature=0,
                max_tokens=max_tokens,
            )
            content = response.choices[0].message.content
        except LlmError:
            raise
        except Exception as exc:  # openai's errors, and junk it cannot parse (a bad body, no choices)
            raise LlmError(_reason(exc)) from exc
        if not isinstance(content, str) or not content.strip():
            raise LlmError("the answer was empty")
        return content

    def _openai(self) -> Any:
        if self._client is None:
            try:
                import openai
            except ImportError as exc:
                raise LlmError(f"the openai package is missing: {INSTALL_LLM}") from exc
            self._client = openai.OpenAI(
                base_url=self.settings.base_url,
                api_key=os.environ.get(self.settings.api_key_env) or "unused",  # Ollama and llama.cpp need none
                timeout=self.settings.timeout,
                max_retries=self.settings.retries,
                default_headers={"User-Agent": USER_AGENT},
            )
        return self._client


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())[:160]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
