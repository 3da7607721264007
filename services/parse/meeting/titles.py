"""Titles of officials: "市委书记", "市委副书记、市长", "省生态环境厅驻无锡市环境监察专员".

A title is read as a short run of organisation words that ends in a post from the lexicon
(书记, 常委, 市长, 局长, 专员…) and holds none of the words that mark ordinary prose.
"""

from __future__ import annotations

import re

from services.parse.meeting.lexicon import NOT_IN_TITLE, POSTS

MAX_TITLE = 32
_POST = re.compile("|".join(sorted(POSTS, key=len, reverse=True)))
_POST_END = re.compile(f"(?:{_POST.pattern})$")
# A post written after a name ("吴锦书记", "李四副市长", "王五常务副县长"): a bare post, with at most
# 常务 and 副 before it. Anything longer after a name is an organisation, not a way of titling it.
_POST_AFTER_NAME = re.compile(f"(?:常务)?副?(?:{_POST.pattern})")
# The same at the very end of a text, or the honorific 同志 there: "吴锦书记," "王五同志,".
_ADDRESS_END = re.compile(f"(?:(?:常务)?副?(?:{_POST.pattern})|同志)$")
_LONGEST_ADDRESS = 8  # characters: 常务副 and the longest post
# The last characters of posts and of 同志: a text ending otherwise holds no address.
ADDRESS_ENDINGS = frozenset(post[-1] for post in (*POSTS, "同志"))
_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")
# The government level a title belongs to: 市委书记 → 市, 舞阳县委书记 → 县, 副区长 → 区.
_LEVEL = re.compile(r"([省市县区镇乡])(?:委|政府|人大|政协|长|纪委|监委)")
# Part-time posts held on top of the main one (市委常委、舞阳县委书记: the level is 县).
_PART_TIME = re.compile(r"^[省市]委常委$")
# Any word of NOT_IN_TITLE, in one scan instead of one ``in`` per word.
_NOT_IN_TITLE = re.compile("|".join(map(re.escape, NOT_IN_TITLE)))


def is_title_part(text: str) -> bool:
    """True when ``text`` alone reads as one title (no 、): the test every split point must pass."""
    if not 2 <= len(text) <= MAX_TITLE or not _CJK_ONLY.fullmatch(text):
        return False
    if not _POST_END.search(text):
        return False
    return _NOT_IN_TITLE.search(text) is None


def ends_with_post(text: str) -> bool:
    """True for "王书记", "李市长": a surname with a post is a way of address, not a name."""
    return _POST_END.search(text) is not None


def holds_post(text: str) -> bool:
    """True when a post appears anywhere in ``text``: no part of a person's name holds one."""
    return _POST.search(text) is not None


def post_after_name(text: str, start: int) -> int | None:
    """Where a post written straight after a name at ``start`` ends, or ``None`` without one."""
    found = _POST_AFTER_NAME.match(text, start)
    return found.end() if found else None


def address_start(text: str) -> int | None:
    """Where a trailing post or 同志 begins ("吴锦书记" → 2), or ``None`` when the text has none."""
    if text[-1:] not in ADDRESS_ENDINGS:  # most texts: no regex run
        return None
    found = _ADDRESS_END.search(text, max(0, len(text) - _LONGEST_ADDRESS))
    return found.start() if found else None


def title_ends(text: str, start: int) -> list[int]:
    """Offsets after ``start`` where a title beginning at ``start`` may end, longest first."""
    window = text[start : start + MAX_TITLE]
    ends = [m.end() for m in _POST.finditer(window)]
    if not ends:
        return ends
    # Each candidate ends with the post just found, so of ``is_title_part`` only the length,
    # script and prose-word tests are left; a title is Chinese characters only, so no candidate
    # may reach past the window's leading run of them.
    cjk = _CJK_ONLY.match(window)
    limit = cjk.end() if cjk else 0
    return [
        start + end
        for end in reversed(ends)
        if 2 <= end <= limit and _NOT_IN_TITLE.search(window, 0, end) is None
    ]


def title_level(title: str) -> str | None:
    """The level of government a title belongs to (省/市/县/区/镇), judged by its main part."""
    parts = [part for part in title.split("、") if not _PART_TIME.match(part)] or [title]
    found = _LEVEL.findall(parts[-1])
    return found[-1] if found else None


def fuller(current: str | None, other: str | None) -> str | None:
    """The fuller of two titles for one person: mentions are merged keeping the most complete."""
    if not current:
        return other
    if not other:
        return current
    return other if len(other) > len(current) else current
