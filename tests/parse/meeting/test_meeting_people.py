"""Reading people, titles and roles from the head of each clause."""

from __future__ import annotations

from services.parse.meeting.gazetteer import gazetteer
from services.parse.meeting.people import cast, is_name, mentions
from services.parse.meeting.titles import is_title_part, title_level
from services.parse.models import Person


def people(body: str) -> tuple[Person | None, list[Person], list[Person]]:
    return cast(mentions(body, gazetteer().is_place))


def test_title_lexicon_accepts_posts_at_every_level() -> None:
    for title in (
        "省委书记",
        "常务副县长",
        "县政府副县长",
        "镇党委书记",
        "市人大常委会主任",
        "区政协主席",
        "市生态环境局局长",
        "省生态环境厅驻无锡市环境监察专员",
    ):
        assert is_title_part(title), title


def test_collective_labels_are_not_titles() -> None:
    for label in ("市领导", "县四大班子领导", "有关负责同志", "会议期间市委书记"):
        assert not is_title_part(label), label


def test_title_level_reads_the_main_post() -> None:
    assert title_level("市委常委、舞阳县委书记") == "县"
    assert title_level("市委副书记、市长") == "市"
    assert title_level("副区长") == "区"


def test_placeholders_and_places_are_never_names() -> None:
    is_place = gazetteer().is_place
    for text in ("XX", "某某", "江陵", "荆州", "全市", "安排", "文件", "王书记", "李市长"):
        assert not is_name(text, is_place), text
    assert is_name("欧阳明", is_place)
    assert is_name("王芳", is_place)


def test_title_distributes_over_a_list_of_names() -> None:
    _, _, attendees = people("市委常委张伟、李娜,副市长王强、赵敏出席。")
    assert attendees == [
        Person(name="张伟", title="市委常委"),
        Person(name="李娜", title="市委常委"),
        Person(name="王强", title="副市长"),
        Person(name="赵敏", title="副市长"),
    ]


def test_group_label_after_names_leaves_titles_null() -> None:
    _, _, attendees = people("刘明、孙丽、郭涛等市四大班子领导出席会议。")
    assert attendees == [Person(name="刘明"), Person(name="孙丽"), Person(name="郭涛")]


def test_speaker_keeps_the_fullest_title_from_any_mention() -> None:
    presider, speakers, _ = people("县委常委、常务副县长马骏主持会议。马骏指出,要抓好落实。")
    assert presider == Person(name="马骏", title="县委常委、常务副县长")
    assert speakers == [Person(name="马骏", title="县委常委、常务副县长")]


def test_speaker_after_a_closing_quotation_mark() -> None:
    _, speakers, _ = people("“生态是最大的民生。”镇党委书记何军说,要守住底线。")
    assert speakers == [Person(name="何军", title="镇党委书记")]


def test_speech_verbs_after_adverbials() -> None:
    body = "县长秦川在讲话中指出,要压实责任。副县长龚平就下步工作作出具体部署。"
    _, speakers, _ = people(body)
    assert [p.name for p in speakers] == ["秦川", "龚平"]


def test_participation_while_doing_something_else_is_not_attendance() -> None:
    body = "市委书记杜明在参加代表团审议时提出要求。"
    presider, speakers, attendees = people(body)
    assert (presider, speakers, attendees) == (None, [], [])


def test_redacted_names_are_skipped() -> None:
    presider, speakers, attendees = people("*同志主持会议。XX同志强调,要抓落实。")
    assert (presider, speakers, attendees) == (None, [], [])


def test_units_are_not_people() -> None:
    _, speakers, attendees = people("江陵县、市住建局通报了整改情况。")
    assert speakers == [] and attendees == []


def test_a_lone_untitled_phrase_before_a_verb_is_not_a_person() -> None:
    body = "会议强调,要周全部署。周全部署,狠抓落实。"
    assert people(body) == (None, [], [])


def test_an_untitled_name_vouched_for_by_a_list() -> None:
    body = "何军、邓敏出席会议。何军指出,要抓落实。"
    _, speakers, attendees = people(body)
    assert speakers == [Person(name="何军")]
    assert attendees == [Person(name="何军"), Person(name="邓敏")]


def test_more_ways_to_speak_and_attend() -> None:
    body = (
        "县长秦川发表讲话。副县长龚平提出明确要求。县委常委刘洋、陈静两位同志分别作了表态发言。"
        "县人大常委会主任何平、县政协主席许文在主席台就座。"
    )
    _, speakers, attendees = people(body)
    assert [p.name for p in speakers] == ["秦川", "龚平", "刘洋", "陈静"]
    assert [p.name for p in attendees] == ["何平", "许文"]
