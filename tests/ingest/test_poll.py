"""One poll of a source against the simulated sites, with a real Redis and a recording ``send``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis

from services.ingest import seen
from services.ingest.fetch import make_client
from services.ingest.poll import (
    PollOptions,
    claim_slot,
    column_source,
    detect_paging,
    poll,
    read_stats,
    save_stats,
)
from services.ingest.robots import RobotsCache
from services.ingest.sources import Source, load_sources
from services.simulator import Simulator, start_simulator

OPTIONS = PollOptions(max_bytes=5_000_000, user_agent="meeting-ingest-test", revisit_batch=3)
SIZE, PER_PAGE = 30, 10


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with start_simulator(column_size=SIZE, per_page=PER_PAGE) as simulator:
        yield simulator


@pytest.fixture(scope="module")
def sources(sim: Simulator, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Source]:
    path = tmp_path_factory.mktemp("sources") / "sources.toml"
    path.write_text(sim.sources_toml(), encoding="utf-8")
    return {s.name: s.model_copy(update={"include_keywords": []}) for s in load_sources(path)}


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with make_client(user_agent="meeting-ingest-test", timeout=10) as http:
        yield http


class Recorder:
    """A ``send`` that remembers the URLs it was given, and in which batches."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.batches: list[list[str]] = []

    def __call__(self, urls: list[str]) -> list[str]:
        self.batches.append(urls)
        self.urls.extend(urls)
        return [f"job-{len(self.urls) - len(urls) + i}" for i in range(len(urls))]


def run_poll(client: httpx.Client, r: redis.Redis, source: Source, **kw: object) -> Recorder:
    send = Recorder()
    poll(client, r, source, send, options=OPTIONS, robots=RobotsCache(), **kw)  # type: ignore[arg-type]
    return send


def finish_all(r: redis.Redis, source: Source, urls: list[str]) -> None:
    seen.finish(r, [seen.Finished(source.name, url, done=True, stored_at=1000.0) for url in urls])


@pytest.mark.parametrize("site", ["jingzhou", "qionglai", "wuyang", "binhu"])
def test_first_poll_sends_every_article_of_the_column_once(
    sim: Simulator,
    sources: dict[str, Source],
    client: httpx.Client,
    redis_client: redis.Redis,
    site: str,
) -> None:
    sent = run_poll(client, redis_client, sources[site])
    assert sorted(sent.urls) == sorted(sim.article_urls(site) + sim.private_urls(site))


def test_a_list_pages_new_articles_go_in_batches_of_at_most_batch_size(
    sources: dict[str, Source], client: httpx.Client, redis_client: redis.Redis
) -> None:
    send = Recorder()
    options = PollOptions(max_bytes=5_000_000, user_agent="meeting-ingest-test", batch_size=4)
    poll(client, redis_client, sources["jingzhou"], send, options=options)
    assert max(len(batch) for batch in send.batches) == 4
    assert len(send.batches) < len(send.urls)  # several URLs to a message, not one each
    assert len(set(send.urls)) == len(send.urls)


def test_poll_after_everything_is_done_reads_only_the_first_list_page(
    sim: Simulator, sources: dict[str, Source], client: httpx.Client, redis_client: redis.Redis
) -> None:
    source = sources["jingzhou"]
    finish_all(redis_client, source, run_poll(client, redis_client, source).urls)
    sim.reset_counters()
    assert run_poll(client, redis_client, source).urls == []
    requests = sim.requests("jingzhou")
    del requests["/robots.txt"]
    assert requests == {"/xwzx/gzdt/": 1}  # page 0 holds nothing new: the walk stops there
    assert run_poll(client, redis_client, source).urls == []  # now a 304


def test_an_unchanged_first_page_answers_304_and_stops_the_walk(
    sim: Simulator, sources: dict[str, Source], client: httpx.Client, redis_client: redis.Redis
) -> None:
    source = sources["qionglai"]
    finish_all(redis_client, source, run_poll(client, redis_client, source).urls)
    run_poll(client, redis_client, source)
    send = Recorder()
    result = poll(client, redis_client, source, send, options=OPTIONS)
    assert (result.list_pages, result.not_modified, result.enqueued) == (1, 1, 0)


def test_a_published_article_is_the_only_one_sent_by_the_next_poll(
    sim: Simulator, sources: dict[str, Source], client: httpx.Client, redis_client: redis.Redis
) -> None:
    source = sources["wuyang"]
    finish_all(redis_client, source, run_poll(client, redis_client, source).urls)
    run_poll(client, redis_client, source)  # validators remembered
    url = sim.publish("wuyang", title="舞阳县召开生态环境保护委员会全体会议", body="会议要求……")
    assert run_poll(client, redis_client, source).urls == [url]


def test_overlapping_polls_never_send_a_url_twice(
    sources: dict[str, Source], client: httpx.Client, redis_client: redis.Redis
) -> None:
    source = sources["binhu"]
    first = run_poll(client, redis_client, source)
    send = Recorder()
    second = poll(client, redis_client, source, send, options=OPTIONS)
    assert send.urls == []
    assert second.in_flight == len(first.urls)


def test_titles_without_the_keywords_are_not_sent(
    sim: Simulator, sources: dict[str, Source], client: httpx.Client, redis_client: redis.Redis
) -> None:
    source = sources["jingzhou"].model_copy(update={"include_keywords": ["河湖长制"]})
    result = poll(client, redis_client, source, Recorder(), options=OPTIONS)
    assert 0 < result.enqueued == result.matched < result.links


def test_the_walk_stops_at_max_list_pages(
    sources: dict[str, Source], client: httpx.Client, redis_client: redis.Redis
) -> None:
    source = sources["jingzhou"].model_copy(update={"max_list_pages": 2})
    result = poll(client, redis_client, source, Recorder(), options=OPTIONS)
    assert result.list_pages == 2
    assert result.enqueued == 2 * PER_PAGE + 2  # page 0 also links the two private articles


def test_stored_articles_older_than_the_revisit_interval_are_sent_again_a_few_at_a_time(
    sources: dict[str, Source], client: httpx.Client, redis_client: redis.Redis
) -> None:
    source = sources["binhu"].model_copy(update={"revisit_interval": 3600.0})
    finish_all(redis_client, source, run_poll(client, redis_client, source).urls)
    again = poll(client, redis_client, source, Recorder(), options=OPTIONS, now=1000.0 + 3601)
    assert (again.enqueued, again.revisits) == (0, OPTIONS.revisit_batch)
    later = poll(client, redis_client, source, Recorder(), options=OPTIONS, now=1000.0 + 3602)
    assert later.revisits == OPTIONS.revisit_batch  # the next oldest, not the same ones


def test_a_failed_list_page_is_reported_not_raised(
    sim: Simulator, client: httpx.Client, redis_client: redis.Redis
) -> None:
    url = sim.base_url("jingzhou") + "/_faults/status/404"
    source = column_source(url, paging="none", max_pages=1, include=[], rate_limit=100)
    result = poll(client, redis_client, source, Recorder(), options=OPTIONS)
    assert result.errors and "HTTP 404" in result.errors[0]


def test_a_tick_in_a_slot_already_claimed_is_refused(
    sources: dict[str, Source], redis_client: redis.Redis
) -> None:
    source = sources["jingzhou"].model_copy(update={"poll_interval": 60.0})
    assert claim_slot(redis_client, source, now=120.0)
    assert not claim_slot(redis_client, source, now=179.0)
    assert claim_slot(redis_client, source, now=180.0)


def test_the_last_polls_counts_are_kept(
    sources: dict[str, Source], client: httpx.Client, redis_client: redis.Redis
) -> None:
    result = poll(client, redis_client, sources["binhu"], Recorder(), options=OPTIONS)
    save_stats(redis_client, result, now=5.0)
    stats = read_stats(redis_client, "binhu")
    assert (stats["enqueued"], stats["last_poll"]) == (str(result.enqueued), "5.0")


@pytest.mark.parametrize(
    ("site", "style"),
    [
        ("jingzhou", "index_n"),
        ("qionglai", "next_link"),
        ("wuyang", "next_link"),
        ("binhu", "next_link"),
    ],
)
def test_paging_is_recognised_from_the_first_list_page(
    sim: Simulator, client: httpx.Client, site: str, style: str
) -> None:
    url = sim.column_url(site)
    assert detect_paging(client.get(url).content, url) == style


def test_a_column_given_by_url_is_a_source_named_after_its_host(tmp_path: Path) -> None:
    source = column_source(
        "http://127.0.0.1:8123/xwzx/index.html",
        paging="index_n",
        max_pages=9,
        include=[],
        rate_limit=2,
    )
    assert (source.name, source.max_list_pages, source.include_keywords) == (
        "127-0-0-1-8123",
        9,
        [],
    )
