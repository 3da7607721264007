"""China's administrative divisions, read from the ``cpca`` package's adcode table.

Only the data file is read (``cpca/resources/adcodes.csv``, 3,500 divisions keyed by adcode); the
package itself is not imported, because its import pulls in pandas and ``pkg_resources`` (removed
from recent setuptools) and costs far more time and memory than the lookups below need. The table
and its matcher are built once per process, on first use.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Placeholder rows that stand for "districts of this municipality" rather than real places.
_PLACEHOLDERS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
_PROVINCE_SUFFIX = re.compile(r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
_CITY_SUFFIX = re.compile(r"(?:(?:[^族]{1,4}族)+自治州|地区|盟|市)$")
# Short forms that are everyday words or places of party history quoted in every kind of report
# ("社会安宁", "延安精神"): they only count when written in full, with their suffix.
_AMBIGUOUS_SHORT = frozenset(
    {
        "安宁",
        "江山",
        "临海",
        "东方",
        "阳春",
        "赤水",
        "平湖",
        "开平",
        "永安",
        "安国",
        "新民",
        "四平",
        "白山",
        "延安",
        "井冈山",
        "遵义",
        "瑞金",
        "韶山",
        "海南",
        "阿里",
        "白银",
        "普洱",
        "大庆",
        "中山",
        "北海",
        "黄山",
        "龙井",
        "和龙",
        "四会",
        "长春",
        "吉林",
        "海东",
        "海西",
        "海北",
        "玉树",
        "阿拉善",
        "大理",
        "丽江",
        "兴义",
        "福安",
        "大安",
        "集安",
        "凤城",
        "宁国",
    }
)


@dataclass(frozen=True)
class Place:
    """One administrative division with the names of the divisions above it."""

    code: str
    name: str
    rank: int  # 0 province, 1 prefecture, 2 county
    province: str
    city: str | None

    @property
    def kind(self) -> str:
        """The division's level as reports name it: 省, 市, 县级市, 县, 区…"""
        if self.rank == 0:
            return "省"
        if self.rank == 1:
            return "市"
        if self.name.endswith("市"):
            return "县级市"
        return "区" if self.name.endswith("区") else "县"


class Gazetteer:
    """Find division names in text and resolve them to places."""

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        by_code = {code[:6]: name for code, name in rows}
        self.by_name: dict[str, list[Place]] = defaultdict(list)
        # County names without 县 ("江陵"): too ambiguous to find places by, but never people.
        self._county_shorts: set[str] = set()
        for code, name in by_code.items():
            if name in _PLACEHOLDERS:
                continue
            place = _place(code, name, by_code)
            for alias in _aliases(place):
                self.by_name[alias].append(place)
            if place.kind == "县" and len(name) >= 3:
                self._county_shorts.add(name[:-1])
        lengths: dict[str, set[int]] = defaultdict(set)
        for alias in self.by_name:
            lengths[alias[0]].add(len(alias))
        # Every name has at least two characters: its first two rule out most candidates at once.
        self._pairs = frozenset(alias[:2] for alias in self.by_name)
        # First characters in one class, followed by a possible second one: the regex engine
        # skips to candidates, a set and a dict confirm.
        self._lengths = {ch: sorted(ls, reverse=True) for ch, ls in lengths.items()}
        seconds = {pair[1] for pair in self._pairs}
        self._starts = re.compile(
            "[" + re.escape("".join(sorted(lengths))) + "]"
            "(?=[" + re.escape("".join(sorted(seconds))) + "])"
        )

    def mentions(self, text: str) -> list[tuple[int, str]]:
        """Every (offset, name) of a division in ``text``, the longest name at each offset."""
        found: list[tuple[int, str]] = []
        after = 0
        for m in self._starts.finditer(text):
            start = m.start()
            if start < after or text[start : start + 2] not in self._pairs:
                continue
            for length in self._lengths[m.group()]:
                if text[start : start + length] in self.by_name:
                    found.append((start, text[start : start + length]))
                    after = start + length
                    break
        return found

    def places(self, name: str) -> list[Place]:
        """The divisions a name (full or short form) may stand for."""
        return self.by_name.get(name, [])

    def is_place(self, name: str) -> bool:
        """True when ``name`` is a division's name, so it is never read as a person."""
        return name in self.by_name or name in self._county_shorts


def _place(code: str, name: str, by_code: dict[str, str]) -> Place:
    if code.endswith("0000"):
        return Place(code, name, 0, name, None)
    province = by_code.get(code[:2] + "0000", "")
    if code.endswith("00"):
        return Place(code, name, 1, province, name)
    city = by_code.get(code[:4] + "00")
    if city in _PLACEHOLDERS:
        # Municipalities list their districts under a placeholder: the city is the municipality.
        city = province if city == "市辖区" else None
    return Place(code, name, 2, province, city)


def _aliases(place: Place) -> list[str]:
    names = [place.name]
    if place.rank == 0:
        short = _PROVINCE_SUFFIX.sub("", place.name)
    elif place.rank == 1 or place.kind == "县级市":
        short = _CITY_SUFFIX.sub("", place.name)
    else:
        short = place.name
    if short != place.name and len(short) >= 2 and short not in _AMBIGUOUS_SHORT:
        names.append(short)
    return names


def _rows() -> list[tuple[str, str]]:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca package (administrative divisions) is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    with path.open(encoding="utf-8") as handle:
        return [(row["adcode"], row["name"]) for row in csv.DictReader(handle)]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use (about 3,500 divisions)."""
    return Gazetteer(_rows())
