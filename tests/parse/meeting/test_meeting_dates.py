"""Meeting dates in every written form, and where the year comes from."""

from __future__ import annotations

import pytest

from services.parse.meeting.dates import When, meeting_when
from services.parse.models import MeetingDate


def when(body: str, *, name: str | None = None, published: str | None = None) -> When:
    return meeting_when(body, meeting_name=name, published_at=published, summary=None)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("2023年1月31日,全区召开工作会议。", (2023, 1, 31)),
        ("2023/2/2 10:30:45 召开专题会议", (2023, 2, 2)),
        ("二〇二三年三月五日,全县召开动员大会。", (2023, 3, 5)),
        ("十二月三十一日,全镇召开总结会。", (None, 12, 31)),
        ("4月29日上午,市委召开常委会议。", (None, 4, 29)),
    ],
)
def test_date_forms(body: str, expected: tuple[int | None, int, int]) -> None:
    found = when(body).date
    assert found is not None
    assert (found.year, found.month, found.day) == expected


def test_time_of_day_follows_the_date() -> None:
    assert when("7月13日上午,我县召开会议。").time_of_day == "上午"
    assert when("3月1日晚间,全市召开调度会。").time_of_day == "晚上"
    assert when("今天下午,我们召开这次会议。").time_of_day == "下午"


def test_the_date_nearest_before_the_verb_is_the_meeting_date() -> None:
    found = when("根据5月10日的部署,全市于6月2日召开推进会。").date
    assert found == MeetingDate(month=6, day=2)


def test_year_from_meeting_name() -> None:
    result = when("4月29日,市环委会召开会议。", name="市环委会2024年第二次全体会议")
    assert result.date == MeetingDate(year=2024, month=4, day=29)
    assert result.year_inferred_from == "meeting name (2024年第二次)"


def test_year_from_publish_date_rolls_back_over_new_year() -> None:
    result = when("12月28日,全县召开总结大会。", published="2024-01-03")
    assert result.date == MeetingDate(year=2023, month=12, day=28)
    assert result.year_inferred_from == "publish date (2024-01-03)"


def test_year_from_five_year_plan_phrase() -> None:
    body = "3月2日,全县召开大会。今年是“十四五”规划的开局之年。"
    result = when(body)
    assert result.date == MeetingDate(year=2021, month=3, day=2)
    assert result.year_inferred_from is not None and "十四五" in result.year_inferred_from


def test_year_from_party_congress_phrase() -> None:
    result = when("2月6日,全市召开大会。今年是全面贯彻党的二十大精神的开局之年。")
    assert result.date is not None and result.date.year == 2023


def test_no_year_when_nothing_tells() -> None:
    result = when("7月31日,我市召开生态环境保护大会。")
    assert result.date == MeetingDate(month=7, day=31)
    assert result.year_inferred_from is None


def test_no_date_without_month_and_day() -> None:
    assert when("今天,我们召开会议。", published="2023-07").date is None


def test_day_without_month_takes_the_publish_month() -> None:
    result = when("29日上午,全市召开防汛工作会议。", published="2024-06-30")
    assert result.date == MeetingDate(year=2024, month=6, day=29)
    assert result.time_of_day == "上午"
    assert result.year_inferred_from == "publish date (2024-06-30)"


def test_day_without_month_late_in_the_previous_month() -> None:
    result = when("28日,全县召开会议。", published="2024-03-02")
    assert result.date == MeetingDate(year=2024, month=2, day=28)
    assert when("30日,全县召开会议。", published="2024-03-02").date == MeetingDate(day=30)


def test_day_without_month_and_no_publish_date() -> None:
    assert when("29日,全区召开会议。").date == MeetingDate(day=29)
