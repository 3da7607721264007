"""The government behind the report: its level (省/市/县级市/县/区/镇) and its place.

The level comes from how the report speaks of itself (我县, 全市) and from its officials' titles
(区委书记, 县长). The place is the division of that level the text names most, resolved with the
gazetteer to province, city and county. Places that only report to the meeting (units, branch
venues) are left out, since they sit below the government that held it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from services.parse.meeting.gazetteer import Gazetteer, Place
from services.parse.meeting.titles import title_level
from services.parse.models import Region

_SELF = re.compile(r"(?:我|全|本)([省市县区镇乡])(?!委|政府|长|级|人大|政协)")
_OWN = re.compile(r"我([省市县区镇乡])")
# Weights: "我县" says who speaks; "全市" is often right but also quotes higher levels (全省).
_OWN_WEIGHT, _SELF_WEIGHT, _TITLE_WEIGHT = 3, 1, 2
# A place quoted as the level above ("全省、成都市…精神", "成都市委…策略"), or a name that is
# really a lake or river ("洪湖流域").
_ABOVE_BEFORE = re.compile(r"(?:省|国)、$")
_ABOVE_AFTER = re.compile(r"^(?:市委|市政府|市人大|市政协|市级|委|政府)")
_NOT_PLACE_AFTER = re.compile(r"^(?:流域|水系|湖|河|江|大道|路|街|精神)")
_LEVEL_KINDS = {
    "市": ("市", "县级市"),
    "县": ("县",),
    "区": ("区",),
    "省": ("省",),
    "镇": ("县", "区", "县级市"),
}


def admin_level(body: str, titles: Iterable[str | None]) -> str | None:
    """The level the report's government sits at, by how it names itself and its officials."""
    votes: Counter[str] = Counter()
    for level in _OWN.findall(body):
        votes[level] += _OWN_WEIGHT
    for level in _SELF.findall(body):
        votes[level] += _SELF_WEIGHT
    for title in titles:
        level = title_level(title) if title else None
        if level:
            votes[level] += _TITLE_WEIGHT
    if not votes:
        return None
    level = votes.most_common(1)[0][0]
    return "镇" if level == "乡" else level


def resolve(
    body: str, level: str | None, gazetteer: Gazetteer, *, exclude: Iterable[str] = ()
) -> tuple[Region | None, str | None]:
    """The region and final level: a county-level city (邛崃) turns level 市 into 县级市."""
    for item in exclude:
        body = body.replace(item, " ")
    counts: Counter[str] = Counter()
    above: Counter[str] = Counter()
    for offset, name in gazetteer.mentions(body):
        after = body[offset + len(name) : offset + len(name) + 4]
        if _NOT_PLACE_AFTER.match(after):
            continue
        counts[name] += 1
        if _ABOVE_BEFORE.search(body[max(0, offset - 2) : offset]) or _ABOVE_AFTER.match(after):
            above[name] += 1
    places = _candidates(counts, gazetteer)
    quoted = {p for p in places if 2 * sum(above[a] for a in _names(p)) >= places[p]}
    home = _home(places, quoted, level)
    if home is None:
        return None, level
    if level == "市" and home.kind == "县级市":
        level = "县级市"
    return Region(
        province=home.province, city=home.city, county=home.name if home.rank == 2 else None
    ), level


def _candidates(counts: Counter[str], gazetteer: Gazetteer) -> dict[Place, int]:
    """Places mentioned, each ambiguous name resolved by the other places the text names."""
    mentioned = set(counts)
    scores: dict[Place, int] = {}
    for name, count in counts.items():
        options = gazetteer.places(name)
        if len(options) > 1:
            options = [p for p in options if _context_hits(p, mentioned, gazetteer)] or []
        if len(options) == 1:
            scores[options[0]] = scores.get(options[0], 0) + count
    return scores


def _context_hits(place: Place, mentioned: set[str], gazetteer: Gazetteer) -> bool:
    parents = {place.province, place.city}
    return any(
        parent in parents
        for name in mentioned
        for parent in (p.name for p in gazetteer.places(name))
        if parent != place.name
    )


def _names(place: Place) -> tuple[str, ...]:
    short = re.sub(r"(?:省|市)$", "", place.name)
    return (place.name, short) if short != place.name else (place.name,)


def _home(places: dict[Place, int], quoted: set[Place], level: str | None) -> Place | None:
    if not places:
        return None
    kinds = _LEVEL_KINDS.get(level or "", ())
    fitting = {p: n for p, n in places.items() if p.kind in kinds}
    if level == "市":
        # A county-level city named beside its own prefecture is the speaker; the prefecture is
        # the level above quoted ("全省、成都市…精神").
        small = {p: n for p, n in fitting.items() if p.kind == "县级市"}
        if small and any(p.rank == 1 and p.name == s.city for p in quoted for s in small):
            fitting = small
    if not fitting and level in ("县", "区", "镇"):
        fitting = {p: n for p, n in places.items() if p.rank == 1}
    if not fitting:
        return None
    return max(fitting, key=lambda p: fitting[p])
