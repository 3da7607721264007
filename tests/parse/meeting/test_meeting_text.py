"""Text helpers of the meeting step: lists split outside brackets of either width."""

from __future__ import annotations

import pytest

from services.parse.meeting.text import split_list


@pytest.mark.parametrize(
    "text",
    ["各县(市、区)、市直各部门", "各县（市、区）、市直各部门", "各县【市、区】、市直各部门"],
    ids=["ascii", "full-width", "lenticular"],
)
def test_a_list_is_split_outside_brackets_of_either_width(text: str) -> None:
    first, second = split_list(text)
    assert first.startswith("各县") and first[-1] in ")）】"
    assert second == "市直各部门"


def test_a_list_without_brackets_is_split_at_every_separator() -> None:
    assert split_list("县水利局、县住建委、县交通局") == ["县水利局", "县住建委", "县交通局"]
