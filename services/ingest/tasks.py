"""Ingest tasks: thin adapters from messages to the fetcher and the poll."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from celery import Task

from services.celery_app import (
    FETCH_PAGES,
    PARSE_PAGES,
    POLL_SOURCE,
    SAVE_PAGES,
    app,
    batch_repr,
    page_retry_delay,
)
from services.events import Job, batch_message
from services.ingest.batch import fetch_batch
from services.ingest.poll import FetchOptions, PollOptions, claim_slot, fetch_job_sender, poll
from services.ingest.poll import save_stats as save_poll_stats
from services.ingest.robots import RobotsCache
from services.ingest.sources import Source
from services.settings import get_settings
from services.worker import http_client, redis_client

# A fetch message stops starting new fetches after this many seconds and sends the rest on as a
# new message: with one fetch's own cap (fetch_max_seconds) it stays within its time limits.
FETCH_BATCH_SECONDS = 120.0


@lru_cache(maxsize=1)
def robots_cache() -> RobotsCache:
    """This process's robots.txt rules, per host."""
    return RobotsCache(ttl=get_settings().robots_ttl)


def _send(task: Any, name: str, batch: list[Any], *extra: Any, countdown: float = 0) -> None:
    if batch:
        task.app.send_task(
            name, args=[batch, *extra], countdown=countdown or None, argsrepr=batch_repr(batch)
        )


def _dump_jobs(jobs: list[Job]) -> list[dict[str, Any]]:
    return [job.model_dump() for job in jobs]


@app.task(name=FETCH_PAGES, bind=True, stage="fetch")
def fetch_pages_task(
    self: Any, jobs: list[dict[str, Any]], options: dict[str, Any] | None = None
) -> None:
    """Fetch a batch of pages politely: fetched ones on to parse, failed ones on to the store,
    the ones to try again (or not reached yet) back to this queue for later."""
    found = fetch_batch(
        http_client(),
        redis_client(),
        [Job.model_validate(job) for job in jobs],
        FetchOptions.model_validate(options or {}),
        get_settings(),
        retry_delay=page_retry_delay,
        robots=robots_cache(),
        budget=FETCH_BATCH_SECONDS,
    )
    _send(self, PARSE_PAGES, batch_message(found.fetched))
    _send(self, SAVE_PAGES, batch_message(found.failed))
    for job, delay in found.retry:  # each alone: their delays differ
        _send(self, FETCH_PAGES, _dump_jobs([job]), options, countdown=delay)
    _send(self, FETCH_PAGES, _dump_jobs(found.deferred), options, countdown=found.defer_for)


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
