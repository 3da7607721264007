"""Text normalization: pinyin glosses, traditional → simplified, punctuation and whitespace.

Punctuation style: full-width forms of ASCII characters (，：（）！？ and full-width letters and
digits) become their ASCII forms, as NFKC does, while marks that only exist in Chinese (。、“”《》…)
stay. The record is therefore stable under NFKC, which is how downstream scoring and search compare
text. Every step maps its own output to itself, so normalizing twice equals normalizing once.
What cannot be repaired (encoding damage, redactions) is reported, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import opencc

from services.parse.models import Script
from services.parse.patterns import (
    CJK_RE,
    CONTROL_RE,
    DAMAGE_RES,
    FULLWIDTH_ASCII,
    KANA_RE,
    PINYIN_GLOSS_RE,
    REDACTION_RES,
    SPACE_NEAR_CJK_RE,
    WHITESPACE_RE,
    ZERO_WIDTH_RE,
)

# Built once: loading the dictionaries is the costly part of OpenCC.
_T2S = opencc.OpenCC("t2s")
# Share of Chinese characters that t2s changes above which a text is traditional; simplified
# text that quotes a few traditional names stays "simplified" below _MIXED_SHARE.
_TRADITIONAL_SHARE = 0.08
_MIXED_SHARE = 0.005
_MIXED_MIN_CHARS = 3
_TONES = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvnnnm")


@dataclass
class Normalized:
    """A normalized text and what normalization noticed on the way."""

    text: str
    glosses_removed: int = 0
    script: Script = "simplified"
    flags: list[str] = field(default_factory=list)


@lru_cache(maxsize=8192)
def _readings(char: str) -> frozenset[str]:
    """Every reading of a character, with tone marks and without (heteronyms included)."""
    from pypinyin import Style, pinyin  # its dictionaries load slowly: only when a gloss shows

    marked = {r.lower() for r in pinyin(char, style=Style.TONE, heteronym=True)[0]}
    return frozenset(marked | {r.translate(_TONES).replace("ü", "v") for r in marked})


def _is_reading(char: str, gloss: str) -> bool:
    gloss = gloss.lower().replace("ü", "v") if not any(c in gloss for c in "ǖǘǚǜ") else gloss
    readings = _readings(char)
    return gloss in readings or gloss.translate(_TONES) in readings


def remove_pinyin_glosses(text: str) -> tuple[str, int]:
    """Drop ``字(zì)`` glosses that are a reading of the character; real parentheses stay."""
    removed = 0

    def repl(match: re.Match[str]) -> str:
        nonlocal removed
        char, gloss = match.group(1), match.group(2)
        if not _is_reading(char, gloss):
            return match.group(0)
        removed += 1
        return char

    if "(" not in text and "（" not in text:
        return text, 0
    return PINYIN_GLOSS_RE.sub(repl, text), removed


def detect_script(text: str) -> Script:
    """Simplified, traditional or mixed, by the share of Chinese characters t2s would change."""
    chars = CJK_RE.findall(text)
    if not chars:
        return "simplified"
    joined = "".join(chars)
    converted = _T2S.convert(joined)
    changed = sum(1 for a, b in zip(joined, converted, strict=False) if a != b)
    share = changed / len(chars)
    if share >= _TRADITIONAL_SHARE:
        return "traditional"
    if share >= _MIXED_SHARE and changed >= _MIXED_MIN_CHARS:
        return "mixed"
    return "simplified"


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified, except in Japanese text (kana present)."""
    if len(KANA_RE.findall(text[:5000])) > 20:
        return text
    return str(_T2S.convert(text))


def normalize_line(line: str) -> str:
    """One style of punctuation and spacing for a line (see the module docstring)."""
    line = ZERO_WIDTH_RE.sub("", CONTROL_RE.sub("", line))
    line = line.translate(FULLWIDTH_ASCII)
    line = WHITESPACE_RE.sub(" ", line).strip()
    return SPACE_NEAR_CJK_RE.sub("", line)


def normalize_value(value: str | None) -> str | None:
    """A metadata value in the body's style: no glosses, simplified, one punctuation style."""
    if value is None:
        return None
    return normalize_line(to_simplified(remove_pinyin_glosses(value)[0])) or None


def normalize_lines(lines: list[str]) -> list[str]:
    """Normalize each line and drop the ones left empty."""
    return [out for line in lines if (out := normalize_line(line))]


def _merged_spans(text: str) -> list[tuple[int, int]]:
    """Spans of damage matches, widened by one character and merged where they touch."""
    spans = sorted(
        (max(0, m.start() - 1), min(len(text), m.end() + 1))
        for pattern in DAMAGE_RES
        for m in pattern.finditer(text)
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def damage_flags(text: str) -> list[str]:
    """Flag runs a decoder garbled (misaligned GBK, replacement characters, mojibake)."""
    return [
        f"encoding_damage: '{text[start:end].strip()}'" for start, end in _merged_spans(text)[:5]
    ]


def redaction_flags(text: str) -> list[str]:
    """Flag '*' and X/XX placeholders that stand for names the source removed."""
    flags: list[str] = []
    for marker, pattern in zip(("*", "X"), REDACTION_RES, strict=True):
        examples = [
            text[max(0, m.start() - 1) : m.end() + 1].strip(" ,.;:，。、")
            for m in pattern.finditer(text)
        ]
        if examples:
            shown = ", ".join(f"'{e}'" for e in list(dict.fromkeys(examples))[:3])
            flags.append(
                f"redacted: '{marker}' placeholders stand for removed names (e.g. {shown})"
            )
    return flags


def normalize_text(lines: list[str]) -> tuple[list[str], Normalized]:
    """Normalize the lines of a body: glosses, script, punctuation; report what was noticed."""
    text = "\n".join(lines)
    text, glosses = remove_pinyin_glosses(text)
    info = Normalized(text="", glosses_removed=glosses, script=detect_script(text))
    out = normalize_lines(to_simplified(text).split("\n"))
    info.text = "\n".join(out)
    info.flags = damage_flags(info.text) + redaction_flags(info.text)
    return out, info
