"""People and their roles: who presided, who spoke and who attended.

Reports name people at the head of a clause, as a list of "title name" items followed by what they
did: "市委副书记、市长周志红强调", "市领导严冀钢、刘辉文在主会场出席会议", "李亦博、宋耀生等县四大班子
领导出席会议". A clause made only of such items ("市人大常委会主任刘忠,") hands its people on to the
next clause of the same sentence, whose verb says what they did.

A post may also follow the name ("吴锦书记主持会议", "李四副市长出席"), and the honorific 同志 may
("王五同志讲话"): 同志 is no title, but only a person is addressed with it. Transliterated names
join their parts with a dot ("艾尔肯·吐尼亚孜") and are read whole, with "·" as their one dot.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from services.parse.meeting.lexicon import (
    COMPOUND_SURNAMES,
    NAME_DOT,
    NAME_DOTS,
    NOT_NAME_CHARS,
    NOT_NAME_ENDINGS,
    NOT_NAMES,
    NOT_TRANSLITERATION_CHARS,
    NOT_TRANSLITERATION_ENDINGS,
    SURNAMES,
)
from services.parse.meeting.text import clauses, sentences
from services.parse.meeting.titles import (
    ADDRESS_ENDINGS,
    address_start,
    ends_with_post,
    fuller,
    holds_post,
    post_after_name,
    title_ends,
)
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
_HONORIFIC = "同志"
# Transliterated names: parts of up to _PART characters joined by dots, with or without spaces
# around them ("买买提 · 依明").
_PART = 6
_ANY_DOT = re.compile(f"[{NAME_DOTS}]")
_DOT_GAP = re.compile(f"[ \u3000]*[{NAME_DOTS}][ \u3000]*")
# Every part of a transliterated name but the last, each with the dot after it.
_PARTS_BEFORE_LAST = re.compile(
    f"(?:[\u4e00-\u9fff]{{1,{_PART}}}{_DOT_GAP.pattern}){{1,3}}(?=[\u4e00-\u9fff])"
)
_ENDS_TRANSLITERATED = re.compile(f"[\u4e00-\u9fff]{_DOT_GAP.pattern}[\u4e00-\u9fff]{{1,{_PART}}}$")


@dataclass
class Mention:
    """One person named in one clause, with the title given there and what the clause says they did."""

    name: str
    title: str | None
    offset: int
    roles: set[str] = field(default_factory=set)
    listed: bool = False  # named in a list of people, which vouches for it being a name
    addressed: bool = False  # followed by 同志, which also vouches for it


class _Item(NamedTuple):
    """One person of a clause's list, as written there."""

    name: str
    title: str | None
    addressed: bool = False


def is_name(text: str, is_place: Callable[[str], bool]) -> bool:
    """True when ``text`` can be a Chinese personal name (2–3 characters, 4 with a double surname)
    or a transliterated one whose parts a dot joins ("艾尔肯·吐尼亚孜")."""
    compound = text[:2] in COMPOUND_SURNAMES
    if not (3 <= len(text) <= 4 if compound else text[:1] in SURNAMES and 2 <= len(text) <= 3):
        # Only what fails the common test may be dotted; a dot is no letter, a Chinese one is.
        return not text.isalpha() and _is_transliterated_name(text, is_place)
    if text[-1] in NOT_NAME_ENDINGS or not NOT_NAME_CHARS.isdisjoint(text[1:]):
        return False
    if not _CJK_RUN.fullmatch(text):
        return False
    if ends_with_post(text):
        return False
    return not (_PLACEHOLDER.search(text) or text in NOT_NAMES or is_place(text))


def _is_transliterated_name(text: str, is_place: Callable[[str], bool]) -> bool:
    """Minority and foreign names keep no surname list, so their parts are judged by what they are
    not: prose, a post, a place, or the end of a brand or unit ("新华日报·交汇点", "中国·宁都")."""
    parts = _DOT_GAP.split(text)
    if not 2 <= len(parts) <= 4:
        return False
    for part in parts:
        if not (len(part) <= _PART and _CJK_RUN.fullmatch(part)):
            return False
        if part[-1] in NOT_TRANSLITERATION_ENDINGS:
            return False
        if not NOT_TRANSLITERATION_CHARS.isdisjoint(part) or holds_post(part):
            return False
        if part in NOT_NAMES or is_place(part):
            return False
    return True


def _canonical(name: str) -> str:
    """A name as the record gives it: one kind of dot, no spaces around it."""
    return _DOT_GAP.sub(NAME_DOT, name)


def _joined(before: str | None, after: str) -> str:
    """The title of a name with a post on both sides ("县委常委张三副县长" → "县委常委、副县长")."""
    if not before or before.endswith(after):
        return before or after
    return f"{before}、{after}"


def _roles(match: re.Match[str]) -> set[str]:
    return {role for role in _VERBS if match.group(role)}


class _SubjectParser:
    """Parse the people at the head of one clause."""

    def __init__(self, clause: str, is_place: Callable[[str], bool], dotted: bool) -> None:
        self.clause = clause
        self.is_place = is_place
        self.dotted = dotted  # the clause may hold a transliterated name

    def parse(self, start: int) -> tuple[list[_Item], re.Match[str] | None] | None:
        """Items and the predicate after them; ``None`` when the clause does not start with people."""
        items: list[_Item] = []
        parts: list[str] = []
        inherited: str | None = None
        pos = start
        while pos < len(self.clause):
            step = self._item(pos)
            if step is None:
                return None
            title_end, name_end, item_end = step
            if name_end == title_end:  # a title alone, continued after 、
                parts.append(self.clause[pos:title_end])
                pos = title_end + 1
                continue
            before = "、".join([*parts, self.clause[pos:title_end]]) if title_end > pos else None
            title: str | None
            if item_end > name_end:
                # A post after the name is that person's own: it is not handed on down the list
                # as a title before a name is ("副市长王强、赵敏").
                title = _joined(before, self.clause[name_end:item_end])
                inherited = None
            else:
                inherited = before or ("、".join(parts) if parts else inherited)
                title = inherited
            addressed = self.clause.startswith(_HONORIFIC, item_end)
            name = self.clause[title_end:name_end]
            items.append(_Item(_canonical(name) if self.dotted else name, title, addressed))
            parts = []
            follow = item_end + len(_HONORIFIC) if addressed else item_end
            if follow >= len(self.clause):
                return items, None
            if self.clause[follow] in "、和及":
                pos = follow + 1
                continue
            return items, _PREDICATE.match(self.clause, follow)
        return None

    def _item(self, pos: int) -> tuple[int, int, int] | None:
        """(title end, name end, item end) of the item at ``pos``: the title before the name runs
        from ``pos`` to the name, a post after it from the name's end to the item's end."""
        ends = [*title_ends(self.clause, pos), pos]
        alone: tuple[int, int, int] | None = None
        names: list[tuple[int, list[int]]] = []  # (start, lengths) of the names tried
        for index, end in enumerate(ends):
            lengths = self._name_lengths(end)
            # A name followed by a verb or another name beats one that merely ends the clause
            # ("何军说" is 何军 who spoke, not a three-character name).
            if lengths:
                for length in sorted(lengths, key=lambda n: end + n >= len(self.clause)):
                    if self._continues(end + length):
                        return end, end + length, end + length
                names.append((end, lengths))
            if end > pos and self.clause[end : end + 1] == "、":
                alone = (end, end, end)
                names += [(start, self._name_lengths(start)) for start in ends[index + 1 :]]
                break
        # Only when no name follows a title: a post after the name ("吴锦书记主持"). It beats a
        # title alone, which "吴锦书记、李四市长" would otherwise be read as.
        for end, lengths in names:
            # The shortest name first: "王强总经理" is 王强 the general manager.
            for length in sorted(lengths):
                post_end = post_after_name(self.clause, end + length)
                if post_end is not None and self._continues(post_end):
                    return end, end + length, post_end
        return alone

    def _name_lengths(self, start: int) -> list[int]:
        clause = self.clause
        if self.dotted:
            transliterated = self._transliterated_lengths(start)
            if transliterated:
                return transliterated
        # Every name starts with a surname: most positions fail here, before any slicing.
        if clause[start : start + 1] not in SURNAMES and clause[start : start + 2] not in (
            COMPOUND_SURNAMES
        ):
            return []
        order = (2, 3, 4) if clause[start + 2 : start + 3] in _ADVERB_OPENERS else (3, 2, 4)
        lengths = [n for n in order if is_name(clause[start : start + n], self.is_place)]
        # What reads as the verb is no name: "吴锦书记强调" is not 强调 titled "吴锦书记".
        return [] if lengths and _PREDICATE.match(clause, start) else lengths

    def _transliterated_lengths(self, start: int) -> list[int]:
        """Lengths of the dotted names at ``start``, the shortest last part first: the text runs
        on into the verb ("买买提·依明主持") and only the continuation tells where the name ends."""
        head = _PARTS_BEFORE_LAST.match(self.clause, start)
        if head is None:
            return []
        run = _CJK_RUN.match(self.clause, head.end())
        last = min(run.end(), head.end() + _PART) if run else head.end()
        return [
            end - start
            for end in range(head.end() + 1, last + 1)
            if is_name(_canonical(self.clause[start:end]), self.is_place)
        ]

    def _continues(self, pos: int) -> bool:
        if self.clause.startswith(_HONORIFIC, pos):
            pos += len(_HONORIFIC)
        if pos >= len(self.clause) or self.clause[pos] in "、和及":
            return True
        return _PREDICATE.match(self.clause, pos) is not None


def mentions(body: str, is_place: Callable[[str], bool]) -> list[Mention]:
    """Every person named at the head of a clause, with the roles their clause gives them."""
    found: list[Mention] = []
    dotted = _ANY_DOT.search(body) is not None  # transliterated names are looked for only then
    for start, sentence in sentences(body):
        if _CUE.search(sentence):  # most sentences name no role: skip them cheaply
            found.extend(_sentence_mentions(sentence, start, is_place, dotted))
    return found


def _lists_people(clause: str, is_place: Callable[[str], bool], dotted: bool) -> bool:
    """True when a clause may only list people for the next one: it ends with a name, maybe
    followed by a post or 同志 ("吴锦书记,"), or may end with a transliterated name (the parser
    checks that one)."""
    if len(clause) > _LIST:
        return False
    if _ends_with_name(clause, is_place):
        return True
    if not dotted and clause[-1] not in ADDRESS_ENDINGS:  # most clauses: no regex run
        return False
    cut = address_start(clause)
    if cut is None:
        return dotted and _ENDS_TRANSLITERATED.search(clause) is not None
    named = clause[:cut]
    if _ends_with_name(named, is_place):
        return True
    return dotted and _ENDS_TRANSLITERATED.search(named) is not None


def _ends_with_name(clause: str, is_place: Callable[[str], bool]) -> bool:
    """True when the clause's last 2, 3 or 4 characters are a name (see ``is_name``)."""
    for length in (2, 3, 4):
        tail = clause[-length:]
        # The surname test first: it rules out nearly every tail without a call.
        if (tail[:1] in SURNAMES or tail[:2] in COMPOUND_SURNAMES) and is_name(tail, is_place):
            return True
    return False


def _sentence_mentions(
    sentence: str, start: int, is_place: Callable[[str], bool], dotted: bool
) -> list[Mention]:
    found: list[Mention] = []
    pending: list[Mention] = []
    for offset, clause in clauses(sentence):
        # Only a clause with a role verb, or one that lists people for the next, can count.
        can_count = _CUE.search(clause) is not None or _lists_people(clause, is_place, dotted)
        parsed = _parse_clause(clause, is_place, dotted) if can_count else None
        if parsed is None:
            pending = []
            continue
        items, roles = parsed
        current = [
            Mention(item.name, item.title, start + offset, addressed=item.addressed)
            for item in items
        ]
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
    clause: str, is_place: Callable[[str], bool], dotted: bool
) -> tuple[list[_Item], set[str]] | None:
    attended = _ATTENDED_BY.match(clause)
    parser = _SubjectParser(clause, is_place, dotted)
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
    people, addressed as 同志, or named twice. A lone untitled "name" before a verb is too often a
    phrase that only looks like one ("周密部署", "严肃通报")."""
    counts: dict[str, int] = {}
    trusted: set[str] = set()
    for mention in found:
        counts[mention.name] = counts.get(mention.name, 0) + 1
        if mention.title or mention.listed or mention.addressed or counts[mention.name] > 1:
            trusted.add(mention.name)
    return [m for m in found if m.name in trusted]


def _first_with(found: list[Mention], role: str) -> list[str]:
    return list(dict.fromkeys(m.name for m in found if role in m.roles))
