"""Where the plugin's stylesheet and scripts are in the built site: the one home of their URLs."""

from __future__ import annotations

SITE_ASSET_DIR = "assets/paperdiary"  # the plugin's CSS and scripts in the built site
STYLESHEET = "paperdiary.css"


def asset_url(base: str, name: str) -> str:
    """The asset `name` from a page whose way up to the site root is `base` ("" at the root)."""
    return f"{base}{SITE_ASSET_DIR}/{name}"


def stylesheet_url(base: str) -> str:
    return asset_url(base, STYLESHEET)
