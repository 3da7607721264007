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


def workers_answering(app: Celery, timeout: float = 1.0) -> int:
    """How many workers answer a ping right now."""
    return len(app.control.ping(timeout=timeout) or [])


@contextmanager
def running_service(settings: Settings, *, need_worker: bool) -> Iterator[Runtime]:
    """Servers (and, if asked and none answers, one worker on every queue) for a command."""
    from services.celery_app import app as celery_app
    from services.celery_app import configure_broker
    from services.runtime import servers, worker_command

    with servers(settings) as runtime:
        configure_broker(celery_app, runtime.redis_url)
        if not need_worker or (not runtime.owned and workers_answering(celery_app)):
            yield runtime
            return
        command = worker_command(
            "ingest,parse,store", concurrency=settings.concurrency, name="cli", pool="prefork"
        )
        log = (settings.data_dir / "cli-worker.log").open("ab")
        worker = subprocess.Popen(command, env=runtime.child_env(), stdout=log, stderr=log)
        try:
            _wait_for_worker(worker)
            yield runtime
        finally:
            worker.terminate()
            try:
                worker.wait(30)
            except subprocess.TimeoutExpired:
                worker.kill()
            log.close()


def _wait_for_worker(worker: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    from services.celery_app import app as celery_app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise RuntimeError(f"the worker exited at start-up ({worker.returncode})")
        if workers_answering(celery_app, timeout=0.5):
            return
    raise RuntimeError("the worker did not answer within a minute")
