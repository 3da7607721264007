"""Normalization: glosses, script, punctuation; idempotent."""

from hypothesis import given
from hypothesis import strategies as st

from services.parse.normalize import (
    damage_flags,
    detect_script,
    normalize_line,
    normalize_text,
    redaction_flags,
    remove_pinyin_glosses,
)


def test_pinyin_gloss_is_removed() -> None:
    assert remove_pinyin_glosses("生態(tài)環(huán)境") == ("生態環境", 2)


def test_heteronym_gloss_is_removed() -> None:
    assert remove_pinyin_glosses("縣長(zhǎng)")[0] == "縣長"


def test_real_parentheses_stay() -> None:
    assert remove_pinyin_glosses("各县(市、区)设分会场")[1] == 0


def test_gloss_that_is_not_a_reading_stays() -> None:
    assert remove_pinyin_glosses("環(ma)")[0] == "環(ma)"


def test_traditional_text_is_detected() -> None:
    assert detect_script("市生態環境保護委員會全體會議召開") == "traditional"


def test_simplified_text_is_detected() -> None:
    assert detect_script("市生态环境保护委员会全体会议召开") == "simplified"


def test_traditional_becomes_simplified() -> None:
    assert normalize_text(["會議強調"])[0] == ["会议强调"]


def test_fullwidth_punctuation_becomes_ascii() -> None:
    assert normalize_line("来源：日报（一）") == "来源:日报(一)"


def test_space_after_punctuation_goes() -> None:
    assert normalize_line("强调, 要深入") == "强调,要深入"


def test_misaligned_gbk_run_is_flagged() -> None:
    assert damage_flags("是全市人民的殷切期盼?!眳清\\指出")[0].startswith("encoding_damage")


def test_question_mark_in_a_sentence_is_not_damage() -> None:
    assert damage_flags("你好吗?我很好。") == []


def test_star_redaction_is_flagged() -> None:
    assert redaction_flags("*同志就下一步工作提出建议")[0].startswith("redacted: '*'")


def test_xx_redaction_is_flagged() -> None:
    assert redaction_flags("建设美丽XX,XX同志讲话")[0].startswith("redacted: 'X'")


@given(st.text())
def test_normalizing_twice_equals_once(text: str) -> None:
    once = normalize_text(text.split("\n"))[0]
    assert normalize_text(once)[0] == once
