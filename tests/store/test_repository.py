"""Idempotent writes and queries, against a real PostgreSQL."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from services.parse.models import Meeting, MeetingDate, MeetingReport, Region
from services.store.db import transaction
from services.store.repository import (
    Outcome,
    PageFailure,
    PageSnapshot,
    PageWrite,
    ReportFilter,
    SaveResult,
    count_reports,
    finished_urls,
    get_report,
    list_failures,
    list_reports,
    record_failure,
    save_pages,
    upsert_report,
)
from services.store.tables import PageRow, ReportRow, ReportVersionRow

PAGE = PageSnapshot(
    key="http://gov.example/a.html", url="http://gov.example/a.html", raw=b"<p>x</p>"
)


def report(body: str = "市委书记张三主持会议。", **fields: object) -> MeetingReport:
    return MeetingReport(body=body, content_hash=str(hash(body)), **fields)  # type: ignore[arg-type]


def save(sessions: sessionmaker[Session], page: PageSnapshot, record: MeetingReport) -> Outcome:
    with transaction(sessions) as session:
        return upsert_report(session, page=page, report=record).outcome


def test_a_new_page_is_stored(clean_db: sessionmaker[Session]) -> None:
    assert save(clean_db, PAGE, report()) is Outcome.STORED


def test_saving_the_same_record_twice_leaves_one_report(clean_db: sessionmaker[Session]) -> None:
    save(clean_db, PAGE, report())
    assert save(clean_db, PAGE, report()) is Outcome.UNCHANGED
    with clean_db() as session:
        assert count_reports(session) == 1


def test_a_new_body_bumps_the_version(clean_db: sessionmaker[Session]) -> None:
    save(clean_db, PAGE, report("第一稿"))
    assert save(clean_db, PAGE, report("第二稿")) is Outcome.UPDATED
    with clean_db() as session:
        assert session.execute(select(ReportRow.version)).scalar_one() == 2


def test_a_failure_is_recorded_with_its_reason(clean_db: sessionmaker[Session]) -> None:
    with transaction(clean_db) as session:
        record_failure(session, page=PAGE, stage="fetch", reason="HTTP 404")
    with clean_db() as session:
        (failed,) = list_failures(session)
    assert (failed.status, failed.error, failed.error_stage) == ("failed", "HTTP 404", "fetch")


def test_a_page_stored_after_failing_keeps_no_failure(clean_db: sessionmaker[Session]) -> None:
    with transaction(clean_db) as session:
        record_failure(session, page=PAGE, stage="fetch", reason="timed out", retryable=True)
    save(clean_db, PAGE, report())
    with clean_db() as session:
        page = session.execute(select(PageRow)).scalar_one()
    assert (page.status, page.error, page.error_stage, page.retryable) == (
        "stored",
        None,
        None,
        False,
    )


def test_failing_again_counts_attempts(clean_db: sessionmaker[Session]) -> None:
    for _ in range(3):
        with transaction(clean_db) as session:
            record_failure(session, page=PAGE, stage="fetch", reason="timed out")
    with clean_db() as session:
        assert session.execute(select(PageRow.attempts)).scalar_one() == 3


def test_a_failure_keeps_the_report_already_stored(clean_db: sessionmaker[Session]) -> None:
    save(clean_db, PAGE, report())
    with transaction(clean_db) as session:
        record_failure(session, page=PAGE, stage="fetch", reason="HTTP 500")
    with clean_db() as session:
        assert session.execute(select(func.count()).select_from(ReportRow)).scalar_one() == 1


def test_a_stored_page_clears_its_old_error(clean_db: sessionmaker[Session]) -> None:
    with transaction(clean_db) as session:
        record_failure(session, page=PAGE, stage="fetch", reason="HTTP 500")
    save(clean_db, PAGE, report())
    with clean_db() as session:
        page = session.execute(select(PageRow)).scalar_one()
    assert (page.status, page.error) == ("stored", None)


def test_reports_filter_on_region_and_meeting_date(clean_db: sessionmaker[Session]) -> None:
    hubei = report(
        "荆州",
        region=Region(province="湖北省", city="荆州市"),
        meeting=Meeting(date=MeetingDate(year=2024, month=4, day=29)),
    )
    save(clean_db, PAGE, hubei)
    save(clean_db, PageSnapshot(key="b"), report("无锡", region=Region(province="江苏省")))
    with clean_db() as session:
        assert [r.city for r in list_reports(session, ReportFilter(province="湖北省"))] == [
            "荆州市"
        ]
        since = ReportFilter(since=date(2024, 1, 1))
        assert [r.meeting_date for r in list_reports(session, since)] == [date(2024, 4, 29)]


def test_the_record_is_kept_whole(clean_db: sessionmaker[Session]) -> None:
    save(clean_db, PAGE, report(title="会议召开", keywords=["环保"]))
    with clean_db() as session:
        row = list_reports(session)[0]
        assert get_report(session, row.id).record["keywords"] == ["环保"]


def test_a_failure_says_whether_it_may_pass(clean_db: sessionmaker[Session]) -> None:
    with transaction(clean_db) as session:
        record_failure(session, page=PAGE, stage="fetch", reason="timed out", retryable=True)
    with clean_db() as session:
        assert session.execute(select(PageRow.retryable)).scalar_one() is True
    save(clean_db, PAGE, report())
    with clean_db() as session:
        assert session.execute(select(PageRow.retryable)).scalar_one() is False


def test_finished_urls_leave_out_failures_that_may_pass(clean_db: sessionmaker[Session]) -> None:
    def page(name: str) -> PageSnapshot:
        return PageSnapshot(key=name, url=name, source="site")

    save(clean_db, page("http://a/stored"), report())
    with transaction(clean_db) as session:
        record_failure(session, page=page("http://a/gone"), stage="fetch", reason="HTTP 404")
        record_failure(
            session, page=page("http://a/slow"), stage="fetch", reason="timed out", retryable=True
        )
    with clean_db() as session:
        found = dict(finished_urls(session, "site"))
    assert set(found) == {"http://a/stored", "http://a/gone"}
    assert found["http://a/gone"] is None


FETCHED = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


def snapshot(key: str, **fields: Any) -> PageSnapshot:
    return PageSnapshot(key=key, **{"url": key, "fetched_at": FETCHED, **fields})


def stored(key: str, body: str, **fields: Any) -> PageWrite:
    return PageWrite(snapshot(key), report=report(body, **fields))


def failed(key: str, reason: str, *, stage: str = "fetch", retryable: bool = False) -> PageWrite:
    return PageWrite(snapshot(key), failure=PageFailure(stage, reason, retryable))


def one_by_one(session: Session, writes: list[PageWrite]) -> list[SaveResult]:
    """What ``save_pages`` must be equivalent to: each write through the single-page functions."""
    results = []
    for write in writes:
        if write.report is not None:
            results.append(upsert_report(session, page=write.page, report=write.report))
        else:
            assert write.failure is not None
            failure = write.failure
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


def save_batch(sessions: sessionmaker[Session], writes: list[PageWrite]) -> list[SaveResult]:
    with transaction(sessions) as session:
        return save_pages(session, writes)


def outcomes(results: list[SaveResult]) -> list[tuple[Outcome, int | None]]:
    return [(result.outcome, result.version) for result in results]


def test_a_batch_stores_updates_and_fails_pages(clean_db: sessionmaker[Session]) -> None:
    save(clean_db, snapshot("same"), report("旧文", title="旧标题"))
    save(clean_db, snapshot("changed"), report("第一稿"))
    save(clean_db, snapshot("kept"), report("留存"))
    results = save_batch(
        clean_db,
        [
            stored("new", "新文"),
            stored("same", "旧文", title="新标题"),
            stored("changed", "第二稿"),
            failed("gone", "HTTP 404"),
            failed("kept", "HTTP 500", retryable=True),
        ],
    )
    assert outcomes(results) == [
        (Outcome.STORED, 1),
        (Outcome.UNCHANGED, 1),
        (Outcome.UPDATED, 2),
        (Outcome.FAILED, None),
        (Outcome.FAILED, None),
    ]
    assert [r.reason for r in results[3:]] == ["HTTP 404", "HTTP 500"]
    with clean_db() as session:
        pages = {p.key: p for p in session.execute(select(PageRow)).scalars()}
        reports = {
            key: row
            for key, row in session.execute(
                select(PageRow.key, ReportRow).join(ReportRow, ReportRow.page_id == PageRow.id)
            ).tuples()
        }
        versions = session.execute(select(func.count()).select_from(ReportVersionRow)).scalar_one()
    assert [results[i].page_id for i in range(5)] == [
        pages[key].id for key in ("new", "same", "changed", "gone", "kept")
    ]
    assert [results[i].report_id for i in range(3)] == [
        reports[key].id for key in ("new", "same", "changed")
    ]
    assert (reports["same"].title, reports["same"].version) == ("新标题", 1)
    assert (reports["changed"].body, reports["changed"].version) == ("第二稿", 2)
    assert set(reports) == {"new", "same", "changed", "kept"}  # a failure keeps its report
    assert versions == 5  # new, same, changed ×2, kept
    assert (pages["gone"].status, pages["gone"].attempts, pages["gone"].retryable) == (
        "failed",
        1,
        False,
    )
    assert (pages["kept"].status, pages["kept"].error, pages["kept"].retryable) == (
        "failed",
        "HTTP 500",
        True,
    )


def test_a_key_twice_in_a_batch_is_written_twice_in_order(
    clean_db: sessionmaker[Session],
) -> None:
    results = save_batch(
        clean_db,
        [
            stored("a", "第一稿"),
            stored("b", "别的"),
            stored("a", "第二稿"),
            failed("a", "timed out"),
            stored("a", "第二稿"),
            failed("c", "HTTP 404"),
            failed("c", "HTTP 404"),
        ],
    )
    assert outcomes(results) == [
        (Outcome.STORED, 1),
        (Outcome.STORED, 1),
        (Outcome.UPDATED, 2),
        (Outcome.FAILED, None),
        (Outcome.UNCHANGED, 2),
        (Outcome.FAILED, None),
        (Outcome.FAILED, None),
    ]
    assert len({results[i].page_id for i in (0, 2, 3, 4)}) == 1
    assert len({results[i].report_id for i in (0, 2, 4)}) == 1
    with clean_db() as session:
        pages = {p.key: p for p in session.execute(select(PageRow)).scalars()}
    assert (pages["a"].status, pages["a"].error, pages["a"].attempts) == ("stored", None, 1)
    assert pages["c"].attempts == 2


def test_an_empty_batch_writes_nothing(clean_db: sessionmaker[Session]) -> None:
    assert save_batch(clean_db, []) == []


def table_contents(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row, minus ids and timestamps the database makes up, with pages named by key."""
    made_up = {"id", "page_id", "report_id", "created_at", "updated_at", "first_seen_at"}
    page_columns = [c for c in PageRow.__table__.columns if c.name not in made_up]
    report_columns = [c for c in ReportRow.__table__.columns if c.name not in made_up]
    version_columns = [c for c in ReportVersionRow.__table__.columns if c.name not in made_up]
    by_page = select(PageRow.key).join(ReportRow, ReportRow.page_id == PageRow.id)
    return {
        "pages": [tuple(r) for r in session.execute(select(*page_columns).order_by(PageRow.key))],
        "reports": [
            tuple(r)
            for r in session.execute(by_page.add_columns(*report_columns).order_by(PageRow.key))
        ],
        "versions": [
            tuple(r)
            for r in session.execute(
                by_page.join(ReportVersionRow, ReportVersionRow.report_id == ReportRow.id)
                .add_columns(*version_columns)
                .order_by(PageRow.key, ReportVersionRow.version)
            )
        ],
    }


def named_results(session: Session, results: list[SaveResult]) -> list[tuple[Any, ...]]:
    """Results with their ids replaced by the keys of their pages, comparable across databases."""
    page_keys = dict(session.execute(select(PageRow.id, PageRow.key)).all())
    report_keys = dict(
        session.execute(
            select(ReportRow.id, PageRow.key).join(PageRow, PageRow.id == ReportRow.page_id)
        ).all()
    )
    return [
        (
            r.outcome,
            page_keys[r.page_id],
            report_keys[r.report_id] if r.report_id is not None else None,
            r.version,
            r.reason,
        )
        for r in results
    ]


def test_a_batch_ends_as_the_writes_one_by_one_do(clean_db: sessionmaker[Session]) -> None:
    full = {"source": "site", "http_status": 200, "raw": b"<p>1</p>"}
    headers = {"etag": '"v1"', "last-modified": "Wed, 01 May 2024 08:00:00 GMT"}
    batches = [
        [
            PageWrite(snapshot("a", headers=headers, **full), report=report("甲一")),
            failed("b", "timed out", retryable=True),
            stored("c", "丙一", region=Region(province="湖北省")),
            PageWrite(snapshot("a", raw=b"<p>2</p>"), report=report("甲二")),
            failed("d", "HTTP 404", stage="robots"),
        ],
        [
            PageWrite(PageSnapshot(key="a"), report=report("甲二", title="重读")),
            stored("b", "乙一"),
            failed("c", "HTTP 500"),
            stored("c", "丙二"),
            failed("d", "HTTP 404"),
            PageWrite(snapshot("e", **full), failure=PageFailure("parse", "no article")),
        ],
        [
            stored("e", "戊一"),
            stored("c", "丙二"),
            failed("b", "HTTP 503", retryable=True),
            failed("b", "HTTP 503", retryable=True),
            stored("a", "甲三", title="新题"),
            PageWrite(
                snapshot("a", http_status=500, raw=b"oops", source="other"),
                failure=PageFailure("fetch", "HTTP 500"),
            ),
        ],
    ]
    contents, named = [], []
    for write_batch in (one_by_one, save_pages):
        with transaction(clean_db) as session:
            session.execute(text("TRUNCATE report_versions, reports, pages CASCADE"))
        results = []
        for writes in batches:
            with transaction(clean_db) as session:
                results.extend(write_batch(session, writes))
        with clean_db() as session:
            contents.append(table_contents(session))
            named.append(named_results(session, results))
    assert contents[1] == contents[0]
    assert named[1] == named[0]
    assert len(contents[0]["versions"]) == 7  # so the comparison is not of empty tables


def test_an_unchanged_record_is_not_rewritten(clean_db: sessionmaker[Session]) -> None:
    def updated_at() -> datetime:
        with clean_db() as session:
            return session.execute(select(ReportRow.updated_at)).scalar_one()

    save_batch(clean_db, [stored("a", "正文", title="标题")])
    first = updated_at()
    save_batch(clean_db, [stored("a", "正文", title="标题")])
    assert updated_at() == first
    save_batch(clean_db, [stored("a", "正文", title="新标题")])
    assert updated_at() > first


def test_a_batch_costs_the_same_few_statements_whatever_its_size(
    clean_db: sessionmaker[Session],
) -> None:
    def statements(writes: list[PageWrite]) -> int:
        executed: list[str] = []
        with transaction(clean_db) as session:
            connection = session.connection()

            def count(*args: Any) -> None:
                executed.append(args[2])

            event.listen(connection, "before_cursor_execute", count)
            save_pages(session, writes)
            event.remove(connection, "before_cursor_execute", count)
        return len(executed)

    def batch(size: int, prefix: str) -> list[PageWrite]:
        return [stored(f"{prefix}{i}", f"正文{i}") for i in range(size)]

    # new reports: pages, lock reports, insert reports, insert versions
    assert statements(batch(5, "x")) == statements(batch(50, "y")) == 4
    # 5 unchanged, 25 re-read, 25 updated, 50 failures: pages, lock, update ×2, versions
    mixed = [stored(f"x{i}", f"正文{i}") for i in range(5)]
    mixed += [stored(f"y{i}", "改写" if i % 2 else f"正文{i}", title="新") for i in range(50)]
    mixed += [failed(f"z{i}", "HTTP 404") for i in range(50)]
    assert statements(mixed) == 5


def test_a_batch_locks_its_pages_in_key_order(clean_db: sessionmaker[Session]) -> None:
    """Two batches that share pages lock them in the same order, so they queue, not deadlock:
    a batch held up at its first page by key has not yet locked the pages after it."""
    save_batch(clean_db, [stored("a", "甲"), stored("b", "乙")])
    results: list[SaveResult] = []
    batch_pids: list[int] = []
    batch_started = threading.Event()

    def write_batch() -> None:
        with clean_db() as session, session.begin():
            batch_pids.append(session.execute(select(func.pg_backend_pid())).scalar_one())
            batch_started.set()
            results.extend(save_pages(session, [stored("b", "乙二"), stored("a", "甲二")]))

    with clean_db() as holder, clean_db() as observer:
        holder.execute(select(PageRow.id).where(PageRow.key == "a").with_for_update())
        worker = threading.Thread(target=write_batch)
        worker.start()
        try:
            assert batch_started.wait(10), "the batch did not start"
            deadline = time.monotonic() + 10
            blocked = text("SELECT cardinality(pg_blocking_pids(:pid)) > 0")
            while not observer.execute(blocked, {"pid": batch_pids[0]}).scalar_one():
                observer.rollback()
                assert time.monotonic() < deadline, "the batch never waited for page a"
            observer.rollback()
            b_was_free = observer.execute(
                select(PageRow.id).where(PageRow.key == "b").with_for_update(skip_locked=True)
            ).first()
            observer.rollback()
        finally:
            holder.rollback()
            worker.join(10)
    assert b_was_free is not None
    assert outcomes(results) == [(Outcome.UPDATED, 2), (Outcome.UPDATED, 2)]
