"""``meetings up``: the whole service, supervised, until Ctrl-C."""

from __future__ import annotations

import typer
from rich.console import Console

from services.runtime import servers, service_commands
from services.settings import get_settings
from services.store.db import migrate
from services.supervisor import Supervisor

console = Console()


def up() -> None:
    """Start the servers (embedded unless REDIS_URL/DATABASE_URL are set), workers, beat, API, Flower."""
    settings = get_settings()
    with servers(settings) as runtime:
        if not runtime.owned and not (settings.redis_url and settings.database_url):
            console.print("[red]a service is already running under this data directory[/red]")
            raise typer.Exit(code=1)
        supervisor = Supervisor(settings.data_dir / "logs", on_event=console.print)
        for name, command in service_commands(settings).items():
            supervisor.add(name, command, runtime.child_env())
        console.print(f"API     http://{settings.api_host}:{settings.api_port}  (docs at /docs)")
        console.print(
            f"Flower  http://{settings.flower_host}:{settings.flower_port}"
            f"  (user {settings.flower_user})"
        )
        console.print(f"Redis   {runtime.redis_url}\nPostgreSQL {runtime.database_url}")
        console.print(f"logs in {settings.data_dir / 'logs'}; Ctrl-C stops everything")
        supervisor.run_forever()


def migrate_cmd() -> None:
    """Bring the database schema up to date (docker-compose's migrate step)."""
    settings = get_settings()
    if not settings.database_url:
        raise typer.BadParameter("DATABASE_URL is not set")
    migrate(settings.database_url)
