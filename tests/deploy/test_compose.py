"""docker-compose.yml cannot run here (no engine), so check what it asks of the project:
every command it runs exists, and every variable it sets is a setting."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
import yaml

from services.cli.main import COMMANDS
from services.settings import Settings
from tests.conftest import REPO

COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text())
APP_SERVICES = {name: spec for name, spec in COMPOSE["services"].items() if "build" in spec}
USUAL_NAMES = {"REDIS_URL", "DATABASE_URL"}


def _argv(spec: dict[str, Any]) -> list[str]:
    command = spec["command"]
    if command[:2] == ["sh", "-c"]:
        return command[2].removeprefix("exec ").split()
    return list(command)


def test_every_app_service_is_built_from_the_one_image() -> None:
    assert {spec["build"]["dockerfile"] for spec in APP_SERVICES.values()} == {"deploy/Dockerfile"}
    assert {
        "migrate",
        "worker-ingest",
        "worker-parse",
        "worker-store",
        "beat",
        "api",
        "flower",
    } <= set(APP_SERVICES)


@pytest.mark.parametrize("name", sorted(APP_SERVICES))
def test_the_command_exists_in_the_project(name: str) -> None:
    argv = _argv(APP_SERVICES[name])
    if argv[0] == "meetings":
        assert argv[1] in COMMANDS
    elif argv[0] == "celery":
        module = importlib.import_module(argv[argv.index("-A") + 1])
        assert hasattr(module, "app")
    elif argv[0] == "uvicorn":
        module, attribute = argv[1].split(":")
        assert hasattr(importlib.import_module(module), attribute)
    else:
        pytest.fail(f"{name} runs an unknown program {argv[0]}")


def test_worker_queues_are_the_apps_queues() -> None:
    from services.celery_app import CONFIG

    queues = {q.name for q in CONFIG["task_queues"]}
    used = {_argv(s)[_argv(s).index("-Q") + 1] for s in APP_SERVICES.values() if "-Q" in _argv(s)}
    assert used == queues


def test_every_variable_is_a_setting() -> None:
    fields = {f"MEETINGS_{name.upper()}" for name in Settings.model_fields}
    for name, spec in APP_SERVICES.items():
        for variable in spec.get("environment", {}):
            assert variable in fields | USUAL_NAMES, f"{name} sets {variable}, which is no setting"
        for variable in re.findall(r"\$\$\{(\w+)", " ".join(_argv(spec))):
            assert variable in fields, f"{name} reads {variable}, which is no setting"


def test_redis_keeps_an_append_only_file() -> None:
    assert "--appendonly" in COMPOSE["services"]["redis"]["command"]
