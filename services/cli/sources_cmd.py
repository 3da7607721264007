"""``meetings sources``: the registry's sources, one column checked, a poll now, the seen set rebuilt."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import redis
import typer
from rich.console import Console
from rich.table import Table

from services.celery_app import POLL_SOURCE
from services.celery_app import app as celery_app
from services.cli.common import running_service
from services.ingest import seen
from services.ingest.discover import discover_links, title_matches
from services.ingest.errors import SourcesFileError
from services.ingest.fetch import fetch_page, make_client
from services.ingest.poll import column_source, detect_paging, read_stats
from services.ingest.sources import Source, load_sources
from services.parse import parse_document
from services.runtime import Runtime
from services.settings import Settings, get_settings
from services.store.db import make_engine, make_sessionmaker
from services.store.repository import finished_urls

console = Console()
app = typer.Typer(help="The sources registry: list, check, poll, reseed.", no_args_is_help=True)
SOURCES_OPTION = typer.Option(
    None, "--sources", help="Sources file (default MEETINGS_SOURCES_FILE)."
)


def registry(path: Path | None, settings: Settings) -> list[Source]:
    """The sources of ``path`` (or of the settings' file); a clear error when there is none."""
    path = path or settings.sources_file
    if path is None:
        raise typer.BadParameter(
            "no sources file: give --sources FILE or set MEETINGS_SOURCES_FILE"
        )
    try:
        return load_sources(path)
    except SourcesFileError as exc:
        raise typer.BadParameter(str(exc)) from exc


def find(sources: list[Source], name: str) -> Source:
    for source in sources:
        if source.name == name:
            return source
    raise typer.BadParameter(f"no source {name!r}; sources: {', '.join(s.name for s in sources)}")


def reseed_sources(
    redis_client: redis.Redis, database_url: str, names: list[str], *, only_missing: bool
) -> dict[str, int]:
    """Rebuild the seen sets of ``names`` from the pages table (only absent ones if asked)."""
    wanted = [n for n in names if not (only_missing and redis_client.exists(seen.seen_key(n)))]
    counts: dict[str, int] = {}
    if not wanted:
        return counts
    engine = make_engine(database_url)
    try:
        with make_sessionmaker(engine)() as session:
            for name in wanted:
                counts[name] = seen.reseed(redis_client, name, finished_urls(session, name))
    finally:
        engine.dispose()
    return counts


@contextmanager
def service_redis(settings: Settings) -> Iterator[tuple[Runtime, redis.Redis]]:
    """The service's servers for the command's length, and a Redis client on them."""
    with (
        running_service(settings, need_worker=False) as runtime,
        redis.Redis.from_url(runtime.redis_url) as redis_client,
    ):
        yield runtime, redis_client


@app.command("list")
def list_sources(sources: Path | None = SOURCES_OPTION) -> None:
    """The registry's sources, with their last poll when a service has polled them."""
    settings = get_settings()
    found = registry(sources, settings)
    table = Table("name", "region", "interval", "start URL", "last poll", "sent", "seen")
    with service_redis(settings) as (_, redis_client):
        for source in found:
            stats = read_stats(redis_client, source.name)
            last = stats.get("last_poll")
            when = datetime.fromtimestamp(float(last)).strftime("%H:%M:%S") if last else ""
            region = "".join(x for x in source.region.model_dump().values() if x)
            table.add_row(
                source.name,
                region,
                f"{source.poll_interval:g}s",
                source.start_urls[0],
                when,
                stats.get("enqueued", ""),
                str(seen.seen_count(redis_client, source.name)),
            )
    console.print(table)


@app.command("check")
def check(
    target: str = typer.Argument(..., help="A source's name, or a column URL."),
    sources: Path | None = SOURCES_OPTION,
) -> None:
    """Fetch a column's first list page: its links, which are new and wanted, the first article."""
    settings = get_settings()
    with make_client(user_agent=settings.user_agent, timeout=settings.fetch_timeout) as client:
        if target.startswith(("http://", "https://")):
            html = client.get(target).content
            source = column_source(
                target, paging=detect_paging(html, target), max_pages=1, include=[], rate_limit=1
            )
        else:
            source = find(registry(sources, settings), target)
        url = source.start_urls[0]
        page = fetch_page(client, url, max_bytes=settings.max_page_bytes)
        found = discover_links(page.content, page.final_url or url, source)
        with service_redis(settings) as (_, redis_client):
            fresh = set(seen.unseen(redis_client, source.name, [a.url for a in found.articles]))
        table = Table("#", "title", "new", "wanted", "url", title=f"{source.name}: {url}")
        for number, link in enumerate(found.articles, 1):
            wanted = title_matches(link.title, source.include_keywords, source.exclude_keywords)
            table.add_row(
                str(number), link.title, _mark(link.url in fresh), _mark(wanted), link.url
            )
        console.print(table)
        console.print(f"paging {source.paging.style}; next list pages: {found.next_pages or '-'}")
        if found.articles:
            _show_first_article(client, found.articles[0].url, source, settings)


def _mark(flag: bool) -> str:
    return "[green]yes[/green]" if flag else "no"


def _show_first_article(client: object, url: str, source: Source, settings: Settings) -> None:
    page = fetch_page(client, url, max_bytes=settings.max_page_bytes)  # type: ignore[arg-type]
    content_type = f"text/html; charset={source.encoding}" if source.encoding else page.content_type
    report = parse_document(page.content, url=url, content_type=content_type)
    console.print(f"first article: {report.title}  (published {report.published_at or '?'})")
    if report.meeting.name:
        console.print(f"meeting: {report.meeting.name}")


@app.command("poll")
def poll_now(name: str, sources: Path | None = SOURCES_OPTION) -> None:
    """Poll one source now, through the broker (a worker must be running, e.g. meetings up)."""
    settings = get_settings()
    source = find(registry(sources, settings), name)
    with running_service(settings, need_worker=False):
        result = celery_app.send_task(
            POLL_SOURCE,
            args=[source.model_dump(mode="json")],
            kwargs={"force": True},
            argsrepr=repr(name),
        )
    print(result.id)


@app.command("reseed")
def reseed(
    names: list[str] = typer.Argument(None, help="Sources to rebuild (default: all)."),
    sources: Path | None = SOURCES_OPTION,
) -> None:
    """Rebuild sources' seen sets in Redis from the pages PostgreSQL holds."""
    settings = get_settings()
    found = registry(sources, settings)
    chosen = [find(found, n).name for n in names] if names else [s.name for s in found]
    with service_redis(settings) as (runtime, redis_client):
        counts = reseed_sources(redis_client, runtime.database_url, chosen, only_missing=False)
    for name in chosen:
        console.print(f"{name}: {counts.get(name, 0)} URLs done")
