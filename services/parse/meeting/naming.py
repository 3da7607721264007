"""The meeting's own name, as the report or the speech title gives it."""

from __future__ import annotations

import re

from services.parse.meeting.text import clauses

_TEXT = r"[^,,。;;::!!??\n]"
_KIND = r"(?:会议|大会|会)"
# "在中央、省环保督察…推进会上的讲话": the meeting is what the speech was given at.
_SPEECH_TITLE = re.compile(
    rf"^{_TEXT}{{0,20}}?在(?P<name>{_TEXT}{{2,60}}?{_KIND})(?:上|中)的(?:重要|总结|动员)?"
    r"(?:讲话|发言|致辞|主持词|报告)"
)
# "我县在老干部活动中心大会议室召开环保攻坚突破工作会议": the name follows 召开.
_CONVENED = re.compile(rf"(?:召开|举行|召集)了?(?P<name>{_TEXT}{{2,60}}?{_KIND})(?=$|[((])")
# "市生态环境保护委员会…工作会议召开": the name is the clause's subject.
_SUBJECT = re.compile(
    rf"^(?P<name>{_TEXT}{{2,60}}?{_KIND})(?:在{_TEXT}{{2,30}}?)?"
    rf"(?:(?:以|采取|采用|通过){_TEXT}{{2,12}}?(?:形式|方式))?(?:隆重|顺利|正式)?"
    r"(?:召开|举行|开幕)"
)
# "书记黄瑞祥出席全县春耕生产现场推进会并讲话": the last resort, when no text says it was held.
_ATTENDED = re.compile(rf"(?:出席|参加)了?(?P<name>{_TEXT}{{2,60}}?{_KIND})(?=并|$)")
_LEAD = re.compile(
    r"^(?:\d{4}年)?(?:\d{1,2}月\d{1,2}[日号])?(?:上午|下午|晚上)?"
    r"(?:近日|日前|今天|今日|昨天|当天)?(?:上午|下午|晚上)?"
)
_NAME_LEAD = re.compile(r"^(?:了|一次|一场|一个|本次|此次|这次|我市|我县|我区|我镇|我省)")
# A clause about passing on another meeting's spirit, not the name of this one.
_NOT_NAME = re.compile(r"传达|贯彻|精神$")
_GENERIC = frozenset({"会议", "大会", "会", "专题会议", "专题会", "全体会议", "工作会议", "座谈会"})


def meeting_name(
    body: str, title: str | None, *, speech: bool, summary: str | None = None
) -> str | None:
    """The meeting's name: from a speech's title (在…上的讲话), else from where the report says
    the meeting was held (…召开…会议 / …会议召开), in the body first, then the headline and the
    summary."""
    if speech:
        heading = title or body.split("\n", 1)[0]
        named = _SPEECH_TITLE.match(heading.strip())
        if named:
            return named.group("name")
    texts = (body, title or "", summary or "")
    for patterns in ((_CONVENED, _SUBJECT), (_ATTENDED,)):
        for text in texts:
            for _, clause in clauses(text):
                name = _from_clause(_LEAD.sub("", clause), patterns)
                if name:
                    return name
    return None


def _from_clause(clause: str, patterns: tuple[re.Pattern[str], ...]) -> str | None:
    for pattern in patterns:
        found = pattern.search(clause)
        if found:
            name = _NAME_LEAD.sub("", found.group("name"))
            if name not in _GENERIC and len(name) >= 4 and not _NOT_NAME.search(name):
                return name
    return None
