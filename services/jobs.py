"""Starting jobs and reading their outcome: what the CLI and the API share.

A job is one page's way through the pipeline. Messages carry batches of pages, each with its
job; the store step writes each job's outcome under the job's id in the result backend, so one
key tells how the page's whole way ended, whichever batches it travelled in.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from celery import Celery, states

from services.celery_app import FETCH_PAGES, PARSE_PAGES, SAVE_PAGES, batch_repr
from services.events import (
    Failure,
    FetchedPage,
    Job,
    PageTooLargeError,
    PageWork,
    batch_message,
)

MGET_CHUNK = 500  # result keys read per round trip while waiting
MIN_PAUSE, MAX_PAUSE = 0.05, 0.25  # seconds between two rounds of waiting


def accept(app: Celery, jobs: Sequence[Job]) -> None:
    """Mark jobs as accepted before their first message, so their ids are known while in flight."""
    _write_states(app, [(job.id, states.RECEIVED, None) for job in jobs])


def publish_outcomes(app: Celery, outcomes: Sequence[tuple[str, dict[str, Any]]]) -> None:
    """Write each finished job's outcome under its id: what ``job_status`` and the API read.

    Standard Celery result metadata (a SUCCESS whose result is the outcome), so an
    ``AsyncResult(job_id)`` reads it too; written for a whole batch in one round trip.
    """
    _write_states(app, [(job_id, states.SUCCESS, outcome) for job_id, outcome in outcomes])


def _write_states(app: Celery, entries: Sequence[tuple[str, str, Any]]) -> None:
    if not entries:
        return
    backend = app.backend
    expires = backend.expires
    with backend.client.pipeline(transaction=False) as pipe:
        for job_id, state, result in entries:
            meta = backend._get_result_meta(
                result=result, state=state, traceback=None, request=None
            )
            meta["task_id"] = job_id
            pipe.set(backend.get_key_for_task(job_id), backend.encode(meta), ex=expires)
        pipe.execute()


def fetch_and_store(
    app: Celery, jobs: Sequence[Job], options: dict[str, Any] | None = None
) -> None:
    """Send jobs with URLs to be fetched, parsed and stored: one message for the batch."""
    if not jobs:
        return
    accept(app, jobs)
    batch = [job.model_dump() for job in jobs]
    app.send_task(FETCH_PAGES, args=[batch, options], argsrepr=batch_repr(batch))


def submit_url(app: Celery, url: str, *, source: str | None = None) -> Job:
    """Fetch, parse and store one URL."""
    job = Job(key=url, url=url, source=source)
    fetch_and_store(app, [job])
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
    """Parse and store bytes already in hand (a posted text or HTML)."""
    job = Job(key=key or url or content_key(content), url=url, source=source)
    headers = {"content-type": content_type} if content_type else {}
    submit_pages(app, [(job, content, headers)], max_bytes=max_bytes)
    return job


def submit_files(
    app: Celery, paths: Sequence[Path], *, max_bytes: int, batch_size: int = 20
) -> list[Job]:
    """Parse and store local files, ``batch_size`` to a message (read a batch at a time, so a
    folder of any size is never all in memory); a file's identity is its absolute path."""
    jobs: list[Job] = []
    size = max(1, batch_size)
    for start in range(0, len(paths), size):
        pages: list[tuple[Job, bytes, dict[str, str]]] = [
            (Job(key="file://" + str(path.resolve())), path.read_bytes(), {})
            for path in paths[start : start + size]
        ]
        submit_pages(app, pages, max_bytes=max_bytes, batch_size=size)
        jobs.extend(job for job, _, _ in pages)
    return jobs


def submit_file(app: Celery, path: Path, *, max_bytes: int) -> Job:
    """Parse and store one local file."""
    return submit_files(app, [path], max_bytes=max_bytes)[0]


def submit_pages(
    app: Celery,
    pages: Sequence[tuple[Job, bytes, dict[str, str]]],
    *,
    max_bytes: int,
    batch_size: int = 20,
) -> None:
    """Send pages in hand (job, bytes, HTTP-like headers) to be parsed, in batches; a page over
    ``max_bytes`` goes straight to the store as a failure, with the reason."""
    accept(app, [job for job, _, _ in pages])
    ready: list[PageWork] = []
    refused: list[PageWork] = []
    for job, content, headers in pages:
        try:
            page = FetchedPage.from_bytes(
                content, max_bytes=max_bytes, url=job.url, headers=headers
            )
        except PageTooLargeError as exc:
            refused.append(PageWork(job=job, failure=Failure(stage="submit", reason=str(exc))))
            continue
        ready.append(PageWork(job=job, page=page))
    size = max(1, batch_size)
    for start in range(0, len(ready), size):
        batch = batch_message(ready[start : start + size])
        app.send_task(PARSE_PAGES, args=[batch], argsrepr=batch_repr(batch))
    if refused:
        failed = batch_message(refused)
        app.send_task(SAVE_PAGES, args=[failed], argsrepr=batch_repr(failed))


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
    return job_statuses(app, [job_id])[0]


def job_statuses(app: Celery, job_ids: Sequence[str]) -> list[JobStatus]:
    """Read several jobs' outcomes at once: one MGET per ``MGET_CHUNK`` ids."""
    backend = app.backend
    raws = _raw_results(backend, job_ids)
    return [_status(backend, job_id, raw) for job_id, raw in zip(job_ids, raws, strict=True)]


def _raw_results(backend: Any, job_ids: Sequence[str]) -> list[bytes | None]:
    values: list[bytes | None] = []
    for start in range(0, len(job_ids), MGET_CHUNK):
        chunk = job_ids[start : start + MGET_CHUNK]
        values.extend(backend.mget([backend.get_key_for_task(job_id) for job_id in chunk]))
    return values


def _status(backend: Any, job_id: str, raw: bytes | None) -> JobStatus:
    return _from_meta(backend, job_id, backend.decode_result(raw) if raw else None)


def _from_meta(backend: Any, job_id: str, meta: dict[str, Any] | None) -> JobStatus:
    if meta is None:  # no result at all: Celery's PENDING, "no such job"
        return JobStatus(job_id, "unknown")
    value = meta.get("result")
    if meta.get("status") == states.SUCCESS and isinstance(value, dict):
        return JobStatus(
            job_id, value["outcome"], value.get("reason"), value.get("report_id"), value
        )
    if meta.get("status") == states.FAILURE:
        return JobStatus(job_id, "failed", _failure_text(backend, value))
    return JobStatus(job_id, "pending")


def _failure_text(backend: Any, value: Any) -> str:
    try:
        return str(backend.exception_to_python(value)) or "failed"
    except Exception:  # an exception type this process cannot rebuild: its stored words
        if isinstance(value, dict):
            return str(value.get("exc_message") or value.get("exc_type") or "failed")
        return str(value or "failed")


def wait_for_jobs(
    app: Celery,
    job_ids: Iterable[str],
    *,
    timeout: float,
    on_done: Callable[[JobStatus], None] | None = None,
) -> dict[str, JobStatus]:
    """Poll until every job has an outcome or ``timeout`` passes; return the finished ones.

    Only the jobs still pending are read again, a chunk per MGET, and a job's state is decoded
    only when its stored bytes changed since the last round (decoding thousands of unchanged
    "accepted" states twice a second cost the reader more CPU than sending the jobs). The pause
    between rounds doubles from 50 ms up to a quarter of a second.
    """
    backend = app.backend
    pending = list(dict.fromkeys(job_ids))
    done: dict[str, JobStatus] = {}
    last: dict[str, bytes | None] = {}
    deadline = time.monotonic() + timeout
    pause = MIN_PAUSE
    while pending and time.monotonic() < deadline:
        still = []
        for job_id, raw in zip(pending, _raw_results(backend, pending), strict=True):
            if job_id in last and last[job_id] == raw:
                still.append(job_id)
                continue
            last[job_id] = raw
            status = _status(backend, job_id, raw)
            if not status.done:
                still.append(job_id)
                continue
            done[job_id] = status
            del last[job_id]
            if on_done:
                on_done(status)
        pending = still
        if pending:
            time.sleep(max(0.0, min(pause, deadline - time.monotonic())))
            pause = min(pause * 2, MAX_PAUSE)
    return done
