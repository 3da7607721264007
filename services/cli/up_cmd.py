"""``meetings up``: the whole service, supervised, until Ctrl-C (``--demo``: with simulated sites)."""

from __future__ import annotations

import itertools
import re
import threading
from pathlib import Path

import redis
import typer
from rich.console import Console

from services.celery_app import app as celery_app
from services.celery_app import configure_broker
from services.cli.sources_cmd import registry, reseed_sources
from services.ingest.schedule import sync_schedule
from services.ingest.sources import Source
from services.runtime import Runtime, servers, service_commands
from services.settings import Settings, get_settings
from services.simulator import Simulator, start_simulator
from services.store.db import migrate
from services.supervisor import Supervisor

console = Console()
DEMO_COLUMN_SIZE = 30
DEMO_BODY = (
    "{day}上午，{place}生态环境保护委员会召开第{n}次全体会议，听取近期大气污染防治和河湖长制工作情况汇报。\n"
    "会议要求，各级各部门要压实责任，抓好中央生态环境保护督察反馈问题整改，确保按期销号。"
)


def start_demo(settings: Settings) -> tuple[Simulator, Path, threading.Event]:
    """Simulated sites on loopback, their sources file in the data dir, a new article every ~30 s."""
    simulator = start_simulator(column_size=DEMO_COLUMN_SIZE)
    path = settings.data_dir / "demo-sources.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    interval = f"poll_interval = {settings.demo_poll_interval}\n"
    path.write_text(re.sub(r"(\[\[sources\]\]\n)", r"\1" + interval, simulator.sources_toml()))
    stop = threading.Event()
    thread = threading.Thread(
        target=_publish_forever, args=(simulator, settings.demo_publish_every, stop), daemon=True
    )
    thread.start()
    return simulator, path, stop


def _publish_forever(simulator: Simulator, every: float, stop: threading.Event) -> None:
    for n, site in enumerate(itertools.cycle(simulator.sites), start=2):
        if stop.wait(every):
            return
        place = simulator.spec(site).place.name
        title = f"{place}召开生态环境保护委员会第{n}次全体会议"
        url = simulator.publish(
            site, title=title, body=DEMO_BODY.format(day="今天", place=place, n=n)
        )
        console.print(f"demo: published {title} at {url}")


def schedule_sources(runtime: Runtime, sources: list[Source]) -> None:
    """Make beat's schedule match the registry, and rebuild any lost seen set from PostgreSQL."""
    configure_broker(celery_app, runtime.redis_url)
    changes = sync_schedule(celery_app, sources)
    console.print(
        f"schedule: {len(sources)} sources ({len(changes.added)} added, "
        f"{len(changes.updated)} updated, {len(changes.removed)} removed)"
    )
    with redis.Redis.from_url(runtime.redis_url) as redis_client:
        names = [s.name for s in sources]
        for name, count in reseed_sources(
            redis_client, runtime.database_url, names, only_missing=True
        ).items():
            console.print(f"seen set of {name} rebuilt from PostgreSQL: {count} URLs")


def up(
    sources: Path | None = typer.Option(
        None, "--sources", help="Sources file to poll (default MEETINGS_SOURCES_FILE)."
    ),
    demo: bool = typer.Option(
        False, "--demo", help="Also serve simulated government sites and poll them."
    ),
) -> None:
    """Start the servers (embedded unless REDIS_URL/DATABASE_URL are set), workers, beat, API, Flower."""
    settings = get_settings()
    stop_demo = None
    if demo:
        simulator, sources, stop_demo = start_demo(settings)
        console.print(f"demo: {len(simulator.sites)} simulated sites, sources in {sources}")
    found = registry(sources, settings) if (sources or settings.sources_file) else []
    try:
        with servers(settings) as runtime:
            if not runtime.owned and not (settings.redis_url and settings.database_url):
                console.print("[red]a service is already running under this data directory[/red]")
                raise typer.Exit(code=1)
            schedule_sources(runtime, found)
            env = runtime.child_env()
            chosen = sources or settings.sources_file
            if chosen:
                env["MEETINGS_SOURCES_FILE"] = str(chosen.resolve())
            supervisor = Supervisor(settings.data_dir / "logs", on_event=console.print)
            for name, command in service_commands(settings).items():
                supervisor.add(name, command, env)
            _print_where(settings, runtime)
            supervisor.run_forever()
    finally:
        if stop_demo is not None:
            stop_demo.set()


def _print_where(settings: Settings, runtime: Runtime) -> None:
    console.print(f"API     http://{settings.api_host}:{settings.api_port}  (docs at /docs)")
    console.print(
        f"Flower  http://{settings.flower_host}:{settings.flower_port}"
        f"  (user {settings.flower_user})"
    )
    console.print(f"Redis   {runtime.redis_url}\nPostgreSQL {runtime.database_url}")
    console.print(f"logs in {settings.data_dir / 'logs'}; Ctrl-C stops everything")


def migrate_cmd() -> None:
    """Bring the database schema up to date (docker-compose's migrate step)."""
    settings = get_settings()
    if not settings.database_url:
        raise typer.BadParameter("DATABASE_URL is not set")
    migrate(settings.database_url)
