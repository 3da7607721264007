"""Structured logs: key-value events, with the task id, task name and page bound to every line.

Celery's signals bind the context when a task starts and clear it when it ends, so a task's code
just logs events (``log.info("parse.done", chars=…)``) and every line says which page it is about.
"""

from __future__ import annotations

import logging
from typing import Any

import structlog
from celery.signals import task_postrun, task_prerun

log = structlog.get_logger("meetings")


def configure_logging(level: int = logging.INFO) -> None:
    """Key-value lines on standard error, merged with the bound task context."""
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso"),
            structlog.processors.KeyValueRenderer(key_order=["timestamp", "level", "event"]),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        cache_logger_on_first_use=True,
    )


def _page_of(args: Any, kwargs: Any) -> str | None:
    job = (args[0] if args else None) or kwargs.get("job")
    if isinstance(job, dict):
        return job.get("url") or job.get("key")
    return None


@task_prerun.connect
def _bind_task(task_id: str, task: Any, args: Any = (), kwargs: Any = None, **_: Any) -> None:
    structlog.contextvars.clear_contextvars()
    page = _page_of(args or (), kwargs or {})
    structlog.contextvars.bind_contextvars(task_id=task_id, task=task.name, page=page)


@task_postrun.connect
def _unbind_task(**_: Any) -> None:
    structlog.contextvars.clear_contextvars()
