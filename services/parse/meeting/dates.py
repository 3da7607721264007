"""When the meeting was held: its date in any written form, the year's source and the time of day."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from services.parse.meeting.lexicon import FIVE_YEAR_END, FIVE_YEAR_START
from services.parse.meeting.text import chinese_number, chinese_year, sentences
from services.parse.models import MeetingDate

_DAY_PART = r"(?P<part>上午|下午|晚上|晚间|傍晚|中午|早上)?"
_DATE = re.compile(
    r"(?<![\d〇零○一二三四五六七八九])"
    r"(?:(?P<y>\d{4}|[〇零○一二三四五六七八九]{4})年)?"
    r"(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])月"
    rf"(?P<d>\d{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号]{_DAY_PART}"
    r"|(?<!\d)(?P<y2>\d{4})[/\-.](?P<m2>\d{1,2})[/\-.](?P<d2>\d{1,2})(?!\d)"
    # "29日上午,…召开": newspapers drop the month of a date in the current month.
    rf"|(?<![^,,。;;\n])(?P<d3>\d{{1,2}})日(?P<part3>上午|下午|晚上|晚间|傍晚|中午|早上)?(?=[,,])"
)
_HELD = re.compile(r"召开|举行|召集|开幕|举办|闭幕")
_RELATIVE_PART = re.compile(r"(?:今天|今日|昨天|昨日|当天|当日)(上午|下午|晚上|晚间|中午)")
_DAY_PARTS = {"晚间": "晚上", "傍晚": "晚上", "早上": "上午"}
_NAME_YEAR = re.compile(r"(\d{4})年(?:度)?(?:第[一二三四五六七八九十\d]+次)?")
_PUBLISHED = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_PLAN_YEAR = re.compile(
    r"今年是[^。;;,,]{0,30}?“?十([一二三四五六七八九])五”?[^。;;,,]{0,12}?"
    rf"({'|'.join(FIVE_YEAR_START + FIVE_YEAR_END)})(?:之)?年"
)
_CONGRESS_YEAR = re.compile(
    r"今年是[^。;;,,]{0,30}?(?:党的)?(十[八九]|二十[一二]?)大[^。;;,,]{0,12}?开局之年"
)


@dataclass(frozen=True)
class When:
    """The meeting's date, why its year is what it is, and the part of the day."""

    date: MeetingDate | None
    year_inferred_from: str | None
    time_of_day: str | None


def meeting_when(
    body: str, *, meeting_name: str | None, published_at: str | None, summary: str | None
) -> When:
    """Date and time of day of the meeting, with the year taken from the best source that has one.

    The year comes from the date itself, else the meeting's name (2024年第二次), else the publish
    date, else a phrase dating the text ("十三五"的开局之年); otherwise it stays unknown.
    """
    found = _meeting_date(body) or (_first_date(summary) if summary else None)
    part = _day_part(body, found)
    if found is None:
        return When(None, None, part)
    year, month, day = _parts(found)
    if year is not None:
        return When(MeetingDate(year=year, month=month, day=day), None, part)
    if month is None:
        return _day_only(day, published_at, part)
    year, why = _infer_year(body, meeting_name, published_at, month, day)
    return When(MeetingDate(year=year, month=month, day=day), why, part)


def _day_only(day: int | None, published_at: str | None, part: str | None) -> When:
    """A day without its month: the month (and year) the report was published in, or the one
    before when that day has not come yet in the publish month."""
    published = _PUBLISHED.match(published_at or "")
    if not published or not published.group(2) or not published.group(3) or day is None:
        return When(MeetingDate(day=day), None, part)
    year, month = int(published.group(1)), int(published.group(2))
    if day > int(published.group(3)):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    if day > calendar.monthrange(year, month)[1]:
        return When(MeetingDate(day=day), None, part)
    return When(
        MeetingDate(year=year, month=month, day=day), f"publish date ({published_at})", part
    )


def _meeting_date(body: str) -> re.Match[str] | None:
    for offset, sentence in sentences(body):
        held = _HELD.search(sentence)
        if not held:
            continue
        dates = list(_DATE.finditer(body, offset, offset + len(sentence)))
        before = [m for m in dates if m.start() < offset + held.start()]
        if before or dates:
            return (before or dates)[-1 if before else 0]
    first_line = body.split("\n", 1)[0]
    return _DATE.search(first_line)


def _first_date(text: str) -> re.Match[str] | None:
    return _DATE.search(text)


def _parts(m: re.Match[str]) -> tuple[int | None, int | None, int | None]:
    if m.group("y2"):
        return int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
    if m.group("d3"):
        return None, None, int(m.group("d3"))
    year = chinese_year(m.group("y")) if m.group("y") else None
    month, day = chinese_number(m.group("m")), chinese_number(m.group("d"))
    if month is not None and not 1 <= month <= 12:
        month = None
    if day is not None and not 1 <= day <= 31:
        day = None
    return year, month, day


def _day_part(body: str, found: re.Match[str] | None) -> str | None:
    part = (found.group("part") or found.group("part3")) if found is not None else None
    if part is None:
        relative = _RELATIVE_PART.search(body)
        part = relative.group(1) if relative else None
    return _DAY_PARTS.get(part, part) if part else None


def _infer_year(
    body: str, name: str | None, published_at: str | None, month: int | None, day: int | None
) -> tuple[int | None, str | None]:
    named = _NAME_YEAR.search(name or "")
    if named:
        return int(named.group(1)), f"meeting name ({named.group()})"
    published = _PUBLISHED.match(published_at or "")
    if published:
        return _year_before(published, month, day), f"publish date ({published_at})"
    return _year_from_text(body)


def _year_before(published: re.Match[str], month: int | None, day: int | None) -> int:
    """The publish year, or the one before when the meeting's month and day come later in a year."""
    year = int(published.group(1))
    pub_month = int(published.group(2)) if published.group(2) else None
    pub_day = int(published.group(3)) if published.group(3) else None
    if month is None or pub_month is None:
        return year
    if month > pub_month or (month == pub_month and day and pub_day and day > pub_day):
        return year - 1
    return year


def _year_from_text(body: str) -> tuple[int | None, str | None]:
    plan = _PLAN_YEAR.search(body)
    if plan:
        number = chinese_number("十" + plan.group(1)) or 0
        start = 2006 + 5 * (number - 11)
        year = start if plan.group(2) in FIVE_YEAR_START else start + 4
        edge = "began" if year == start else "ended"
        return year, f"'{plan.group()}' (the {_ordinal(number)} Five-Year Plan {edge} in {year})"
    congress = _CONGRESS_YEAR.search(body)
    if congress:
        number = chinese_number(congress.group(1)) or 0
        held = 2012 + 5 * (number - 18)
        return held + 1, (
            f"'{congress.group()}' (the {_ordinal(number)} Party Congress met in {held})"
        )
    return None, None


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"
