"""Migrations: the schema revision the code expects, and a database already there left alone."""

from __future__ import annotations

import sys

from alembic.script import ScriptDirectory

from services.store.db import SCHEMA_REVISION, alembic_config, migrate, schema_revision
from tests.conftest import Servers


def test_the_expected_revision_is_alembics_head() -> None:
    script = ScriptDirectory.from_config(alembic_config("postgresql://unused/db"))
    assert script.get_current_head() == SCHEMA_REVISION


def test_a_migrated_database_is_at_the_expected_revision(servers: Servers) -> None:
    assert schema_revision(servers.database_url) == SCHEMA_REVISION


def test_migrating_a_current_database_needs_no_alembic(servers: Servers) -> None:
    loaded = {
        name: sys.modules.pop(name) for name in list(sys.modules) if name == "alembic.command"
    }
    try:
        migrate(servers.database_url)
        assert "alembic.command" not in sys.modules
    finally:
        sys.modules.update(loaded)
