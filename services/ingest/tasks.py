"""Ingest tasks: thin adapters from messages to the fetcher."""

from __future__ import annotations

from typing import Any

from services.celery_app import FETCH_PAGE, PARSE_PAGE, app
from services.events import Job
from services.ingest.errors import PermanentFetchError
from services.ingest.fetch import fetch_page
from services.settings import get_settings
from services.worker import http_client


@app.task(name=FETCH_PAGE, bind=True, stage="fetch")
def fetch_page_task(self: Any, job: dict[str, Any]) -> None:
    """Fetch the job's URL and hand the page to the parse queue."""
    url = Job.model_validate(job).url
    if not url:
        raise PermanentFetchError("", "job has no URL to fetch")
    page = fetch_page(http_client(), url, max_bytes=get_settings().max_page_bytes)
    self.app.send_task(PARSE_PAGE, args=[job, page.model_dump(mode="json")], argsrepr=repr(url))
