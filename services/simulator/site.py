"""One simulated government site: its column of articles, its routes and its request counters.

The column is an immutable snapshot (articles newest first, routes, version) swapped whole when
an article is published, so request threads read a consistent column without holding a lock.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

from services.simulator.content import Place, Story, write_story
from services.simulator.pages import Listed, SiteLook
from services.simulator.shapes import SHAPES, Shape

FIRST_ARTICLE_ID = 10001
PRIVATE_IDS = (9000001, 9000002)
ARTICLE_SPACING = timedelta(hours=11)  # a column of 2,000 spans about two and a half years


@dataclass(frozen=True)
class SiteSpec:
    """A site's identity and how it (mis)declares its encoding."""

    name: str
    title: str
    place: Place
    shape: str
    encoding: str = "utf-8"
    header_charset: str | None = "utf-8"  # in Content-Type; None leaves it out
    meta_charset: str | None = "utf-8"  # in <meta charset>; None leaves it out


DEFAULT_SITES = (
    SiteSpec("jingzhou", "荆州市人民政府", Place("湖北省", "荆州市"), "trs"),
    # GBK bytes declared UTF-8 in both header and meta: the declaration must not be trusted.
    SiteSpec("qionglai", "邛崃市人民政府", Place("四川省", "成都市", "邛崃市"), "hanweb", "gbk"),
    # GBK bytes with no charset anywhere.
    SiteSpec(
        "wuyang",
        "舞阳县人民政府",
        Place("河南省", "漯河市", "舞阳县"),
        "nextlink",
        "gbk",
        None,
        None,
    ),
    SiteSpec(
        "binhu", "无锡市滨湖区人民政府", Place("江苏省", "无锡市", "滨湖区"), "vsb", "utf-8", None
    ),
)


@dataclass(frozen=True)
class Entry:
    """An article of the column; ``story`` is set for published ones, else generated."""

    id: int
    when: datetime
    story: Story | None = None


@dataclass(frozen=True)
class Route:
    """What a path serves: a list page (``page`` None: read it from the query) or an article."""

    kind: Literal["list", "article", "private"]
    page: int | None = None
    index: int = -1  # the article's position in the column's entries


@dataclass(frozen=True)
class Column:
    """A consistent snapshot of the column: entries newest first, routes, and its version."""

    entries: tuple[Entry, ...]
    routes: dict[str, Route]
    version: int
    modified_at: datetime
    private: tuple[Entry, ...] = field(default=())


class Site:
    """A site's state, shared by the request threads of its server."""

    def __init__(
        self, spec: SiteSpec, *, seed: int, column_size: int, per_page: int, newest: datetime
    ) -> None:
        self.spec = spec
        self.shape: Shape = SHAPES[spec.shape]
        self.seed = seed
        self.per_page = per_page
        self.origin = ""  # set by the server once its port is known
        self.requests: Counter[str] = Counter()
        self.first_request_at: float | None = None  # epoch seconds, since the counters' reset
        self._lock = threading.Lock()
        entries = tuple(
            Entry(FIRST_ARTICLE_ID + n, newest - ARTICLE_SPACING * (column_size - 1 - n))
            for n in reversed(range(column_size))
        )
        private = tuple(Entry(i, newest - timedelta(days=1)) for i in PRIVATE_IDS)
        self.column = self._build(entries, private, 0, datetime.now(UTC))

    @property
    def look(self) -> SiteLook:
        return SiteLook(
            self.spec.title, self.spec.place, self.shape, self.origin, self.spec.meta_charset
        )

    def story(self, entry: Entry) -> Story:
        """The entry's story: as published, or generated from the seed."""
        if entry.story is not None:
            return entry.story
        return write_story(self.spec.place, f"{self.seed}:{self.spec.name}:{entry.id}", entry.when)

    def listed(self, entry: Entry) -> Listed:
        path = self._path(entry)
        return Listed(path=path, title=self.story(entry).title, when=entry.when)

    def total_pages(self, column: Column) -> int:
        return max(1, -(-len(column.entries) // self.per_page))

    def page_items(self, column: Column, page: int) -> list[Listed]:
        """List page ``page``; the first also links the robots-disallowed articles."""
        start = page * self.per_page
        items = [self.listed(entry) for entry in column.entries[start : start + self.per_page]]
        if page == 0:
            items[2:2] = [self.listed(entry) for entry in column.private]
        return items

    def count(self, raw_path: str) -> None:
        with self._lock:
            self.requests[raw_path] += 1
            if self.first_request_at is None:
                self.first_request_at = time.time()

    def reset_counters(self) -> None:
        with self._lock:
            self.requests.clear()
            self.first_request_at = None

    def publish(self, title: str, paragraphs: tuple[str, ...], when: datetime | None) -> str:
        """Add an article at the top of the column; return its path."""
        with self._lock:
            column = self.column
            newest_id = max(entry.id for entry in column.entries) if column.entries else 0
            story = Story(
                title, paragraphs, f"{self.spec.place.name}融媒体中心", "本站", "本站", 0, True
            )
            entry = Entry(newest_id + 1, when or datetime.now(UTC).replace(tzinfo=None), story)
            self.column = self._build(
                (entry, *column.entries), column.private, column.version + 1, datetime.now(UTC)
            )
        return self._path(entry)

    def _path(self, entry: Entry) -> str:
        if entry.id in PRIVATE_IDS:
            return self.shape.private_path(entry.id, entry.when)
        return self.shape.article_path(entry.id, entry.when)

    def _build(
        self,
        entries: tuple[Entry, ...],
        private: tuple[Entry, ...],
        version: int,
        modified_at: datetime,
    ) -> Column:
        column = Column(entries, {}, version, modified_at, private)
        total = self.total_pages(column)
        for page in range(total):
            path = self.shape.list_path(page, total)
            if "?" not in path:
                column.routes[path] = Route("list", page)
        if self.shape.page_param:
            column.routes[self.shape.column_path] = Route("list", None)
        for alias in self.shape.aliases:
            column.routes[alias] = Route("list", 0)
        for index, entry in enumerate(entries):
            column.routes[self._path(entry)] = Route("article", index=index)
        for index, entry in enumerate(private):
            column.routes[self._path(entry)] = Route("private", index=index)
        return column
