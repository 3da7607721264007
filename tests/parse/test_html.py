"""Main content of pages in the shapes government CMSs use (fixtures written for the tests)."""

from pathlib import Path

from services.parse.decode import decode_bytes
from services.parse.html import HtmlArticle, extract_html, looks_like_html

FIXTURES = Path(__file__).parent / "fixtures"


def article(name: str) -> HtmlArticle:
    return extract_html(decode_bytes((FIXTURES / name).read_bytes()).text or "")


def test_article_title_meta_is_the_title() -> None:
    assert article("trs_gbk.html").title == "市生态环境保护委员会召开全体会议"


def test_pubdate_meta_is_read() -> None:
    assert article("trs_gbk.html").meta["published_at"] == "2024-04-29 18:20"


def test_trs_editor_body_is_extracted() -> None:
    assert any("主持会议并强调" in line for line in article("trs_gbk.html").lines)


def test_next_article_link_is_dropped() -> None:
    assert not any("下一篇" in line for line in article("trs_gbk.html").lines)


def test_footer_is_dropped() -> None:
    assert not any("ICP" in line for line in article("trs_gbk.html").lines)


def test_h1_is_the_title_without_meta() -> None:
    assert article("vsb_utf8.html").title == "全市生态环境保护大会召开"


def test_date_line_under_the_title_is_found() -> None:
    assert (article("vsb_utf8.html").date_text or "").startswith("2023-02-02 10:30:45")


def test_comment_area_is_dropped() -> None:
    assert not any("支持" in line for line in article("vsb_utf8.html").lines)


def test_density_fallback_finds_the_article() -> None:
    assert any("表态发言" in line for line in article("density_no_charset.html").lines)


def test_density_fallback_drops_link_lists() -> None:
    assert not any("植树" in line for line in article("density_no_charset.html").lines)


def test_title_tag_loses_the_site_suffix() -> None:
    assert article("density_no_charset.html").title == "我市召开生态环境保护大会"


def test_plain_text_is_not_html() -> None:
    assert not looks_like_html("更新时间:2023-07 来源:网友投稿\n正文。")
