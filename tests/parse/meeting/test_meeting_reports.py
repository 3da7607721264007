"""Whole reports, written for these tests in phrasings the seeds do not use, read end to end."""

from __future__ import annotations

import pytest

from services.parse.meeting import extract_meeting
from services.parse.models import CleanDocument, MeetingFields, Person

CITY_VIDEO = "\n".join(
    [
        "二〇二三年三月五日下午,全市大气污染防治工作推进会以视频会议形式召开。会议由市委副书记、"
        "市长王建军主持。市委书记张立新出席会议并作重要讲话。",
        "张立新强调,要坚决扛起“绿色发展”的政治责任,让美丽洛阳天更蓝。全年PM2.5平均浓度确保下降到"
        "35微克/立方米以下,优良天数比例达到85%以上。",
        "王建军要求,各地各部门要压实责任,全力推动空气质量排名进入全省前五。",
        "会上,副市长李红梅通报了全市空气质量情况,市发展改革委、市交通运输局和高新区管委会作交流发言。",
        "市领导刘洋、陈静、赵刚出席会议。各县(市、区)设分会场。",
    ]
)

COUNTY_NO_PRESIDER = (
    "三月十二日,临颍县召开乡村振兴工作会议。县委副书记、县长孙志强在会上讲话,县委常委、组织部长"
    "周敏宣读了《关于表彰乡村振兴先进单位的决定》。各乡镇党委书记、县直有关单位主要负责人参加会议。"
)

DISTRICT = "\n".join(
    [
        "1月8日上午,北京市朝阳区在区政务服务中心第二会议室召开2024年生态环境保护工作会议。",
        "区委书记赵磊出席并讲话。区长刘斌对全年工作作出部署。会议由副区长钱坤主持。",
        "出席会议的还有区人大常委会主任陈光、区政协主席吴倩。",
        "“生态优先”是朝阳发展的底色。赵磊说,要把“双碳”目标落到实处。",
    ]
)

NOTICE_TITLE = "关于开展2024年生态环境安全隐患排查整治工作的通知"
NOTICE = "\n".join(
    [
        "各县(市、区)人民政府,市直有关单位:",
        "为深入贯彻落实全省生态环境保护大会精神,经市政府同意,现将有关事项通知如下:",
        "一、工作目标",
        "到2024年底,全市重点企业环境安全隐患整改率达到100%。",
        "特此通知。",
    ]
)

SPEECH_TITLE = "在全县秸秆禁烧工作调度会上的讲话"
SPEECH = "\n".join(
    [
        "同志们:",
        "今天下午,我们召开全县秸秆禁烧工作调度会,刚才,县农业农村局汇报了前期工作情况,"
        "XX同志和*同志分别作了发言。下面,我讲三点意见。",
    ]
)


def parse(body: str, **meta: str) -> MeetingFields:
    return extract_meeting(CleanDocument(body=body, **meta))


@pytest.fixture(scope="module")
def city() -> MeetingFields:
    return parse(CITY_VIDEO)


def test_city_meeting_name_date_and_format(city: MeetingFields) -> None:
    assert city.doc_type == "news_report"
    assert city.meeting.name == "全市大气污染防治工作推进会"
    assert city.meeting.date is not None
    assert (city.meeting.date.year, city.meeting.date.month, city.meeting.date.day) == (2023, 3, 5)
    assert city.meeting.year_inferred_from is None
    assert city.meeting.time_of_day == "下午"
    assert city.meeting.format == "视频会议"
    assert city.meeting.branch_venues == ["各县(市、区)"]


def test_city_presider_from_huiyi_you_clause(city: MeetingFields) -> None:
    assert city.presider == Person(name="王建军", title="市委副书记、市长")


def test_city_speakers_in_order_with_fullest_titles(city: MeetingFields) -> None:
    assert city.speakers == [
        Person(name="张立新", title="市委书记"),
        Person(name="王建军", title="市委副书记、市长"),
        Person(name="李红梅", title="副市长"),
    ]


def test_city_attendees_keep_only_the_title_their_clause_gives(city: MeetingFields) -> None:
    assert city.attendees == [
        Person(name="张立新", title="市委书记"),
        Person(name="刘洋"),
        Person(name="陈静"),
        Person(name="赵刚"),
    ]


def test_city_units_split_on_he(city: MeetingFields) -> None:
    assert city.units == ["市发展改革委", "市交通运输局", "高新区管委会"]


def test_city_region_from_place_name(city: MeetingFields) -> None:
    assert city.admin_level == "市"
    assert city.region is not None
    assert (city.region.province, city.region.city, city.region.county) == (
        "河南省",
        "洛阳市",
        None,
    )


def test_city_targets_and_slogans(city: MeetingFields) -> None:
    joined = " ".join(city.targets)
    assert "优良天数比例达到85%以上" in joined
    assert "排名进入全省前五" in joined
    assert city.slogans == ["绿色发展"]


def test_county_meeting_without_presider() -> None:
    fields = parse(COUNTY_NO_PRESIDER, published_at="2024-03-13")
    assert fields.presider is None
    assert fields.speakers == [
        Person(name="孙志强", title="县委副书记、县长"),
        Person(name="周敏", title="县委常委、组织部长"),
    ]
    assert fields.attendees == []
    assert fields.documents == ["关于表彰乡村振兴先进单位的决定"]
    assert fields.meeting.date is not None
    assert fields.meeting.date.year == 2024
    assert fields.meeting.year_inferred_from == "publish date (2024-03-13)"
    assert fields.region is not None
    assert (fields.region.city, fields.region.county) == ("漯河市", "临颍县")
    assert fields.admin_level == "县"


def test_district_report_with_attendees_listed_after_the_verb() -> None:
    fields = parse(DISTRICT)
    assert fields.presider == Person(name="钱坤", title="副区长")
    assert [p.name for p in fields.speakers] == ["赵磊", "刘斌"]
    assert fields.attendees == [
        Person(name="赵磊", title="区委书记"),
        Person(name="陈光", title="区人大常委会主任"),
        Person(name="吴倩", title="区政协主席"),
    ]
    assert fields.meeting.venue == "区政务服务中心第二会议室"
    assert fields.meeting.year_inferred_from == "meeting name (2024年)"
    assert fields.region is not None
    assert (fields.region.province, fields.region.city, fields.region.county) == (
        "北京市",
        "北京市",
        "朝阳区",
    )
    assert fields.admin_level == "区"


def test_notice_has_no_meeting_fields() -> None:
    fields = parse(NOTICE, title=NOTICE_TITLE)
    assert fields.doc_type == "notice"
    assert fields.meeting.name is None and fields.meeting.date is None
    assert fields.region is None and fields.admin_level is None
    assert fields.presider is None and not fields.speakers and not fields.attendees
    assert fields.targets == ["全市重点企业环境安全隐患整改率达到100%"]


def test_speech_names_its_meeting_from_the_title_and_no_placeholder_people() -> None:
    fields = parse(SPEECH, title=SPEECH_TITLE)
    assert fields.doc_type == "speech"
    assert fields.meeting.name == "全县秸秆禁烧工作调度会"
    assert fields.meeting.time_of_day == "下午"
    assert fields.meeting.date is None
    assert fields.speakers == [] and fields.attendees == []
    assert fields.units == ["县农业农村局"]
    assert fields.admin_level == "县"
    assert fields.region is None


def test_empty_body_yields_empty_fields() -> None:
    fields = parse("")
    assert fields.meeting.name is None and fields.speakers == [] and fields.region is None


STANDING_COMMITTEE = (
    "2月20日上午,省委常委、市委书记陈刚主持召开市委常委会会议。市委副书记、市长林峰,"
    "市人大常委会主任何平,市政协主席许文出席。陈刚在讲话中强调,要打好蓝天保卫战。"
    "林峰对下一步工作进行了安排部署。市委常委、秘书长高峰宣读了《株洲市生态环境保护督察整改工作方案》。"
)


def test_presider_who_convened_and_attendees_listed_across_commas() -> None:
    fields = parse(STANDING_COMMITTEE)
    assert fields.meeting.name == "市委常委会会议"
    assert fields.presider == Person(name="陈刚", title="省委常委、市委书记")
    assert [p.name for p in fields.speakers] == ["陈刚", "林峰", "高峰"]
    assert fields.speakers[2].title == "市委常委、秘书长"
    assert [p.name for p in fields.attendees] == ["林峰", "何平", "许文"]
    assert fields.documents == ["株洲市生态环境保护督察整改工作方案"]
    assert fields.region is not None and fields.region.city == "株洲市"


def test_meeting_named_only_where_someone_attended_it() -> None:
    body = "3月8日,宁都县委书记黄瑞祥出席全县春耕生产现场推进会并作动员讲话。县领导邱华、曾小平参加会议。"
    fields = parse(body)
    assert fields.meeting.name == "全县春耕生产现场推进会"
    assert fields.speakers == [Person(name="黄瑞祥", title="宁都县委书记")]
    assert fields.attendees == [
        Person(name="黄瑞祥", title="宁都县委书记"),
        Person(name="邱华"),
        Person(name="曾小平"),
    ]
    assert fields.region is not None and fields.region.county == "宁都县"


def test_redacted_place_gives_no_region_and_attendees_after_the_verb() -> None:
    body = (
        "近日,XX县召开安全生产工作会议。县委书记刘洪到会讲话,县长魏东作工作报告。"
        "出席会议的县领导有杨帆、褚英、戴军。县政府与各乡镇签订了安全生产目标责任书。"
    )
    fields = parse(body)
    assert fields.meeting.date is None and fields.region is None and fields.admin_level == "县"
    assert [p.name for p in fields.speakers] == ["刘洪", "魏东"]
    assert [p.name for p in fields.attendees] == ["杨帆", "褚英", "戴军"]
    assert fields.documents == ["安全生产目标责任书"]


def test_names_padded_with_spaces_are_read_whole() -> None:
    fields = parse("县委书记 王  刚 主持会议并讲话。")
    assert fields.presider == Person(name="王刚", title="县委书记")
