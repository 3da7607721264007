"""The work of ``meetings ingest``: submit pages, wait with a progress bar, summarise."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from services.celery_app import app as celery_app
from services.cli.common import running_service
from services.cli.parse_cmd import is_url, iter_files
from services.events import Job
from services.jobs import JobStatus, fetch_and_store, submit_files, wait_for_jobs
from services.settings import get_settings

console = Console(stderr=True)


def _submit(targets: list[str], max_bytes: int, batch_size: int) -> list[tuple[str, Job]]:
    urls: list[str] = []
    files: list[Path] = []
    for target in targets:
        if is_url(target):
            urls.append(target)
            continue
        path = Path(target)
        if not path.exists():
            raise typer.BadParameter(f"{target}: no such file, folder or URL")
        files.extend(iter_files(path))
    url_jobs = [Job(key=url, url=url) for url in urls]
    for start in range(0, len(url_jobs), batch_size):
        fetch_and_store(celery_app, url_jobs[start : start + batch_size])
    file_jobs = submit_files(celery_app, files, max_bytes=max_bytes, batch_size=batch_size)
    return [*zip(urls, url_jobs, strict=True), *zip(map(str, files), file_jobs, strict=True)]


def _wait(jobs: list[tuple[str, Job]], timeout: float) -> dict[str, JobStatus]:
    with Progress(console=console, transient=True) as progress:
        bar = progress.add_task("ingesting", total=len(jobs))
        return wait_for_jobs(
            celery_app,
            (job.id for _, job in jobs),
            timeout=timeout,
            on_done=lambda _: progress.advance(bar),
        )


def _summary(jobs: list[tuple[str, Job]], done: dict[str, JobStatus]) -> Counter[str]:
    counts: Counter[str] = Counter(status.state for status in done.values())
    counts["pending"] = len(jobs) - len(done)
    table = Table(title="failed", show_lines=False)
    table.add_column("page")
    table.add_column("reason")
    for target, job in jobs:
        status = done.get(job.id)
        if status is None or status.state == "failed":
            table.add_row(target, status.reason if status else "still pending at the time-out")
    if table.rows:
        console.print(table)
    line = ", ".join(f"{counts[k]} {k}" for k in ("stored", "updated", "unchanged", "failed"))
    pending = f", {counts['pending']} still pending" if counts["pending"] else ""
    console.print(f"{len(jobs)} pages: {line}{pending}")
    return counts


def run_ingest(targets: list[str], timeout: float) -> Counter[str]:
    """Submit every page, wait for the outcomes and print the summary; return the counts."""
    settings = get_settings()
    with running_service(settings, need_worker=True):
        jobs = _submit(targets, settings.max_page_bytes, settings.fetch_batch_size)
        return _summary(jobs, _wait(jobs, timeout))
