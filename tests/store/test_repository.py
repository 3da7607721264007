"""Idempotent writes and queries, against a real PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from services.parse.models import Meeting, MeetingDate, MeetingReport, Region
from services.store.db import transaction
from services.store.repository import (
    Outcome,
    PageSnapshot,
    ReportFilter,
    count_reports,
    finished_urls,
    get_report,
    list_failures,
    list_reports,
    record_failure,
    upsert_report,
)
from services.store.tables import PageRow, ReportRow

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
