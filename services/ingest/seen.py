"""What the crawler remembers between polls, in Redis: which URLs are done, in flight, or due again.

Keys (``<source>`` is the source's name):

meetings:seen:<source>            SET   URLs the pipeline is done with: stored, or failed for good
meetings:fetched:<source>         ZSET  stored URLs scored by when they were last stored (revisits)
meetings:queued:<source>:<sha1>   STR   a URL enqueued and not yet finished (SET NX, expires)
meetings:listpage:<sha1>          HASH  a list page's ETag and Last-Modified (conditional GET)

Only the store step adds to the seen set, after the page is in PostgreSQL, so the set never says
"done" for a page the database does not hold. It is a cache of the ``pages`` table: lost, it is
rebuilt from there (``reseed``) and at worst a page is fetched again and found unchanged.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import redis

PREFIX = "meetings:"


# Failures that may pass (the fetch's transient reasons after its retries ran out): such a URL is
# not done, so a later poll enqueues it again.
def seen_key(source: str) -> str:
    return f"{PREFIX}seen:{source}"


def fetched_key(source: str) -> str:
    return f"{PREFIX}fetched:{source}"


def queued_key(source: str, url: str) -> str:
    return f"{PREFIX}queued:{source}:{_digest(url)}"


def list_page_key(url: str) -> str:
    return f"{PREFIX}listpage:{_digest(url)}"


def _digest(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()


def unseen(client: redis.Redis, source: str, urls: list[str]) -> list[str]:
    """The URLs of ``urls`` the pipeline is not done with, in order."""
    if not urls:
        return []
    flags = client.smismember(seen_key(source), urls)
    return [url for url, flag in zip(urls, flags, strict=True) if not flag]


def claim(client: redis.Redis, source: str, url: str, ttl: float) -> bool:
    """Mark ``url`` in flight; False when another poll already has (so it is not sent twice)."""
    return claim_many(client, source, [url], ttl)[0]


def claim_many(client: redis.Redis, source: str, urls: list[str], ttl: float) -> list[bool]:
    """``claim`` for several URLs in one round trip: for each, whether this caller got it."""
    pipe = client.pipeline(transaction=False)
    for url in urls:
        pipe.set(queued_key(source, url), "1", nx=True, ex=max(1, round(ttl)))
    return [bool(got) for got in pipe.execute()] if urls else []


def release(client: redis.Redis, source: str, url: str) -> None:
    """Forget that ``url`` is in flight (its job ended, or it was never sent)."""
    client.delete(queued_key(source, url))


@dataclass(frozen=True)
class Finished:
    """A URL the pipeline has finished with: ``done`` unless it may be tried again; when stored,
    ``stored_at`` (its revisit clock starts then)."""

    source: str
    url: str
    done: bool
    stored_at: float | None = None


def finish(client: redis.Redis, finished: Iterable[Finished]) -> None:
    """The store step's update, for a batch in one round trip: ``done`` URLs join the seen set,
    stored ones get a revisit time, and none is in flight any more."""
    pipe = client.pipeline(transaction=False)
    for entry in finished:
        if entry.done:
            pipe.sadd(seen_key(entry.source), entry.url)
        if entry.stored_at is not None:
            pipe.zadd(fetched_key(entry.source), {entry.url: entry.stored_at})
        pipe.delete(queued_key(entry.source, entry.url))
    if len(pipe):
        pipe.execute()


def due_for_revisit(
    client: redis.Redis, source: str, *, older_than: float, limit: int, now: float | None = None
) -> list[str]:
    """Up to ``limit`` stored URLs last stored more than ``older_than`` seconds ago, oldest first."""
    if limit <= 0:
        return []
    cutoff = (now if now is not None else time.time()) - older_than
    urls = client.zrangebyscore(fetched_key(source), "-inf", cutoff, start=0, num=limit)
    return [u.decode() if isinstance(u, bytes) else str(u) for u in urls]


def touch(client: redis.Redis, source: str, urls: Iterable[str], at: float) -> None:
    """Push the revisit time of ``urls`` to ``at`` (they were just enqueued again)."""
    mapping = dict.fromkeys(urls, at)
    if mapping:
        client.zadd(fetched_key(source), mapping, xx=True)


def validators(client: redis.Redis, url: str) -> tuple[str | None, str | None]:
    """The ETag and Last-Modified a list page last answered with."""
    values = client.hmget(list_page_key(url), ["etag", "last_modified"])
    etag, modified = (v.decode() if isinstance(v, bytes) else v for v in values)
    return etag, modified


def remember_validators(
    client: redis.Redis, url: str, etag: str | None, last_modified: str | None
) -> None:
    """Keep a list page's validators for the next conditional GET (forget them if it has none)."""
    key = list_page_key(url)
    fields: dict[Any, Any] = {
        k: v for k, v in (("etag", etag), ("last_modified", last_modified)) if v
    }
    client.delete(key)
    if fields:
        client.hset(key, mapping=fields)


def forget_validators(client: redis.Redis, url: str) -> None:
    client.delete(list_page_key(url))


def reseed(client: redis.Redis, source: str, done: Iterable[tuple[str, float | None]]) -> int:
    """Rebuild a source's seen set (and revisit times) from the pages PostgreSQL holds."""
    count = 0
    pipe = client.pipeline(transaction=False)
    for url, stored_at in done:
        pipe.sadd(seen_key(source), url)
        if stored_at is not None:
            pipe.zadd(fetched_key(source), {url: stored_at})
        count += 1
        if count % 1000 == 0:
            pipe.execute()
    pipe.execute()
    return count


def seen_count(client: redis.Redis, source: str) -> int:
    return int(client.scard(seen_key(source)))
