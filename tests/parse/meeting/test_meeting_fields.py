"""Units, documents, slogans, targets, venue, format and the kind of text."""

from __future__ import annotations

from services.parse.meeting.doctype import doc_type
from services.parse.meeting.documents import documents, slogans
from services.parse.meeting.naming import meeting_name
from services.parse.meeting.targets import targets
from services.parse.meeting.units import units
from services.parse.meeting.venue import branch_venues, meeting_format, venue


def test_units_that_made_statements() -> None:
    body = "会上,县水利局、县住建委和金山化工有限公司负责人分别作了表态发言。"
    assert units(body) == ["县水利局", "县住建委", "金山化工有限公司"]


def test_a_unit_whose_name_holds_he_stays_whole() -> None:
    body = "刚才,市水利和湖泊局、市林业局等3个单位作了交流发言。"
    assert units(body) == ["市水利和湖泊局", "市林业局"]


def test_units_that_reported() -> None:
    assert units("会议听取了区财政局、区审计局的工作汇报。") == ["区财政局", "区审计局"]
    assert units("市应急管理局汇报了汛期准备情况。") == ["市应急管理局"]


def test_documents_in_book_marks_and_by_kind() -> None:
    body = "会议宣读了《关于表彰先进集体的决定》,印发了2024年大气污染防治目标责任书。要制定任务书、时间表。"
    assert documents(body) == ["关于表彰先进集体的决定", "2024年大气污染防治目标责任书"]


def test_slogans_are_short_quotes_in_order_without_repeats() -> None:
    body = "坚持“两山”理念,落实“河长制”,再讲“两山”。“这是一句超过十五个字的很长很长的引文内容。”"
    assert slogans(body) == ["两山", "河长制"]


def test_targets_commit_to_a_measurable_result() -> None:
    body = (
        "到年底,城市污水处理率确保达到95%以上;考核排名力争进入全省前三;"
        "国考断面水质稳定达标。过去一年,PM10浓度下降了12%,巩固了达标成效。"
    )
    found = targets(body)
    assert found == [
        "城市污水处理率确保达到95%以上",
        "考核排名力争进入全省前三",
        "国考断面水质稳定达标",
    ]


def test_venue_format_and_branch_venues() -> None:
    body = (
        "会议在市行政中心三楼会议室召开,采取电视电话会议形式,分会场设在各县区政府和开发区管委会。"
    )
    assert venue(body) == "市行政中心三楼会议室"
    assert meeting_format(body, None) == "电视电话会议"
    assert branch_venues(body) == ["各县区政府", "开发区管委会"]


def test_format_from_the_meeting_name() -> None:
    assert meeting_format("会议强调了三点。", "全省安全生产视频会议") == "视频会议"


def test_no_venue_from_a_time_phrase() -> None:
    assert venue("今年5月中旬在当天召开会议。") is None


def test_meeting_name_forms() -> None:
    assert (
        meeting_name("近日,全县召开了安全生产工作会议。", None, speech=False) == "安全生产工作会议"
    )
    assert (
        meeting_name("市城市管理工作会议在市会议中心举行。", None, speech=False)
        == "市城市管理工作会议"
    )
    title = "在2024年全区经济工作会议上的讲话"
    assert meeting_name("同志们:", title, speech=True) == "2024年全区经济工作会议"
    assert meeting_name("会议要求,各单位召开会议传达精神。", None, speech=False) is None


def test_kind_of_text() -> None:
    assert doc_type("同志们:今天我们召开会议。", "在全市工作会议上的讲话") == "speech"
    assert doc_type("各单位:现将有关事项通知如下:", "关于召开全市工作会议的通知") == "notice"
    assert doc_type("3月1日,全县召开工作会议。县长王刚主持会议。", None) == "news_report"
    assert doc_type("今年以来,全县粮食产量稳定增长。", None) == "other"
