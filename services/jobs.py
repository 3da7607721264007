"""Starting jobs and reading their outcome: what the CLI and the API share.

A job is one page's way through the pipeline. Its id is the task id of its last step (the
store's save or failure record), so one result tells how the whole chain ended.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from celery import Celery, states
from celery.result import AsyncResult

from services.celery_app import FETCH_PAGE, PARSE_PAGE, RECORD_FAILURE
from services.events import FetchedPage, Job, PageTooLargeError


def accept(app: Celery, job: Job) -> Job:
    """Mark a job as accepted before its first message, so its id is known while in flight."""
    app.backend.store_result(job.id, None, states.RECEIVED)
    return job


def submit_url(app: Celery, url: str, *, source: str | None = None) -> Job:
    """Fetch, parse and store one URL."""
    job = accept(app, Job(key=url, url=url, source=source))
    app.send_task(FETCH_PAGE, args=[job.model_dump()], argsrepr=repr(url))
    return job


def content_key(content: bytes) -> str:
    """The identity of a submitted text with no URL: its bytes' hash."""
    return "sha256:" + hashlib.sha256(content).hexdigest()


def submit_content(
    app: Celery,
    content: bytes,
    *,
    max_bytes: int,
    key: str | None = None,
    url: str | None = None,
    content_type: str | None = None,
    source: str | None = None,
) -> Job:
    """Parse and store bytes already in hand (a file, a posted text or HTML)."""
    job = accept(app, Job(key=key or url or content_key(content), url=url, source=source))
    headers = {"content-type": content_type} if content_type else {}
    try:
        page = FetchedPage.from_bytes(content, max_bytes=max_bytes, url=url, headers=headers)
    except PageTooLargeError as exc:
        app.send_task(RECORD_FAILURE, args=[job.model_dump(), "submit", str(exc)], task_id=job.id)
        return job
    app.send_task(
        PARSE_PAGE, args=[job.model_dump(), page.model_dump(mode="json")], argsrepr=repr(job.key)
    )
    return job


def submit_file(app: Celery, path: Path, *, max_bytes: int) -> Job:
    """Parse and store a local file; its identity is its absolute path."""
    key = "file://" + str(path.resolve())
    return submit_content(app, path.read_bytes(), max_bytes=max_bytes, key=key)


@dataclass(frozen=True)
class JobStatus:
    """How a job stands: ``pending`` until its last step ran, then its outcome."""

    id: str
    state: str  # unknown | pending | stored | updated | unchanged | failed
    reason: str | None = None
    report_id: int | None = None
    result: dict[str, Any] | None = None

    @property
    def done(self) -> bool:
        return self.state not in ("pending", "unknown")


def job_status(app: Celery, job_id: str) -> JobStatus:
    """Read a job's outcome from the result backend without waiting."""
    result = AsyncResult(job_id, app=app)
    if result.state == "SUCCESS" and isinstance(result.result, dict):
        value = result.result
        return JobStatus(
            job_id, value["outcome"], value.get("reason"), value.get("report_id"), value
        )
    if result.state == "FAILURE":
        return JobStatus(job_id, "failed", str(result.result) or "failed")
    if result.state == states.PENDING:  # Celery's word for "no such result"
        return JobStatus(job_id, "unknown")
    return JobStatus(job_id, "pending")


def wait_for_jobs(
    app: Celery,
    job_ids: Iterable[str],
    *,
    timeout: float,
    on_done: Callable[[JobStatus], None] | None = None,
) -> dict[str, JobStatus]:
    """Poll until every job has an outcome or ``timeout`` passes; return the finished ones."""
    pending = list(dict.fromkeys(job_ids))
    done: dict[str, JobStatus] = {}
    deadline = time.monotonic() + timeout
    while pending and time.monotonic() < deadline:
        for job_id in list(pending):
            status = job_status(app, job_id)
            if status.done:
                done[job_id] = status
                pending.remove(job_id)
                if on_done:
                    on_done(status)
        if pending:
            time.sleep(0.2)
    return done
