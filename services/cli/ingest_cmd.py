"""``meetings ingest``: pages through the broker and workers into PostgreSQL, with a summary."""

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
from services.jobs import JobStatus, submit_file, submit_url, wait_for_jobs
from services.settings import get_settings

console = Console(stderr=True)


def _submit(targets: list[str], max_bytes: int) -> list[tuple[str, Job]]:
    jobs: list[tuple[str, Job]] = []
    for target in targets:
        if is_url(target):
            jobs.append((target, submit_url(celery_app, target)))
            continue
        path = Path(target)
        if not path.exists():
            raise typer.BadParameter(f"{target}: no such file, folder or URL")
        for file in iter_files(path):
            jobs.append((str(file), submit_file(celery_app, file, max_bytes=max_bytes)))
    return jobs


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


def ingest(
    targets: list[str] = typer.Argument(..., help="Files, folders or http(s) URLs."),
    timeout: float = typer.Option(600.0, help="Seconds to wait for every page's outcome."),
) -> None:
    """Ingest pages through the workers into PostgreSQL and summarise what happened."""
    settings = get_settings()
    with running_service(settings, need_worker=True):
        jobs = _submit(targets, settings.max_page_bytes)
        counts = _summary(jobs, _wait(jobs, timeout))
    if counts["failed"] or counts["pending"]:
        raise typer.Exit(code=1)
