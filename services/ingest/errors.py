"""Errors of the ingest service.

FetchError                 url, status and a reason a user understands
 ├── TransientFetchError   worth retrying: timeouts, connection errors, 5xx, 429
 │                         (``retry_after`` carries the server's Retry-After, in seconds)
 └── PermanentFetchError   never retried: 404, 410, not HTML, too large, bad URL, robots.txt

SourcesFileError           the sources file cannot be read or fails validation; the message
                           names the file, the source and the field
"""

from __future__ import annotations


class FetchError(Exception):
    """A page could not be fetched."""

    def __init__(self, url: str, reason: str, *, status: int | None = None) -> None:
        # args match the signature so the error survives pickling between worker processes
        super().__init__(url, reason)
        self.url = url
        self.reason = reason
        self.status = status

    def __str__(self) -> str:
        return f"{self.reason} ({self.url})" if self.url else self.reason


class TransientFetchError(FetchError):
    """A failure that may pass: retry with back-off (or after ``retry_after`` seconds)."""

    def __init__(
        self,
        url: str,
        reason: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(url, reason, status=status)
        self.retry_after = retry_after


class PermanentFetchError(FetchError):
    """A failure that will not pass by waiting: record it and stop."""


class SourcesFileError(ValueError):
    """The sources file is unreadable or invalid: ``sources.toml: source "x": field: problem``."""
