"""Idempotent writes and the queries the API and CLI share.

Every write is an ``INSERT … ON CONFLICT`` keyed on the page's identity, so delivering the same
message twice (acks_late redelivery, a duplicate beat tick, a user ingesting a folder again)
leaves one page and one report. A changed body makes a new version; the same body is "unchanged".
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.parse.models import MeetingReport
from services.store.errors import ReportNotFoundError
from services.store.tables import PageRow, ReportRow, ReportVersionRow


class Outcome(StrEnum):
    """What a write did; the CLI's summary counts these."""

    STORED = "stored"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass(frozen=True)
class PageSnapshot:
    """What the store keeps of a page: its identity, HTTP metadata and raw bytes."""

    key: str
    url: str | None = None
    source: str | None = None
    http_status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None
    fetched_at: datetime | None = None


@dataclass(frozen=True)
class SaveResult:
    """The outcome of one write, with the ids a caller may want to show."""

    outcome: Outcome
    page_id: int
    report_id: int | None = None
    version: int | None = None
    reason: str | None = None


def _page_values(page: PageSnapshot) -> dict[str, Any]:
    headers = page.headers
    return {
        "key": page.key,
        "url": page.url,
        "source": page.source,
        "http_status": page.http_status,
        "headers": headers,
        "etag": headers.get("etag"),
        "last_modified": headers.get("last-modified"),
        "raw": page.raw,
        "raw_hash": hashlib.sha256(page.raw).hexdigest() if page.raw is not None else None,
        "fetched_at": page.fetched_at or datetime.now(UTC),
    }


def upsert_page(session: Session, page: PageSnapshot, *, status: str, **extra: Any) -> int:
    """Insert or update a page by key and return its id."""
    values = {**_page_values(page), "status": status, **extra}
    changes = {k: v for k, v in values.items() if k != "key" and (v is not None or k == "error")}
    statement = (
        insert(PageRow)
        .values(**values)
        .on_conflict_do_update(
            index_elements=[PageRow.key], set_={**changes, "updated_at": func.now()}
        )
        .returning(PageRow.id)
    )
    return int(session.execute(statement).scalar_one())


def _meeting_date(report: MeetingReport) -> date | None:
    parts = report.meeting.date
    if parts and parts.year and parts.month and parts.day:
        try:
            return date(parts.year, parts.month, parts.day)
        except ValueError:
            return None
    return None


def _report_columns(report: MeetingReport, page: PageSnapshot) -> dict[str, Any]:
    region = report.region
    return {
        "url": page.url,
        "source": page.source,
        "title": report.title,
        "doc_type": report.doc_type,
        "published_at": report.published_at,
        "meeting_name": report.meeting.name,
        "meeting_date": _meeting_date(report),
        "province": region.province if region else None,
        "city": region.city if region else None,
        "county": region.county if region else None,
        "admin_level": report.admin_level,
        "presider": report.presider.name if report.presider else None,
        "body": report.body,
        "content_hash": report.content_hash,
        "record": report.model_dump(mode="json"),
    }


def upsert_report(session: Session, *, page: PageSnapshot, report: MeetingReport) -> SaveResult:
    """Store a page and its record; same body → unchanged, new body → a new version."""
    page_id = upsert_page(
        session, page, status="stored", error=None, error_stage=None, retryable=False
    )
    columns = _report_columns(report, page)
    inserted = session.execute(
        insert(ReportRow)
        .values(page_id=page_id, version=1, **columns)
        .on_conflict_do_nothing(index_elements=[ReportRow.page_id])
        .returning(ReportRow.id)
    ).scalar_one_or_none()
    if inserted is not None:
        _add_version(session, inserted, 1, report.content_hash, columns["record"])
        return SaveResult(Outcome.STORED, page_id, inserted, 1)
    row = session.execute(
        select(ReportRow).where(ReportRow.page_id == page_id).with_for_update()
    ).scalar_one()
    if row.content_hash == report.content_hash:
        row.record, row.title = columns["record"], columns["title"]  # a newer parser's reading
        return SaveResult(Outcome.UNCHANGED, page_id, row.id, row.version)
    for name, value in columns.items():
        setattr(row, name, value)
    row.version += 1
    _add_version(session, row.id, row.version, report.content_hash, columns["record"])
    return SaveResult(Outcome.UPDATED, page_id, row.id, row.version)


def _add_version(
    session: Session, report_id: int, version: int, content_hash: str, record: dict[str, Any]
) -> None:
    session.execute(
        insert(ReportVersionRow)
        .values(report_id=report_id, version=version, content_hash=content_hash, record=record)
        .on_conflict_do_nothing()
    )


def record_failure(
    session: Session, *, page: PageSnapshot, stage: str, reason: str, retryable: bool = False
) -> SaveResult:
    """Record why a page failed (keeping any report it already has) so it can be retried.

    ``retryable`` says whether the failure may pass by waiting (timeouts, 5xx after the retries
    ran out): the crawler tries such pages again, never the others (404, robots.txt, no article).
    """
    statement = (
        insert(PageRow)
        .values(
            **_page_values(page),
            status="failed",
            error=reason,
            error_stage=stage,
            retryable=retryable,
            attempts=1,
        )
        .on_conflict_do_update(
            index_elements=[PageRow.key],
            set_={
                "status": "failed",
                "error": reason,
                "error_stage": stage,
                "retryable": retryable,
                "attempts": PageRow.attempts + 1,
                "updated_at": func.now(),
            },
        )
        .returning(PageRow.id)
    )
    page_id = int(session.execute(statement).scalar_one())
    return SaveResult(Outcome.FAILED, page_id, reason=reason)


@dataclass(frozen=True)
class PageFailure:
    """Why a page failed, at which stage, and whether waiting may mend it."""

    stage: str
    reason: str
    retryable: bool = False


@dataclass(frozen=True)
class PageWrite:
    """One page's write in a batch: its record, or why it failed."""

    page: PageSnapshot
    report: MeetingReport | None = None
    failure: PageFailure | None = None


def save_pages(session: Session, writes: list[PageWrite]) -> list[SaveResult]:
    """Write a batch of pages (records or failures) in the caller's transaction, in order.

    The results are in the order of ``writes``. A key written twice in one batch ends as its last
    write says, as if the writes had come one after another.
    """
    results: list[SaveResult] = []
    for write in writes:
        if write.report is not None:
            results.append(upsert_report(session, page=write.page, report=write.report))
        else:
            failure = write.failure or PageFailure("store", "nothing to store")
            results.append(
                record_failure(
                    session,
                    page=write.page,
                    stage=failure.stage,
                    reason=failure.reason,
                    retryable=failure.retryable,
                )
            )
    return results


@dataclass(frozen=True)
class ReportFilter:
    """What GET /reports and ``meetings reports`` filter on."""

    q: str | None = None
    province: str | None = None
    city: str | None = None
    source: str | None = None
    doc_type: str | None = None
    since: date | None = None
    until: date | None = None


def _filtered(statement: Select[Any], flt: ReportFilter) -> Select[Any]:
    if flt.q:
        pattern = f"%{flt.q}%"
        statement = statement.where(
            or_(ReportRow.title.ilike(pattern), ReportRow.body.ilike(pattern))
        )
    for column, value in (
        (ReportRow.province, flt.province),
        (ReportRow.city, flt.city),
        (ReportRow.source, flt.source),
        (ReportRow.doc_type, flt.doc_type),
    ):
        if value:
            statement = statement.where(column == value)
    if flt.since:
        statement = statement.where(ReportRow.meeting_date >= flt.since)
    if flt.until:
        statement = statement.where(ReportRow.meeting_date <= flt.until)
    return statement


def list_reports(
    session: Session, flt: ReportFilter | None = None, *, limit: int = 50, offset: int = 0
) -> list[ReportRow]:
    """Reports matching ``flt``, newest first."""
    statement = _filtered(select(ReportRow), flt or ReportFilter())
    statement = statement.order_by(ReportRow.id.desc()).limit(limit).offset(offset)
    return list(session.execute(statement).scalars())


def count_reports(session: Session, flt: ReportFilter | None = None) -> int:
    """How many reports match ``flt``."""
    statement = _filtered(select(func.count()).select_from(ReportRow), flt or ReportFilter())
    return int(session.execute(statement).scalar_one())


def get_report(session: Session, report_id: int) -> ReportRow:
    """One report by id; ``ReportNotFoundError`` when there is none."""
    row = session.get(ReportRow, report_id)
    if row is None:
        raise ReportNotFoundError(report_id)
    return row


def list_failures(session: Session, *, limit: int = 100) -> list[PageRow]:
    """Pages whose last attempt failed, most recent first."""
    statement = (
        select(PageRow).where(PageRow.status == "failed").order_by(PageRow.updated_at.desc())
    )
    return list(session.execute(statement.limit(limit)).scalars())


def finished_urls(session: Session, source: str) -> Iterator[tuple[str, float | None]]:
    """URLs of ``source`` the pipeline is done with: stored (with when, for revisits) or failed
    for good; a failure that may pass by waiting is left out, so the crawler tries it again."""
    rows = session.execute(
        select(PageRow.url, PageRow.status, PageRow.fetched_at).where(
            PageRow.source == source,
            PageRow.url.is_not(None),
            or_(PageRow.status == "stored", PageRow.retryable.is_(False)),
        )
    )
    for url, status, fetched_at in rows:
        stored_at = (fetched_at or datetime.now(UTC)).timestamp() if status == "stored" else None
        yield str(url), stored_at
