"""Numeric targets: clauses that commit to a measurable result (a number, 达标, a rank)."""

from __future__ import annotations

import re

from services.parse.meeting.text import clauses_with, unique

_ENUMERATOR = re.compile(
    r"^(?:[一二三四五六七八九十]+是|[一二三四五六七八九十]+要|其[一二三四五六七八九十]|首先|同时|并)"
)
_NUMBER = (
    r"(?:\d+(?:\.\d+)?\s*(?:%|％|个百分点|天|微克|毫克|吨|万吨|亿元|万元|元|个|家|座|公里|千米|米|亩"
    r"|公顷|项|户|人|次|分|位)|百分之[一二三四五六七八九十百点]+|[一二三四五六七八九十]+个百分点)"
)
# A commitment verb, a number with a unit, and a bound: "确保在219天以上", "下降到35微克".
_NUMERIC = re.compile(
    r"(?:确保|力争|争取|达到|提高到|提升到|提高至|提升至|降至|降到|下降到|控制在|不低于|不超过|完成|实现)"
    rf"[^,,。;;]{{0,20}}?{_NUMBER}(?:以上|以下|以内|左右)?"
)
_BOUND = re.compile(r"控制在[^,,。;;]{1,20}以[下内]")
_PASS = re.compile(
    r"(?:实现|确保|力争|保持|做到|全面|稳定|持续)[^,,。;;]{0,12}达标(?!成效|成果|工作)"
)
_RANK = re.compile(
    r"(?:排名|位次|排位|名次)[^,,。;;]{0,10}(?:前\d+|前[一二三四五六七八九十]+|第[一二三四五六七八九十\d]+|前列)"
)


_CUE = re.compile(
    r"确保|力争|争取|达到|提高|提升|降至|降到|下降到|控制在|不低于|不超过|完成|实现|达标|排名|位次|排位|名次"
)


def targets(body: str) -> list[str]:
    """Clauses that commit to a measurable result, in order, each once."""
    found: list[str] = []
    for clause in clauses_with(body, _CUE):
        if any(p.search(clause) for p in (_NUMERIC, _BOUND, _PASS, _RANK)):
            found.append(_ENUMERATOR.sub("", clause))
    return unique(found)
