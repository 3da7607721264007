"""Where and how the meeting was held: its room, its format and its branch venues."""

from __future__ import annotations

import re

from services.parse.meeting.text import clauses_with, split_list, unique

_TEXT = r"[^,,。;;::!!??\n]"
_VENUE = re.compile(r"在(?P<venue>[^,,。;;::!!??\n在]{2,30}?)(?:隆重|顺利|正式)?(?:召开|举行|开幕)")
_NOT_VENUE = re.compile(
    r"^(?:全|各|此|这|本)|形式|方式|期间|之际|基础上|背景下|情况下|[\d年月日旬周]|当天|今天|昨天|上午|下午"
)
_FORMAT = re.compile(
    rf"(?:以|采取|采用|通过)(?P<format>{_TEXT}{{0,6}}?(?:电视电话会议|视频会议|视频连线|电视电话|视频"
    r"|网络直播|线上线下相结合|线上))的?(?:形式|方式)"
)
_FORMAT_IN_NAME = re.compile(r"(电视电话会议|视频会议|视频调度会议?|视频连线会议?)$")
_BRANCH_CUE = re.compile("分会场")
_BRANCH = re.compile(rf"(?P<list>{_TEXT}{{2,120}}?)(?:分别)?(?:设|设立|设置)(?:了)?分会场")
_BRANCH_AT = re.compile(rf"分会场(?:分别)?设在(?P<list>{_TEXT}{{2,120}})")
_BRANCH_LEAD = re.compile(r"^(?:并|同时|另外|还)?(?:在|于)?")


def venue(body: str) -> str | None:
    """The room or place named where the report says the meeting was held (在…召开)."""
    for found in _VENUE.finditer(body[:2000]):
        place = found.group("venue")
        if not _NOT_VENUE.search(place):
            return place
    return None


def meeting_format(body: str, name: str | None) -> str | None:
    """电视电话会议, 视频会议…: said outright (以…形式召开) or carried by the meeting's name."""
    found = _FORMAT.search(body)
    if found:
        value = found.group("format")
        return value + "会议" if value in ("电视电话", "视频") else value
    in_name = _FORMAT_IN_NAME.search(name or "")
    return in_name.group(1) if in_name else None


def branch_venues(body: str) -> list[str]:
    """The places that followed the meeting from 分会场, as the report lists them."""
    clause = next(clauses_with(body, _BRANCH_CUE), "")
    found = _BRANCH.search(clause) or _BRANCH_AT.search(clause)
    if not found:
        return []
    listed = _BRANCH_LEAD.sub("", found.group("list"))
    return unique([item.rstrip("等") for item in split_list(listed, "、和及")])
