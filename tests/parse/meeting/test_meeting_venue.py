"""Branch venues (分会场): collective phrases stay whole, genuine lists are still split."""

from __future__ import annotations

import pytest

from services.parse.meeting.venue import branch_items, branch_venues


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a 、 inside brackets, in either width, separates nothing
        ("各县(市、区)设分会场。", ["各县(市、区)"]),
        ("各县（市、区）设分会场。", ["各县（市、区）"]),
        ("各县【市、区】设分会场。", ["各县【市、区】"]),
        # a further tier continues the collective "各…"
        ("各区、县(市)设分会场。", ["各区、县(市)"]),
        ("各区、县（市）设分会场。", ["各区、县（市）"]),
        ("全省各市、县（市、区）设分会场。", ["全省各市、县（市、区）"]),
        ("同时在各市、县设立分会场。", ["各市、县"]),
        ("全市各区、县(市)、乡镇设立分会场。", ["全市各区、县(市)、乡镇"]),
        ("各镇(街道)、村(社区)设分会场。", ["各镇(街道)、村(社区)"]),
        ("各区县、乡镇街道设置了分会场。", ["各区县、乡镇街道"]),
        # … and so does that tier's government
        ("各区、县人民政府和市直各部门设分会场。", ["各区、县人民政府", "市直各部门"]),
        # the tiers before a counted "N级" are one collective
        ("市、县、乡三级设分会场。", ["市、县、乡三级"]),
    ],
)
def test_collective_branches_stay_whole(body: str, expected: list[str]) -> None:
    assert branch_venues(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("各乡镇(街道)、市直各部门设分会场。", ["各乡镇(街道)", "市直各部门"]),
        ("各县（市、区）、市直各部门设分会场。", ["各县（市、区）", "市直各部门"]),
        ("在各县市区、开发区设立分会场。", ["各县市区", "开发区"]),
        ("各乡镇、县直各单位设分会场。", ["各乡镇", "县直各单位"]),
        ("各县(市、区)、高新区、经开区设分会场。", ["各县(市、区)", "高新区", "经开区"]),
        ("并在北京、上海和广州分别设分会场。", ["北京", "上海", "广州"]),
        ("县水利局、县住建委设分会场。", ["县水利局", "县住建委"]),
        # a new "各…" starts a new branch
        ("各区、各县设分会场。", ["各区", "各县"]),
        # a tier joined by 和 rather than 、 is a list of its own
        ("分会场设在各县区政府和开发区管委会。", ["各县区政府", "开发区管委会"]),
        ("各区政府和县直部门设分会场。", ["各区政府", "县直部门"]),
    ],
)
def test_genuine_lists_are_still_split(body: str, expected: list[str]) -> None:
    assert branch_venues(body) == expected


def test_full_and_half_width_brackets_split_alike() -> None:
    half = branch_items("各区、县(市、区)、市直各部门")
    full = branch_items("各区、县（市、区）、市直各部门")
    assert half == ["各区、县(市、区)", "市直各部门"]
    assert full == [item.replace("(", "（").replace(")", "）") for item in half]


def test_an_unclosed_bracket_keeps_the_rest_together() -> None:
    assert branch_items("各县(市、区") == ["各县(市、区"]


def test_a_tier_without_a_collective_is_not_joined() -> None:
    # "区" after a named place is no continuation of a collective: nothing to join it to
    assert branch_items("高新区、县") == ["高新区", "县"]


def test_no_branch_venues() -> None:
    assert branch_venues("会议在市行政中心召开。") == []
