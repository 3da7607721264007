"""Where the servers are, and the processes the service runs.

Three cases, in order: the URLs are set (use them); a ``meetings up`` is running under the data
directory (use its servers); neither (start embedded servers for the length of the command).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from services.embedded import EmbeddedServers
from services.settings import Settings
from services.store.db import migrate

CELERY = [sys.executable, "-m", "celery", "-A", "services.celery_app"]


@dataclass(frozen=True)
class Runtime:
    """The servers a command talks to, and whether this command started them."""

    redis_url: str
    database_url: str
    owned: bool

    def child_env(self) -> dict[str, str]:
        """The environment of a child process: ours plus the servers' URLs."""
        return {**os.environ, "REDIS_URL": self.redis_url, "DATABASE_URL": self.database_url}


@contextmanager
def servers(settings: Settings) -> Iterator[Runtime]:
    """Yield the servers to use, starting embedded ones (and stopping them after) if needed."""
    if settings.redis_url and settings.database_url:
        migrate(settings.database_url)
        yield Runtime(settings.redis_url, settings.database_url, owned=False)
        return
    embedded = EmbeddedServers(settings.data_dir)
    running = embedded.running()
    if running:
        yield Runtime(running.redis_url, running.database_url, owned=False)
        return
    urls = embedded.start()
    try:
        migrate(urls.database_url)
        yield Runtime(urls.redis_url, urls.database_url, owned=True)
    finally:
        embedded.stop()


def worker_command(
    queues: str,
    *,
    concurrency: int,
    name: str,
    pool: str = "prefork",
    prefetch: int = 1,
    events: bool = True,
) -> list[str]:
    """A Celery worker on ``queues``; with ``events`` it sends task events so Flower sees them.

    ``prefetch`` is the worker's prefetch multiplier (messages reserved per pool slot): above 1
    only for queues of short tasks, where a slot would otherwise wait a broker round trip
    between two tasks of a few milliseconds.
    """
    return [
        *CELERY,
        "worker",
        "-Q",
        queues,
        "-c",
        str(concurrency),
        "-P",
        pool,
        "-n",
        f"{name}@%h",
        "--prefetch-multiplier",
        str(prefetch),
        *(["-E"] if events else []),
        "--loglevel",
        "INFO",
        "--without-gossip",
        "--without-mingle",
    ]


def worker_commands(settings: Settings, *, events: bool = True) -> dict[str, list[str]]:
    """The pipeline's three workers, by name: one per queue, each with the pool its work needs.

    ingest: threads (fetches wait on the network, not the CPU; one process for many of them);
    parse: processes, one per core (CPU bound); store: two processes (each waits on PostgreSQL).
    Parse and store workers prefetch two messages per process, so the next batch is at hand when
    one is done; more let one worker hoard batches while another idles (measured: 8 was slower).
    """
    return {
        "worker-ingest": worker_command(
            "ingest", concurrency=8, name="ingest", pool="threads", events=events
        ),
        "worker-parse": worker_command(
            "parse", concurrency=settings.concurrency, name="parse", prefetch=2, events=events
        ),
        "worker-store": worker_command(
            "store", concurrency=2, name="store", prefetch=2, events=events
        ),
    }


def service_commands(settings: Settings) -> dict[str, list[str]]:
    """Every process of the running service, by name (docker-compose runs the same ones)."""
    password = settings.flower_password.get_secret_value()
    return {
        **worker_commands(settings),
        "beat": [*CELERY, "beat", "--loglevel", "INFO"],
        "api": [
            sys.executable,
            "-m",
            "uvicorn",
            "services.api:app",
            "--host",
            settings.api_host,
            "--port",
            str(settings.api_port),
        ],
        "flower": [
            *CELERY,
            "flower",
            f"--address={settings.flower_host}",
            f"--port={settings.flower_port}",
            f"--basic-auth={settings.flower_user}:{password}",
        ],
    }
