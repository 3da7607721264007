"""The ``meetings`` application: one sub-command a module, each imported only when it runs.

Sub-commands pull in very different things (Celery, SQLAlchemy, Alembic, the simulator); a group
that imports a command's module on demand keeps ``meetings parse`` from paying for all of them.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperGroup

# name → (module, attribute): a typer command function, or a typer app for a command group
COMMANDS: dict[str, tuple[str, str]] = {
    "up": ("services.cli.up_cmd", "up"),
    "parse": ("services.cli.parse_cmd", "parse"),
    "ingest": ("services.cli.ingest_cmd", "ingest"),
    "reports": ("services.cli.reports_cmd", "reports"),
    "crawl": ("services.cli.crawl_cmd", "crawl"),
    "sources": ("services.cli.sources_cmd", "app"),
    "migrate": ("services.cli.up_cmd", "migrate_cmd"),
}
HIDDEN = {"migrate"}


def load_command(name: str) -> Any:
    """Import one sub-command and turn it into a command of typer's (vendored) click."""
    module, attribute = COMMANDS[name]
    target = getattr(importlib.import_module(module), attribute)
    if not isinstance(target, typer.Typer):
        single = typer.Typer(add_completion=False)
        single.command(name, hidden=name in HIDDEN)(target)
        target = single
    command = typer.main.get_command(target)
    command.name = name
    return command


class LazyGroup(TyperGroup):
    """A click group whose sub-commands are imported when used (or when help lists them)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [name for name in COMMANDS if name not in HIDDEN]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        return load_command(cmd_name) if cmd_name in COMMANDS else None


app = typer.Typer(
    cls=LazyGroup,
    name="meetings",
    help="Turn Chinese local-government meeting reports into structured records.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def main() -> None:
    """Turn Chinese local-government meeting reports into structured records."""
