"""What several commands share: the servers for a command's length, and a worker if none runs."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from services.settings import Settings

if TYPE_CHECKING:
    from celery import Celery

    from services.runtime import Runtime


def workers_answering(app: Celery, timeout: float = 1.0, *, enough: int = 1) -> int:
    """How many workers answer a ping within ``timeout``, returning once ``enough`` have answered.

    A ping waits its whole time-out unless given how many answers to expect; with ``enough`` it
    returns as soon as that many have answered (milliseconds when the workers run).
    """
    return len(app.control.ping(timeout=timeout, limit=enough) or [])


@contextmanager
def running_service(settings: Settings, *, need_worker: bool) -> Iterator[Runtime]:
    """Servers (and, if asked and none answers, the pipeline's workers) for a command's length.

    The workers are those of ``meetings up``, one per queue with its own pool (fetches on
    threads never hold a parse process), without task events: no Flower watches a command.
    """
    from services.celery_app import app as celery_app
    from services.celery_app import configure_broker
    from services.runtime import servers, worker_commands

    with servers(settings) as runtime:
        configure_broker(celery_app, runtime.redis_url)
        if not need_worker or (not runtime.owned and workers_answering(celery_app)):
            yield runtime
            return
        commands = worker_commands(settings, events=False)
        with (settings.data_dir / "cli-worker.log").open("ab") as log:
            workers = [
                subprocess.Popen(command, env=runtime.child_env(), stdout=log, stderr=log)
                for command in commands.values()
            ]
            try:
                _wait_for_workers(workers)
                yield runtime
            finally:
                _stop(workers)


def _wait_for_workers(workers: list[subprocess.Popen[bytes]], timeout: float = 60.0) -> None:
    """Return once every worker answers a ping; a short ping, asked again, so no second is lost."""
    from services.celery_app import app as celery_app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for worker in workers:
            if worker.poll() is not None:
                raise RuntimeError(f"a worker exited at start-up ({worker.returncode})")
        if workers_answering(celery_app, timeout=0.5, enough=len(workers)) >= len(workers):
            return
    raise RuntimeError(f"the workers did not answer within {timeout:.0f} s")


def _stop(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()
