"""``meetings crawl COLUMN_URL --once``: one column, every list page, every article, into PostgreSQL.

The column needs no registry entry: a source is made on the spot (links recognised by the usual
CMS URL shapes, paging detected from the first page) and walked by the same poll the scheduled
crawl runs, here in this process, while the workers fetch, parse and store each article.
"""

from __future__ import annotations

import time
from collections import Counter
from contextlib import closing

import httpx
import redis
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from services.celery_app import app as celery_app
from services.cli.common import running_service
from services.ingest.fetch import make_client
from services.ingest.poll import (
    PollOptions,
    PollResult,
    column_source,
    detect_paging,
    fetch_job_sender,
    poll,
)
from services.ingest.robots import RobotsCache
from services.ingest.sources import DEFAULT_INCLUDE_KEYWORDS, PagingStyle, Source
from services.jobs import JobStatus, wait_for_jobs
from services.settings import Settings, get_settings

console = Console(stderr=True, soft_wrap=True)
ROBOTS_REASON = "disallowed by robots.txt"  # the site's wish, not a failure of the crawl
PAGING_STYLES = ("auto", "index_n", "query", "next_link", "none")


def _source(
    url: str,
    client: httpx.Client,
    *,
    paging: str,
    max_pages: int,
    include: list[str],
    keywords: bool,
    rate: float | None,
    default_rate: float,
    name: str | None,
) -> Source:
    if paging not in PAGING_STYLES:
        raise typer.BadParameter(f"--paging must be one of {', '.join(PAGING_STYLES)}")
    style: PagingStyle = paging  # type: ignore[assignment]
    if paging == "auto":
        style = detect_paging(client.get(url).content, url)
    words = include or (list(DEFAULT_INCLUDE_KEYWORDS) if keywords else [])
    return column_source(
        url,
        paging=style,
        max_pages=max_pages,
        include=words,
        rate_limit=rate or default_rate,
        name=name,
    )


def _crawl_once(
    source: Source, client: httpx.Client, settings: Settings, redis_url: str, timeout: float
) -> Counter[str]:
    options = PollOptions.from_settings(settings, revisit_batch=0)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with (
        redis.Redis.from_url(redis_url) as redis_client,
        Progress(*columns, TimeElapsedColumn(), console=console, transient=True) as progress,
    ):
        pages = progress.add_task("list pages", total=None)
        stored = progress.add_task("articles", total=0)

        def on_page(_: str, fresh: int) -> None:
            progress.advance(pages)
            progress.update(stored, total=(progress.tasks[stored].total or 0) + fresh)

        send = fetch_job_sender(celery_app, source)
        result = poll(
            client,
            redis_client,
            source,
            send,
            options=options,
            robots=RobotsCache(),
            on_page=on_page,
        )
        progress.update(stored, total=len(result.jobs))
        done = wait_for_jobs(
            celery_app, result.jobs, timeout=timeout, on_done=lambda _: progress.advance(stored)
        )
    return _summary(result, done)


def _summary(result: PollResult, done: dict[str, JobStatus]) -> Counter[str]:
    counts: Counter[str] = Counter(status.state for status in done.values())
    counts["pending"] = len(result.jobs) - len(done)
    counts["disallowed"] = sum(s.reason == ROBOTS_REASON for s in done.values())
    reasons = Counter(s.reason or "failed" for s in done.values() if s.state == "failed")
    for reason, n in reasons.most_common(10):
        console.print(f"  failed ×{n}: {reason}")
    for error in result.errors:
        console.print(f"[red]list page: {error}[/red]")
    line = ", ".join(f"{counts[k]} {k}" for k in ("stored", "updated", "unchanged", "failed"))
    pending = f", {counts['pending']} still pending" if counts["pending"] else ""
    console.print(
        f"{result.list_pages} list pages, {result.links} links, {result.matched} wanted, "
        f"{result.matched - result.new} already stored; {len(result.jobs)} pages: {line}{pending}"
    )
    return counts


def crawl(
    url: str = typer.Argument(..., help="The column's first list page (http or https)."),
    once: bool = typer.Option(False, "--once", help="Crawl the column once, then exit."),
    interval: float = typer.Option(900.0, help="Without --once: seconds between polls."),
    paging: str = typer.Option("auto", help="auto, index_n, query, next_link or none."),
    max_pages: int = typer.Option(1000, "--max-pages", min=1, help="List pages at most."),
    include: list[str] = typer.Option([], "--include", help="Keep titles with this word."),
    keywords: bool = typer.Option(
        False, "--keywords/--all", help="Keep only meeting and environment titles (default: all)."
    ),
    rate: float | None = typer.Option(None, help="Requests per second to the site."),
    name: str | None = typer.Option(None, help="Source name (default: from the host)."),
    timeout: float = typer.Option(3600.0, help="Seconds to wait for the articles' outcomes."),
) -> None:
    """Crawl one column through the workers into PostgreSQL and summarise what happened."""
    settings = get_settings()
    client = make_client(user_agent=settings.user_agent, timeout=settings.fetch_timeout)
    source = _source(
        url,
        client,
        paging=paging,
        max_pages=max_pages,
        include=include,
        keywords=keywords,
        rate=rate,
        default_rate=settings.default_rate_limit,
        name=name,
    )
    console.print(f"column {url}: source {source.name}, paging {source.paging.style}")
    with closing(client), running_service(settings, need_worker=True) as runtime:
        while True:
            counts = _crawl_once(source, client, settings, runtime.redis_url, timeout)
            if once:
                break
            time.sleep(interval)
    if counts["failed"] > counts["disallowed"] or counts["pending"]:
        raise typer.Exit(code=1)
