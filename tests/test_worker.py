"""A worker process's long-lived resources: made once, however many threads ask at once."""

from __future__ import annotations

import subprocess
import threading
import time

import psutil
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from services.worker import ProcessResource
from tests.conftest import wait_until


def test_threads_asking_at_once_get_one_resource() -> None:
    made: list[object] = []

    def slow_factory() -> object:
        time.sleep(0.05)  # as long as loading a CA bundle: every thread arrives meanwhile
        made.append(object())
        return made[-1]

    resource = ProcessResource(slow_factory)
    barrier = threading.Barrier(8)
    got: list[object] = []

    def ask() -> None:
        barrier.wait()
        got.append(resource())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 1
    assert got == made * 8


def test_a_cleared_resource_is_made_again() -> None:
    resource = ProcessResource(object)
    first = resource()
    assert resource.made and resource() is first
    resource.clear()
    assert not resource.made and resource() is not first


def test_store_processes_connect_to_the_database_before_their_first_message(
    worker: subprocess.Popen[bytes], db_sessions: sessionmaker[Session]
) -> None:
    children = {child.pid for child in psutil.Process(worker.pid).children()}
    assert children

    def connected_to_postgres() -> set[int]:
        """The pool's processes holding a connection PostgreSQL lists (by the client's port)."""
        with db_sessions() as session:
            ports = set(
                session.execute(
                    text("SELECT client_port FROM pg_stat_activity WHERE client_port > 0")
                ).scalars()
            )
        return {
            pid
            for pid in children
            for connection in psutil.Process(pid).net_connections("tcp")
            if connection.laddr and connection.laddr.port in ports
        }

    wait_until(lambda: connected_to_postgres() == children, 30, "a store process is not connected")
