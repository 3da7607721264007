"""One poll of a source: its list pages, walked newest first, each new article sent to be fetched.

The core takes its collaborators as parameters (an HTTP client, a Redis client, the source and
a ``send`` callable that starts a batch of URLs' jobs), so the Celery task, ``meetings crawl`` and the
tests drive the same code. A poll:

1. claims its time slot (SET NX on ``meetings:poll:slot:<source>:<n>``): a duplicate beat tick
   finds the slot taken and does nothing;
2. asks for each list page conditionally (the ETag / Last-Modified it last answered with); a 304
   means the page is as it was, and the walk stops there;
3. finds the article links, keeps those whose titles pass the source's keywords, drops the ones
   the seen set holds, claims each of the rest (SET NX with a time to live, so two overlapping
   polls never send a URL twice) and sends them, a batch of at most ``batch_size`` per message;
4. stops at the first page with nothing new, or after ``max_list_pages``;
5. sends again a bounded number of stored articles older than ``revisit_interval``.

A list page's validators are kept only when it held nothing new: a page is answered 304 only once
everything on it is done, so an article whose job failed on the way is found again next time.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
import redis
from celery import Celery
from pydantic import BaseModel

from services.events import Job
from services.ingest import seen
from services.ingest.discover import ArticleLink, discover_links, filter_by_keywords
from services.ingest.errors import FetchError
from services.ingest.fetch import NotModified, fetch_if_modified
from services.ingest.ratelimit import acquire
from services.ingest.robots import RobotsCache, ensure_allowed
from services.ingest.sources import Paging, PagingStyle, Region, Source
from services.jobs import fetch_and_store
from services.settings import Settings

Send = Callable[[list[str]], list[str]]  # URLs in, the ids of the jobs started for them out
SLOT_PREFIX = "meetings:poll:slot:"
STATS_PREFIX = "meetings:poll:stats:"
INDEX_PAGE = re.compile(r"/index(_\d+)?\.s?html?$")


class FetchOptions(BaseModel):
    """What a poll tells the fetch of each URL it sends: the source's politeness and encoding."""

    source: str | None = None
    rate_limit: float | None = None
    encoding: str | None = None


@dataclass(frozen=True)
class PollOptions:
    """The limits a poll works within (from the settings)."""

    max_bytes: int
    user_agent: str
    max_seconds: float | None = None
    queued_ttl: float = 3600.0
    revisit_batch: int = 20
    respect_robots: bool = True
    batch_size: int = 20

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> PollOptions:
        values: dict[str, Any] = {
            "max_bytes": settings.max_page_bytes,
            "user_agent": settings.user_agent,
            "max_seconds": settings.fetch_max_seconds,
            "queued_ttl": settings.crawl_queued_ttl,
            "revisit_batch": settings.crawl_revisit_batch,
            "respect_robots": settings.respect_robots,
            "batch_size": settings.fetch_batch_size,
        }
        return cls(**(values | overrides))


@dataclass
class PollResult:
    """What one poll did; the task's result and the source's last-poll stats."""

    source: str
    skipped: bool = False  # the time slot was already taken by another tick
    list_pages: int = 0
    not_modified: int = 0
    links: int = 0
    matched: int = 0
    new: int = 0
    enqueued: int = 0
    in_flight: int = 0
    revisits: int = 0
    errors: list[str] = field(default_factory=list)
    jobs: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The result without the job ids (kept small for the result backend and Flower)."""
        return {k: v for k, v in asdict(self).items() if k != "jobs"}


@dataclass
class _Poll:
    client: httpx.Client
    redis: redis.Redis
    source: Source
    send: Send
    options: PollOptions
    robots: RobotsCache | None
    on_page: Callable[[str, int], None] | None
    result: PollResult


def poll(
    client: httpx.Client,
    redis_client: redis.Redis,
    source: Source,
    send: Send,
    *,
    options: PollOptions,
    robots: RobotsCache | None = None,
    on_page: Callable[[str, int], None] | None = None,
    now: float | None = None,
) -> PollResult:
    """Walk the source's columns and send every new article; see the module's docstring."""
    run = _Poll(
        client, redis_client, source, send, options, robots, on_page, PollResult(source.name)
    )
    for start_url in source.start_urls:
        _walk(run, start_url)
    _revisit(run, now if now is not None else time.time())
    return run.result


def _walk(run: _Poll, start_url: str) -> None:
    """Follow a column's list pages until one holds nothing new (or the page cap)."""
    queue, visited = [start_url], set[str]()
    while queue and len(visited) < run.source.max_list_pages:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        try:
            fetched = _fetch_list_page(run, url)
        except FetchError as exc:
            run.result.errors.append(str(exc))
            return
        run.result.list_pages += 1
        if isinstance(fetched, NotModified):
            run.result.not_modified += 1
            return
        page = discover_links(fetched.content, fetched.final_url or url, run.source)
        fresh = _send_new(run, page.articles)
        if run.on_page:
            run.on_page(url, fresh)
        if fresh == 0:
            seen.remember_validators(
                run.redis, url, fetched.headers.get("etag"), fetched.headers.get("last-modified")
            )
            return
        seen.forget_validators(run.redis, url)
        queue = page.next_pages


def _fetch_list_page(run: _Poll, url: str) -> Any:
    if run.options.respect_robots:
        ensure_allowed(run.client, url, run.options.user_agent, cache=run.robots)
    wait = acquire(run.redis, _host(url), run.source.rate_limit)
    if wait > 0:
        time.sleep(wait)
    etag, last_modified = seen.validators(run.redis, url)
    return fetch_if_modified(
        run.client,
        url,
        max_bytes=run.options.max_bytes,
        etag=etag,
        last_modified=last_modified,
        max_seconds=run.options.max_seconds,
    )


def _send_new(run: _Poll, articles: list[ArticleLink]) -> int:
    """Send the page's unseen, wanted articles; return how many were not done yet."""
    matched = filter_by_keywords(articles, run.source)
    fresh = seen.unseen(run.redis, run.source.name, [link.url for link in matched])
    result = run.result
    result.links += len(articles)
    result.matched += len(matched)
    result.new += len(fresh)
    sent = _claim_and_send(run, fresh)
    result.enqueued += sent
    result.in_flight += len(fresh) - sent
    return len(fresh)


def _claim_and_send(run: _Poll, urls: list[str]) -> int:
    """Claim the URLs no other poll has in flight and send them in batches; return how many."""
    name, ttl = run.source.name, run.options.queued_ttl
    got = seen.claim_many(run.redis, name, urls, ttl)
    claimed = [url for url, mine in zip(urls, got, strict=True) if mine]
    size = max(1, run.options.batch_size)
    for start in range(0, len(claimed), size):
        batch = claimed[start : start + size]
        try:
            run.result.jobs.extend(run.send(batch))
        except Exception:
            for url in claimed[start:]:
                seen.release(run.redis, name, url)
            raise
    return len(claimed)


def _revisit(run: _Poll, now: float) -> None:
    """Send again a few stored articles older than the source's revisit interval."""
    interval = run.source.revisit_interval
    if interval is None or run.options.revisit_batch <= 0:
        return
    due = seen.due_for_revisit(
        run.redis, run.source.name, older_than=interval, limit=run.options.revisit_batch, now=now
    )
    run.result.revisits += _claim_and_send(run, due)
    seen.touch(run.redis, run.source.name, due, now)


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def claim_slot(redis_client: redis.Redis, source: Source, now: float | None = None) -> bool:
    """Claim this interval's poll of ``source``; False when another tick already has."""
    interval = source.poll_interval
    slot = math.floor((now if now is not None else time.time()) / interval)
    key = f"{SLOT_PREFIX}{source.name}:{slot}"
    return bool(redis_client.set(key, "1", nx=True, ex=max(1, math.ceil(interval * 2))))


def save_stats(redis_client: redis.Redis, result: PollResult, now: float | None = None) -> None:
    """Keep the last poll's counts for ``GET /sources`` and ``meetings sources list``."""
    stats: dict[Any, Any] = {
        k: int(v) for k, v in result.summary().items() if k not in ("source", "errors")
    }
    stats["last_poll"] = now if now is not None else time.time()
    stats["last_error"] = result.errors[-1] if result.errors else ""
    redis_client.hset(STATS_PREFIX + result.source, mapping=stats)


def read_stats(redis_client: redis.Redis, name: str) -> dict[str, str]:
    """The last poll's counts of source ``name`` (empty when it was never polled)."""
    raw = redis_client.hgetall(STATS_PREFIX + name)
    return {_text(k): _text(v) for k, v in raw.items()}


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def fetch_job_sender(app: Celery, source: Source) -> Send:
    """A ``send`` that starts fetch jobs through the broker, one message per batch, carrying the
    source's options."""
    options = FetchOptions(
        source=source.name, rate_limit=source.rate_limit, encoding=source.encoding
    ).model_dump(exclude_none=True)

    def send(urls: list[str]) -> list[str]:
        jobs = [Job(key=url, url=url, source=source.name) for url in urls]
        fetch_and_store(app, jobs, options)
        return [job.id for job in jobs]

    return send


def column_source(
    url: str,
    *,
    paging: PagingStyle,
    max_pages: int,
    include: list[str],
    rate_limit: float,
    name: str | None = None,
) -> Source:
    """A source made on the spot for one column given on the command line (no registry entry)."""
    return Source(
        name=name or column_name(url),
        region=Region(province="未知"),
        level="city",
        start_urls=[url],
        paging=Paging(style=paging),
        include_keywords=include,
        max_list_pages=max_pages,
        rate_limit=rate_limit,
    )


def column_name(url: str) -> str:
    """A source name for a column URL: its host and port, e.g. ``127-0-0-1-8000``."""
    host = urlsplit(url).netloc.lower()
    return re.sub(r"[^a-z0-9]+", "-", host).strip("-") or "column"


def detect_paging(html: bytes | str, url: str) -> PagingStyle:
    """How a column's list pages follow: a 下一页 link if it has one, else index_N, else none."""
    probe = column_source(url, paging="next_link", max_pages=1, include=[], rate_limit=1.0)
    if discover_links(html, url, probe).next_pages:
        return "next_link"
    path = urlsplit(url).path
    if INDEX_PAGE.search(path) or path.endswith("/"):
        return "index_n"
    return "none"
