"""The sources registry: the TOML (or YAML) file users edit to say which sites to crawl.

Each source names a site's news columns, how their list pages are numbered, how article links are
recognised and which titles are worth fetching. A mistake in the file is reported with the file,
the source and the field, because users edit it by hand and must find the line to fix.
"""

from __future__ import annotations

import codecs
import re
import tomllib
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from services.ingest.errors import SourcesFileError

# Titles worth fetching when a source does not say: meetings and the environmental work they cover.
DEFAULT_INCLUDE_KEYWORDS: tuple[str, ...] = (
    "会议",
    "会商",
    "座谈会",
    "推进会",
    "调度会",
    "部署会",
    "生态环境",
    "环保",
    "环境保护",
    "督察",
    "污染防治",
    "大气",
    "水污染",
    "河长",
    "湖长",
)

Level = Literal["province", "city", "county", "district"]
PagingStyle = Literal["index_n", "query", "next_link", "none"]


class Region(BaseModel):
    """Where a source's reports come from; the parse stage falls back to it for the region."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    province: str
    city: str | None = None
    county: str | None = None


class Paging(BaseModel):
    """How a column's list pages follow one another.

    ``index_n``: index.html, index_1.html, index_2.html…; ``query``: ?page=2, ?page=3…
    (``param`` names the parameter, ``first`` the number of the first page); ``next_link``:
    follow the page's 下一页 link; ``none``: the start URL is the only list page.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    style: PagingStyle = "index_n"
    param: str = "page"
    first: int = Field(default=1, ge=0)


class ArticleLinks(BaseModel):
    """Which links of a list page are articles; neither set means the built-in dated-URL rule."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    selector: str | None = None
    pattern: str | None = None

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value


class Source(BaseModel):
    """One site to crawl: its columns, paging, link rules, title filter and politeness limits."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    region: Region
    level: Level
    start_urls: list[str] = Field(min_length=1)
    paging: Paging = Paging()
    links: ArticleLinks = ArticleLinks()
    include_keywords: list[str] = Field(default_factory=lambda: list(DEFAULT_INCLUDE_KEYWORDS))
    exclude_keywords: list[str] = Field(default_factory=list)
    encoding: str | None = None
    poll_interval: float = Field(default=900.0, gt=0)
    revisit_interval: float | None = Field(default=None, gt=0)
    max_list_pages: int = Field(default=5, ge=1)
    rate_limit: float = Field(default=1.0, gt=0)

    @field_validator("start_urls")
    @classmethod
    def _urls_are_http(cls, urls: list[str]) -> list[str]:
        for url in urls:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ValueError(f"{url!r} is not an absolute http(s) URL")
        return urls

    @field_validator("encoding")
    @classmethod
    def _encoding_is_known(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                codecs.lookup(value)
            except LookupError as exc:
                raise ValueError(f"unknown encoding {value!r}") from exc
        return value


def load_sources(path: str | Path) -> list[Source]:
    """Read and validate a sources file; raise ``SourcesFileError`` naming what is wrong."""
    path = Path(path)
    entries = _read_entries(path)
    sources = [_validate(path, index, entry) for index, entry in enumerate(entries)]
    _refuse_duplicate_names(path, sources)
    return sources


def _read_entries(path: Path) -> list[Any]:
    """The file's ``sources`` list (``[[sources]]`` tables in TOML, a ``sources:`` list in YAML)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourcesFileError(f"{path.name}: cannot read: {exc.strerror or exc}") from exc
    document = _parse_document(path, text)
    entries = document.get("sources") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise SourcesFileError(f"{path.name}: expected a list of sources under 'sources'")
    return entries


def _parse_document(path: Path, text: str) -> Any:
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            return yaml.safe_load(text)
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise SourcesFileError(f"{path.name}: not valid {path.suffix.lstrip('.')}: {exc}") from exc


def _validate(path: Path, index: int, entry: Any) -> Source:
    label = _source_label(index, entry)
    try:
        return Source.model_validate(entry)
    except ValidationError as exc:
        raise SourcesFileError(f"{path.name}: {label}: {_describe(exc)}") from exc


def _source_label(index: int, entry: Any) -> str:
    """``source "jingzhou"`` when the entry has a usable name, else its position in the file."""
    name = entry.get("name") if isinstance(entry, dict) else None
    return f'source "{name}"' if isinstance(name, str) else f"source #{index + 1}"


def _describe(exc: ValidationError) -> str:
    """Pydantic's errors as ``field.path: message`` lines a user can act on."""
    parts = []
    for error in exc.errors():
        location = ".".join(str(part) for part in error["loc"]) or "(source)"
        parts.append(f"{location}: {error['msg']}")
    return "; ".join(parts)


def _refuse_duplicate_names(path: Path, sources: list[Source]) -> None:
    seen: set[str] = set()
    for source in sources:
        if source.name in seen:
            raise SourcesFileError(f'{path.name}: source "{source.name}": name: used twice')
        seen.add(source.name)
