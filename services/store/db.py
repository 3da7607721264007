"""Engines, sessions and migrations. One engine per process, made by whoever runs the process."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest migration's revision (a test checks it is Alembic's head): a database already there
# needs no Alembic at all, which keeps it (half a second of imports) out of every command's start.
SCHEMA_REVISION = "0002"


def sqlalchemy_url(url: str) -> str:
    """Accept the usual ``postgres://`` / ``postgresql://`` forms and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, *, pool_size: int = 5, pre_ping: bool = True) -> Engine:
    """An engine; with pre-ping a connection dropped by a PostgreSQL restart is replaced silently.

    Store workers go without it (a round trip per transaction): for them a dropped connection is
    an ``OperationalError``, which the task turns into a retried ``DatabaseUnavailableError``.
    """
    return create_engine(sqlalchemy_url(url), pool_pre_ping=pre_ping, pool_size=pool_size)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (results outlive the transaction)."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session


def alembic_config(url: str) -> Config:
    """Alembic's configuration built in code, so no ini file has to sit in the working folder."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", sqlalchemy_url(url).replace("%", "%%"))
    return config


def schema_revision(url: str) -> str | None:
    """The revision the database's schema is at; None before the first migration."""
    engine = create_engine(sqlalchemy_url(url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except ProgrammingError:  # no alembic_version table: an empty database
        return None
    finally:
        engine.dispose()


def migrate(url: str) -> None:
    """Bring the schema to the newest revision (safe to run from several processes at once)."""
    if schema_revision(url) == SCHEMA_REVISION:
        return
    from alembic import command

    command.upgrade(alembic_config(url), "head")
