"""Text-level page chrome: lines that belong to the page, not to the article (CHROME.md).

Applied to plain-text input and to the text extracted from HTML alike, because pages pasted into
text files and CMS bodies both carry breadcrumbs, widgets, article navigation and site furniture.
"""

from __future__ import annotations

import re

from services.parse.patterns import CHROME_START_RE, CHROME_WORDS_I_RE, CHROME_WORDS_RE

# Headings after which a page only lists links (相关新闻, 热门评论 …): what follows them is chrome
# as long as it reads like a list of headlines rather than article paragraphs.
_TAIL_HEADING_RE = re.compile(
    r"[【\[]?\s*(?:相关(?:新闻|阅读|链接|文章|报道|推荐)|推荐阅读|热点新闻|热门(?:评论|新闻|文章)|"
    r"延伸阅读|猜你喜欢|网友评论|发表评论|我要评论|评论区|精彩推荐|往期回顾|全部评论|最新评论)"
    r"\s*[】\]]?\s*[:：]?$"
)  # a whole line: used with ``match``
# A platform's disclaimer, anywhere in a line: what follows it is the platform's, not the article's.
_TAIL_DISCLAIMER_RE = re.compile(r"仅提供信息(?:存储|发布)(?:空间)?服务")
_MAX_LIST_LINE = 60
_LIST_SHARE = 0.6  # share of headline-like lines that makes a tail a list


def is_chrome_line(line: str) -> bool:
    """True when a whole line is page furniture (see CHROME.md for the families)."""
    text = line.strip()
    if not text:
        return False
    if len(text) > 200:  # furniture is short; a long line is an article paragraph
        return False
    return (
        CHROME_START_RE.match(text) is not None
        or CHROME_WORDS_RE.search(text) is not None
        or CHROME_WORDS_I_RE.search(text) is not None
    )


def _reads_like_list(lines: list[str]) -> bool:
    """True when lines are short headline-like items, not paragraphs of the article."""
    texts = [line.strip() for line in lines if line.strip()]
    short = sum(1 for t in texts if len(t) <= _MAX_LIST_LINE and not t.endswith("。"))
    return short >= len(texts) * _LIST_SHARE


def cut_tail_lists(lines: list[str]) -> list[str]:
    """Drop a trailing 相关新闻 / 热门评论 section and the headline list under it."""
    for index, line in enumerate(lines):
        text = line.strip()
        heading = _TAIL_HEADING_RE.match(text) or _TAIL_DISCLAIMER_RE.search(text)
        if heading and _reads_like_list(lines[index + 1 :]):
            return lines[:index]
    return lines


def strip_chrome(lines: list[str]) -> list[str]:
    """The lines without chrome: trailing link lists first, then every furniture line."""
    return [line for line in cut_tail_lists(lines) if not is_chrome_line(line)]
