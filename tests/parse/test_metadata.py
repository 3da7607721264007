"""Metadata lines become fields, as precise as the page gives them."""

from services.parse.metadata import (
    Metadata,
    date_from_url,
    looks_like_title,
    parse_date,
    read_author_line,
    read_info_line,
    read_truncation,
    split_keywords,
    strip_leading_author,
)


def test_month_precision_is_kept() -> None:
    assert parse_date("更新时间:2023-07") == "2023-07"


def test_seconds_are_kept() -> None:
    assert parse_date("2023/2/2 10:30:45") == "2023-02-02T10:30:45"


def test_chinese_date_is_read() -> None:
    assert parse_date("2023年7月31日") == "2023-07-31"


def test_american_date_is_read() -> None:
    assert parse_date("9/17/2004 5:54:13 PM") == "2004-09-17T17:54:13"


def test_trs_url_date_is_read() -> None:
    assert date_from_url("http://x.gov.cn/zwdt/202302/t20230202_123.html") == "2023-02-02"


def test_dated_folder_url_is_read() -> None:
    assert date_from_url("http://x.cn/2023-02/02/content_1.htm") == "2023-02-02"


def test_info_line_fills_several_fields() -> None:
    meta = Metadata()
    read_info_line("更新时间:2023-07 来源:网友投稿", meta, in_header=True)
    assert (meta.published_at, meta.source_name) == ("2023-07", "网友投稿")


def test_original_title_line_is_read_anywhere() -> None:
    meta = Metadata()
    read_info_line("原标题:弘扬精神,擦亮底色", meta, in_header=False)
    assert meta.original_title == "弘扬精神,擦亮底色"


def test_view_counter_is_an_int() -> None:
    meta = Metadata()
    read_info_line("浏览次数:1024", meta, in_header=True)
    assert meta.views == 1024


def test_reporter_sign_off_is_the_author() -> None:
    assert read_author_line("记者 方舟 报道") == "方舟"


def test_bureau_dateline_gives_the_author() -> None:
    assert strip_leading_author("本报讯(记者 张三)7月31日,会议召开。") == (
        "7月31日,会议召开。",
        "张三",
    )


def test_truncation_marker_gives_hidden_chars() -> None:
    assert read_truncation("正文---此处隐藏4281字,下载后查看---")[1] == 4281


def test_run_together_keywords_split_on_terms_of_the_text() -> None:
    assert split_keywords(["污染防治生态治理"], "部署生态治理、污染防治工作") == [
        "污染防治",
        "生态治理",
    ]


def test_short_line_without_full_stop_is_a_title() -> None:
    assert looks_like_title("在全市生态环保工作推进会上的讲话")


def test_sentence_is_not_a_title() -> None:
    assert not looks_like_title("7月31日,我市召开生态环境保护大会。")
