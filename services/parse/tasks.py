"""Parse tasks: the only module of ``services.parse`` that knows Celery."""

from __future__ import annotations

from typing import Any

from services.celery_app import PARSE_PAGES, SAVE_PAGES, app, batch_repr
from services.events import Failure, FetchedPage
from services.logs import log
from services.parse import ParseError, ensure_article, parse_document

STAGE = "parse"


def parse_item(item: dict[str, Any]) -> dict[str, Any]:
    """One page of a batch with its record added, or with why it holds none.

    The job and the page travel on as they came (the page's bytes are not encoded again); a page
    the parser cannot read fails alone, never its batch.
    """
    if item.get("failure") or not item.get("page"):
        return item
    try:
        fetched = FetchedPage.model_validate(item["page"])
        report = ensure_article(
            parse_document(fetched.content, url=fetched.url, content_type=fetched.content_type)
        )
    except ParseError as exc:
        return {**item, "failure": _failure(str(exc))}
    except Exception as exc:  # a parser bug must cost this page only, and say so
        log.exception("parse.crashed", url=item["job"].get("url"), key=item["job"].get("key"))
        return {**item, "failure": _failure(f"parser error: {type(exc).__name__}: {exc}")}
    log.info(
        "parse.done",
        url=fetched.url,
        chars=len(report.body),
        doc_type=report.doc_type,
        flags=report.quality_flags,
    )
    return {**item, "report": report.model_dump(mode="json")}


def _failure(reason: str) -> dict[str, Any]:
    return Failure(stage=STAGE, reason=reason).model_dump()


@app.task(name=PARSE_PAGES, bind=True, stage=STAGE)
def parse_pages_task(self: Any, items: list[dict[str, Any]]) -> None:
    """Parse a batch of fetched pages and hand pages and records to the store in one message."""
    parsed = [parse_item(item) for item in items]
    if parsed:
        self.app.send_task(SAVE_PAGES, args=[parsed], argsrepr=batch_repr(parsed))
