"""Text normalization: pinyin glosses, traditional → simplified, punctuation and whitespace.

Punctuation style: full-width forms of ASCII characters (，：（）！？ and full-width letters and
digits) become their ASCII forms, as NFKC does, while marks that only exist in Chinese (。、“”《》…)
stay. The record is therefore stable under NFKC, which is how downstream scoring and search compare
text. Every step maps its own output to itself, so normalizing twice equals normalizing once.
What cannot be repaired (encoding damage, redactions) is reported, never guessed.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from functools import lru_cache

import opencc

from services.parse.models import Script
from services.parse.patterns import (
    CONTROL_RE,
    DAMAGE_RES,
    FULLWIDTH_ASCII,
    FULLWIDTH_RE,
    KANA_RE,
    NON_CJK_RUN_RE,
    PINYIN_GLOSS_RE,
    QUESTION_RUN_RE,
    SPACES_RE,
    STAR_RUN_RE,
    X_RUN_RE,
    ZERO_WIDTH_RE,
)

# Built once: loading the dictionaries is the costly part of OpenCC.
_T2S = opencc.OpenCC("t2s")
# Share of Chinese characters that t2s changes above which a text is traditional; simplified
# text that quotes a few traditional names stays "simplified" below _MIXED_SHARE.
_TRADITIONAL_SHARE = 0.08
_MIXED_SHARE = 0.005
_MIXED_MIN_CHARS = 3
_KANA_MIN = 20  # kana in the first 5,000 characters: Japanese, whose kanji must stay
_LAYOUT_NEIGHBOURS = frozenset("\u3000\u3001\u3002“”‘’…—·《》〈〉「」『』【】〔〕\n")
_ASCII_PUNCT = frozenset(",;:!?()")
FULLWIDTH_CHARS = {chr(cp): chr(ascii_cp) for cp, ascii_cp in FULLWIDTH_ASCII.items()}
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


@lru_cache(maxsize=16384)
def _is_reading(char: str, gloss: str) -> bool:
    gloss = gloss.lower().replace("ü", "v") if not any(c in gloss for c in "ǖǘǚǜ") else gloss
    readings = _readings(char)
    return gloss in readings or gloss.translate(_TONES) in readings


def remove_pinyin_glosses(text: str) -> tuple[str, int]:
    """Drop ``字(zì)`` glosses that are a reading of the character; real parentheses stay."""
    removed = 0

    def repl(match: re.Match[str]) -> str:
        nonlocal removed
        char, gloss = match.string[match.start() - 1], match.group(1)
        if not _is_reading(char, gloss):
            return match.group(0)
        removed += 1
        return ""

    if "(" not in text and "（" not in text:
        return text, 0
    return PINYIN_GLOSS_RE.sub(repl, text), removed


def detect_script(text: str, simplified: str | None = None) -> Script:
    """Simplified, traditional or mixed, by the share of Chinese characters t2s changes.

    ``simplified`` is ``text`` already converted, when the caller has it (the costly part)."""
    converted = simplified if simplified is not None else str(_T2S.convert(text))
    if converted == text:
        return "simplified"
    changed = sum(map(operator.ne, text, converted))
    share = changed / max(1, len(NON_CJK_RUN_RE.sub("", text)))  # over the CJK characters
    if share >= _TRADITIONAL_SHARE:
        return "traditional"
    if share >= _MIXED_SHARE and changed >= _MIXED_MIN_CHARS:
        return "mixed"
    return "simplified"


def _is_chinese(text: str) -> bool:
    """False for Japanese text (kana present), whose kanji must not become simplified Chinese."""
    return len(KANA_RE.findall(text[:5000])) <= _KANA_MIN


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified, except in Japanese text."""
    return str(_T2S.convert(text)) if _is_chinese(text) else text


def _space(match: re.Match[str]) -> str:
    """Keep a space only between two word characters that are not both punctuation-adjacent."""
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if not before or not after or before in _LAYOUT_NEIGHBOURS or after in _LAYOUT_NEIGHBOURS:
        return ""
    if (before in _ASCII_PUNCT and _is_cjk(after)) or (_is_cjk(before) and after in _ASCII_PUNCT):
        return ""
    return " "


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


def normalize_line(line: str) -> str:
    """One style of punctuation and spacing for a text (see the module docstring)."""
    line = ZERO_WIDTH_RE.sub("", CONTROL_RE.sub("", line))
    line = to_halfwidth(line)
    return SPACES_RE.sub(_space, line).strip()


def to_halfwidth(text: str) -> str:
    """Full-width ASCII forms (，：（ and full-width letters and digits) as ASCII, as NFKC does.

    A replace per distinct character found: a page uses a handful of them, and ``str.replace``
    is far faster than ``str.translate`` with a table on Chinese text."""
    for char in set(FULLWIDTH_RE.findall(text)):
        text = text.replace(char, FULLWIDTH_CHARS[char])
    return text


@lru_cache(maxsize=4096)
def normalize_value(value: str | None) -> str | None:
    """A metadata value in the body's style: no glosses, simplified, one punctuation style.

    Remembered: pages of one site repeat the same source, author and column names, and each
    value would otherwise go through the script converter again."""
    if value is None:
        return None
    return normalize_line(to_simplified(remove_pinyin_glosses(value)[0])) or None


def normalize_lines(lines: list[str]) -> list[str]:
    """Normalize each line and drop the ones left empty."""
    text = normalize_line("\n".join(lines))
    return [out for line in text.split("\n") if (out := line.strip())]


def _is_common(char: str) -> bool:
    """True for the 3,755 everyday characters (GB2312 level 1); garbled runs are rarely made
    only of them."""
    try:
        return 0xB0 <= char.encode("gb2312")[0] <= 0xD7
    except UnicodeEncodeError:
        return False


def _question_damage(text: str) -> list[tuple[int, int]]:
    """'?' between Chinese text and a rare character: a GBK run decoded one byte off."""
    spans = []
    for m in QUESTION_RUN_RE.finditer(text):
        before, after = text[max(0, m.start() - 1) : m.start()], text[m.end() : m.end() + 3]
        rare = any(_is_cjk(c) and not _is_common(c) for c in after)
        if before and (_is_cjk(before) or before in "。，“”") and rare:
            spans.append((m.start(), m.end() + 4))
    return spans


def _merged_spans(text: str) -> list[tuple[int, int]]:
    """Spans of damage matches, widened by one character and merged where they touch."""
    found = [
        (m.start(), m.end())
        for p, marks in DAMAGE_RES
        if any(mark in text for mark in marks)
        for m in p.finditer(text)
    ]
    found += _question_damage(text) if "?" in text else []
    spans = sorted((max(0, a - 1), min(len(text), b + 1)) for a, b in found)
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


def _placeholders(pattern: re.Pattern[str], text: str) -> list[str]:
    """Placeholder runs with a Chinese neighbour and no letter or '*' beside them."""
    examples = []
    for m in pattern.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum()):
            continue
        if "*" in (before, after) or not (_is_cjk(before) or _is_cjk(after)):
            continue
        examples.append(text[max(0, m.start() - 1) : m.end() + 1].strip(" ,.;:，。、"))
    return list(dict.fromkeys(examples))


def redaction_flags(text: str) -> list[str]:
    """Flag '*' and X/XX placeholders that stand for names the source removed."""
    flags = []
    for marker, pattern, marks in (("*", STAR_RUN_RE, "*"), ("X", X_RUN_RE, "Xx×")):
        if any(mark in text for mark in marks) and (examples := _placeholders(pattern, text)):
            shown = ", ".join(f"'{e}'" for e in examples[:3])
            flags.append(
                f"redacted: '{marker}' placeholders stand for removed names (e.g. {shown})"
            )
    return flags


def normalize_text(lines: list[str]) -> tuple[list[str], Normalized]:
    """Normalize the lines of a body: glosses, script, punctuation; report what was noticed."""
    text = "\n".join(lines)
    text, glosses = remove_pinyin_glosses(text)
    simplified = str(_T2S.convert(text))
    info = Normalized(text="", glosses_removed=glosses, script=detect_script(text, simplified))
    out = normalize_lines((simplified if _is_chinese(text) else text).split("\n"))
    info.text = "\n".join(out)
    info.flags = damage_flags(info.text) + redaction_flags(info.text)
    return out, info
