"""``meetings crawl COLUMN_URL --once`` as a user runs it, against a simulated 200-article column."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from services.simulator import Simulator, start_simulator
from services.simulator.site import DEFAULT_SITES
from tests.cli.test_ingest import meetings
from tests.conftest import Servers, service_env

ARTICLES = 200


@pytest.fixture(scope="module")
def column() -> Iterator[Simulator]:
    with start_simulator(column_size=ARTICLES, per_page=20, sites=DEFAULT_SITES[:1]) as sim:
        yield sim


@pytest.fixture
def env(servers: Servers, worker: object, clean_db: object, tmp_path: Path) -> dict[str, str]:
    return service_env(servers, tmp_path)


def test_a_column_is_crawled_whole_once_then_nothing_is_new(
    column: Simulator, env: dict[str, str]
) -> None:
    url = column.column_url("jingzhou") + "index.html"
    first = meetings("crawl", url, "--once", "--rate", "1000", env=env)
    assert first.returncode == 0, first.stderr
    assert f"{ARTICLES} stored, 0 updated, 0 unchanged, 2 failed" in first.stderr
    assert "failed ×2: disallowed by robots.txt" in first.stderr  # the private pages: no failure
    assert "paging index_n" in first.stderr
    again = meetings("crawl", url, "--once", "--rate", "1000", env=env)
    assert again.returncode == 0, again.stderr
    assert "0 pages: 0 stored" in again.stderr
    assert (
        column.request_count("jingzhou", "/xwzx/gzdt/index_1.html") == 1
    )  # walk stopped at page 0


def test_keywords_narrow_a_crawl_to_matching_titles(column: Simulator, env: dict[str, str]) -> None:
    url = column.column_url("jingzhou")
    result = meetings(
        "crawl",
        url,
        "--once",
        "--rate",
        "1000",
        "--max-pages",
        "1",
        "--include",
        "河湖长制",
        "--name",
        "narrow",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "1 list pages" in result.stderr
    assert " 0 failed" in result.stderr
