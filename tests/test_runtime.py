"""The service's processes: one worker per queue, each with its pool, prefetch and events."""

from __future__ import annotations

from services.runtime import service_commands, worker_commands
from services.settings import Settings


def _option(command: list[str], flag: str) -> str:
    return command[command.index(flag) + 1]


def test_each_queue_has_its_worker_and_pool() -> None:
    commands = worker_commands(Settings(concurrency=3))
    assert {name: _option(c, "-Q") for name, c in commands.items()} == {
        "worker-ingest": "ingest",
        "worker-parse": "parse",
        "worker-store": "store",
    }
    assert _option(commands["worker-ingest"], "-P") == "threads"
    assert _option(commands["worker-parse"], "-c") == "3"


def test_only_the_short_steps_prefetch_several_messages() -> None:
    commands = worker_commands(Settings())
    assert _option(commands["worker-ingest"], "--prefetch-multiplier") == "1"
    assert _option(commands["worker-parse"], "--prefetch-multiplier") == "2"
    assert _option(commands["worker-store"], "--prefetch-multiplier") == "2"


def test_the_service_workers_send_events_and_a_commands_do_not() -> None:
    service = service_commands(Settings())
    assert all("-E" in service[name] for name in ("worker-ingest", "worker-parse", "worker-store"))
    assert not any("-E" in c for c in worker_commands(Settings(), events=False).values())
