"""The ``meetings`` application: one sub-command a module."""

from __future__ import annotations

import typer

from services.cli.parse_cmd import parse

app = typer.Typer(
    name="meetings",
    help="Turn Chinese local-government meeting reports into structured records.",
    no_args_is_help=True,
    add_completion=False,
)
app.command("parse")(parse)


@app.callback()
def main() -> None:
    """Turn Chinese local-government meeting reports into structured records."""
