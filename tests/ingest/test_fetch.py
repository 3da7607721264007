"""Fetching one page: conditional GETs, redirects, caps, content types and the error tree."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import httpx
import pytest

from services.ingest.errors import PermanentFetchError, TransientFetchError
from services.ingest.fetch import (
    NotModified,
    fetch_if_modified,
    fetch_page,
    make_client,
    parse_retry_after,
)
from services.simulator import Simulator, start_simulator

URL = "http://www.jingzhou.gov.cn/xwzx/gzdt/202404/t20240430_1.html"
HTML = "<html><body><p>荆州市召开会议</p></body></html>".encode()
LIMIT = 100_000


def client_for(handler: Callable[[httpx.Request], httpx.Response]) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def answer(status: int = 200, content: bytes = HTML, **headers: str) -> httpx.Client:
    headers = {
        "content-type": "text/html; charset=utf-8",
        **{name.replace("_", "-"): value for name, value in headers.items()},
    }
    return client_for(lambda request: httpx.Response(status, content=content, headers=headers))


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with start_simulator(column_size=30) as simulator:
        yield simulator


def test_page_carries_bytes_status_final_url_and_headers() -> None:
    page = fetch_page(answer(etag='"v1"'), URL, max_bytes=LIMIT)
    assert (page.content, page.status, page.final_url, page.headers["etag"]) == (
        HTML,
        200,
        URL,
        '"v1"',
    )


def test_conditional_get_sends_the_validators_it_is_given() -> None:
    seen: list[httpx.Headers] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(304)

    fetch_if_modified(
        client_for(handler),
        URL,
        max_bytes=LIMIT,
        etag='"v1"',
        last_modified="Tue, 30 Apr 2024 02:00:00 GMT",
    )
    assert (seen[0]["if-none-match"], seen[0]["if-modified-since"]) == (
        '"v1"',
        "Tue, 30 Apr 2024 02:00:00 GMT",
    )


def test_304_is_a_not_modified_result_not_an_error() -> None:
    result = fetch_if_modified(answer(304, b"", etag='"v1"'), URL, max_bytes=LIMIT, etag='"v1"')
    assert result == NotModified(URL, etag='"v1"', last_modified=None)


def test_changed_page_comes_back_whole_from_a_conditional_get() -> None:
    result = fetch_if_modified(answer(200, etag='"v2"'), URL, max_bytes=LIMIT, etag='"v1"')
    assert not isinstance(result, NotModified) and result.content == HTML


def redirecting(hops: int) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        step = int(request.url.params.get("step", "0"))
        if step < hops:
            return httpx.Response(302, headers={"location": f"/r?step={step + 1}"})
        return httpx.Response(200, content=HTML, headers={"content-type": "text/html"})

    return client_for(handler)


def test_five_redirects_are_followed_to_the_final_url() -> None:
    page = fetch_page(redirecting(5), "http://x.gov.cn/r", max_bytes=LIMIT)
    assert page.final_url == "http://x.gov.cn/r?step=5"


def test_a_sixth_redirect_is_a_permanent_error() -> None:
    with pytest.raises(PermanentFetchError, match="too many redirects"):
        fetch_page(redirecting(6), "http://x.gov.cn/r", max_bytes=LIMIT)


def test_redirect_to_a_non_http_url_is_permanent() -> None:
    with pytest.raises(PermanentFetchError, match="non-HTTP"):
        fetch_page(answer(301, b"", location="ftp://x.gov.cn/a"), URL, max_bytes=LIMIT)


def test_declared_length_over_the_cap_is_too_large() -> None:
    with pytest.raises(PermanentFetchError, match="too large"):
        fetch_page(answer(200, b"x" * 2000), URL, max_bytes=1000)


def test_body_over_the_cap_without_declared_length_is_too_large() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        stream = httpx.ByteStream(b"x" * 5000)
        return httpx.Response(200, stream=stream, headers={"content-type": "text/html"})

    with pytest.raises(PermanentFetchError, match="too large"):
        fetch_page(client_for(handler), URL, max_bytes=1000)


@pytest.mark.parametrize(
    "content_type", ["application/pdf", "image/png", "application/octet-stream"]
)
def test_content_that_is_not_html_or_text_is_permanent(content_type: str) -> None:
    with pytest.raises(PermanentFetchError, match=f"not HTML: {content_type}"):
        fetch_page(answer(200, content_type=content_type), URL, max_bytes=LIMIT)


def test_page_without_content_type_is_accepted() -> None:
    client = client_for(lambda request: httpx.Response(200, content=HTML))
    assert fetch_page(client, URL, max_bytes=LIMIT).content == HTML


@pytest.mark.parametrize(
    ("status", "reason"), [(404, "not found"), (410, "gone"), (403, "HTTP 403")]
)
def test_client_errors_are_permanent(status: int, reason: str) -> None:
    with pytest.raises(PermanentFetchError, match=reason) as caught:
        fetch_page(answer(status), URL, max_bytes=LIMIT)
    assert caught.value.status == status


@pytest.mark.parametrize("status", [429, 503])
def test_rate_and_overload_errors_carry_retry_after_seconds(status: int) -> None:
    with pytest.raises(TransientFetchError) as caught:
        fetch_page(answer(status, retry_after="120"), URL, max_bytes=LIMIT)
    assert (caught.value.status, caught.value.retry_after) == (status, 120.0)


def test_server_error_is_transient_without_retry_after() -> None:
    with pytest.raises(TransientFetchError) as caught:
        fetch_page(answer(500), URL, max_bytes=LIMIT)
    assert (caught.value.status, caught.value.retry_after) == (500, None)


def test_retry_after_as_http_date_becomes_seconds_from_now() -> None:
    now = datetime(2024, 4, 30, 2, 0, tzinfo=UTC)
    assert parse_retry_after("Tue, 30 Apr 2024 02:01:30 GMT", now=now) == 90.0


def test_retry_after_in_the_past_means_no_wait() -> None:
    now = datetime(2024, 4, 30, 2, 0, tzinfo=UTC)
    assert parse_retry_after("Tue, 30 Apr 2024 01:00:00 GMT", now=now) == 0.0


def test_unreadable_retry_after_is_ignored() -> None:
    assert parse_retry_after("soon") is None


def failing(exc: Exception) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    return client_for(handler)


def test_timeout_is_transient() -> None:
    with pytest.raises(TransientFetchError, match="timed out"):
        fetch_page(failing(httpx.ReadTimeout("slow")), URL, max_bytes=LIMIT)


def test_connection_failure_is_transient() -> None:
    with pytest.raises(TransientFetchError, match="connection failed"):
        fetch_page(failing(httpx.ConnectError("refused")), URL, max_bytes=LIMIT)


def test_unsupported_scheme_is_permanent() -> None:
    with pytest.raises(PermanentFetchError, match="not a fetchable URL"):
        fetch_page(httpx.Client(), "ftp://x.gov.cn/a.html", max_bytes=LIMIT)


def test_gzip_body_is_decompressed_and_wire_headers_dropped(sim: Simulator) -> None:
    with make_client(user_agent="test", timeout=5) as client:
        page = fetch_page(client, sim.base_url("jingzhou") + "/_faults/gzip", max_bytes=LIMIT)
    assert "压缩传输的页面" in page.content.decode() and "content-encoding" not in page.headers


def test_brotli_body_is_decompressed(sim: Simulator) -> None:
    with make_client(user_agent="test", timeout=5) as client:
        page = fetch_page(client, sim.base_url("jingzhou") + "/_faults/brotli", max_bytes=LIMIT)
    assert "压缩传输的页面" in page.content.decode()


def test_compression_bomb_is_cut_at_the_decompressed_cap(sim: Simulator) -> None:
    with (
        make_client(user_agent="test", timeout=5) as client,
        pytest.raises(PermanentFetchError, match="too large"),
    ):
        fetch_page(client, sim.base_url("jingzhou") + "/_faults/gzip-bomb", max_bytes=1_000_000)


def test_endless_body_is_cut_at_the_cap(sim: Simulator) -> None:
    with (
        make_client(user_agent="test", timeout=5) as client,
        pytest.raises(PermanentFetchError, match="too large"),
    ):
        fetch_page(client, sim.base_url("jingzhou") + "/_faults/huge", max_bytes=1_000_000)


def test_redirect_loop_on_a_live_server_is_permanent(sim: Simulator) -> None:
    with (
        make_client(user_agent="test", timeout=5) as client,
        pytest.raises(PermanentFetchError, match="redirects"),
    ):
        fetch_page(client, sim.base_url("jingzhou") + "/_faults/loop/a", max_bytes=LIMIT)


def test_slow_server_beyond_the_client_timeout_is_transient(sim: Simulator) -> None:
    with (
        make_client(user_agent="test", timeout=0.3) as client,
        pytest.raises(TransientFetchError, match="timed out"),
    ):
        fetch_page(client, sim.base_url("jingzhou") + "/_faults/slow?seconds=2", max_bytes=LIMIT)


def test_second_poll_of_an_unchanged_list_page_is_not_modified(sim: Simulator) -> None:
    url = sim.column_url("wuyang")
    with make_client(user_agent="test", timeout=5) as client:
        first = fetch_page(client, url, max_bytes=LIMIT)
        again = fetch_if_modified(client, url, max_bytes=LIMIT, etag=first.headers["etag"])
    assert isinstance(again, NotModified)
