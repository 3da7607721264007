"""Fetching one page over HTTP, with every failure mapped into the ingest error tree.

The client is a parameter: workers pass their long-lived per-process client, unit tests pass
one over ``httpx.MockTransport``. Redirects are followed here, not by the client, so the limit
holds whatever client is passed in. Bodies are streamed and cut at ``max_bytes`` after
decompression, so neither an endless body nor a compression bomb fills a worker's memory.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import httpx

from services.events import FetchedPage
from services.ingest.errors import FetchError, PermanentFetchError, TransientFetchError

MAX_REDIRECTS = 5
TRANSIENT_STATUS = {408, 425, 429, 500, 502, 503, 504}
PERMANENT_REASONS = {404: "not found", 410: "gone"}
HTML_MEDIA_TYPES = {"application/xhtml+xml"}
# Headers that describe the bytes on the wire, not the (decompressed) bytes the page carries.
WIRE_HEADERS = {"content-encoding", "content-length", "transfer-encoding", "connection"}


@dataclass(frozen=True)
class NotModified:
    """The server answered 304: the page is as it was when ``etag``/``last_modified`` were seen."""

    url: str
    etag: str | None = None
    last_modified: str | None = None


def make_client(*, user_agent: str, timeout: float) -> httpx.Client:
    """The one HTTP client a worker process keeps: explicit timeouts, limits and redirects."""
    return httpx.Client(
        headers={"User-Agent": user_agent},
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
    )


def fetch_page(
    client: httpx.Client, url: str, *, max_bytes: int, max_seconds: float | None = None
) -> FetchedPage:
    """Fetch ``url``; raise ``TransientFetchError`` or ``PermanentFetchError`` on failure."""
    result = _fetch(client, url, headers={}, max_bytes=max_bytes, max_seconds=max_seconds)
    if isinstance(result, NotModified):
        raise PermanentFetchError(url, "HTTP 304 to an unconditional request", status=304)
    return result


def fetch_if_modified(
    client: httpx.Client,
    url: str,
    *,
    max_bytes: int,
    etag: str | None = None,
    last_modified: str | None = None,
    max_seconds: float | None = None,
) -> FetchedPage | NotModified:
    """Conditional GET: ``NotModified`` when the server says the page is unchanged (HTTP 304)."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return _fetch(client, url, headers=headers, max_bytes=max_bytes, max_seconds=max_seconds)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header given in seconds or as an HTTP date."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _fetch(
    client: httpx.Client,
    url: str,
    *,
    headers: dict[str, str],
    max_bytes: int,
    max_seconds: float | None,
) -> FetchedPage | NotModified:
    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    target = url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            with client.stream("GET", target, headers=headers, follow_redirects=False) as response:
                location = _redirect_target(response, url)
                if location is None:
                    return _read(response, url, max_bytes=max_bytes, deadline=deadline)
            target = location
        raise PermanentFetchError(url, f"too many redirects (more than {MAX_REDIRECTS})")
    except FetchError:
        raise
    except httpx.HTTPError as exc:
        raise _map_httpx_error(url, exc) from exc


def _map_httpx_error(url: str, exc: httpx.HTTPError) -> FetchError:
    """The one place httpx's exceptions become ingest errors."""
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return PermanentFetchError(url, f"not a fetchable URL: {exc}")
    if isinstance(exc, httpx.DecodingError):
        return PermanentFetchError(url, f"undecodable content encoding: {exc}")
    if isinstance(exc, httpx.TimeoutException):
        return TransientFetchError(url, "timed out")
    if isinstance(exc, httpx.TransportError):
        return TransientFetchError(url, f"connection failed: {exc}")
    return TransientFetchError(url, f"HTTP error: {exc}")


def _redirect_target(response: httpx.Response, url: str) -> str | None:
    if not response.has_redirect_location:
        return None
    target = urljoin(str(response.url), response.headers["location"])
    if not target.startswith(("http://", "https://")):
        raise PermanentFetchError(
            url, f"redirect to a non-HTTP URL: {target}", status=response.status_code
        )
    return target


def _read(
    response: httpx.Response, url: str, *, max_bytes: int, deadline: float | None
) -> FetchedPage | NotModified:
    if response.status_code == 304:
        return NotModified(url, response.headers.get("etag"), response.headers.get("last-modified"))
    _raise_for_status(response, url)
    _check_content_type(response, url)
    _check_declared_length(response, url, max_bytes)
    return FetchedPage.from_bytes(
        _read_capped(response, url, max_bytes=max_bytes, deadline=deadline),
        max_bytes=max_bytes,
        url=url,
        final_url=str(response.url),
        status=response.status_code,
        headers={
            k.lower(): v for k, v in response.headers.items() if k.lower() not in WIRE_HEADERS
        },
    )


def _raise_for_status(response: httpx.Response, url: str) -> None:
    status = response.status_code
    if status in TRANSIENT_STATUS or status >= 500:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        raise TransientFetchError(url, f"HTTP {status}", status=status, retry_after=retry_after)
    if status in PERMANENT_REASONS:
        raise PermanentFetchError(url, f"HTTP {status} {PERMANENT_REASONS[status]}", status=status)
    if not 200 <= status < 300:
        raise PermanentFetchError(url, f"HTTP {status}", status=status)


def _check_content_type(response: httpx.Response, url: str) -> None:
    """Pages without a Content-Type are common on old CMSs and pass; declared non-text fails."""
    declared = response.headers.get("content-type")
    if declared is None:
        return
    media_type = declared.split(";", 1)[0].strip().lower()
    if not (media_type.startswith("text/") or media_type in HTML_MEDIA_TYPES):
        raise PermanentFetchError(url, f"not HTML: {media_type}", status=response.status_code)


def _check_declared_length(response: httpx.Response, url: str, max_bytes: int) -> None:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise PermanentFetchError(
            url,
            f"too large: {declared} bytes declared (limit {max_bytes})",
            status=response.status_code,
        )


def _read_capped(
    response: httpx.Response, url: str, *, max_bytes: int, deadline: float | None
) -> bytes:
    """The decompressed body, refused as soon as it passes ``max_bytes`` or the deadline."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise PermanentFetchError(
                url, f"too large: more than {max_bytes} bytes", status=response.status_code
            )
        if deadline is not None and time.monotonic() > deadline:
            raise TransientFetchError(url, "too slow: body not complete in time")
        chunks.append(chunk)
    return b"".join(chunks)
