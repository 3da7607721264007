"""Fetching a batch of pages politely, each page's outcome sorted for the next step.

A fetch message carries a batch of jobs (a list page's new articles, say). Each page is fetched
in turn under robots.txt and its host's shared rate limit; what becomes of it is its own:

- fetched: on to the parse step;
- failed for good (404, robots.txt, not HTML, too large), or failed in a way that may pass once
  its tries are spent: on to the store, to be recorded with the reason;
- failed in a way that may pass (timeout, 5xx, 429): fetched again later, alone, after the
  server's Retry-After or a back-off;
- not tried yet, because the host's next turn is far off or the batch has used its time: sent on
  as a new batch to be fetched later, spending no try.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
import redis

from services.events import Failure, FetchedPage, Job, PageTooLargeError, PageWork
from services.ingest.errors import PermanentFetchError, TransientFetchError
from services.ingest.fetch import fetch_page
from services.ingest.poll import FetchOptions
from services.ingest.ratelimit import acquire
from services.ingest.robots import RobotsCache, ensure_allowed
from services.settings import Settings

STAGE = "fetch"

# Seconds until a page's next try after its n-th transient failure, or None once its tries are spent.
RetryDelay = Callable[[TransientFetchError, int], float | None]


@dataclass(frozen=True)
class Deferred:
    """The host's next free slot is too far off: come back in ``seconds``."""

    seconds: float


@dataclass
class FetchRound:
    """What one batch's fetching came to, page by page."""

    fetched: list[PageWork] = field(default_factory=list)
    failed: list[PageWork] = field(default_factory=list)
    retry: list[tuple[Job, float]] = field(default_factory=list)  # a job and its countdown
    deferred: list[Job] = field(default_factory=list)  # not tried: send again after defer_for
    defer_for: float = 0.0


def polite_fetch(
    client: httpx.Client,
    redis_client: redis.Redis,
    url: str,
    options: FetchOptions,
    settings: Settings,
    *,
    robots: RobotsCache | None = None,
) -> FetchedPage | Deferred:
    """robots.txt, then the host's shared rate limit, then the fetch; the source's encoding wins."""
    if settings.respect_robots:
        ensure_allowed(client, url, settings.user_agent, cache=robots)
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


def fetch_batch(
    client: httpx.Client,
    redis_client: redis.Redis,
    jobs: list[Job],
    options: FetchOptions,
    settings: Settings,
    *,
    retry_delay: RetryDelay,
    robots: RobotsCache | None = None,
    budget: float | None = None,
) -> FetchRound:
    """Fetch the jobs' pages in order; stop starting new fetches after ``budget`` seconds.

    Errors of the page (HTTP, robots.txt, size) are sorted into the round; errors of the service
    (Redis unreachable) propagate, so the message is retried whole: every write downstream is
    idempotent, so pages fetched before the error are merely fetched again.
    """
    found = FetchRound()
    started = time.monotonic()
    for index, job in enumerate(jobs):
        if budget is not None and time.monotonic() - started > budget:
            found.deferred = jobs[index:]
            break
        if not job.url:
            found.failed.append(_failed(job, "job has no URL to fetch"))
            continue
        try:
            page = polite_fetch(client, redis_client, job.url, options, settings, robots=robots)
        except PermanentFetchError as exc:
            found.failed.append(_failed(job, exc.reason))
            continue
        except PageTooLargeError as exc:
            found.failed.append(_failed(job, str(exc)))
            continue
        except TransientFetchError as exc:
            tried = job.model_copy(update={"attempts": job.attempts + 1})
            delay = retry_delay(exc, tried.attempts)
            if delay is None:
                found.failed.append(_failed(tried, exc.reason, retryable=True))
            else:
                found.retry.append((tried, delay))
            continue
        if isinstance(page, Deferred):
            found.deferred, found.defer_for = jobs[index:], page.seconds
            break
        found.fetched.append(PageWork(job=job, page=page))
    return found


def _failed(job: Job, reason: str, *, retryable: bool = False) -> PageWork:
    return PageWork(job=job, failure=Failure(stage=STAGE, reason=reason, retryable=retryable))
