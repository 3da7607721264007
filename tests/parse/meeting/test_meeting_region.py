"""The government behind a report: level from how it names itself, place from the gazetteer."""

from __future__ import annotations

from services.parse.meeting.gazetteer import gazetteer
from services.parse.meeting.region import admin_level, resolve
from services.parse.models import Region


def region_of(
    body: str, titles: list[str | None] | None = None
) -> tuple[Region | None, str | None]:
    return resolve(body, admin_level(body, titles or []), gazetteer())


def test_gazetteer_resolves_short_and_full_names() -> None:
    places = gazetteer()
    assert [p.city for p in places.places("荆州")] == ["荆州市"]
    (qionglai,) = places.places("邛崃")
    assert (qionglai.province, qionglai.city, qionglai.kind) == ("四川省", "成都市", "县级市")


def test_county_from_a_title() -> None:
    region, level = region_of(
        "市委常委、舞阳县委书记主持。我县召开会议。", ["市委常委、舞阳县委书记"]
    )
    assert region == Region(province="河南省", city="漯河市", county="舞阳县")
    assert level == "县"


def test_county_level_city_beside_its_quoted_prefecture() -> None:
    body = "我市召开大会,贯彻全省、绵阳市会议精神,落实绵阳市委部署,推动江油高质量发展。"
    region, level = region_of(body)
    assert region == Region(province="四川省", city="绵阳市", county="江油市")
    assert level == "县级市"


def test_prefecture_whose_lake_shares_a_county_name() -> None:
    body = "全市召开会议。以洪湖流域整治为重点,建设美丽荆州,让荆州天更蓝。"
    region, level = region_of(body)
    assert region == Region(province="湖北省", city="荆州市", county=None)
    assert level == "市"


def test_ambiguous_district_needs_its_city() -> None:
    assert region_of("我区召开会议,鼓楼区委书记讲话。")[0] is None
    region, _ = region_of("我区召开会议,福州市鼓楼区委书记讲话。")
    assert region == Region(province="福建省", city="福州市", county="鼓楼区")


def test_level_without_place_gives_no_region() -> None:
    region, level = region_of("全市上下要抓落实,市生态环境局汇报了工作。我市将持续推进。")
    assert (region, level) == (None, "市")


def test_everyday_words_are_not_places() -> None:
    assert region_of("要保持社会安宁,守住江山。")[0] is None


def test_excluded_units_do_not_decide_the_region() -> None:
    body = "我市召开会议,江陵县作表态发言。建设美丽荆州。"
    region, _ = resolve(body, "市", gazetteer(), exclude=["江陵县"])
    assert region == Region(province="湖北省", city="荆州市", county=None)


def test_town_report_resolves_to_its_county() -> None:
    region, level = region_of("我镇召开会议,镇党委书记讲话,落实宁都县部署。", ["镇党委书记"])
    assert level == "镇"
    assert region == Region(province="江西省", city="赣州市", county="宁都县")


def test_province_report() -> None:
    region, level = region_of("我省召开大会。省委书记讲话,建设美丽浙江。", ["省委书记"])
    assert (region, level) == (Region(province="浙江省"), "省")
