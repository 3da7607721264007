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


def test_post_written_after_the_name() -> None:
    presider, speakers, attendees = people(
        "吴锦书记主持会议。赵六主任作工作报告。刘洋部长就下一步工作作出部署。"
        "市长张三、李四副市长出席会议。"
    )
    assert presider == Person(name="吴锦", title="书记")
    assert speakers == [Person(name="赵六", title="主任"), Person(name="刘洋", title="部长")]
    assert attendees == [Person(name="张三", title="市长"), Person(name="李四", title="副市长")]


def test_post_after_the_name_splits_where_the_post_begins() -> None:
    _, speakers, attendees = people(
        "李建国书记强调,要抓好落实。王强总经理、王小平常务副市长出席会议。"
    )
    assert speakers == [Person(name="李建国", title="书记")]
    assert attendees == [
        Person(name="王强", title="总经理"),
        Person(name="王小平", title="常务副市长"),
    ]


def test_post_after_the_name_is_not_handed_down_the_list() -> None:
    _, _, attendees = people("副市长张三、李四、王五书记、赵六出席会议。")
    assert attendees == [
        Person(name="张三", title="副市长"),
        Person(name="李四", title="副市长"),
        Person(name="王五", title="书记"),
        Person(name="赵六"),
    ]


def test_post_after_the_name_in_a_clause_that_only_lists_people() -> None:
    _, _, attendees = people("吴锦书记,李四市长在主会场出席会议。")
    assert attendees == [Person(name="吴锦", title="书记"), Person(name="李四", title="市长")]


def test_posts_on_both_sides_of_a_name_make_one_title() -> None:
    presider, _, _ = people("县委常委张三副县长主持会议。")
    assert presider == Person(name="张三", title="县委常委、副县长")


def test_a_post_after_the_name_does_not_shorten_a_fuller_title() -> None:
    presider, speakers, _ = people("市委书记吴锦主持会议。会上,吴锦书记强调,要抓好落实。")
    assert presider == Person(name="吴锦", title="市委书记")
    assert speakers == [Person(name="吴锦", title="市委书记")]


def test_comrade_is_an_honorific_that_vouches_for_a_name() -> None:
    _, speakers, attendees = people(
        "王五同志讲话。刘明同志在会上作了发言。张伟同志、李娜同志出席会议。"
    )
    assert speakers == [Person(name="王五"), Person(name="刘明")]
    assert attendees == [Person(name="张伟"), Person(name="李娜")]


def test_posts_and_comrades_without_a_name_are_not_people() -> None:
    for body in (
        "县委书记强调,要抓好落实。",  # the verb is no name
        "会议书记处出席会议。",
        "纪检组长出席会议。",  # department short names before a post
        "司法局长讲话。",
        "武装部长出席会议。",
        "高新区主任讲话。",
        "黄石市长出席会议。",  # a place before a post
        "全体同志出席会议。",
        "党员同志要求,要带头。",
        "王书记主持会议。",  # a surname with a post is a way of address
        "XX同志主持会议。",
    ):
        assert people(body) == (None, [], []), body


def test_transliterated_names_are_read_whole_with_any_dot() -> None:
    for dot in ("·", "•", "・", "‧", " · ", " • "):
        presider, _, attendees = people(
            f"自治区主席艾尔肯{dot}吐尼亚孜主持会议。副主席买买提{dot}依明出席会议。"
        )
        assert presider == Person(name="艾尔肯·吐尼亚孜", title="自治区主席"), dot
        assert attendees == [Person(name="买买提·依明", title="副主席")], dot


def test_transliterated_names_take_titles_on_either_side_and_in_lists() -> None:
    presider, speakers, attendees = people(
        "买买提·依明书记主持会议。艾尔肯·吐尼亚孜主席在会上讲话。"
        "自治区党委副书记、自治区主席艾尔肯·吐尼亚孜,自治区副主席阿不都热合曼·吐尔逊出席会议。"
        "热依拉·买买提、张伟出席会议。"
    )
    assert presider == Person(name="买买提·依明", title="书记")
    assert speakers == [Person(name="艾尔肯·吐尼亚孜", title="自治区党委副书记、自治区主席")]
    assert attendees == [
        Person(name="艾尔肯·吐尼亚孜", title="自治区党委副书记、自治区主席"),
        Person(name="阿不都热合曼·吐尔逊", title="自治区副主席"),
        Person(name="热依拉·买买提"),
        Person(name="张伟"),
    ]


def test_dotted_brands_and_places_are_not_names() -> None:
    is_place = gazetteer().is_place
    for text in ("新华日报·交汇点", "中青报·中青网", "中国·宁都", "新疆·伊犁", "书记·张三"):
        assert not is_name(text, is_place), text
    assert is_name("艾尔肯·吐尼亚孜", is_place)
    for body in (
        "新华日报·交汇点记者出席会议。",
        "中青报·中青网记者魏其蒙报道。",
        "艾尔肯·吐尼亚孜在会上讲话。",  # untitled and named once, as for any name
    ):
        assert people(body) == (None, [], []), body
