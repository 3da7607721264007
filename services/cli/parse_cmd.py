"""``meetings parse``: the pure parse, on files, folders and URLs, with no service running.

Files are parsed by a pool of processes, one a core, when there are several of them; results
are printed as they come, in input order. Modules are imported when a command needs them, so
that ``meetings --help`` stays fast.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from concurrent.futures import Executor

    import httpx

PAGE_SUFFIXES = {".html", ".htm", ".shtml", ".txt", ".xhtml", ".jsp", ".php", ".asp", ".aspx"}
_CHUNKS_PER_WORKER = 4  # chunks a worker gets: big enough to amortise, small enough to balance
_MAX_CHUNK = 32


class OutputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"


def is_url(target: str) -> bool:
    """True for http(s) URLs, which are fetched rather than read from disk."""
    return target.startswith(("http://", "https://"))


def iter_files(target: Path) -> Iterator[Path]:
    """The page files a path names: the file itself, or a folder's pages in name order."""
    if target.is_dir():
        for path in sorted(target.rglob("*")):
            if path.is_file() and path.suffix.lower() in PAGE_SUFFIXES:
                yield path
    else:
        yield target


def _targets(targets: list[str]) -> Iterator[tuple[str, str]]:
    """``("url", url)`` and ``("file", path)`` items in input order; missing paths reported."""
    for target in targets:
        if is_url(target):
            yield "url", target
            continue
        path = Path(target)
        if not path.exists():
            typer.secho(f"{target}: no such file or folder", err=True, fg="red")
            continue
        for file in iter_files(path):
            yield "file", str(file)


def _record(data: bytes, url: str | None = None, content_type: str | None = None) -> dict[str, Any]:
    from services.parse import parse_document

    return parse_document(data, url=url, content_type=content_type).model_dump(mode="json")


def _output(kind: str, where: str, record: dict[str, Any], output: OutputFormat) -> Any:
    """What the command prints for one page: a JSON line, or the record for a JSON document."""
    if output is OutputFormat.jsonl:
        return json.dumps({kind: where, **record}, ensure_ascii=False) + "\n"
    return record


def _parse_file(path: str, output: OutputFormat) -> Any:
    """One file's output; run in the pool's workers, so the JSON is made there too."""
    return _output("file", path, _record(Path(path).read_bytes()), output)


def _parse_one(job: tuple[str, OutputFormat]) -> Any:
    return _parse_file(*job)


class _Urls:
    """Fetches URLs one after the other with a client made on first use."""

    def __init__(self) -> None:
        self.client: httpx.Client | None = None

    def output(self, url: str, output: OutputFormat) -> Any:
        from services.ingest.errors import FetchError
        from services.ingest.fetch import fetch_page, make_client
        from services.settings import get_settings

        settings = get_settings()
        if self.client is None:
            self.client = make_client(
                user_agent=settings.user_agent, timeout=settings.fetch_timeout
            )
        try:
            page = fetch_page(self.client, url, max_bytes=settings.max_page_bytes)
        except FetchError as exc:
            typer.secho(f"{url}: {exc.reason}", err=True, fg="red")
            return None
        return _output("url", url, _record(page.content, url, page.content_type), output)


def worker_count() -> int:
    """One worker a core this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _pool(workers: int) -> Executor:
    """A process pool; forked where the platform allows it, so that workers start with the
    parser's modules and tables already loaded by this process."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import services.parse  # noqa: F401  (loaded once here, inherited by forked workers)

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def _outputs(items: list[tuple[str, str]], output: OutputFormat) -> Iterator[Any]:
    """Outputs in input order: runs of files through the pool, URLs fetched here."""
    files = sum(1 for kind, _ in items if kind == "file")
    workers = min(worker_count(), files)
    pool = _pool(workers) if workers > 1 else None
    urls = _Urls()
    try:
        index = 0
        while index < len(items):
            kind, where = items[index]
            if kind == "url":
                yield urls.output(where, output)
                index += 1
                continue
            end = index
            while end < len(items) and items[end][0] == "file":
                end += 1
            yield from _run(pool, [(path, output) for _, path in items[index:end]], workers)
            index = end
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if urls.client is not None:
            urls.client.close()


def _run(
    pool: Executor | None, jobs: list[tuple[str, OutputFormat]], workers: int
) -> Iterable[Any]:
    if pool is None or len(jobs) == 1:
        return map(_parse_one, jobs)
    chunk = max(1, min(_MAX_CHUNK, len(jobs) // (workers * _CHUNKS_PER_WORKER)))
    return pool.map(_parse_one, jobs, chunksize=chunk)


def parse(
    targets: list[str] = typer.Argument(..., help="Files, folders or http(s) URLs of pages."),
    output: OutputFormat = typer.Option(
        OutputFormat.json,
        "--format",
        "-f",
        help="json: one record (a list for several); "
        "jsonl: one record a line with its file or url.",
    ),
) -> None:
    """Parse pages into meeting records and print them (no service needed)."""
    results = (out for out in _outputs(list(_targets(targets)), output) if out is not None)
    if output is OutputFormat.jsonl:
        for line in results:
            sys.stdout.write(line)
        return
    collected = list(results)
    if not collected:
        raise typer.Exit(code=1)
    payload = collected[0] if len(collected) == 1 else collected
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
