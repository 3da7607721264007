"""The clean-document step end to end: text and pages to CleanDocument; never raises."""

import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.parse.document import clean_document
from services.parse.pipeline import parse_document

FIXTURES = Path(__file__).parent / "fixtures"
HEADLINED = """资讯中心

擦亮生态底色!滨湖区污染防治攻坚战大会召开

2023/2/2 10:30:45
18062
来源:无锡滨湖发布
关键词:污染防治生态治理
导读:滨湖区召开大会,部署生态治理、污染防治工作。
  2023年1月31日,滨湖区召开全区深入打好污染防治攻坚战大会。区委书记孙海东强调,要坚决打好攻坚战。
  原标题:弘扬精神,擦亮生态底色!

热门评论

上一篇:某地农村生活污水治理

相关新闻
"""
SPEECH = """在全市生态环保工作推进会上的讲话

更新时间:2023-07 来源:网友投稿

今天上午,我们召开推进会议。*同志提出了很好的建议。
---此处隐藏4281字,下载后查看---
"""


@pytest.fixture(scope="module")
def headlined() -> dict[str, object]:
    return clean_document(HEADLINED).model_dump()


def test_headline_of_text_is_the_title(headlined: dict[str, object]) -> None:
    assert headlined["title"] == "擦亮生态底色!滨湖区污染防治攻坚战大会召开"


def test_bare_timestamp_is_the_publish_time(headlined: dict[str, object]) -> None:
    assert headlined["published_at"] == "2023-02-02T10:30:45"


def test_bare_number_under_the_headline_is_views(headlined: dict[str, object]) -> None:
    assert headlined["views"] == 18062


def test_keywords_are_split(headlined: dict[str, object]) -> None:
    assert headlined["keywords"] == ["污染防治", "生态治理"]


def test_summary_is_read(headlined: dict[str, object]) -> None:
    assert headlined["summary"] == "滨湖区召开大会,部署生态治理、污染防治工作。"


def test_original_title_is_read(headlined: dict[str, object]) -> None:
    assert headlined["original_title"] == "弘扬精神,擦亮生态底色!"


def test_body_holds_no_chrome(headlined: dict[str, object]) -> None:
    body = str(headlined["body"])
    assert not any(
        s in body for s in ("资讯中心", "热门评论", "上一篇", "相关新闻", "来源", "18062")
    )


def test_body_sentence_first_means_no_title() -> None:
    assert (
        clean_document("7月31日,我市召开生态环境保护大会。市委书记出席会议并讲话。").title is None
    )


def test_truncated_text_is_marked() -> None:
    doc = clean_document(SPEECH)
    assert (doc.truncated, doc.hidden_chars) == (True, 4281)


def test_truncation_marker_leaves_the_body() -> None:
    assert "此处隐藏" not in clean_document(SPEECH).body


def test_redaction_is_flagged() -> None:
    assert any(f.startswith("redacted") for f in clean_document(SPEECH).quality_flags)


def test_traditional_glossed_text_is_simplified() -> None:
    doc = clean_document("市生態(tài)環(huán)境保護委員會全體會議召開。")
    assert (doc.body, doc.original_script, doc.pinyin_glosses_removed) == (
        "市生态环境保护委员会全体会议召开。",
        "traditional",
        2,
    )


def test_content_hash_is_sha256_of_body() -> None:
    doc = clean_document("会议召开。")
    assert doc.content_hash == hashlib.sha256(doc.body.encode()).hexdigest()


def test_empty_input_is_flagged() -> None:
    assert clean_document(b"  \n").quality_flags == ["empty_input"]


def test_binary_input_is_flagged() -> None:
    assert clean_document(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00").quality_flags == [
        "binary_input"
    ]


def test_text_without_chinese_is_flagged() -> None:
    assert "no_chinese_text" in clean_document("hello world").quality_flags


@pytest.mark.parametrize(
    "name",
    [
        "trs_gbk.html",
        "vsb_utf8.html",
        "vsb_gbk_declared_utf8.html",
        "vsb_utf8_declared_gbk.html",
        "density_no_charset.html",
    ],
)
def test_fixture_page_body_is_clean_chinese(name: str) -> None:
    body = clean_document((FIXTURES / name).read_bytes()).body
    assert "主持会议并强调" in body and "荊" not in body


def test_meta_source_is_the_source() -> None:
    assert clean_document((FIXTURES / "trs_gbk.html").read_bytes()).source_name == "示例日报"


def test_url_date_is_the_fallback_publish_date() -> None:
    doc = clean_document((FIXTURES / "density_no_charset.html").read_bytes())
    assert doc.published_at == "2023-07-31"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_never_raise(data: bytes) -> None:
    assert parse_document(data) is not None


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=500).map(lambda s: f"<html><body><div>{s}</div></body></html>"))
def test_any_html_never_raises(html: str) -> None:
    assert clean_document(html) is not None
