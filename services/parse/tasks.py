"""Parse tasks: the only module of ``services.parse`` that knows Celery."""

from __future__ import annotations

from typing import Any

from services.celery_app import PARSE_PAGE, SAVE_REPORT, app
from services.events import FetchedPage
from services.logs import log
from services.parse import ensure_article, parse_document


@app.task(name=PARSE_PAGE, bind=True, stage="parse")
def parse_page_task(self: Any, job: dict[str, Any], page: dict[str, Any]) -> None:
    """Parse a fetched page and hand page and record to the store, under the job's id."""
    fetched = FetchedPage.model_validate(page)
    report = parse_document(fetched.content, url=fetched.url, content_type=fetched.content_type)
    ensure_article(report)
    log.info(
        "parse.done", chars=len(report.body), doc_type=report.doc_type, flags=report.quality_flags
    )
    self.app.send_task(
        SAVE_REPORT,
        args=[job, page, report.model_dump(mode="json")],
        task_id=job["id"],
        argsrepr=repr(job.get("url") or job.get("key")),
    )
