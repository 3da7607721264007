"""Errors of the store service.

StoreError
 ├── DatabaseUnavailableError   PostgreSQL cannot be reached (transient: retried)
 └── ReportNotFoundError        no report has that id
"""

from __future__ import annotations


class StoreError(Exception):
    """Base of every error the store service raises."""


class DatabaseUnavailableError(StoreError):
    """PostgreSQL could not be reached; worth retrying."""


class ReportNotFoundError(StoreError):
    """No report has the id asked for."""

    def __init__(self, report_id: int) -> None:
        super().__init__(f"no report with id {report_id}")
        self.report_id = report_id
