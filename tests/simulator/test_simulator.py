"""The government-site simulator: shapes, content, encodings, validators, publishing, faults."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from services.ingest.sources import load_sources
from services.simulator import Simulator, start_simulator

BODY_CONTAINERS = {
    "jingzhou": 'class="TRS_Editor"',
    "qionglai": 'class="j-fontContent"',
    "wuyang": 'class="article-content"',
    "binhu": 'id="vsb_content"',
}
CHROME = [
    "当前位置",
    "上一篇：",
    "下一篇：",
    "相关新闻",
    "发表评论",
    "分享到：",
    "【打印本页】",
    "浏览次数：",
]


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with start_simulator(column_size=50, per_page=20) as simulator:
        yield simulator


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as http:
        yield http


def text_of(response: httpx.Response, encoding: str = "utf-8") -> str:
    return response.content.decode(encoding)


def test_each_site_listens_on_its_own_loopback_port(sim: Simulator) -> None:
    origins = {sim.base_url(site) for site in sim.sites}
    assert len(origins) == 4 and all(o.startswith("http://127.0.0.1:") for o in origins)


def test_first_list_page_links_the_newest_articles_first(
    sim: Simulator, client: httpx.Client
) -> None:
    html = text_of(client.get(sim.column_url("jingzhou")))
    newest, second = (url.rsplit("/", 1)[-1] for url in sim.article_urls("jingzhou")[:2])
    assert html.index(newest) < html.index(second)


def test_column_size_and_page_size_set_the_page_count() -> None:
    with start_simulator(column_size=2000, per_page=20) as big, httpx.Client() as http:
        html = text_of(http.get(big.column_url("jingzhou")))
        assert len(big.article_urls("jingzhou")) == 2000
    assert "createPageHTML(100, 0," in html


def test_same_seed_generates_the_same_articles() -> None:
    with (
        start_simulator(seed=3, column_size=5) as one,
        start_simulator(seed=3, column_size=5) as two,
    ):
        pages = [httpx.get(s.article_urls("wuyang")[0]).content for s in (one, two)]
    assert pages[0] == pages[1]


def test_different_seeds_generate_different_articles() -> None:
    with (
        start_simulator(seed=3, column_size=5) as one,
        start_simulator(seed=4, column_size=5) as two,
    ):
        pages = [httpx.get(s.article_urls("jingzhou")[0]).content for s in (one, two)]
    assert pages[0] != pages[1]


@pytest.mark.parametrize("site", sorted(BODY_CONTAINERS))
def test_article_body_sits_in_its_cms_container(
    sim: Simulator, client: httpx.Client, site: str
) -> None:
    encoding = sim.spec(site).encoding
    assert BODY_CONTAINERS[site] in text_of(client.get(sim.article_urls(site)[3]), encoding)


def test_article_page_carries_meta_tags(sim: Simulator, client: httpx.Client) -> None:
    html = text_of(client.get(sim.article_urls("jingzhou")[1]))
    assert all(
        f'<meta name="{name}"' in html for name in ("ArticleTitle", "PubDate", "ContentSource")
    )


@pytest.mark.parametrize("chrome", CHROME)
def test_article_page_carries_the_usual_chrome(
    sim: Simulator, client: httpx.Client, chrome: str
) -> None:
    assert chrome in text_of(client.get(sim.article_urls("jingzhou")[1]))


def test_most_articles_report_meetings(sim: Simulator, client: httpx.Client) -> None:
    titles = [
        client.get(url).content.decode().split("<title>")[1] for url in sim.article_urls("jingzhou")
    ]
    assert sum("会" in title for title in titles) > len(titles) / 2


def test_gbk_site_declares_utf8_in_header_and_meta(sim: Simulator, client: httpx.Client) -> None:
    response = client.get(sim.article_urls("qionglai")[0])
    with pytest.raises(UnicodeDecodeError):
        response.content.decode("utf-8")
    assert (
        "charset=utf-8" in response.headers["content-type"]
        and b'<meta charset="utf-8">' in response.content
    )


def test_gbk_site_without_any_charset_declaration(sim: Simulator, client: httpx.Client) -> None:
    response = client.get(sim.article_urls("wuyang")[0])
    assert response.headers["content-type"] == "text/html" and b"charset" not in response.content
    assert "舞阳县" in response.content.decode("gbk")


def test_robots_txt_disallows_the_private_path_the_column_links_to(
    sim: Simulator, client: httpx.Client
) -> None:
    robots = client.get(sim.base_url("jingzhou") + "/robots.txt").text
    listed = text_of(client.get(sim.column_url("jingzhou")))
    assert "Disallow: /xwzx/nbgw/" in robots and "/xwzx/nbgw/" in listed


def test_unchanged_list_page_answers_304_to_its_etag(sim: Simulator, client: httpx.Client) -> None:
    first = client.get(sim.column_url("binhu"))
    again = client.get(sim.column_url("binhu"), headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_unchanged_list_page_answers_304_to_its_last_modified(
    sim: Simulator, client: httpx.Client
) -> None:
    first = client.get(sim.column_url("binhu"))
    again = client.get(
        sim.column_url("binhu"), headers={"If-Modified-Since": first.headers["last-modified"]}
    )
    assert again.status_code == 304


def test_unknown_path_is_404(sim: Simulator, client: httpx.Client) -> None:
    assert (
        client.get(sim.base_url("jingzhou") + "/xwzx/gzdt/202404/t20240430_1.html").status_code
        == 404
    )


def test_page_beyond_the_last_query_page_lists_nothing(
    sim: Simulator, client: httpx.Client
) -> None:
    html = text_of(client.get(sim.column_url("qionglai") + "?page=99"), "gbk")
    assert "/art/" not in html


def test_published_article_tops_the_column_and_changes_its_etag() -> None:
    with start_simulator(column_size=5) as fresh, httpx.Client() as http:
        before = http.get(fresh.column_url("jingzhou"))
        url = fresh.publish(
            "jingzhou", title="荆州市召开生态环境保护委员会第五次全体会议", body="会议强调……"
        )
        after = http.get(fresh.column_url("jingzhou"))
        article = text_of(http.get(url))
        newest = fresh.article_urls("jingzhou")[0]
    assert newest == url and after.headers["etag"] != before.headers["etag"]
    assert "第五次全体会议" in after.text and "会议强调……" in article


def test_publish_over_http_returns_the_new_url() -> None:
    with start_simulator(column_size=5) as fresh, httpx.Client() as http:
        response = http.post(
            fresh.base_url("wuyang") + "/_admin/publish",
            json={"title": "舞阳县召开河湖长制工作会议", "body": "正文"},
        )
        assert response.status_code == 201
        assert http.get(response.json()["url"]).status_code == 200


def test_counters_record_each_requested_path_with_its_query(
    sim: Simulator, client: httpx.Client
) -> None:
    sim.reset_counters()
    client.get(sim.column_url("qionglai") + "?page=2")
    client.get(sim.column_url("qionglai") + "?page=2")
    client.get(sim.base_url("qionglai") + "/_admin/counters")
    assert sim.requests("qionglai") == {"/col/col1229/index.html?page=2": 2}


def test_reset_counters_forgets_earlier_requests(sim: Simulator, client: httpx.Client) -> None:
    client.get(sim.column_url("binhu"))
    sim.reset_counters()
    assert sim.request_count("binhu", "/xwzx/bmdt.htm") == 0
    assert sim.first_request_at("binhu") is None


def test_the_first_request_after_a_reset_starts_the_clock(
    sim: Simulator, client: httpx.Client
) -> None:
    sim.reset_counters()
    before = time.time()
    client.get(sim.column_url("binhu"))
    started = sim.first_request_at("binhu")
    client.get(sim.column_url("binhu"))
    assert started is not None and before <= started <= time.time()
    assert sim.first_request_at("binhu") == started  # later requests leave it


@pytest.mark.parametrize(
    ("path", "status"),
    [("/_faults/status/404", 404), ("/_faults/status/500", 500), ("/_faults/redirect/0", 200)],
)
def test_fault_pages_answer_their_status(
    sim: Simulator, client: httpx.Client, path: str, status: int
) -> None:
    assert client.get(sim.base_url("wuyang") + path).status_code == status


def test_503_fault_carries_retry_after(sim: Simulator, client: httpx.Client) -> None:
    response = client.get(sim.base_url("wuyang") + "/_faults/status/503?retry_after=7")
    assert (response.status_code, response.headers["retry-after"]) == (503, "7")


def test_redirect_loop_never_ends(sim: Simulator, client: httpx.Client) -> None:
    with pytest.raises(httpx.TooManyRedirects):
        client.get(sim.base_url("wuyang") + "/_faults/loop/a", follow_redirects=True)


def test_not_html_fault_is_a_pdf(sim: Simulator, client: httpx.Client) -> None:
    assert (
        client.get(sim.base_url("wuyang") + "/_faults/report.pdf").headers["content-type"]
        == "application/pdf"
    )


def test_huge_fault_streams_past_any_sensible_cap(sim: Simulator, client: httpx.Client) -> None:
    received = 0
    with client.stream("GET", sim.base_url("wuyang") + "/_faults/huge") as response:
        for chunk in response.iter_raw():
            received += len(chunk)
            if received > 20_000_000:
                break
    assert received > 20_000_000


def test_slow_fault_answers_after_the_delay(sim: Simulator, client: httpx.Client) -> None:
    started = time.monotonic()
    client.get(sim.base_url("wuyang") + "/_faults/slow?seconds=0.3")
    assert time.monotonic() - started >= 0.3


def test_a_slow_page_does_not_hold_up_other_clients(sim: Simulator) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        slow = pool.submit(httpx.get, sim.base_url("binhu") + "/_faults/slow?seconds=1")
        started = time.monotonic()
        httpx.get(sim.column_url("binhu"))
        quick = time.monotonic() - started
        slow.result()
    assert quick < 0.5


def test_two_thousand_articles_are_served_in_a_few_seconds() -> None:
    with start_simulator(column_size=2000) as big:
        urls = big.article_urls("jingzhou")
        started = time.monotonic()
        with (
            httpx.Client(limits=httpx.Limits(max_connections=16)) as http,
            ThreadPoolExecutor(16) as pool,
        ):
            statuses = list(pool.map(lambda url: http.get(url).status_code, urls))
        elapsed = time.monotonic() - started
    assert statuses.count(200) == 2000 and elapsed < 15


def test_sources_toml_describes_every_running_site(sim: Simulator, tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(sim.sources_toml(), encoding="utf-8")
    starts = {source.name: source.start_urls[0] for source in load_sources(path)}
    assert starts == {site: sim.column_url(site) for site in sim.sites}
