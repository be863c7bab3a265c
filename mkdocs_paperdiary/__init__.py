"""mkdocs-paperdiary: a paper diary's chronology, topics, cross-links and maps, built by MkDocs."""

__version__ = "0.1.0"

__all__ = ["__version__"]
