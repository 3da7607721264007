"""People and their roles: who presided, who spoke and who attended.

Reports name people at the head of a clause, as a list of "title name" items followed by what they
did: "市委副书记、市长周志红强调", "市领导严冀钢、刘辉文在主会场出席会议", "李亦博、宋耀生等县四大班子
领导出席会议". A clause made only of such items ("市人大常委会主任刘忠,") hands its people on to the
next clause of the same sentence, whose verb says what they did.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from services.parse.meeting.lexicon import (
    COMPOUND_SURNAMES,
    NOT_NAME_CHARS,
    NOT_NAME_ENDINGS,
    NOT_NAMES,
    SURNAMES,
)
from services.parse.meeting.text import clauses, sentences
from services.parse.meeting.titles import ends_with_post, fuller, title_ends
from services.parse.models import Person

PRESIDE, SPEAK, ATTEND = "preside", "speak", "attend"
_STOP = r"[^,,。;;::、]"
# What may stand between a name and its verb: a group word, a place, a topic, an adverb.
_ADVERB = (
    # 在 a place or occasion, but not another event ("在参加…审议时提出要求" is not this meeting)
    rf"(?:在(?:(?!参加|出席|审议|调研|考察|视察|检查|时){_STOP}){{1,12}}?"
    rf"|就{_STOP}{{1,40}}?|对{_STOP}{{1,40}}?|围绕{_STOP}{{1,30}}?"
    rf"|代表{_STOP}{{1,20}}?|[作做]出?了?{_STOP}{{0,16}}?|提出了?{_STOP}{{0,10}}?|发表了?|进行了?"
    r"|分别|先后|也|还|又|亲自|专门"
    r"|最后|随后|一同|一起|首先|同时|重点|充分|进一步|再次|着重|安排|共同|应邀|到会"
    r"|\d{1,2}月\d{1,2}日(?:上午|下午|晚上)?)"
)
_VERBS = {
    PRESIDE: r"主持",
    ATTEND: (
        r"(?:出席|参加|列席)(?=会议|大会|本次|了|并|$|"
        rf"{_STOP}{{0,40}}?(?:会议|会)(?:并|$))|到会指导|莅临指导|莅临|到会|就座"
    ),
    SPEAK: r"讲话|强调|指出|要求|通报|宣读|传达|部署|说(?=$)|表示|致辞|发言|报告",
}
_LIST = 80  # characters: a clause that only lists people is never longer
_CUE = re.compile(
    "主持|出席|参加|列席|到会|莅临|就座|讲话|强调|指出|要求|通报|宣读|传达|部署|说(?=$|[,,::])|表示"
    "|致辞|发言|报告"
)
_VERB = "|".join(f"(?P<{role}>{pattern})" for role, pattern in _VERBS.items())
_GROUP = rf"(?:等|[两二三四五六七八九十几]位){_STOP}{{0,12}}?"  # "等县四大班子领导", "两位同志"
_PREDICATE = re.compile(rf"(?:同志)?(?:{_GROUP})?{_ADVERB}{{0,2}}(?:{_VERB})")
_ALSO = re.compile(rf"并{_ADVERB}?(?:{_VERB})")
# "到会讲话", "出席会议讲话": a second verb straight after the first.
_THEN = re.compile(rf"(?:会议|大会)?{_ADVERB}?(?:{_VERBS[SPEAK]})")
_HEAD = re.compile(
    r"[\s”’\"')）\]】」』]*"  # the end of a quotation before its speaker: …。”吴锦指出
    r"(?:该|本)?"  # "该镇党委书记李劲松": the title starts after the pointer
    r"(?:会上|会议上|大会上|会议中|随后|最后|同时|其中|此外|另外|接着|刚才|会议由|大会由|由)?"
    r"(?P<group>(?:[省市县区镇乡]级?|[省市县区]委|[省市县区]四大班子)?领导(?:同志)?)?"
)
_ATTENDED_BY = re.compile(
    r"^(?:出席|参加)(?:会议|本次会议|大会)的(?:[省市县区镇]?领导(?:同志)?)?(?:还)?有"
    r"(?:[省市县区镇]?领导(?:同志)?)?"
)
_PLACEHOLDER = re.compile(r"[A-Za-z*＊×某○]")
_CJK_RUN = re.compile("[\u4e00-\u9fff]+")
# A third character that opens an adverb ("张三在会上…") more likely follows a two-char name.
_ADVERB_OPENERS = frozenset("在就对也还并又作做等同")


@dataclass
class Mention:
    """One person named in one clause, with the title given there and what the clause says they did."""

    name: str
    title: str | None
    offset: int
    roles: set[str] = field(default_factory=set)
    listed: bool = False  # named in a list of people, which vouches for it being a name


def is_name(text: str, is_place: Callable[[str], bool]) -> bool:
    """True when ``text`` can be a Chinese personal name (2–3 characters, 4 with a double surname)."""
    compound = text[:2] in COMPOUND_SURNAMES
    if not (3 <= len(text) <= 4 if compound else text[:1] in SURNAMES and 2 <= len(text) <= 3):
        return False
    if text[-1] in NOT_NAME_ENDINGS or not NOT_NAME_CHARS.isdisjoint(text[1:]):
        return False
    if not _CJK_RUN.fullmatch(text):
        return False
    if ends_with_post(text):
        return False
    return not (_PLACEHOLDER.search(text) or text in NOT_NAMES or is_place(text))


def _roles(match: re.Match[str]) -> set[str]:
    return {role for role in _VERBS if match.group(role)}


class _SubjectParser:
    """Parse the people at the head of one clause."""

    def __init__(self, clause: str, is_place: Callable[[str], bool]) -> None:
        self.clause = clause
        self.is_place = is_place

    def parse(self, start: int) -> tuple[list[tuple[str, str | None]], re.Match[str] | None] | None:
        """Items and the predicate after them; ``None`` when the clause does not start with people."""
        items: list[tuple[str, str | None]] = []
        parts: list[str] = []
        inherited: str | None = None
        pos = start
        while pos < len(self.clause):
            step = self._item(pos)
            if step is None:
                return None
            title_end, name_end = step
            if name_end == title_end:  # a title alone, continued after 、
                parts.append(self.clause[pos:title_end])
                pos = title_end + 1
                continue
            title = "、".join([*parts, self.clause[pos:title_end]]) if title_end > pos else None
            inherited = title or ("、".join(parts) if parts else inherited)
            items.append((self.clause[title_end:name_end], inherited))
            parts = []
            if name_end >= len(self.clause):
                return items, None
            if self.clause[name_end] in "、和及":
                pos = name_end + 1
                continue
            return items, _PREDICATE.match(self.clause, name_end)
        return None

    def _item(self, pos: int) -> tuple[int, int] | None:
        for end in [*title_ends(self.clause, pos), pos]:
            lengths = self._name_lengths(end)
            # A name followed by a verb or another name beats one that merely ends the clause
            # ("何军说" is 何军 who spoke, not a three-character name).
            if lengths:
                for length in sorted(lengths, key=lambda n: end + n >= len(self.clause)):
                    if self._continues(end + length):
                        return end, end + length
            if end > pos and self.clause[end : end + 1] == "、":
                return end, end
        return None

    def _name_lengths(self, start: int) -> list[int]:
        clause = self.clause
        # Every name starts with a surname: most positions fail here, before any slicing.
        if clause[start : start + 1] not in SURNAMES and clause[start : start + 2] not in (
            COMPOUND_SURNAMES
        ):
            return []
        order = (2, 3, 4) if clause[start + 2 : start + 3] in _ADVERB_OPENERS else (3, 2, 4)
        return [n for n in order if is_name(clause[start : start + n], self.is_place)]

    def _continues(self, pos: int) -> bool:
        if pos >= len(self.clause) or self.clause[pos] in "、和及":
            return True
        return _PREDICATE.match(self.clause, pos) is not None


def mentions(body: str, is_place: Callable[[str], bool]) -> list[Mention]:
    """Every person named at the head of a clause, with the roles their clause gives them."""
    found: list[Mention] = []
    for start, sentence in sentences(body):
        if _CUE.search(sentence):  # most sentences name no role: skip them cheaply
            found.extend(_sentence_mentions(sentence, start, is_place))
    return found


def _ends_with_name(clause: str, is_place: Callable[[str], bool]) -> bool:
    """True when the clause's last 2, 3 or 4 characters are a name (see ``is_name``)."""
    for length in (2, 3, 4):
        tail = clause[-length:]
        # The surname test first: it rules out nearly every tail without a call.
        if (tail[:1] in SURNAMES or tail[:2] in COMPOUND_SURNAMES) and is_name(tail, is_place):
            return True
    return False


def _sentence_mentions(sentence: str, start: int, is_place: Callable[[str], bool]) -> list[Mention]:
    found: list[Mention] = []
    pending: list[Mention] = []
    for offset, clause in clauses(sentence):
        # Only a clause with a role verb, or one that lists people for the next, can count.
        can_count = _CUE.search(clause) is not None or (
            len(clause) <= _LIST and _ends_with_name(clause, is_place)
        )
        parsed = _parse_clause(clause, is_place) if can_count else None
        if parsed is None:
            pending = []
            continue
        items, roles = parsed
        current = [Mention(name, title, start + offset) for name, title in items]
        if roles:
            group = [*pending, *current]
            for mention in group:
                mention.roles |= roles
                mention.listed = len(group) > 1
            found.extend(group)
            pending = []
        else:
            pending.extend(current)
    return found


def _parse_clause(
    clause: str, is_place: Callable[[str], bool]
) -> tuple[list[tuple[str, str | None]], set[str]] | None:
    attended = _ATTENDED_BY.match(clause)
    parser = _SubjectParser(clause, is_place)
    if attended:
        parsed = parser.parse(attended.end())
        return (parsed[0], {ATTEND}) if parsed else None
    head = _HEAD.match(clause)
    start = head.end() if head else 0
    parsed = parser.parse(start)
    if parsed is None:
        return None
    items, predicate = parsed
    if predicate is None:
        return items, set()
    roles = _roles(predicate)
    for extra in _ALSO.finditer(clause, predicate.end()):
        roles |= _roles(extra)
    if _THEN.match(clause, predicate.end()):
        roles.add(SPEAK)
    return items, roles


def cast(found: list[Mention]) -> tuple[Person | None, list[Person], list[Person]]:
    """Presider, speakers and attendees from the mentions.

    Speakers and the presider carry the fullest title the report gives them anywhere; attendees
    carry only the title their attendance clause gives ("市领导严冀钢…出席" leaves it null).
    """
    found = _vouched(found)
    best: dict[str, str | None] = {}
    for mention in found:
        best[mention.name] = fuller(best.get(mention.name), mention.title)
    presider = next((m.name for m in found if PRESIDE in m.roles), None)
    speakers = [Person(name=n, title=best[n]) for n in _first_with(found, SPEAK)]
    attending: dict[str, str | None] = {}
    for mention in (m for m in found if ATTEND in m.roles):
        attending[mention.name] = fuller(attending.get(mention.name), mention.title)
    attendees = [Person(name=n, title=t) for n, t in attending.items()]
    chair = Person(name=presider, title=best[presider]) if presider else None
    return chair, speakers, attendees


def _vouched(found: list[Mention]) -> list[Mention]:
    """Mentions of names the report vouches for: given a title somewhere, named in a list of
    people, or named twice. A lone untitled "name" before a verb is too often a phrase that only
    looks like one ("周密部署", "严肃通报")."""
    counts: dict[str, int] = {}
    trusted: set[str] = set()
    for mention in found:
        counts[mention.name] = counts.get(mention.name, 0) + 1
        if mention.title or mention.listed or counts[mention.name] > 1:
            trusted.add(mention.name)
    return [m for m in found if m.name in trusted]


def _first_with(found: list[Mention], role: str) -> list[str]:
    return list(dict.fromkeys(m.name for m in found if role in m.roles))
