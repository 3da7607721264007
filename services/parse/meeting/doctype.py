"""What kind of text this is: a report about a meeting, a speech given at one, a notice, or other."""

from __future__ import annotations

import re

from services.parse.models import DocType

_SPEECH_TITLE = re.compile(
    r"在[^,,。;;\n]{2,80}?(?:会|会议|大会|仪式|典礼)(?:上|中)的(?:重要|总结|动员)?(?:讲话|发言|致辞|主持词)"
)
_SPEECH_BODY = re.compile(
    r"^同志们|同志们[::!!]|下面,?我(?:就|讲|再|强调|提)|我讲(?:[几两三四五]|以下)"
)
_NOTICE_TITLE = re.compile(r"(?:通知|通告|公告|公示|决定|实施方案|管理办法|实施细则)$")
_NOTICE_BODY = re.compile(
    r"特此通知|特此公告|特此通告|通知如下|现将[^。]{0,40}(?:印发|通知)|请认真贯彻执行|请遵照执行"
)
_HELD = re.compile(
    r"(?:召开|举行|召集|开幕)[^。]{0,40}?(?:会议|大会|会)|(?:会议|大会|会)[^。,,]{0,20}(?:召开|举行|开幕)"
)
_ROLE = re.compile(r"主持会议|出席会议|主持召开|出席并讲话|到会指导")


def doc_type(body: str, title: str | None) -> DocType:
    """Classify the text, because a notice or a policy text has no meeting fields to fill.

    A speech is told by its title (在…上的讲话) or its address to the audience (同志们, 下面我讲…);
    a notice by its title or its closing formula (特此通知); a news report by a meeting being held.
    """
    heading = (title or body.split("\n", 1)[0]).strip()
    if _SPEECH_TITLE.search(heading) or _SPEECH_BODY.search(body[:3000]):
        return "speech"
    if _NOTICE_TITLE.search(heading) or _NOTICE_BODY.search(body):
        return "notice"
    if _HELD.search(body) or _ROLE.search(body):
        return "news_report"
    return "other"
