"""The supervisor restarts a child that dies and stops all on request."""

from __future__ import annotations

import os
import sys
import threading

from services.supervisor import Supervisor
from tests.conftest import wait_until

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def test_a_dead_child_is_restarted() -> None:
    supervisor = Supervisor(on_event=lambda _: None)
    child = supervisor.add("sleeper", SLEEPER, dict(os.environ))
    first = child.process.pid if child.process else 0
    thread = threading.Thread(
        target=supervisor.run_forever, kwargs={"poll": 0.1, "handle_signals": False}, daemon=True
    )
    thread.start()
    child.process.kill() if child.process else None
    wait_until(
        lambda: child.alive() and child.process and child.process.pid != first, 15, "no restart"
    )
    supervisor.request_stop()
    thread.join(20)
    assert not child.alive()


def test_stop_ends_every_child() -> None:
    supervisor = Supervisor(on_event=lambda _: None)
    children = [supervisor.add(f"c{i}", SLEEPER, dict(os.environ)) for i in range(3)]
    supervisor.stop()
    assert not any(child.alive() for child in children)
