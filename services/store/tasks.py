"""Store tasks: the only tasks that talk to PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import redis
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from services.celery_app import RECORD_FAILURE, SAVE_REPORT, app
from services.events import FetchedPage, Job
from services.ingest import seen
from services.logs import log
from services.parse.models import MeetingReport
from services.store.db import transaction
from services.store.errors import DatabaseUnavailableError
from services.store.repository import PageSnapshot, SaveResult, record_failure, upsert_report
from services.worker import redis_client, session_factory


def _snapshot(job: Job, page: FetchedPage | None) -> PageSnapshot:
    if page is None:
        return PageSnapshot(key=job.key, url=job.url, source=job.source)
    return PageSnapshot(
        key=job.key,
        url=job.url or page.url,
        source=job.source,
        http_status=page.status,
        headers=page.headers,
        raw=page.content,
        fetched_at=page.fetched_at,
    )


@contextmanager
def _unit_of_work() -> Iterator[Session]:
    """A transaction on this process's engine; an unreachable database is a transient error."""
    try:
        with transaction(session_factory()) as session:
            yield session
    except OperationalError as exc:
        raise DatabaseUnavailableError(str(exc.orig)) from exc


def _update_crawl_state(job: Job, *, done: bool, stored_at: float | None) -> None:
    """Tell the crawler this URL is finished (after the commit, so the database holds it).

    Best effort: the seen set is a cache of the pages table, rebuilt from it by ``reseed``;
    a Redis hiccup here must not turn a stored page into a failed job.
    """
    if not (job.source and job.url):
        return
    try:
        seen.finish(redis_client(), job.source, job.url, done=done, stored_at=stored_at)
    except redis.RedisError as exc:
        log.warning("store.seen_update_failed", error=str(exc))


def _result(job: Job, saved: SaveResult) -> dict[str, Any]:
    return {"job": job.id, "key": job.key, "url": job.url, **_asdict(saved)}


def _asdict(saved: SaveResult) -> dict[str, Any]:
    return {
        "outcome": saved.outcome.value,
        "page_id": saved.page_id,
        "report_id": saved.report_id,
        "version": saved.version,
        "reason": saved.reason,
    }


@app.task(name=SAVE_REPORT, stage="store")
def save_report_task(
    job: dict[str, Any], page: dict[str, Any], report: dict[str, Any]
) -> dict[str, Any]:
    """Persist page and record in one transaction; the result is the job's outcome."""
    parsed_job = Job.model_validate(job)
    snapshot = _snapshot(parsed_job, FetchedPage.model_validate(page))
    with _unit_of_work() as session:
        saved = upsert_report(session, page=snapshot, report=MeetingReport.model_validate(report))
    _update_crawl_state(parsed_job, done=True, stored_at=time.time())
    return _result(parsed_job, saved)


@app.task(name=RECORD_FAILURE, stage="store")
def record_failure_task(
    job: dict[str, Any], stage: str, reason: str, retryable: bool = False
) -> dict[str, Any]:
    """Record why a job's page failed; the result is the job's outcome."""
    parsed_job = Job.model_validate(job)
    with _unit_of_work() as session:
        saved = record_failure(
            session,
            page=_snapshot(parsed_job, None),
            stage=stage,
            reason=reason,
            retryable=retryable,
        )
    _update_crawl_state(parsed_job, done=not retryable, stored_at=None)
    return {**_result(parsed_job, saved), "stage": stage}
