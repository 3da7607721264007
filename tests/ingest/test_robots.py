"""robots.txt: allow and disallow, the status conventions, and the per-host cache."""

from __future__ import annotations

from collections import Counter

import httpx
import pytest

from services.ingest.errors import PermanentFetchError
from services.ingest.robots import RobotsCache, crawl_delay, ensure_allowed, is_allowed
from services.simulator import start_simulator

AGENT = "meeting-ingest/0.1"
ROBOTS = "User-agent: *\nDisallow: /xwzx/nbgw/\n"
OURS = "User-agent: *\nDisallow: /\n\nUser-agent: meeting-ingest\nDisallow: /private/\nCrawl-delay: 3\n"


class Robots:
    """A site whose robots.txt answers with ``status`` and ``text``, counting its fetches."""

    def __init__(self, status: int = 200, text: str = ROBOTS) -> None:
        self.status = status
        self.text = text
        self.fetches: Counter[str] = Counter()
        self.client = httpx.Client(transport=httpx.MockTransport(self.handle))

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.fetches[request.url.host] += 1
        return httpx.Response(self.status, text=self.text)


def allowed(site: Robots, url: str, cache: RobotsCache | None = None) -> bool:
    return is_allowed(site.client, url, AGENT, cache=cache or RobotsCache())


def test_path_under_a_disallow_rule_is_refused() -> None:
    assert not allowed(Robots(), "http://x.gov.cn/xwzx/nbgw/202404/t20240429_1.html")


def test_path_outside_every_disallow_rule_is_allowed() -> None:
    assert allowed(Robots(), "http://x.gov.cn/xwzx/gzdt/202404/t20240430_1.html")


def test_rules_for_our_user_agent_apply_to_us() -> None:
    assert not allowed(Robots(text=OURS), "http://x.gov.cn/private/a.html")


def test_a_group_for_our_user_agent_replaces_the_wildcard_group() -> None:
    assert allowed(Robots(text=OURS), "http://x.gov.cn/xwzx/gzdt/a.html")


def test_missing_robots_txt_allows_everything() -> None:
    assert allowed(Robots(404, "no"), "http://x.gov.cn/xwzx/nbgw/a.html")


@pytest.mark.parametrize("status", [401, 403])
def test_forbidden_robots_txt_disallows_everything(status: int) -> None:
    assert not allowed(Robots(status, ""), "http://x.gov.cn/index.html")


def test_server_error_on_robots_txt_disallows_everything() -> None:
    assert not allowed(Robots(503, ""), "http://x.gov.cn/index.html")


def test_server_error_is_remembered_only_for_the_short_error_ttl() -> None:
    now = [0.0]
    cache = RobotsCache(ttl=3600, error_ttl=60, clock=lambda: now[0])
    site = Robots(503, "")
    allowed(site, "http://x.gov.cn/a.html", cache)
    site.status, now[0] = 200, 61.0
    assert allowed(site, "http://x.gov.cn/a.html", cache)


def test_unreachable_robots_txt_allows() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    client = httpx.Client(transport=httpx.MockTransport(refuse))
    assert is_allowed(client, "http://x.gov.cn/a.html", AGENT, cache=RobotsCache())


def test_robots_txt_is_fetched_once_per_host() -> None:
    site, cache = Robots(), RobotsCache()
    for url in ("http://x.gov.cn/a.html", "http://x.gov.cn/b.html", "http://y.gov.cn/a.html"):
        allowed(site, url, cache)
    assert site.fetches == Counter({"x.gov.cn": 1, "y.gov.cn": 1})


def test_cached_rules_are_fetched_again_after_the_ttl() -> None:
    now = [0.0]
    site, cache = Robots(), RobotsCache(ttl=100, clock=lambda: now[0])
    allowed(site, "http://x.gov.cn/a.html", cache)
    now[0] = 101.0
    allowed(site, "http://x.gov.cn/a.html", cache)
    assert site.fetches["x.gov.cn"] == 2


def test_ensure_allowed_raises_a_permanent_error_naming_robots_txt() -> None:
    site = Robots()
    with pytest.raises(PermanentFetchError, match=r"disallowed by robots\.txt"):
        ensure_allowed(site.client, "http://x.gov.cn/xwzx/nbgw/a.html", AGENT, cache=RobotsCache())


def test_crawl_delay_for_our_user_agent_is_read() -> None:
    site = Robots(text=OURS)
    assert crawl_delay(site.client, "http://x.gov.cn/a.html", AGENT, cache=RobotsCache()) == 3.0


def test_simulated_private_articles_are_disallowed_and_the_column_allowed() -> None:
    with start_simulator(column_size=5) as sim, httpx.Client() as client:
        cache = RobotsCache()
        verdicts = {
            url: is_allowed(client, url, AGENT, cache=cache)
            for site in sim.sites
            for url in [sim.column_url(site), *sim.private_urls(site)]
        }
        columns = [sim.column_url(site) for site in sim.sites]
    assert [url for url, ok in verdicts.items() if ok] == columns
