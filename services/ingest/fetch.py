"""Fetching one page over HTTP, with every failure mapped into the ingest error tree.

The client is a parameter: workers pass their long-lived per-process client, unit tests pass
one over ``httpx.MockTransport``.
"""

from __future__ import annotations

import httpx

from services.events import FetchedPage
from services.ingest.errors import FetchError, PermanentFetchError, TransientFetchError

TRANSIENT_STATUS = {408, 425, 429, 500, 502, 503, 504}


def make_client(*, user_agent: str, timeout: float) -> httpx.Client:
    """The one HTTP client a worker process keeps: explicit timeouts, limits and redirects."""
    return httpx.Client(
        headers={"User-Agent": user_agent},
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
        follow_redirects=True,
        max_redirects=5,
    )


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


def fetch_page(client: httpx.Client, url: str, *, max_bytes: int) -> FetchedPage:
    """Fetch ``url``; raise ``TransientFetchError`` or ``PermanentFetchError`` on failure."""
    try:
        with client.stream("GET", url) as response:
            status = response.status_code
            if status in TRANSIENT_STATUS:
                raise TransientFetchError(
                    url, f"HTTP {status}", status=status, retry_after=_retry_after(response)
                )
            if status >= 400:
                raise PermanentFetchError(url, f"HTTP {status}", status=status)
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise PermanentFetchError(url, f"page larger than {max_bytes} bytes")
                chunks.append(chunk)
            return FetchedPage.from_bytes(
                b"".join(chunks),
                max_bytes=max_bytes,
                url=url,
                final_url=str(response.url),
                status=status,
                headers={k.lower(): v for k, v in response.headers.items()},
            )
    except FetchError:
        raise
    except httpx.TooManyRedirects as exc:
        raise PermanentFetchError(url, "too many redirects") from exc
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise PermanentFetchError(url, f"not a fetchable URL: {exc}") from exc
    except httpx.TimeoutException as exc:
        raise TransientFetchError(url, "timed out") from exc
    except httpx.TransportError as exc:
        raise TransientFetchError(url, f"connection failed: {exc}") from exc
