"""Long-lived resources of a worker process: one HTTP client and one database engine each.

Made lazily on first use in the process that uses them (so after Celery's fork, never at import
time, never per task) and closed when the process shuts down.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import wraps
from typing import Any, Generic, TypeVar

import httpx
import redis
from celery.signals import worker_init, worker_process_init, worker_process_shutdown
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from services.ingest.fetch import make_client
from services.logs import configure_logging, log
from services.settings import get_settings
from services.store.db import make_engine, make_sessionmaker

T = TypeVar("T")


class ProcessResource(Generic[T]):
    """A resource made once per process on first use, even when a pool's threads ask at once.

    (``functools.lru_cache`` lets concurrent first callers each make one: eight HTTP clients,
    each loading the CA bundle, at the moment a thread pool's first tasks arrive.)
    """

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._value: T | None = None
        self._lock = threading.Lock()
        wraps(factory)(self)

    def __call__(self) -> T:
        if self._value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._factory()
        return self._value

    @property
    def made(self) -> bool:
        return self._value is not None

    def clear(self) -> None:
        """Forget the resource (the next call makes a new one)."""
        self._value = None


@ProcessResource
def http_client() -> httpx.Client:
    """This process's HTTP client."""
    settings = get_settings()
    return make_client(user_agent=settings.user_agent, timeout=settings.fetch_timeout)


@ProcessResource
def redis_client() -> redis.Redis:
    """This process's Redis client for crawl state and rate limits (the broker's Redis)."""
    url = get_settings().redis_url
    if not url:
        raise RuntimeError("REDIS_URL is not set for this worker")
    return redis.Redis.from_url(url, socket_timeout=10, health_check_interval=30)


@ProcessResource
def session_factory() -> sessionmaker[Session]:
    """This process's database sessions (only store workers ever call this)."""
    url = get_settings().database_url
    if not url:
        raise RuntimeError("DATABASE_URL is not set for this worker")
    return make_sessionmaker(make_engine(url, pre_ping=False))


@worker_init.connect
@worker_process_init.connect
def _init_logging(**_: Any) -> None:
    configure_logging()


@worker_process_init.connect
def _warm_up(**_: Any) -> None:
    """Connect a store process to PostgreSQL before its first message, not during it.

    The first connection costs most of a second (the driver's import, the engine, the login):
    paid during the first batch, it held up every page of it. A database that is away now is
    no reason to stop: the first batch meets it and is retried.
    """
    from services.celery_app import STORE_QUEUE, app

    if STORE_QUEUE not in (app.amqp.queues.consume_from or {}):
        return
    try:
        with session_factory()() as session:
            session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        log.warning("store.warm_up_failed", error=str(exc))


@worker_process_shutdown.connect
def _close_resources(**_: Any) -> None:
    if http_client.made:
        http_client().close()
    if redis_client.made:
        redis_client().close()
    if session_factory.made:
        engine = session_factory().kw["bind"]
        engine.dispose()
