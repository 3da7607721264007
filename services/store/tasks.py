"""Store tasks: the only tasks that talk to PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import redis
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from services.celery_app import SAVE_PAGES, PipelineTask, app
from services.events import Failure, PageWork
from services.ingest import seen
from services.jobs import publish_outcomes
from services.logs import log
from services.parse.models import MeetingReport
from services.store.db import transaction
from services.store.errors import DatabaseUnavailableError
from services.store.repository import (
    Outcome,
    PageFailure,
    PageSnapshot,
    PageWrite,
    SaveResult,
    save_pages,
)
from services.worker import redis_client, session_factory

STAGE = "store"


def _snapshot(item: PageWork) -> PageSnapshot:
    job, page = item.job, item.page
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


def _write(item: PageWork) -> PageWrite:
    """What the store writes of one page: its record, or why it failed (a record that does not
    validate is a failure of the page, not of the batch)."""
    page = _snapshot(item)
    if item.report is not None and item.failure is None:
        try:
            return PageWrite(page, report=MeetingReport.model_validate(item.report))
        except ValidationError as exc:
            return PageWrite(page, failure=PageFailure(STAGE, f"invalid record: {exc}"))
    failure = item.failure or Failure(stage=STAGE, reason="nothing to store")
    return PageWrite(page, failure=PageFailure(failure.stage, failure.reason, failure.retryable))


@contextmanager
def _unit_of_work() -> Iterator[Session]:
    """A transaction on this process's engine; an unreachable database is a transient error."""
    try:
        with transaction(session_factory()) as session:
            yield session
    except OperationalError as exc:
        raise DatabaseUnavailableError(str(exc.orig)) from exc


def _save(writes: list[PageWrite]) -> list[SaveResult]:
    """The batch in one transaction; if the database refuses it, each page in its own, so one
    page the database will not take fails alone, with the database's words."""
    try:
        with _unit_of_work() as session:
            return save_pages(session, writes)
    except DatabaseUnavailableError:
        raise
    except SQLAlchemyError as exc:
        if len(writes) == 1:
            return [_save_refused(writes[0], exc)]
        log.warning("store.batch_refused", pages=len(writes), error=str(exc))
    return [result for write in writes for result in _save([write])]


def _save_refused(write: PageWrite, exc: SQLAlchemyError) -> SaveResult:
    """Record why the database refused a page; if it refuses that too (the page's key itself),
    the job's outcome alone says so, and the rest of the batch keeps its own outcomes."""
    reason = f"database refused the page: {_database_words(exc)}"
    failure = PageWrite(
        PageSnapshot(key=write.page.key, url=write.page.url, source=write.page.source),
        failure=PageFailure(STAGE, reason),
    )
    try:
        with _unit_of_work() as session:
            return save_pages(session, [failure])[0]
    except DatabaseUnavailableError:
        raise
    except SQLAlchemyError as again:
        log.error("store.page_unrecordable", key=write.page.key, error=_database_words(again))
        return SaveResult(Outcome.FAILED, None, reason=f"{reason}; nor its failure record")


def _database_words(exc: SQLAlchemyError) -> str:
    return str(getattr(exc, "orig", None) or exc)


def _finished(
    item: PageWork, write: PageWrite, saved: SaveResult, now: float
) -> seen.Finished | None:
    job = item.job
    if not (job.source and job.url):
        return None
    if saved.outcome is Outcome.FAILED:
        retryable = write.failure.retryable if write.failure else False
        return seen.Finished(job.source, job.url, done=not retryable)
    return seen.Finished(job.source, job.url, done=True, stored_at=now)


def _update_crawl_state(finished: list[seen.Finished]) -> None:
    """Tell the crawler these URLs are finished (after the commit, so the database holds them).

    Best effort: the seen set is a cache of the pages table, rebuilt from it by ``reseed``;
    a Redis hiccup here must not turn stored pages into failed jobs.
    """
    try:
        seen.finish(redis_client(), finished)
    except redis.RedisError as exc:
        log.warning("store.seen_update_failed", error=str(exc))


def outcome(item: PageWork, write: PageWrite, saved: SaveResult) -> dict[str, Any]:
    """A job's outcome as ``job_status``, the CLI and ``GET /tasks/{id}`` read it."""
    result = {
        "job": item.job.id,
        "key": item.job.key,
        "url": item.job.url,
        "outcome": saved.outcome.value,
        "page_id": saved.page_id,
        "report_id": saved.report_id,
        "version": saved.version,
        "reason": saved.reason,
    }
    if saved.outcome is Outcome.FAILED:
        result["stage"] = write.failure.stage if write.failure else STAGE
    return result


class StoreTask(PipelineTask):
    """The store step fails its pages itself: when the database stays away past every retry,
    each job's outcome says so in the result backend (the store cannot record it)."""

    def fail_jobs(self, jobs: list[dict[str, Any]], failure: Failure) -> None:
        publish_outcomes(
            self.app,
            [
                (
                    job["id"],
                    {
                        "job": job["id"],
                        "key": job.get("key"),
                        "url": job.get("url"),
                        "outcome": Outcome.FAILED.value,
                        "reason": failure.reason,
                        "stage": STAGE,
                    },
                )
                for job in jobs
            ],
        )


@app.task(name=SAVE_PAGES, base=StoreTask, stage=STAGE)
def save_pages_task(items: list[dict[str, Any]]) -> None:
    """Persist a batch of pages (records and failures) in one transaction; then each job's
    outcome under its id, and the crawler's state."""
    works = [PageWork.model_validate(item) for item in items]
    writes = [_write(item) for item in works]
    saved = _save(writes)
    batch = list(zip(works, writes, saved, strict=True))
    publish_outcomes(app, [(item.job.id, outcome(item, w, s)) for item, w, s in batch])
    now = time.time()
    finished = [_finished(item, w, s, now) for item, w, s in batch]
    _update_crawl_state([f for f in finished if f is not None])
