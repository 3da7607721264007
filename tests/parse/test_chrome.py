"""Text-level chrome: families of page furniture, not single spellings."""

import pytest

from services.parse.chrome import cut_tail_lists, is_chrome_line, strip_chrome


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


def test_related_list_after_heading_is_cut() -> None:
    lines = ["正文第一段。", "相关新闻", "某地开展植树活动", "某区召开会议"]
    assert cut_tail_lists(lines) == ["正文第一段。"]


def test_paragraphs_after_heading_are_kept() -> None:
    lines = ["相关链接", "这是一段很长的正文，它以句号结束。", "又一段正文，也以句号结束。"]
    assert cut_tail_lists(lines) == lines


def test_strip_chrome_keeps_the_article() -> None:
    assert strip_chrome(["资讯中心", "正文。", "上一篇:某文"]) == ["正文。"]
