"""Continuous crawling end to end: polls through the broker, a real worker, Redis and PostgreSQL,
against the simulated government sites on loopback."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import redis
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from services.celery_app import POLL_SOURCE
from services.celery_app import app as celery_app
from services.ingest import seen
from services.ingest.poll import column_source, fetch_job_sender
from services.ingest.sources import Source, load_sources
from services.jobs import wait_for_jobs
from services.simulator import Simulator, start_simulator
from services.store.tables import PageRow, ReportRow
from tests.conftest import Servers, wait_until

SIZE, PER_PAGE = 30, 10
CRAWL_KEYS = ("seen:*", "fetched:*", "queued:*", "listpage:*", "poll:*", "ratelimit:*")


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with start_simulator(column_size=SIZE, per_page=PER_PAGE) as simulator:
        yield simulator


@pytest.fixture(scope="module")
def sources(sim: Simulator, tmp_path_factory: pytest.TempPathFactory) -> list[Source]:
    path = tmp_path_factory.mktemp("sources") / "sources.toml"
    path.write_text(sim.sources_toml(), encoding="utf-8")
    return [s.model_copy(update={"include_keywords": []}) for s in load_sources(path)]


@pytest.fixture
def crawler(
    servers: Servers, worker: object, clean_db: sessionmaker[Session]
) -> Iterator[sessionmaker[Session]]:
    """The worker's Redis without crawl state, empty tables."""
    client = redis.Redis.from_url(servers.celery_redis_url)
    for pattern in CRAWL_KEYS:
        for key in client.scan_iter(f"meetings:{pattern}", count=1000):
            client.delete(key)
    client.close()
    yield clean_db


def poll_all(sources: list[Source]) -> list[dict[str, object]]:
    results = [
        celery_app.send_task(POLL_SOURCE, args=[s.model_dump(mode="json")], kwargs={"force": True})
        for s in sources
    ]
    return [r.get(timeout=60) for r in results]


def count(sessions: sessionmaker[Session], *where: object) -> int:
    statement = select(func.count()).select_from(ReportRow)
    with sessions() as session:
        return int(session.execute(statement.where(*where)).scalar_one())  # type: ignore[arg-type]


def failed_pages(sessions: sessionmaker[Session]) -> dict[str, str | None]:
    with sessions() as session:
        rows = session.execute(select(PageRow.url, PageRow.error).where(PageRow.status == "failed"))
        return {url: error for url, error in rows}


def article_requests(sim: Simulator, site: str) -> dict[str, int]:
    articles = {url.removeprefix(sim.base_url(site)) for url in sim.article_urls(site)}
    return {path: n for path, n in sim.requests(site).items() if path in articles}


def test_every_article_is_stored_once_and_a_new_one_within_one_poll(
    sim: Simulator, sources: list[Source], crawler: sessionmaker[Session]
) -> None:
    first = poll_all(sources)
    assert sum(int(r["enqueued"]) for r in first) == len(sources) * (SIZE + 2)  # type: ignore[call-overload]
    total = len(sources) * SIZE
    wait_until(lambda: count(crawler) == total, 120, f"{total} reports were not stored")
    private = {u for site in sim.sites for u in sim.private_urls(site)}
    wait_until(lambda: set(failed_pages(crawler)) == private, 30, "private pages not recorded")
    assert set(failed_pages(crawler).values()) == {"disallowed by robots.txt"}
    for site in sim.sites:
        assert set(article_requests(sim, site).values()) == {1}, site  # each fetched once
        assert len(article_requests(sim, site)) == SIZE
        for url in sim.private_urls(site):  # robots.txt obeyed: never requested
            assert sim.request_count(site, url.removeprefix(sim.base_url(site))) == 0

    sim.reset_counters()
    again = poll_all(sources)
    assert sum(int(r["enqueued"]) for r in again) == 0  # type: ignore[call-overload]
    for site in sim.sites:
        assert article_requests(sim, site) == {}, site  # only list pages were asked for
        assert set(sim.requests(site)) <= {"/robots.txt", *_list_paths(sim, site)}
    assert count(crawler) == total

    url = sim.publish("binhu", title="滨湖区召开生态环境保护委员会全体会议", body="会议强调……")
    [result] = poll_all([s for s in sources if s.name == "binhu"])
    assert result["enqueued"] == 1
    wait_until(lambda: count(crawler, ReportRow.url == url) == 1, 30, "the new article not stored")


def _list_paths(sim: Simulator, site: str) -> set[str]:
    return {
        p for p in sim.requests(site) if "/info/" not in p and "t20" not in p and "/art/" not in p
    }


def test_a_404_is_recorded_once_and_never_retried(
    sim: Simulator, crawler: sessionmaker[Session], servers: Servers
) -> None:
    url = sim.base_url("wuyang") + "/zwgk/gzdt/2024-01/01/content_1.html"
    source = column_source(url, paging="none", max_pages=1, include=[], rate_limit=100)
    [job] = fetch_job_sender(celery_app, source)([url])
    status = wait_for_jobs(celery_app, [job], timeout=30)[job]
    assert status.state == "failed" and (status.reason or "").startswith("HTTP 404")
    time.sleep(1)
    assert sim.request_count("wuyang", url.removeprefix(sim.base_url("wuyang"))) == 1
    client = redis.Redis.from_url(servers.celery_redis_url)
    assert client.sismember(seen.seen_key(source.name), url)  # done: the next poll skips it


def test_a_503_with_retry_after_is_retried_after_that_delay(
    sim: Simulator, crawler: sessionmaker[Session], servers: Servers
) -> None:
    path = "/_faults/status/503?retry_after=2"
    url = sim.base_url("qionglai") + path
    source = column_source(url, paging="none", max_pages=1, include=[], rate_limit=100)
    started = time.monotonic()
    [job] = fetch_job_sender(celery_app, source)([url])
    status = wait_for_jobs(celery_app, [job], timeout=60)[job]
    elapsed = time.monotonic() - started
    assert status.state == "failed" and status.reason == "HTTP 503"
    assert sim.request_count("qionglai", path) == 3  # the first try and two retries
    assert elapsed >= 4  # each retry waited the two seconds the server asked for
    client = redis.Redis.from_url(servers.celery_redis_url)
    assert not client.sismember(seen.seen_key(source.name), url)  # may pass: polled again later
