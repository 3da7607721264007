"""The fetch step: politeness (robots.txt, the shared rate limit, the source's encoding) and how a
batch's pages are sorted into fetched, failed, to retry and not reached yet."""

from __future__ import annotations

import httpx
import pytest
import redis

from services.events import Job
from services.ingest.batch import Deferred, FetchRound, RetryDelay, fetch_batch, polite_fetch
from services.ingest.errors import PermanentFetchError, TransientFetchError
from services.ingest.poll import FetchOptions
from services.ingest.robots import RobotsCache
from services.settings import Settings

ROBOTS = "User-agent: *\nDisallow: /private/\n"
PAGE = "<html><body><p>会议</p></body></html>".encode("gbk")


def client() -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text=ROBOTS)
        if request.url.path == "/gone.html":
            return httpx.Response(404, text="no such page")
        if request.url.path == "/busy.html":
            return httpx.Response(503, headers={"retry-after": "7"}, text="busy")
        return httpx.Response(
            200, content=PAGE, headers={"content-type": "text/html; charset=utf-8"}
        )

    return httpx.Client(transport=httpx.MockTransport(handler))


def settings(**extra: object) -> Settings:
    return Settings(rate_limit_max_wait=0.5, **extra)  # type: ignore[arg-type]


def test_a_path_robots_txt_disallows_is_a_permanent_failure(redis_client: redis.Redis) -> None:
    with pytest.raises(PermanentFetchError, match=r"robots\.txt"):
        polite_fetch(
            client(), redis_client, "http://gov.example/private/a.html", FetchOptions(), settings()
        )


def test_robots_txt_is_ignored_when_the_operator_says_so(redis_client: redis.Redis) -> None:
    page = polite_fetch(
        client(),
        redis_client,
        "http://gov.example/private/a.html",
        FetchOptions(),
        settings(respect_robots=False),
    )
    assert not isinstance(page, Deferred)


def test_a_long_wait_for_the_host_is_deferred_not_slept(redis_client: redis.Redis) -> None:
    options = FetchOptions(rate_limit=0.5)  # one request every two seconds
    first = polite_fetch(client(), redis_client, "http://gov.example/a.html", options, settings())
    second = polite_fetch(client(), redis_client, "http://gov.example/b.html", options, settings())
    assert not isinstance(first, Deferred)
    assert isinstance(second, Deferred) and 1.0 < second.seconds <= 2.0


def test_the_sources_encoding_overrides_the_declared_charset(redis_client: redis.Redis) -> None:
    page = polite_fetch(
        client(),
        redis_client,
        "http://gov.example/a.html",
        FetchOptions(encoding="gbk"),
        settings(),
    )
    assert not isinstance(page, Deferred)
    assert page.content_type == "text/html; charset=gbk"
    assert page.content == PAGE


def jobs(*paths: str) -> list[Job]:
    return [Job(key=f"http://gov.example{p}", url=f"http://gov.example{p}") for p in paths]


def retry_in(seconds: float | None) -> RetryDelay:
    def delay(exc: TransientFetchError, attempts: int) -> float | None:
        return None if seconds is None else exc.retry_after or seconds

    return delay


def run(
    batch: list[Job], r: redis.Redis, *, seconds: float | None = 3.0, budget: float | None = None
) -> FetchRound:
    return fetch_batch(
        client(),
        r,
        batch,
        FetchOptions(rate_limit=1000),
        settings(),
        retry_delay=retry_in(seconds),
        robots=RobotsCache(),
        budget=budget,
    )


def test_each_page_of_a_batch_ends_on_its_own(redis_client: redis.Redis) -> None:
    batch = jobs("/a.html", "/gone.html", "/private/b.html", "/c.html")
    found = run(batch, redis_client)
    assert [item.job.id for item in found.fetched] == [batch[0].id, batch[3].id]
    failed = {item.job.id: item.failure for item in found.failed if item.failure}
    assert failed[batch[1].id].reason == "HTTP 404 not found"
    assert "robots.txt" in failed[batch[2].id].reason
    assert not any(f.retryable for f in failed.values())
    assert found.retry == [] and found.deferred == []


def test_a_busy_page_is_tried_again_alone_after_its_retry_after(redis_client: redis.Redis) -> None:
    batch = jobs("/a.html", "/busy.html")
    found = run(batch, redis_client)
    [(job, delay)] = found.retry
    assert (job.id, job.attempts, delay) == (batch[1].id, 1, 7.0)
    assert len(found.fetched) == 1


def test_a_busy_page_whose_tries_are_spent_fails_as_retryable(redis_client: redis.Redis) -> None:
    found = run(jobs("/busy.html"), redis_client, seconds=None)
    [item] = found.failed
    assert item.failure is not None
    assert item.failure.retryable and item.failure.reason == "HTTP 503"
    assert item.job.attempts == 1


def test_pages_after_a_long_wait_for_the_host_are_handed_on_untried(
    redis_client: redis.Redis,
) -> None:
    batch = jobs("/a.html", "/b.html", "/c.html")
    found = fetch_batch(
        client(),
        redis_client,
        batch,
        FetchOptions(rate_limit=0.5),  # one request every two seconds
        settings(),
        retry_delay=retry_in(3.0),
    )
    assert [item.job.id for item in found.fetched] == [batch[0].id]
    assert found.deferred == batch[1:] and 1.0 < found.defer_for <= 2.0
    assert all(job.attempts == 0 for job in found.deferred)  # waiting spends no try


def test_a_batch_out_of_time_hands_on_the_pages_it_did_not_start(
    redis_client: redis.Redis,
) -> None:
    batch = jobs("/a.html", "/b.html")
    found = run(batch, redis_client, budget=-1.0)
    assert found.fetched == [] and found.deferred == batch
