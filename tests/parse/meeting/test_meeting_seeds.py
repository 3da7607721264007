"""Regression floor on the repository's seed pages: the whole parse keeps their meeting records.

The rules were not written for these strings (see the other test modules for phrasings of our
own); this only guards against a change elsewhere in the parse quietly losing what they yield.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from services.parse import MeetingReport, parse_document

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def seed(prefix: str) -> MeetingReport:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return parse_document(path.read_bytes())


@pytest.mark.parametrize(
    ("prefix", "name", "presider", "speakers", "level"),
    [
        ("000", "市生态环境保护委员会2024年第二次全体会议暨环保督察问题整改工作会议", "吴锦",
         ["吴锦", "周志红", "黄勇"], "市"),
        ("001", "中央、省环保督察反馈问题整改及全市生态环保工作推进会", None, [], "市"),
        ("002", "生态环境保护大会", "惠朝旭", ["曾洪扬", "惠朝旭"], "县级市"),
        ("003", "环保攻坚突破工作会议", "李亦博", ["李亦博", "宋耀生", "王耀生", "朱俊峰"], "县"),
        ("004", "全区深入打好污染防治攻坚战大会", "胡巍", ["孙海东", "李平"], "区"),
    ],
)  # fmt: skip
def test_seed_meeting_and_people(
    prefix: str, name: str, presider: str | None, speakers: list[str], level: str
) -> None:
    report = seed(prefix)
    assert report.meeting.name == name
    assert (report.presider.name if report.presider else None) == presider
    assert [p.name for p in report.speakers] == speakers
    assert report.admin_level == level


def test_seed_titles_and_attendees() -> None:
    report = seed("003")
    assert report.presider is not None and report.presider.title == "市委常委、舞阳县委书记"
    assert [(p.name, p.title) for p in report.attendees][:2] == [("李亦博", None), ("宋耀生", None)]
    assert report.region is not None and report.region.county == "舞阳县"
