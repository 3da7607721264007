"""The pipeline end to end: jobs through a real worker, real Redis and real PostgreSQL."""

from __future__ import annotations

import http.server
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery import states
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from services.celery_app import SAVE_PAGES
from services.celery_app import app as celery_app
from services.events import FetchedPage, Job, PageWork
from services.jobs import (
    MGET_CHUNK,
    JobStatus,
    accept,
    job_status,
    job_statuses,
    submit_content,
    submit_file,
    submit_files,
    submit_url,
    wait_for_jobs,
)
from services.parse import parse_document
from services.store.tables import PageRow, ReportRow, ReportVersionRow
from tests.conftest import SEEDS

MAX = 5_000_000
REPORT = "4月29日上午，某市生态环境保护委员会召开全体会议。市委书记张三主持会议并讲话。{extra}"


def run(*statuses_of: str, timeout: float = 60) -> dict[str, JobStatus]:
    done = wait_for_jobs(celery_app, statuses_of, timeout=timeout)
    assert len(done) == len(statuses_of), "some jobs never finished"
    return done


def count(sessions: sessionmaker[Session], table: type) -> int:
    with sessions() as session:
        return int(session.execute(select(func.count()).select_from(table)).scalar_one())


@pytest.fixture
def pipeline(worker: object, clean_db: sessionmaker[Session]) -> sessionmaker[Session]:
    return clean_db


@pytest.fixture(scope="module")
def web() -> Iterator[str]:
    """A page server on loopback: /report.html is a page, anything else is 404."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path != "/report.html":
                self.send_error(404)
                return
            body = f"<html><body><p>{REPORT.format(extra='网页')}</p></body></html>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_seeds_are_stored_through_the_worker(pipeline: sessionmaker[Session]) -> None:
    jobs = [submit_file(celery_app, path, max_bytes=MAX) for path in sorted(SEEDS.glob("*.txt"))]
    done = run(*(job.id for job in jobs))
    assert {status.state for status in done.values()} == {"stored"}
    assert count(pipeline, ReportRow) == 5


def test_a_bad_file_in_a_batch_fails_alone(pipeline: sessionmaker[Session], tmp_path: Path) -> None:
    paths = []
    for name, text in [
        ("a", REPORT.format(extra="甲。")),
        ("bad", ""),
        ("b", REPORT.format(extra="乙。")),
    ]:
        paths.append(tmp_path / f"{name}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    jobs = submit_files(celery_app, paths, max_bytes=MAX, batch_size=3)
    done = run(*(job.id for job in jobs))
    assert [done[job.id].state for job in jobs] == ["stored", "failed", "stored"]
    assert (done[jobs[1].id].reason or "").startswith("empty document")
    assert count(pipeline, ReportRow) == 2


def test_a_page_the_database_refuses_fails_alone_with_the_databases_words(
    pipeline: sessionmaker[Session],
) -> None:
    items = []
    for key, body in [("good", REPORT.format(extra="")), ("nul", REPORT.format(extra="\x00"))]:
        job = Job(key=f"test://{key}")
        report = parse_document(body.encode())
        record = report.model_dump(mode="json") | {"body": body}  # a NUL PostgreSQL refuses
        page = FetchedPage.from_bytes(body.encode(), max_bytes=MAX)
        items.append(PageWork(job=job, page=page, report=record).model_dump(mode="json"))
    jobs = [Job.model_validate(item["job"]) for item in items]
    accept(celery_app, jobs)
    celery_app.send_task(SAVE_PAGES, args=[items])
    done = run(*(job.id for job in jobs))
    assert done[jobs[0].id].state == "stored"
    assert done[jobs[1].id].state == "failed"
    assert "database refused the page" in (done[jobs[1].id].reason or "")
    with pipeline() as session:
        refused = session.execute(select(PageRow).where(PageRow.key == "test://nul")).scalar_one()
    assert (refused.status, refused.error_stage) == ("failed", "store")


def test_a_page_whose_key_the_database_refuses_fails_alone_unrecorded(
    pipeline: sessionmaker[Session],
) -> None:
    items = []
    for key in ["test://good", "test://bad\x00key"]:  # PostgreSQL text takes no NUL
        body = REPORT.format(extra=key[-3:])
        record = parse_document(body.encode()).model_dump(mode="json")
        page = FetchedPage.from_bytes(body.encode(), max_bytes=MAX)
        items.append(PageWork(job=Job(key=key), page=page, report=record).model_dump(mode="json"))
    jobs = [Job.model_validate(item["job"]) for item in items]
    accept(celery_app, jobs)
    celery_app.send_task(SAVE_PAGES, args=[items])
    done = run(*(job.id for job in jobs))
    assert done[jobs[0].id].state == "stored"
    bad = done[jobs[1].id]
    assert bad.state == "failed" and "nor its failure record" in (bad.reason or "")
    assert bad.result is not None and bad.result["page_id"] is None
    assert count(pipeline, ReportRow) == 1


def test_ingesting_the_same_files_again_stores_nothing_new(pipeline: sessionmaker[Session]) -> None:
    paths = sorted(SEEDS.glob("*.txt"))[:2]
    run(*(submit_file(celery_app, p, max_bytes=MAX).id for p in paths))
    again = run(*(submit_file(celery_app, p, max_bytes=MAX).id for p in paths))
    assert {status.state for status in again.values()} == {"unchanged"}
    assert count(pipeline, ReportRow) == 2


def test_a_changed_page_becomes_a_new_version(
    pipeline: sessionmaker[Session], tmp_path: Path
) -> None:
    page = tmp_path / "report.txt"
    page.write_text(REPORT.format(extra="第一稿。"), encoding="utf-8")
    run(submit_file(celery_app, page, max_bytes=MAX).id)
    page.write_text(REPORT.format(extra="第二稿，有改动。"), encoding="utf-8")
    second = run(submit_file(celery_app, page, max_bytes=MAX).id)
    assert [s.state for s in second.values()] == ["updated"]
    assert count(pipeline, ReportVersionRow) == 2


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty document"),
        (bytes(range(256)) * 20, "binary content"),
        ("café naïve résumé".encode("latin-1"), "no Chinese article text"),
    ],
    ids=["empty", "binary", "latin1"],
)
def test_bad_input_is_a_recorded_failure(
    pipeline: sessionmaker[Session], content: bytes, reason: str
) -> None:
    job = submit_content(celery_app, content, max_bytes=MAX)
    status = run(job.id)[job.id]
    assert status.state == "failed"
    assert reason in (status.reason or "")
    with pipeline() as session:
        page = session.execute(select(PageRow).where(PageRow.key == job.key)).scalar_one()
    assert (page.status, page.error_stage) == ("failed", "parse")
    assert reason in (page.error or "")


def test_the_worker_keeps_running_after_bad_input(pipeline: sessionmaker[Session]) -> None:
    run(submit_content(celery_app, b"\x00\x01\x02", max_bytes=MAX).id)
    good = submit_content(celery_app, REPORT.format(extra="").encode(), max_bytes=MAX)
    assert run(good.id)[good.id].state == "stored"


def test_a_fetched_url_is_stored(pipeline: sessionmaker[Session], web: str) -> None:
    job = submit_url(celery_app, f"{web}/report.html")
    assert run(job.id)[job.id].state == "stored"
    with pipeline() as session:
        report = session.execute(select(ReportRow)).scalar_one()
    assert report.url == f"{web}/report.html"
    assert "张三" in report.body


def test_a_missing_url_is_recorded_not_retried(pipeline: sessionmaker[Session], web: str) -> None:
    job = submit_url(celery_app, f"{web}/gone.html")
    status = run(job.id)[job.id]
    assert status.state == "failed"
    assert (status.reason or "").startswith("HTTP 404")
    with pipeline() as session:
        page = session.execute(select(PageRow)).scalar_one()
    assert (page.attempts, page.error_stage, page.retryable) == (1, "fetch", False)


def test_an_unreachable_url_fails_after_its_retries(pipeline: sessionmaker[Session]) -> None:
    job = submit_url(celery_app, "http://127.0.0.1:9/report.html")
    status = run(job.id, timeout=90)[job.id]
    assert status.state == "failed"
    assert "connection failed" in (status.reason or "")
    with pipeline() as session:
        page = session.execute(select(PageRow)).scalar_one()
    assert page.retryable  # the crawler will try it again on a later poll


def test_a_page_over_the_size_cap_is_recorded(pipeline: sessionmaker[Session]) -> None:
    job = submit_content(celery_app, "会议".encode() * 100, max_bytes=50)
    status = run(job.id)[job.id]
    assert status.state == "failed"
    assert "too large" in (status.reason or "")


def test_waiting_reads_many_jobs_and_reports_each_once(servers: object) -> None:
    backend = celery_app.backend
    ids = [str(uuid.uuid4()) for _ in range(MGET_CHUNK + 20)]
    for job_id in ids:
        backend.store_result(job_id, {"outcome": "stored", "report_id": 1}, states.SUCCESS)
    seen: list[str] = []
    done = wait_for_jobs(celery_app, ids, timeout=10, on_done=lambda s: seen.append(s.id))
    assert sorted(seen) == sorted(ids)
    assert {status.state for status in done.values()} == {"stored"}


def test_statuses_tell_unknown_pending_failed_and_done_apart(servers: object) -> None:
    backend = celery_app.backend
    unknown, pending, failed, stored = (str(uuid.uuid4()) for _ in range(4))
    backend.store_result(pending, None, states.RECEIVED)
    backend.mark_as_failure(failed, ValueError("no article text"))
    backend.store_result(stored, {"outcome": "stored", "report_id": 7}, states.SUCCESS)
    statuses = job_statuses(celery_app, [unknown, pending, failed, stored])
    assert [s.state for s in statuses] == ["unknown", "pending", "failed", "stored"]
    assert statuses[2].reason == "no article text"
    assert statuses[3].report_id == 7
    assert job_status(celery_app, failed) == statuses[2]


def test_waiting_for_a_job_that_never_ends_returns_at_the_timeout(servers: object) -> None:
    job_id = str(uuid.uuid4())
    celery_app.backend.store_result(job_id, None, states.RECEIVED)
    started = time.monotonic()
    assert wait_for_jobs(celery_app, [job_id], timeout=0.5) == {}
    assert time.monotonic() - started < 1.5
