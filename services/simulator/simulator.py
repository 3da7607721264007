"""The simulator as tests, benchmarks and the demo mode use it: start, inspect, publish, stop.

with start_simulator(column_size=2000) as sim:
    sim.column_url("jingzhou")        # http://127.0.0.1:PORT/xwzx/gzdt/
    sim.publish("jingzhou", title="…召开生态环境保护委员会全体会议", body="…")
    sim.requests("jingzhou")          # Counter of request paths (with query)
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from types import TracebackType

from services.simulator.server import SiteServer
from services.simulator.site import DEFAULT_SITES, Site, SiteSpec

NEWEST_ARTICLE = datetime(2024, 4, 30, 10, 0)
SHUTDOWN_POLL = 0.05  # seconds; how soon a server notices stop(), so tests stop quickly


class Simulator:
    """Every simulated site, each served by its own threaded server on 127.0.0.1."""

    def __init__(
        self,
        *,
        seed: int = 7,
        column_size: int = 100,
        per_page: int = 20,
        sites: Sequence[SiteSpec] = DEFAULT_SITES,
        port: int = 0,
        newest: datetime = NEWEST_ARTICLE,
    ) -> None:
        self._sites = {
            spec.name: Site(
                spec, seed=seed, column_size=column_size, per_page=per_page, newest=newest
            )
            for spec in sites
        }
        self._port = port
        self._servers: dict[str, SiteServer] = {}
        self._threads: list[threading.Thread] = []

    def start(self) -> Simulator:
        """Bind every site (ports ``port``, ``port + 1``…, or free ones) and serve in threads."""
        for offset, (name, site) in enumerate(self._sites.items()):
            server = SiteServer(site, self._port + offset if self._port else 0)
            thread = threading.Thread(
                target=server.serve_forever, args=(SHUTDOWN_POLL,), name=f"sim-{name}", daemon=True
            )
            thread.start()
            self._servers[name] = server
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        """Stop serving and release the ports."""
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> Simulator:
        return self if self._servers else self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def sites(self) -> list[str]:
        return list(self._sites)

    def spec(self, site: str) -> SiteSpec:
        return self._site(site).spec

    def base_url(self, site: str) -> str:
        """``http://127.0.0.1:PORT`` of a running site (no trailing slash)."""
        if site not in self._servers:
            raise RuntimeError(f"simulator site {site!r} is not running")
        return self._site(site).origin

    def column_url(self, site: str) -> str:
        """The news column's first list page: the start URL a source names."""
        return self.base_url(site) + self._site(site).shape.column_path

    def article_urls(self, site: str) -> list[str]:
        """Every public article's URL, newest first."""
        state = self._site(site)
        return [self.base_url(site) + state.listed(entry).path for entry in state.column.entries]

    def private_urls(self, site: str) -> list[str]:
        """The articles under the robots.txt-disallowed path that list page 0 links to."""
        state = self._site(site)
        return [self.base_url(site) + state.listed(entry).path for entry in state.column.private]

    def publish(
        self,
        site: str,
        *,
        title: str,
        body: str | None = None,
        published_at: datetime | None = None,
    ) -> str:
        """Put a new article at the top of the column; return its URL."""
        paragraphs = tuple(line for line in (body or title).split("\n") if line.strip())
        path = self._site(site).publish(title, paragraphs, published_at)
        return self.base_url(site) + path

    def requests(self, site: str) -> Counter[str]:
        """How often each path (with its query) was requested, admin endpoints aside."""
        return Counter(self._site(site).requests)

    def request_count(self, site: str, path: str) -> int:
        return self._site(site).requests[path]

    def first_request_at(self, site: str) -> float | None:
        """When the site served its first request since the counters' reset (epoch seconds):
        where a crawl's clock starts, whatever its process did before."""
        return self._site(site).first_request_at

    def reset_counters(self) -> None:
        for state in self._sites.values():
            state.reset_counters()

    def sources_toml(self) -> str:
        """A sources file crawling every running site, for tests and the demo mode."""
        return "\n".join(self._source_toml(name) for name in self._sites)

    def _source_toml(self, name: str) -> str:
        state = self._site(name)
        place = state.spec.place
        county = f', county = "{place.county}"' if place.county else ""
        style = {"trs": "index_n", "hanweb": "query"}.get(state.shape.name, "next_link")
        return (
            f'[[sources]]\nname = "{name}"\nlevel = "{_level(place.county)}"\n'
            f'region = {{ province = "{place.province}", city = "{place.city}"{county} }}\n'
            f'start_urls = ["{self.column_url(name)}"]\npaging = {{ style = "{style}" }}\n'
            "max_list_pages = 1000\nrate_limit = 1000.0\n"
        )

    def _site(self, site: str) -> Site:
        try:
            return self._sites[site]
        except KeyError:
            raise KeyError(f"no simulated site {site!r}; sites: {', '.join(self._sites)}") from None


def start_simulator(
    *,
    seed: int = 7,
    column_size: int = 100,
    per_page: int = 20,
    sites: Sequence[SiteSpec] = DEFAULT_SITES,
    port: int = 0,
) -> Simulator:
    """A started simulator; use it as a context manager or call ``stop()``."""
    simulator = Simulator(
        seed=seed, column_size=column_size, per_page=per_page, sites=sites, port=port
    )
    return simulator.start()


def _level(county: str | None) -> str:
    if county is None:
        return "city"
    return "district" if county.endswith("区") else "county"
