"""robots.txt: fetched through the worker's client, parsed by protego, cached per host.

Conventions (RFC 9309 and the big crawlers'): a missing robots.txt (404 and other 4xx) allows
everything; 401/403 mean the site does not want robots at all; a 5xx means "try later", so
everything is disallowed for a short while; a network error allows, for a short while, so that
an unreachable robots.txt does not stop a crawl whose pages themselves will fail and be retried.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx
from protego import Protego

from services.ingest.errors import PermanentFetchError

ALLOW_ALL = ""
DISALLOW_ALL = "User-agent: *\nDisallow: /\n"
# RFC 9309 asks crawlers to read at least 500 KiB; what follows is ignored.
MAX_ROBOTS_BYTES = 512 * 1024
DEFAULT_TTL = 3600.0
ERROR_TTL = 60.0


class RobotsCache:
    """Parsed robots.txt per origin (scheme://host:port), each kept for its time to live."""

    def __init__(
        self,
        *,
        ttl: float = DEFAULT_TTL,
        error_ttl: float = ERROR_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.error_ttl = error_ttl
        self._clock = clock
        self._entries: dict[str, tuple[float, Protego]] = {}
        self._lock = threading.Lock()

    def rules(self, client: httpx.Client, url: str) -> Protego:
        """The rules for ``url``'s origin: cached, or fetched now."""
        origin = _origin(url)
        with self._lock:
            entry = self._entries.get(origin)
        if entry is not None and entry[0] > self._clock():
            return entry[1]
        text, ttl = self._download(client, origin)
        rules = Protego.parse(text)
        with self._lock:
            self._entries[origin] = (self._clock() + ttl, rules)
        return rules

    def clear(self) -> None:
        """Forget every origin's rules."""
        with self._lock:
            self._entries.clear()

    def _download(self, client: httpx.Client, origin: str) -> tuple[str, float]:
        """robots.txt's text and how long to keep it, per the conventions above."""
        try:
            with client.stream("GET", f"{origin}/robots.txt", follow_redirects=True) as response:
                status = response.status_code
                if 200 <= status < 300:
                    return _read_text(response), self.ttl
        except httpx.HTTPError:
            return ALLOW_ALL, self.error_ttl
        if status in (401, 403):
            return DISALLOW_ALL, self.ttl
        if status >= 500:
            return DISALLOW_ALL, self.error_ttl
        return ALLOW_ALL, self.ttl


DEFAULT_CACHE = RobotsCache()


def is_allowed(
    client: httpx.Client, url: str, user_agent: str, *, cache: RobotsCache | None = None
) -> bool:
    """True when the site's robots.txt lets ``user_agent`` fetch ``url``."""
    rules = (cache or DEFAULT_CACHE).rules(client, url)
    return bool(rules.can_fetch(url, user_agent))


def ensure_allowed(
    client: httpx.Client, url: str, user_agent: str, *, cache: RobotsCache | None = None
) -> None:
    """Raise ``PermanentFetchError`` when robots.txt disallows ``url`` for ``user_agent``."""
    if not is_allowed(client, url, user_agent, cache=cache):
        raise PermanentFetchError(url, "disallowed by robots.txt")


def crawl_delay(
    client: httpx.Client, url: str, user_agent: str, *, cache: RobotsCache | None = None
) -> float | None:
    """The site's Crawl-delay for ``user_agent`` in seconds, when it declares one."""
    delay = (cache or DEFAULT_CACHE).rules(client, url).crawl_delay(user_agent)
    return None if delay is None else float(delay)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PermanentFetchError(url, "not a fetchable URL")
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _read_text(response: httpx.Response) -> str:
    data = bytearray()
    for chunk in response.iter_bytes():
        data.extend(chunk)
        if len(data) >= MAX_ROBOTS_BYTES:
            break
    return bytes(data[:MAX_ROBOTS_BYTES]).decode("utf-8", errors="replace")
