"""``meetings ingest``: pages through the broker and workers into PostgreSQL, with a summary."""

from __future__ import annotations

import typer


def ingest(
    targets: list[str] = typer.Argument(..., help="Files, folders or http(s) URLs."),
    timeout: float = typer.Option(600.0, help="Seconds to wait for every page's outcome."),
) -> None:
    """Ingest pages through the workers into PostgreSQL and summarise what happened."""
    from services.cli.ingest_run import run_ingest

    counts = run_ingest(targets, timeout)
    if counts["failed"] or counts["pending"]:
        raise typer.Exit(code=1)
