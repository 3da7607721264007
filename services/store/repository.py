"""Idempotent writes and the queries the API and CLI share.

Every write is an ``INSERT … ON CONFLICT`` keyed on the page's identity, so delivering the same
message twice (acks_late redelivery, a duplicate beat tick, a user ingesting a folder again)
leaves one page and one report. A changed body makes a new version; the same body is "unchanged".
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    Update,
    bindparam,
    case,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

from services.parse.models import MeetingReport
from services.store.errors import ReportNotFoundError
from services.store.tables import Base, PageRow, ReportRow, ReportVersionRow


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
    page_id: int | None  # None only when not even the page's failure could be written
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
    # A None keeps the old value, but for the failure's words: a stored page has no failure.
    cleared = ("error", "error_stage")
    changes = {k: v for k, v in values.items() if k != "key" and (v is not None or k in cleared)}
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


def _table(model: type[Base]) -> Table:
    """The Core table behind ``model``: batch writes bind plain rows, without the ORM's per-row
    bookkeeping."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to a table")
    return table


_pages = _table(PageRow)
_reports = _table(ReportRow)
_report_versions = _table(ReportVersionRow)

# The page columns a snapshot fills, as ``_page_values`` names them; a stored page keeps the old
# value where the snapshot has None.
_SNAPSHOT_COLUMNS = tuple(name for name in _page_values(PageSnapshot(key="")) if name != "key")


def _page_batch_upsert() -> ReturningInsert[int, str]:
    """One upsert for stored and failed pages alike, told apart by the status they bring.

    A stored page does what ``upsert_page`` does (a None in the snapshot keeps the old value,
    except ``error`` and ``error_stage``); a failed page does what ``record_failure`` does (only
    the failure columns change and ``attempts`` counts up). RETURNING order is not VALUES order,
    hence the key.
    """
    statement = insert(_pages)
    new = statement.excluded
    failed = new.status == "failed"

    def from_snapshot(name: str) -> ColumnElement[Any]:
        old = _pages.c[name]
        return case((failed, old), else_=func.coalesce(new[name], old))

    return statement.on_conflict_do_update(
        index_elements=[_pages.c.key],
        set_={
            **{name: from_snapshot(name) for name in _SNAPSHOT_COLUMNS},
            "status": new.status,
            "error": new.error,
            "error_stage": new.error_stage,
            "retryable": new.retryable,
            "attempts": case((failed, _pages.c.attempts + 1), else_=_pages.c.attempts),
            "updated_at": func.now(),
        },
    ).returning(_pages.c.id, _pages.c.key)


def _locked_reports() -> Select[int, int, str, int]:
    """The reports of some pages, locked in page order so that concurrent batches queue up."""
    return (
        select(_reports.c.id, _reports.c.page_id, _reports.c.content_hash, _reports.c.version)
        .where(_reports.c.page_id.in_(bindparam("page_ids", expanding=True)))
        .order_by(_reports.c.page_id)
        .with_for_update()
    )


def _reread_unchanged() -> Update:
    """A newer parser's reading of an unchanged body: new ``record`` and ``title``, written only
    when they differ, as the ORM would (so ``updated_at`` says when something changed)."""
    record = bindparam("new_record", type_=_reports.c.record.type)
    title = bindparam("new_title", type_=_reports.c.title.type)
    return (
        update(_reports)
        .where(
            _reports.c.id == bindparam("report_id"),
            or_(
                _reports.c.record.is_distinct_from(record), _reports.c.title.is_distinct_from(title)
            ),
        )
        .values(record=record, title=title, updated_at=func.now())
    )


# Built once, and executed with a list of rows: SQLAlchemy compiles each once (then caches it) and
# sends an INSERT with a list of rows as one multi-row VALUES statement ("insertmanyvalues"), the
# other statements as one executemany, so a batch costs one statement per kind of change.
_UPSERT_PAGES = _page_batch_upsert()
_LOCK_REPORTS = _locked_reports()
_INSERT_REPORTS = insert(_reports).returning(_reports.c.id, _reports.c.page_id)
# SET comes from the parameters' keys: every report column, the new version and the id to match.
_UPDATE_REPORTS = (
    update(_reports).where(_reports.c.id == bindparam("report_id")).values(updated_at=func.now())
)
_REREAD_REPORTS = _reread_unchanged()
_INSERT_VERSIONS = insert(_report_versions).on_conflict_do_nothing()


def _rounds(writes: list[PageWrite]) -> list[list[tuple[int, PageWrite]]]:
    """Split a batch so that no key appears twice in a round (ON CONFLICT touches a row once per
    statement); a key's n-th write goes to round n, so each key's writes keep their order.

    Each round is sorted by key: concurrent batches then lock shared pages in the same order and
    wait for each other instead of deadlocking. A later round only holds keys of the first one,
    whose pages this transaction has already locked.
    """
    rounds: list[list[tuple[int, PageWrite]]] = []
    seen: Counter[str] = Counter()
    for index, write in enumerate(writes):
        occurrence = seen[write.page.key]
        seen[write.page.key] += 1
        if occurrence == len(rounds):
            rounds.append([])
        rounds[occurrence].append((index, write))
    for round_ in rounds:
        round_.sort(key=lambda item: item[1].page.key)
    return rounds


def _failure_of(write: PageWrite) -> PageFailure:
    """A write without a record is a failure, told or not."""
    return write.failure or PageFailure("store", "nothing to store")


def _batch_page_values(write: PageWrite) -> dict[str, Any]:
    """The page row a write inserts, with every key set (rows of one INSERT share their columns):
    what ``upsert_report`` or ``record_failure`` would insert, ``attempts`` 0 being the column's
    default for a page that never failed."""
    values = _page_values(write.page)
    if write.report is not None:
        return {
            **values,
            "status": "stored",
            "error": None,
            "error_stage": None,
            "retryable": False,
            "attempts": 0,
        }
    failure = _failure_of(write)
    return {
        **values,
        "status": "failed",
        "error": failure.reason,
        "error_stage": failure.stage,
        "retryable": failure.retryable,
        "attempts": 1,
    }


def _save_round(session: Session, round_: list[tuple[int, PageWrite]]) -> dict[int, SaveResult]:
    """Write a round (each key once) with one statement per kind of change; results by index."""
    page_rows = [_batch_page_values(write) for _, write in round_]
    page_ids = {
        str(key): int(page_id) for page_id, key in session.execute(_UPSERT_PAGES, page_rows)
    }
    results: dict[int, SaveResult] = {}
    stored: list[tuple[int, int, PageSnapshot, MeetingReport]] = []
    for index, write in round_:
        page_id = page_ids[write.page.key]
        if write.report is None:
            results[index] = SaveResult(Outcome.FAILED, page_id, reason=_failure_of(write).reason)
        else:
            stored.append((index, page_id, write.page, write.report))
    if not stored:
        return results

    existing = {
        int(row.page_id): row
        for row in session.execute(_LOCK_REPORTS, {"page_ids": [item[1] for item in stored]})
    }
    new_reports: list[dict[str, Any]] = []
    new_report_writes: list[tuple[int, int, MeetingReport, dict[str, Any]]] = []
    changed_reports: list[dict[str, Any]] = []
    reread_reports: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    for index, page_id, page, report in stored:
        columns = _report_columns(report, page)
        found = existing.get(page_id)
        if found is None:
            new_reports.append({"page_id": page_id, "version": 1, **columns})
            new_report_writes.append((index, page_id, report, columns["record"]))
        elif found.content_hash == report.content_hash:
            reread_reports.append(
                {
                    "report_id": found.id,
                    "new_record": columns["record"],
                    "new_title": columns["title"],
                }
            )
            results[index] = SaveResult(Outcome.UNCHANGED, page_id, found.id, found.version)
        else:
            version = found.version + 1
            changed_reports.append({"report_id": found.id, "version": version, **columns})
            versions.append(_version_values(found.id, version, report, columns["record"]))
            results[index] = SaveResult(Outcome.UPDATED, page_id, found.id, version)

    if new_reports:
        report_ids = {
            int(page_id): int(report_id)
            for report_id, page_id in session.execute(_INSERT_REPORTS, new_reports)
        }
        for index, page_id, report, record in new_report_writes:
            report_id = report_ids[page_id]
            versions.append(_version_values(report_id, 1, report, record))
            results[index] = SaveResult(Outcome.STORED, page_id, report_id, 1)
    if changed_reports:
        session.execute(_UPDATE_REPORTS, changed_reports)
    if reread_reports:
        session.execute(_REREAD_REPORTS, reread_reports)
    if versions:
        session.execute(_INSERT_VERSIONS, versions)
    return results


def _version_values(
    report_id: int, version: int, report: MeetingReport, record: dict[str, Any]
) -> dict[str, Any]:
    """A report_versions row, as ``_add_version`` writes it."""
    return {
        "report_id": report_id,
        "version": version,
        "content_hash": report.content_hash,
        "record": record,
    }


def save_pages(session: Session, writes: list[PageWrite]) -> list[SaveResult]:
    """Write a batch of pages (records or failures) in the caller's transaction, in order.

    The results are in the order of ``writes``, and the tables end as if each write had gone
    through ``upsert_report`` or ``record_failure`` one after another; a key written twice in one
    batch ends as its last write says. A batch costs a few statements per round (one round unless
    a key repeats): upsert the pages, lock their reports, insert the new reports, update the
    changed and the re-read ones, add the versions.
    """
    results: dict[int, SaveResult] = {}
    for round_ in _rounds(writes):
        results.update(_save_round(session, round_))
    return [results[index] for index in range(len(writes))]


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
