"""``meetings ingest`` and ``meetings reports`` as a user runs them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS, Servers, service_env


def meetings(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "services.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def given_servers(
    servers: Servers, worker: object, clean_db: object, tmp_path: Path
) -> dict[str, str]:
    return service_env(servers, tmp_path)


def test_ingest_without_a_service_starts_one_for_its_length(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env["MEETINGS_DATA_DIR"] = str(tmp_path / "var")
    first = meetings("ingest", str(SEEDS), env=env)
    assert first.returncode == 0, first.stderr
    assert "5 stored" in first.stderr
    again = meetings("ingest", str(SEEDS), env=env)
    assert "0 stored, 0 updated, 5 unchanged, 0 failed" in again.stderr
    assert meetings("reports", "--count", env=env).stdout.strip() == "5"
    assert not (tmp_path / "var" / "servers.json").exists()  # stopped when the command ended


def test_bad_files_are_failures_with_reasons(given_servers: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "noise.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "latin1.txt").write_bytes("résumé café".encode("latin-1"))
    result = meetings("ingest", str(tmp_path), env=given_servers)
    assert result.returncode == 1
    for reason in ("empty document", "binary content", "no Chinese article text"):
        assert reason in result.stderr
    assert "3 failed" in result.stderr


def test_an_unfetchable_url_is_reported(given_servers: dict[str, str]) -> None:
    result = meetings("ingest", "http://127.0.0.1:9/a.html", "--timeout", "120", env=given_servers)
    assert result.returncode == 1
    assert "connection failed" in result.stderr


def test_reports_prints_records_as_json_lines(
    given_servers: dict[str, str], tmp_path: Path
) -> None:
    shutil.copy(SEEDS / "004_98845b8d6be73ceb.txt", tmp_path)
    meetings("ingest", str(tmp_path), env=given_servers)
    lines = meetings("reports", "--json", env=given_servers).stdout.splitlines()
    assert len(lines) == 1
    assert '"body"' in lines[0]
