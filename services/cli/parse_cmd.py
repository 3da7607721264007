"""``meetings parse``: the pure parse, on files, folders and URLs, with no service running."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import typer

from services.ingest.errors import FetchError
from services.ingest.fetch import fetch_page, make_client
from services.parse import parse_document
from services.settings import get_settings

PAGE_SUFFIXES = {".html", ".htm", ".shtml", ".txt", ".xhtml", ".jsp", ".php", ".asp", ".aspx"}


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


def _records(targets: list[str]) -> Iterator[tuple[str, str, dict[str, object]]]:
    settings = get_settings()
    client = None
    for target in targets:
        if is_url(target):
            client = client or make_client(
                user_agent=settings.user_agent, timeout=settings.fetch_timeout
            )
            try:
                page = fetch_page(client, target, max_bytes=settings.max_page_bytes)
            except FetchError as exc:
                typer.secho(f"{target}: {exc.reason}", err=True, fg="red")
                continue
            report = parse_document(page.content, url=target, content_type=page.content_type)
            yield "url", target, report.model_dump(mode="json")
            continue
        path = Path(target)
        if not path.exists():
            typer.secho(f"{target}: no such file or folder", err=True, fg="red")
            continue
        for file in iter_files(path):
            report = parse_document(file.read_bytes())
            yield "file", str(file), report.model_dump(mode="json")


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
    records = _records(targets)
    if output is OutputFormat.jsonl:
        for kind, where, record in records:
            sys.stdout.write(json.dumps({kind: where, **record}, ensure_ascii=False) + "\n")
        return
    collected = [record for _, _, record in records]
    if not collected:
        raise typer.Exit(code=1)
    payload = collected[0] if len(collected) == 1 else collected
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
