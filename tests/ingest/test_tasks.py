"""The fetch step's politeness: robots.txt, the shared rate limit, the source's encoding."""

from __future__ import annotations

import httpx
import pytest
import redis

from services.ingest.errors import PermanentFetchError
from services.ingest.poll import FetchOptions
from services.ingest.tasks import Deferred, polite_fetch, robots_cache
from services.settings import Settings

ROBOTS = "User-agent: *\nDisallow: /private/\n"
PAGE = "<html><body><p>会议</p></body></html>".encode("gbk")


def client() -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text=ROBOTS)
        return httpx.Response(
            200, content=PAGE, headers={"content-type": "text/html; charset=utf-8"}
        )

    return httpx.Client(transport=httpx.MockTransport(handler))


@pytest.fixture(autouse=True)
def fresh_robots() -> None:
    robots_cache().clear()


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
