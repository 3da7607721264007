"""Embedded servers: real binaries, free ports, one data directory each."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import redis

from services.embedded import EmbeddedServers, ServerUrls


@pytest.fixture(scope="module")
def two(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[list[tuple[EmbeddedServers, ServerUrls]]]:
    started = []
    for name in ("one", "two"):
        servers = EmbeddedServers(tmp_path_factory.mktemp(name))
        started.append((servers, servers.start()))
    yield started
    for servers, _ in started:
        servers.destroy()


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1].split("/")[0])


def test_two_data_directories_run_side_by_side(
    two: list[tuple[EmbeddedServers, ServerUrls]],
) -> None:
    ports = {_port(urls.redis_url) for _, urls in two} | {
        _port(urls.database_url) for _, urls in two
    }
    assert len(ports) == 4


def test_the_usual_ports_are_left_alone(two: list[tuple[EmbeddedServers, ServerUrls]]) -> None:
    for _, urls in two:
        assert {_port(urls.redis_url), _port(urls.database_url)}.isdisjoint({6379, 5432})


def test_redis_keeps_an_append_only_file(two: list[tuple[EmbeddedServers, ServerUrls]]) -> None:
    client = redis.Redis.from_url(two[0][1].redis_url)
    assert client.config_get("appendonly") == {"appendonly": "yes"}


def test_postgres_answers_and_has_the_database(
    two: list[tuple[EmbeddedServers, ServerUrls]],
) -> None:
    url = two[0][1].database_url.replace("+psycopg", "")
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT current_database()").fetchone() == ("meetings",)


def test_a_running_service_is_found_by_the_next_command(
    two: list[tuple[EmbeddedServers, ServerUrls]],
) -> None:
    servers, urls = two[0]
    assert EmbeddedServers(servers.data_dir).running() == urls


def test_data_survives_a_restart(tmp_path: Path) -> None:
    servers = EmbeddedServers(tmp_path / "var")
    urls = servers.start()
    redis.Redis.from_url(urls.redis_url).set("kept", "1")
    servers.stop()
    assert servers.running() is None
    urls = servers.start()
    try:
        assert redis.Redis.from_url(urls.redis_url).get("kept") == b"1"
    finally:
        servers.destroy()
