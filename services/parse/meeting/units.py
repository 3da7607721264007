"""Units that reported or made statements: departments, towns, parks and companies."""

from __future__ import annotations

import re

from services.parse.meeting.lexicon import ORG_SUFFIXES
from services.parse.meeting.text import clauses_with, split_list, unique

# "…作表态发言", "…作书面交流发言", "…分别作了表态发言", "…汇报了…".
_STATEMENT = re.compile(
    r"(?:分别|先后|依次)?(?:作了?|做了?|进行了?)(?:书面|大会|典型)?(?:表态|交流|经验交流|典型|书面)发言"
    r"|(?:分别|先后)?(?:汇报了?|作了?(?:工作)?汇报)"
)
_CUE = re.compile(r"发言|汇报")
_HEARD = re.compile(r"听取了?(?P<list>[^,,。;;]{2,150}?)(?:关于[^,,。;;]{0,40})?的?(?:工作)?汇报")
_HEAD = re.compile(r"^(?:会上|会议上|大会上|刚才|随后|最后|此外|同时|会议还|会议|还有)")
# What stands between the units and the verb: their leaders, a count, "respectively".
_TAIL = re.compile(
    r"(?:的)?(?:主要)?(?:负责人|负责同志|主要负责同志|同志|代表)?(?:等)?"
    r"(?:[*＊\d一二三四五六七八九十几]+个)?(?:单位|部门)?(?:等)?(?:分别|先后|依次)?$"
)
_NOT_UNIT = re.compile(r"要|将|应当|应该|的|了|在|是|各|我们|大家|同志|领导|负责")
_ORG_END = re.compile(f"(?:{'|'.join(sorted(ORG_SUFFIXES, key=len, reverse=True))})$")
# "和" joins two units only when the part before it is a whole unit ("县住建委和碧富浙江商城"),
# not inside one name ("市水利和湖泊局").
_AND = "和及与"


def units(body: str) -> list[str]:
    """Units named as reporting or making statements, in order, each once."""
    found: list[str] = []
    for clause in clauses_with(body, _CUE):
        heard = _HEARD.search(clause)
        if heard:
            found.extend(_split(heard.group("list")))
            continue
        statement = _STATEMENT.search(clause)
        if statement:
            subject = _TAIL.sub("", _HEAD.sub("", clause[: statement.start()]))
            found.extend(_split(subject))
    return unique(found)


def _split(listed: str) -> list[str]:
    items: list[str] = []
    for item in split_list(listed):
        items.extend(_split_and(_TAIL.sub("", item)))
    return [item for item in items if _is_unit(item)]


def _split_and(item: str) -> list[str]:
    for i, ch in enumerate(item):
        if ch in _AND and _is_unit(item[:i]) and _is_unit(_TAIL.sub("", item[i + 1 :])):
            return [item[:i], *_split_and(_TAIL.sub("", item[i + 1 :]))]
    return [item]


def _is_unit(text: str) -> bool:
    return 2 <= len(text) <= 25 and not _NOT_UNIT.search(text) and bool(_ORG_END.search(text))
