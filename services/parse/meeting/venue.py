"""Where and how the meeting was held: its room, its format and its branch venues."""

from __future__ import annotations

import re

from services.parse.meeting.text import clauses_with, split_outside_brackets, unique

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

# Branch lists are split on these, outside brackets only: "各县(市、区)" is one unit. Both bracket
# widths count, since a body may keep full-width brackets that normalisation did not reach.
_BRANCH_SEPARATORS = "、和及"
_SERIAL_COMMA = "、"
# One tier of local government, possibly compounded (县市区, 乡镇街道) and possibly qualified by
# a bracket of further tiers (县(市、区), 乡镇（街道）). Such a unit names no particular place: it
# only makes sense as part of a collective "各…" or "…三级".
_LEVEL = r"(?:省|市|县|区|旗|盟|州|乡|镇|街道|街|村|社区)"
_LEVELS = rf"{_LEVEL}{{1,4}}"
_LEVEL_UNIT = rf"{_LEVELS}(?:[(（【\[]{_LEVELS}(?:、{_LEVELS})*[)）】\]])?"
_LEVEL_UNITS = rf"{_LEVEL_UNIT}(?:、{_LEVEL_UNIT})*"
# "各区、县(市)": a collective of tiers so far, which a further tier (or that tier's government,
# "各区、县政府") continues rather than starting a new branch.
_COLLECTIVE_SO_FAR = re.compile(rf".*各{_LEVEL_UNITS}")
_COLLECTIVE_CONTINUATION = re.compile(rf"{_LEVEL_UNIT}(?:人民政府|政府|党委)?")
# "市、县、乡三级": the tiers before a counted "N级" belong to it.
_BARE_TIER = re.compile(_LEVEL_UNIT)
_COUNTED_TIERS = re.compile(rf"{_LEVEL_UNIT}[两二三四五六]级.*")


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
    return unique([item.rstrip("等") for item in branch_items(listed)])


def branch_items(listed: str) -> list[str]:
    """The branches of a 分会场 list, keeping collective phrases whole.

    A 、 inside brackets never separates ("各县（市、区）"). Outside them it separates distinct places
    or units ("各乡镇(街道)、市直各部门"), except where what follows is only another tier of
    government continuing a collective: "各区、县(市)" is every district and county, and the "县(市)"
    on its own would name no branch at all. Likewise "市、县、乡三级" is one collective.
    """
    pieces = split_outside_brackets(listed, _BRANCH_SEPARATORS)
    pieces = _join_counted_tiers(pieces)
    items: list[str] = []
    for separator, piece in pieces:
        if (
            items
            and separator == _SERIAL_COMMA
            and _COLLECTIVE_SO_FAR.fullmatch(items[-1])
            and _COLLECTIVE_CONTINUATION.fullmatch(piece)
        ):
            items[-1] += separator + piece
        else:
            items.append(piece)
    return [item for item in items if item]


def _join_counted_tiers(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Fold the bare tiers listed before a "N级" piece into it: "市、县、乡三级" is one collective."""
    joined: list[tuple[str, str]] = []
    for separator, piece in pieces:
        if _COUNTED_TIERS.fullmatch(piece):
            while joined and _BARE_TIER.fullmatch(joined[-1][1]) and separator == _SERIAL_COMMA:
                separator, tier = joined.pop()
                piece = tier + _SERIAL_COMMA + piece
        joined.append((separator, piece))
    return joined
