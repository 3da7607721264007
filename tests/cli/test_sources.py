"""``meetings sources``: list the registry, check a column, poll a source now, rebuild seen sets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from services.celery_app import app as celery_app
from services.ingest import seen
from services.simulator import Simulator, start_simulator
from tests.cli.test_ingest import meetings
from tests.conftest import Servers, service_env, wait_until


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with start_simulator(column_size=20, per_page=10) as simulator:
        yield simulator


@pytest.fixture
def env(
    sim: Simulator, servers: Servers, worker: object, clean_db: object, tmp_path: Path
) -> dict[str, str]:
    path = tmp_path / "sources.toml"
    path.write_text(sim.sources_toml(), encoding="utf-8")
    client = redis.Redis.from_url(servers.celery_redis_url)
    for name in sim.sites:
        client.delete(seen.seen_key(name), seen.fetched_key(name))
    client.close()
    return service_env(servers, tmp_path, MEETINGS_SOURCES_FILE=str(path))


def test_list_shows_every_source_of_the_registry(sim: Simulator, env: dict[str, str]) -> None:
    result = meetings("sources", "list", env=env)
    assert result.returncode == 0, result.stderr
    for name in sim.sites:
        assert name in result.stdout


def test_check_shows_links_new_wanted_and_the_first_article(env: dict[str, str]) -> None:
    result = meetings("sources", "check", "jingzhou", env=env)
    assert result.returncode == 0, result.stderr
    assert "荆州市" in result.stdout and "first article:" in result.stdout
    assert "yes" in result.stdout  # nothing is stored yet: every link is new


def test_check_accepts_a_column_url(sim: Simulator, env: dict[str, str]) -> None:
    result = meetings("sources", "check", sim.column_url("wuyang"), env=env)
    assert result.returncode == 0, result.stderr
    assert "paging next_link" in result.stdout


def test_poll_sends_a_poll_through_the_broker_and_reseed_rebuilds_the_seen_set(
    sim: Simulator, env: dict[str, str], servers: Servers
) -> None:
    result = meetings("sources", "poll", "binhu", env=env)
    assert result.returncode == 0, result.stderr
    outcome = celery_app.AsyncResult(result.stdout.strip()).get(timeout=60)
    assert outcome["enqueued"] > 0
    client = redis.Redis.from_url(servers.celery_redis_url)
    wait_until(lambda: seen.seen_count(client, "binhu") >= outcome["enqueued"], 60, "not stored")
    done = seen.seen_count(client, "binhu")
    client.delete(seen.seen_key("binhu"))
    rebuilt = meetings("sources", "reseed", "binhu", env=env)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert seen.seen_count(client, "binhu") == done
    client.close()
