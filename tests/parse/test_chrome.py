"""Text-level chrome: families of page furniture, not single spellings."""

import re

import pytest

from services.parse.chrome import cut_tail_lists, is_chrome_line, strip_chrome
from services.parse.patterns import CHROME_START_RES


@pytest.mark.parametrize(
    "line",
    [
        "当前位置：首页 > 政务动态 > 工作动态",
        "您现在所在的位置: 首页",
        "【字体：大 中 小】",
        "【打印】【关闭】",
        "[ 打印本页 ] [ 关闭窗口 ]",
        "扫一扫在手机打开当前页",
        "分享到：微信 微博 QQ空间",
        "上一篇：市政府召开常务会议",
        "下一篇:全市安全生产工作会议召开",
        "相关新闻",
        "【相关阅读】",
        "热门评论",
        "0条评论",
        "资讯中心",
        "网站标识码：1234000001",
        "皖ICP备12345678号",
        "主办单位：示例市人民政府办公室",
        "责任编辑：张三",
        "预览结束,免费获取全文",
        "点击查看大图",
    ],
)
def test_chrome_family_line_is_chrome(line: str) -> None:
    assert is_chrome_line(line)


def test_article_sentence_is_not_chrome() -> None:
    assert not is_chrome_line("会议指出，要聚焦重点领域和关键环节，持续深入打好蓝天保卫战。")


def test_ad_badge_line_is_chrome_but_a_sentence_on_advertising_is_not() -> None:
    assert is_chrome_line("广告领峰环球8大交易优势 专业领跑全行")
    assert not is_chrome_line("广告法修订后,虚假宣传的处罚更重了。")


def test_related_list_after_heading_is_cut() -> None:
    lines = ["正文第一段。", "相关新闻", "某地开展植树活动", "某区召开会议"]
    assert cut_tail_lists(lines) == ["正文第一段。"]


def test_paragraphs_after_heading_are_kept() -> None:
    lines = ["相关链接", "这是一段很长的正文，它以句号结束。", "又一段正文，也以句号结束。"]
    assert cut_tail_lists(lines) == lines


def test_strip_chrome_keeps_the_article() -> None:
    assert strip_chrome(["资讯中心", "正文。", "上一篇:某文"]) == ["正文。"]


def _top_level_alternation(pattern: str) -> bool:
    """True when ``pattern`` has a ``|`` outside every group (escapes and classes skipped)."""
    depth, index, in_class = 0, 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            return True
        index += 1
    return False


@pytest.mark.parametrize("pattern", CHROME_START_RES, ids=lambda p: p.pattern[:12])
def test_line_start_families_are_anchored(pattern: re.Pattern[str]) -> None:
    # They are tried at the start of a line only: a branch that could match later would be lost.
    assert pattern.pattern.startswith("^")
    assert not _top_level_alternation(pattern.pattern)


@pytest.mark.parametrize(
    "line",
    ["Copyright © 2024", "CopyRight 2020 示例市人民政府", "免责声明：本站转载", "本文来自网络"],
)
def test_word_families_match_anywhere_and_any_case(line: str) -> None:
    assert is_chrome_line(line)
