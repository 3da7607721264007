"""Structured logs: key-value events, with the task id, task name and page bound to every line.

Celery's signals bind the context when a task starts and clear it when it ends, so a task's code
just logs events (``log.info("parse.done", chars=…)``) and every line says which batch it is about
(its first page and size); a line about one page of the batch names that page itself.
"""

from __future__ import annotations

import logging
from typing import Any

import structlog
from celery.signals import task_postrun, task_prerun

from services.events import job_of, page_label

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


def _batch_of(args: Any) -> tuple[str | None, int]:
    """The first page of a pipeline message's batch, and how many pages it holds."""
    batch = args[0] if args else None
    if not isinstance(batch, list) or not batch:
        return None, 0
    return page_label(job_of(batch[0])), len(batch)


@task_prerun.connect
def _bind_task(task_id: str, task: Any, args: Any = (), kwargs: Any = None, **_: Any) -> None:
    structlog.contextvars.clear_contextvars()
    page, pages = _batch_of(args or ())
    structlog.contextvars.bind_contextvars(task_id=task_id, task=task.name, page=page, pages=pages)


@task_postrun.connect
def _unbind_task(**_: Any) -> None:
    structlog.contextvars.clear_contextvars()
