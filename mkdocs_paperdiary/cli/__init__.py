"""The `paperdiary` command: one adapter over the engine, reading the site as a build does."""

from mkdocs_paperdiary.cli.main import main

__all__ = ["main"]
