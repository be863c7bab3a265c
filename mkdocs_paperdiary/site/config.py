"""The plugin's typed configuration schema (the `plugins: - paperdiary:` block), but for the
generated pages' options, which their kinds hold (`kinds/`, assembled in `registry.config_class`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from mkdocs.config import base
from mkdocs.config import config_options as c

from mkdocs_paperdiary.core.dates import DateSettings
from mkdocs_paperdiary.core.frontkeys import FIELDS
from mkdocs_paperdiary.core.index import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, IndexSettings
from mkdocs_paperdiary.links.analysis import LinkSettings
from mkdocs_paperdiary.maps.types import DEVICES, MapSettings

MAP = MapSettings()  # the map options' defaults are the engine's own


Option = TypeVar("Option", bound=c.BaseConfigOption)


def described(option: Option, help: str) -> Option:
    """An option made in code (a page kind's) with its one-line help for the configuration reference.

    The schema's own options carry theirs as a docstring on the line below the option.
    """
    option.help = help  # type: ignore[attr-defined]
    return option


class ClusterCount(c.BaseConfigOption):
    """`auto` or a whole number of clusters from 1 to 50."""

    def __init__(self, default: object = "auto") -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> object:
        if value == "auto":
            return value
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 50:
            return value
        raise base.ValidationError(f"expected 'auto' or a number from 1 to 50, got {value!r}")


class OffChoice(c.Choice):
    """A choice that includes `off`; YAML reads an unquoted `off` (or `false`, `no`) as False, which means off too."""

    def run_validation(self, value: object) -> object:
        return super().run_validation("off" if value is False else value)


class Number(c.BaseConfigOption):
    """A number within a range; the message names the allowed range, and bad values fail the config."""

    def __init__(
        self,
        kind: type | tuple[type, ...],
        default: object,
        *,
        minimum: float | None = None,
        above: float | None = None,
        maximum: float | None = None,
    ) -> None:
        super().__init__()
        self.kind, self.default = kind, default
        self.minimum, self.above, self.maximum = minimum, above, maximum

    def run_validation(self, value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, self.kind):
            raise base.ValidationError(f"expected {self._wanted()}, got {value!r}")
        number = float(value)  # type: ignore[arg-type]
        too_low = (self.minimum is not None and number < self.minimum) or (
            self.above is not None and number <= self.above
        )
        if too_low or (self.maximum is not None and number > self.maximum):
            raise base.ValidationError(f"expected {self._wanted()}, got {value!r}")
        return value

    def _wanted(self) -> str:
        noun = "a whole number" if self.kind is int else "a number"
        bounds = []
        if self.minimum is not None:
            bounds.append(f">= {_plain(self.minimum)}")
        if self.above is not None:
            bounds.append(f"> {_plain(self.above)}")
        if self.maximum is not None:
            bounds.append(f"<= {_plain(self.maximum)}")
        return f"{noun} {' and '.join(bounds)}".strip()


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


class PagePath(c.BaseConfigOption):
    """Where a generated file goes, relative to docs_dir (or the site); "" (or false) turns it off."""

    def __init__(self, default: str | None, suffix: str) -> None:
        super().__init__()
        self.default, self.suffix = default, suffix

    def run_validation(self, value: object) -> object:
        if value is False or value is None or value == "":
            return ""
        if not isinstance(value, str):
            raise base.ValidationError(
                f"expected a path ending in '{self.suffix}' or \"\" to turn it off, got {value!r}"
            )
        parts = value.replace("\\", "/").split("/")
        if value.startswith("/") or ".." in parts:
            raise base.ValidationError(f"expected a path inside the site, got {value!r}")
        if not value.endswith(self.suffix) or value == self.suffix:
            raise base.ValidationError(
                f"expected a path ending in '{self.suffix}' (like 'diary/index{self.suffix}') or \"\" to turn it off, "
                f"got {value!r}"
            )
        return value


class Refused(c.BaseConfigOption):
    """A key that must not be set; the message says what to do instead."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def run_validation(self, value: object) -> object:
        if value is None:
            return None
        raise base.ValidationError(self.message)


class FieldKeys(c.DictOfItems):
    """`fields:`, each field a paper has mapped to the front-matter key that holds it."""

    def __init__(self) -> None:
        super().__init__(c.Type(str), default={})

    def run_validation(self, value: object) -> dict:
        keys = super().run_validation(value)
        unknown = sorted(set(keys) - set(FIELDS))
        if unknown:
            raise base.ValidationError(f"unknown field {unknown[0]!r} (fields are {', '.join(FIELDS)})")
        return keys


def renamed(new: str) -> str:
    """The warning for an option's old name, which keeps working for one release."""
    return f"The option '{{}}' is now '{new}'; the old name will stop working in the next release."


class LlmConfig(base.Config):
    """`llm:`, an OpenAI-compatible chat endpoint for cluster names and `paperdiary describe`."""

    base_url = c.Type(str)  # required: e.g. http://localhost:11434/v1 (Ollama)
    """The endpoint, e.g. `http://localhost:11434/v1` (Ollama); required: it turns the LLM on."""
    model = c.Type(str)
    """The endpoint's model name, e.g. `llama3.2`."""
    api_key_env = c.Type(str, default="OPENAI_API_KEY")  # the variable's name; a key never sits in mkdocs.yml
    """The name of the environment variable that holds the API key."""
    name_clusters = c.Type(bool, default=True)
    """Name the map's clusters with the LLM; false: only `paperdiary describe` uses it."""
    timeout = Number((int, float), 30, above=0)
    """Seconds to wait for each request; a request is retried once."""
    cluster_names = c.Deprecated("name_clusters", renamed("name_clusters"))
    """The old name of `name_clusters` (until 0.1); it still works for one release, with a warning."""

    api_key = Refused("a key never sits in mkdocs.yml: put it in an environment variable and name it in `api_key_env`")
    """Refused: a key never sits in mkdocs.yml; name its environment variable in `api_key_env`."""


class LlmBlock(c.SubConfig[LlmConfig]):
    """`llm:` is None when it is not written, and validated whole when it is."""

    def __init__(self) -> None:
        super().__init__(validate=True)  # type: ignore[call-arg]  # the config class comes from the subscript
        self.default = None

    def run_validation(self, value: object) -> LlmConfig | None:  # type: ignore[override]
        return None if value is None else super().run_validation(value)


class PaperDiaryConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Run the plugin; false builds the site as if paperdiary were not listed."""

    # Which pages are papers, and how their metadata is read.
    include = c.ListOfItems(c.Type(str), default=list(DEFAULT_INCLUDE))
    """Which pages are papers: gitignore-style globs, relative to docs_dir (by default every page inside a folder)."""
    exclude = c.ListOfItems(c.Type(str), default=list(DEFAULT_EXCLUDE))
    """Pages that are never papers, even when `include` matches them."""
    topic_names = c.DictOfItems(c.Type(str), default={})
    """Display names of topic folders, e.g. `{marl: Multi-Agent RL, rl/offline: Offline RL}`; other folders are humanised."""
    date_order = c.Choice(("day-first", "month-first"), default="day-first")
    """How numeric dates such as `03/06/2025` are read."""
    fields = FieldKeys()
    """Front-matter keys of your own, by the field they hold: `{url: paper_link, tags: categories}` (see `paperdiary fields`)."""
    git_dates = c.Type(bool, default=True)
    """Date a note dated nowhere else (text, front matter, file name) by the commit that first added it."""

    # The generated pages' options (`diary_page`, `diary_title`, ...) come from their kinds:
    # see `kinds/` and `registry.config_class`. The JSON index of the papers ("" turns it off):
    json_index = PagePath("paperdiary.json", ".json")
    """Where the JSON index of every paper is written, at the site root."""

    # Summary pages: the paper header and its "Cite this paper" block.
    paper_header = OffChoice(("below-title", "top", "off"), default="below-title")
    """Where each summary shows its paper header (link, authors, venue, read date, topic, tags); `<!-- paperdiary:header -->` places it by hand."""
    header_authors = Number(int, 3, minimum=1)  # authors shown before "et al."
    """Authors the header shows before "et al."."""
    cite = c.Type(bool, default=True)
    """Show the collapsed "Cite this paper" BibTeX block in the header."""

    # Navigation: topic sections named like the topics page; generated pages in one section.
    nav_section = c.Type(str, default="Diary")  # "" leaves the generated pages where MkDocs puts them
    """The nav section that holds the generated pages; `""` leaves them where MkDocs puts them. An explicit `nav:` is left as written."""
    nav_section_position = c.Choice(("first", "last"), default="last")
    """Where that section goes in the automatic nav (`first`: after the home page)."""

    # The RSS feed of the latest papers, made when mkdocs.yml has a `site_url` ("" turns it off).
    # Unset means feed.xml; only a feed asked for by name warns when `site_url` is missing.
    feed = c.Optional(PagePath(None, ".xml"))
    """The RSS feed of the latest papers; needs `site_url`. Unset means `feed.xml`, and only a feed set by name warns when `site_url` is missing."""
    feed_items = Number(int, 20, minimum=1)
    """How many of the most recently read papers the feed holds."""

    # Cross-links.
    backlinks = OffChoice(("bottom", "top", "off"), default="bottom")
    """Where each paper shows its "Cited in" sections; `<!-- paperdiary:backlinks -->` places them by hand."""
    suspicious_links = OffChoice(("info", "warning", "off"), default="info")
    """How link text that names a different paper than its target is reported."""

    # Maps (need the `maps` extra).
    maps = c.Optional(c.Type(bool))
    """Draw the paper maps and related papers; unset: on when the `maps` extra is installed."""
    maps_on_serve = c.Type(bool, default=True)
    """false: `mkdocs serve` skips the map (a build still draws it)."""
    model = c.Type(str, default=MAP.model)
    """The embedding model: a Hugging Face name or a local folder (relative to mkdocs.yml)."""
    offline = c.Type(bool, default=False)  # true: never download the model (also HF_HUB_OFFLINE=1)
    """Never download the model (`HF_HUB_OFFLINE=1` does the same); the warning says what to do instead."""
    device = c.Choice(DEVICES, default=MAP.device)
    """Where the model runs; `auto`: the GPU when torch is a CUDA or ROCm build, else the CPU."""
    batch_size = Number(int, MAP.batch_size, minimum=1)
    """Texts embedded per batch when sentence-transformers runs the model (the CPU's ONNX path embeds one at a time)."""
    map_text = c.Choice(("title+description", "description", "title"), default="title+description")
    """Which of each paper's texts the map embeds."""
    embed = c.Deprecated("map_text", renamed("map_text"))
    """The old name of `map_text` (until 0.1); it still works for one release, with a warning."""
    clusters = ClusterCount(default=MAP.clusters)
    """How many regions each map has; `auto` draws as many as stay regions (3 to 6, or 5 to 12 from 100 papers)."""
    cluster_names = c.DictOfItems(c.Type(str), default={})
    """Pinned cluster names, paper key -> name of its cluster in both pictures, e.g. `{PPO: Policy Gradients}`."""
    related = Number(int, MAP.related, minimum=0, maximum=100)
    """How many related papers each summary lists; 0 turns them off."""
    perplexity = Number((int, float), MAP.perplexity, above=0)
    """t-SNE's perplexity (capped for small diaries)."""
    n_neighbors = Number(int, MAP.n_neighbors, minimum=2)
    """UMAP's number of neighbours."""
    seed = Number(int, MAP.seed, minimum=0, maximum=2**32 - 1)
    """The random seed of the projections and clusters, so a map is the same on every build."""
    plotly_cdn = c.Optional(c.Type(str))
    """A pinned plotly.js URL to load instead of the copy shipped with the site."""
    cache_dir = c.Type(str, default=".cache/plugin/paperdiary")
    """Where embeddings, maps and compiled code are cached, relative to mkdocs.yml (never inside docs_dir)."""
    llm = LlmBlock()  # unset: no LLM, and `openai` is never imported
    """An OpenAI-compatible endpoint that names clusters and drafts descriptions (the options below); unset: no LLM, and `openai` is never imported."""


DEFAULT_FEED = "feed.xml"


def index_settings(config: PaperDiaryConfig, *, use_directory_urls: bool) -> IndexSettings:
    """The engine's settings from the plugin config; shared by the plugin and the CLI so both read papers alike."""
    return IndexSettings(
        include=tuple(config.include),
        exclude=tuple(config.exclude),
        topic_names=dict(config.topic_names),
        dates=DateSettings(day_first=config.date_order == "day-first"),
        use_directory_urls=use_directory_urls,
        fields=dict(config.fields),
    )


def link_settings(config: PaperDiaryConfig, mdx_configs: Mapping[str, Mapping[str, Any]]) -> LinkSettings:
    """How links are checked: anchors are slugified the way the site's `toc` extension does."""
    return LinkSettings.for_site(mdx_configs, config.suspicious_links)
