"""A small process supervisor: start children, restart the ones that die, stop all on a signal."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

RESTART_DELAY = 2.0  # seconds before a crashed child is started again
STOP_TIMEOUT = 15.0


@dataclass
class Child:
    """One supervised process and where its output goes."""

    name: str
    command: list[str]
    env: dict[str, str]
    log: IO[bytes] | None = None
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    died_at: float | None = field(default=None, repr=False)

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us; we stop children in order
        )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


class Supervisor:
    """Keeps a set of children running until ``stop`` or a SIGINT/SIGTERM."""

    def __init__(self, log_dir: Path | None = None, on_event: Callable[[str], None] = print):
        self.children: list[Child] = []
        self.log_dir = log_dir
        self.on_event = on_event
        self._stopping = False

    def add(self, name: str, command: list[str], env: dict[str, str]) -> Child:
        log = None
        if self.log_dir:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            log = (self.log_dir / f"{name}.log").open("ab")
        child = Child(name, command, env, log)
        self.children.append(child)
        child.start()
        self.on_event(f"started {name} (pid {child.process.pid if child.process else '?'})")
        return child

    def run_forever(self, poll: float = 0.5, *, handle_signals: bool = True) -> None:
        """Watch the children; return once SIGINT/SIGTERM or ``request_stop`` has stopped them."""
        if handle_signals:  # only the main thread may install handlers
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, lambda *_: self.request_stop())
        while not self._stopping:
            self._restart_dead()
            time.sleep(poll)
        self.stop()

    def request_stop(self) -> None:
        self._stopping = True

    def _restart_dead(self) -> None:
        now = time.monotonic()
        for child in self.children:
            if child.alive():
                continue
            if child.died_at is None:
                child.died_at = now
                code = child.process.returncode if child.process else None
                self.on_event(f"{child.name} exited ({code}); restarting")
            elif now - child.died_at >= RESTART_DELAY * min(2**child.restarts, 30):
                child.restarts += 1
                child.died_at = None
                child.start()

    def stop(self) -> None:
        """SIGTERM every child (warm shutdown for Celery), then SIGKILL the ones that linger."""
        for child in self.children:
            if child.alive() and child.process:
                child.process.terminate()
        deadline = time.monotonic() + STOP_TIMEOUT
        for child in self.children:
            if child.process is None:
                continue
            try:
                child.process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.process.kill()
                child.process.wait()
            if child.log:
                child.log.close()
        self.on_event("all processes stopped")
