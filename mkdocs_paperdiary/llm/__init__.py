"""The one home of the optional LLM: an OpenAI-compatible chat client (`client`) and the
cleaning of its answers (`answers`). Cluster naming (`maps.naming.llm`) and `paperdiary
describe` both ask through it; nothing here imports the map engine.
"""

from mkdocs_paperdiary.llm.answers import MAX_DESCRIPTION, MAX_NAME, clean
from mkdocs_paperdiary.llm.client import INSTALL_LLM, ChatClient, LlmError, LlmSettings

__all__ = ["INSTALL_LLM", "MAX_DESCRIPTION", "MAX_NAME", "ChatClient", "LlmError", "LlmSettings", "clean"]
