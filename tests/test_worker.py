"""A worker process's long-lived resources: made once, however many threads ask at once."""

from __future__ import annotations

import threading
import time

from services.worker import ProcessResource


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
