"""Session fixtures: real Redis and PostgreSQL (embedded, or the ones TEST_*_URL name) and a real
Celery worker process. Nothing is faked: no eager mode, no in-memory broker, no SQLite."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from services.celery_app import app as celery_app
from services.celery_app import configure_broker
from services.embedded import EmbeddedServers
from services.runtime import worker_command
from services.store.db import make_engine, make_sessionmaker, migrate

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


class TestServerSettings(BaseSettings):
    """Servers for the tests: unset means start embedded ones in a temporary folder."""

    __test__ = False
    model_config = SettingsConfigDict(env_prefix="TEST_")

    redis_url: str | None = None
    database_url: str | None = None


@dataclass(frozen=True)
class Servers:
    celery_redis_url: str  # the broker's database, never flushed under a running worker
    scratch_redis_url: str  # for tests that use Redis directly; flushed before each
    database_url: str


def _redis_db(url: str, db: int) -> str:
    base = url.rstrip("/")
    head, _, tail = base.rpartition("/")
    if tail.isdigit() and head.count("/") >= 2:
        base = head
    return f"{base}/{db}"


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    given = TestServerSettings()
    embedded = None
    if given.redis_url and given.database_url:
        redis_url, database_url = given.redis_url, given.database_url
    else:
        embedded = EmbeddedServers(tmp_path_factory.mktemp("servers"))
        urls = embedded.start()
        redis_url, database_url = urls.redis_url, urls.database_url
    migrate(database_url)
    found = Servers(_redis_db(redis_url, 0), _redis_db(redis_url, 1), database_url)
    configure_broker(celery_app, found.celery_redis_url)
    yield found
    if embedded:
        embedded.destroy()


@pytest.fixture
def redis_client(servers: Servers) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(servers.scratch_redis_url)
    client.flushdb()
    yield client
    client.close()


@pytest.fixture(scope="session")
def db_sessions(servers: Servers) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(servers.database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


@pytest.fixture
def clean_db(db_sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    """Empty tables before a test that reads or writes them."""
    with db_sessions() as session, session.begin():
        session.execute(text("TRUNCATE report_versions, reports, pages, sources CASCADE"))
    return db_sessions


def service_env(servers: Servers, data_dir: Path, **extra: str) -> dict[str, str]:
    """A child process's environment: the test servers and quick retries."""
    return {
        **os.environ,
        "REDIS_URL": servers.celery_redis_url,
        "DATABASE_URL": servers.database_url,
        "MEETINGS_DATA_DIR": str(data_dir),
        "MEETINGS_TASK_MAX_RETRIES": "2",
        "MEETINGS_RETRY_BACKOFF_BASE": "0.2",
        "MEETINGS_RETRY_BACKOFF_MAX": "1",
        "MEETINGS_ALLOW_PRIVATE_URLS": "true",
        **extra,
    }


def wait_until(check: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} within {timeout}s")


@pytest.fixture(scope="session")
def worker(
    servers: Servers, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[subprocess.Popen[bytes]]:
    """One real Celery worker process on every queue, for the whole session."""
    data_dir = tmp_path_factory.mktemp("worker")
    command = worker_command("ingest,parse,store", concurrency=2, name="test", pool="prefork")
    log = (data_dir / "worker.log").open("ab")
    process = subprocess.Popen(
        command, env=service_env(servers, data_dir), stdout=log, stderr=log, cwd=REPO
    )
    celery_app.control.purge()
    wait_until(lambda: bool(celery_app.control.ping(timeout=0.5)), 90, "the worker did not answer")
    yield process
    process.terminate()
    process.wait(30)
    log.close()
    if process.returncode not in (0, -15):
        sys.stderr.write((data_dir / "worker.log").read_text()[-3000:])
