"""Ingest tasks: thin adapters from messages to the fetcher and the poll."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import httpx
import redis
from celery import Task

from services.celery_app import FETCH_PAGE, PARSE_PAGE, POLL_SOURCE, app
from services.events import FetchedPage, Job
from services.ingest.errors import PermanentFetchError
from services.ingest.fetch import fetch_page
from services.ingest.poll import FetchOptions, PollOptions, claim_slot, fetch_job_sender, poll
from services.ingest.poll import save_stats as save_poll_stats
from services.ingest.ratelimit import acquire
from services.ingest.robots import RobotsCache, ensure_allowed
from services.ingest.sources import Source
from services.settings import Settings, get_settings
from services.worker import http_client, redis_client


@lru_cache(maxsize=1)
def robots_cache() -> RobotsCache:
    """This process's robots.txt rules, per host."""
    return RobotsCache(ttl=get_settings().robots_ttl)


@dataclass(frozen=True)
class Deferred:
    """The host's next free slot is too far off: come back in ``seconds``."""

    seconds: float


def polite_fetch(
    client: httpx.Client,
    redis_client: redis.Redis,
    url: str,
    options: FetchOptions,
    settings: Settings,
) -> FetchedPage | Deferred:
    """robots.txt, then the host's shared rate limit, then the fetch; the source's encoding wins."""
    if settings.respect_robots:
        ensure_allowed(client, url, settings.user_agent, cache=robots_cache())
    rate = options.rate_limit or settings.default_rate_limit
    max_wait = settings.rate_limit_max_wait
    wait = acquire(redis_client, urlsplit(url).netloc, rate, max_wait=max_wait)
    if wait > max_wait:
        return Deferred(wait)
    time.sleep(wait)
    page = fetch_page(
        client, url, max_bytes=settings.max_page_bytes, max_seconds=settings.fetch_max_seconds
    )
    if options.encoding:
        # The parser decodes by the Content-Type charset first: the source's word overrides.
        headers = {**page.headers, "content-type": f"text/html; charset={options.encoding}"}
        page = page.model_copy(update={"headers": headers})
    return page


@app.task(name=FETCH_PAGE, bind=True, stage="fetch")
def fetch_page_task(self: Any, job: dict[str, Any], options: dict[str, Any] | None = None) -> None:
    """Fetch the job's URL politely and hand the page to the parse queue."""
    url = Job.model_validate(job).url
    if not url:
        raise PermanentFetchError("", "job has no URL to fetch")
    fetch = FetchOptions.model_validate(options or {})
    page = polite_fetch(http_client(), redis_client(), url, fetch, get_settings())
    if isinstance(page, Deferred):
        # Waiting for a turn is not a failure: a new message, so no retry is spent on it.
        self.app.send_task(
            FETCH_PAGE, args=[job, options], countdown=page.seconds, argsrepr=repr(url)
        )
        return
    self.app.send_task(PARSE_PAGE, args=[job, page.model_dump(mode="json")], argsrepr=repr(url))


# Not a pipeline step: a failed poll is not retried nor recorded as a page; the next tick retries.
@app.task(name=POLL_SOURCE, bind=True, base=Task)
def poll_source_task(self: Any, source: dict[str, Any], force: bool = False) -> dict[str, Any]:
    """Poll one source: send its new articles (and a few due revisits) to be fetched."""
    parsed = Source.model_validate(source)
    client = redis_client()
    if not force and not claim_slot(client, parsed):
        return {"source": parsed.name, "skipped": True}
    options = PollOptions.from_settings(get_settings())
    send = fetch_job_sender(self.app, parsed)
    result = poll(http_client(), client, parsed, send, options=options, robots=robots_cache())
    save_poll_stats(client, result)
    return result.summary()
