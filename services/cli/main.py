"""The ``meetings`` application: one sub-command a module."""

from __future__ import annotations

import typer

from services.cli.crawl_cmd import crawl
from services.cli.ingest_cmd import ingest
from services.cli.parse_cmd import parse
from services.cli.reports_cmd import reports
from services.cli.sources_cmd import app as sources_app
from services.cli.up_cmd import migrate_cmd, up

app = typer.Typer(
    name="meetings",
    help="Turn Chinese local-government meeting reports into structured records.",
    no_args_is_help=True,
    add_completion=False,
)
app.command("up")(up)
app.command("parse")(parse)
app.command("ingest")(ingest)
app.command("reports")(reports)
app.command("crawl")(crawl)
app.add_typer(sources_app, name="sources")
app.command("migrate", hidden=True)(migrate_cmd)
