"""Documents read out or issued at the meeting, and the short slogans the report quotes."""

from __future__ import annotations

import re

from services.parse.meeting.lexicon import DOC_SUFFIXES
from services.parse.meeting.text import split_list, unique

_BOOK_TITLE = re.compile(r"《([^《》\n]{2,80})》")
_ISSUED = re.compile(
    r"(?:下发|印发|宣读|发布|审议|通过|签订|签署|颁发|解读)了?(?P<list>[^,,。;;::!!??\n《》]{4,200})"
)
_DOC_END = re.compile(f"(?:{'|'.join(sorted(DOC_SUFFIXES, key=len, reverse=True))})$")
# "目标任务书" needs a name before it: a bare "任务书" is a common noun ("制定任务书、时间表").
_MIN_DOC = 6
_SLOGAN = re.compile(r"[“\"]([^“”\"\n]{1,15})[”\"]")


def documents(body: str) -> list[str]:
    """Titles in 《》, then documents named by their kind after 下发/印发/宣读 (…任务书, …通知)."""
    found = [m.group(1).strip() for m in _BOOK_TITLE.finditer(body)]
    for issued in _ISSUED.finditer(body):
        for item in split_list(issued.group("list"), "、和及"):
            if len(item) >= _MIN_DOC and _DOC_END.search(item):
                found.append(item)
    return unique(found)


def slogans(body: str) -> list[str]:
    """Every short quoted term (at most 15 characters inside “…”), in order, without repeats."""
    return unique([m.group(1).strip() for m in _SLOGAN.finditer(body)])
