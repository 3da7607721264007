"""Text helpers shared by the meeting rules: clauses, sentences, lists and Chinese numerals."""

from __future__ import annotations

import re
from collections.abc import Iterator

from services.parse.meeting.lexicon import CHINESE_DIGITS

# Clause and sentence boundaries, in both full and half width (bodies mix them). The ASCII full
# stop is left out: it sits inside numbers such as PM2.5.
CLAUSE_END = ",,。;;::!!??\n"
SENTENCE_END = "。;;!!??\n"
# A clause without its surrounding whitespace: from its first non-space character to its last
# (``\\s`` is what ``str.strip`` removes).
_CLAUSES = re.compile(f"[^{CLAUSE_END}\\s](?:[^{CLAUSE_END}]*[^{CLAUSE_END}\\s])?")
_CLAUSE_BOUNDARY = re.compile(f"[{CLAUSE_END}]")
_SENTENCES = re.compile(f"[^{SENTENCE_END}]+")
_OPEN = "\uff08(\u3010["  # full-width and ASCII parentheses, 【 and [
_CLOSE = "\uff09)\u3011]"


def clauses(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, clause) for each comma-level clause, because roles are stated clause by clause."""
    for m in _CLAUSES.finditer(text):
        yield m.start(), m.group()


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, sentence): the scope within which a date, verb and meeting name belong together."""
    for m in _SENTENCES.finditer(text):
        if m.group().strip():
            yield m.start(), m.group()


def clauses_with(text: str, cue: re.Pattern[str]) -> Iterator[str]:
    """Each clause that holds a match of ``cue``, once: rules whose keyword is rare skip the rest."""
    after = 0
    backwards = ""  # ``text`` reversed, made on the first match: the last boundary before a
    # match is the first one after it there
    for m in cue.finditer(text):
        if m.start() < after:
            continue
        backwards = backwards or text[::-1]
        before = _CLAUSE_BOUNDARY.search(backwards, len(text) - m.start())
        start = len(text) - before.start() if before else 0
        end = _CLAUSE_BOUNDARY.search(text, m.end())
        after = end.start() if end else len(text)
        clause = text[start:after].strip()
        if clause:
            yield clause


def split_list(text: str, seps: str = "、") -> list[str]:
    """Split an enumeration on ``seps`` outside brackets, so "各县(市、区)" stays one item."""
    return [piece for _, piece in split_outside_brackets(text, seps)]


def split_outside_brackets(text: str, seps: str) -> list[tuple[str, str]]:
    """(separator before it, piece) for each non-empty piece of ``text`` between separators that
    stand outside brackets of either width; the first piece's separator is ""."""
    pieces: list[tuple[str, str]] = []
    depth, start, separator = 0, 0, ""
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            pieces.append((separator, text[start:i].strip()))
            start, separator = i + 1, ch
    pieces.append((separator, text[start:].strip()))
    return [(sep, piece) for sep, piece in pieces if piece]


def chinese_number(text: str) -> int | None:
    """Read a small number written in digits or Chinese numerals ("十二", "三十一", "12")."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CHINESE_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return CHINESE_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    high = CHINESE_DIGITS.get(tens, -1) if tens else 1
    low = CHINESE_DIGITS.get(ones, -1) if ones else 0
    return None if high < 0 or low < 0 else high * 10 + low


def chinese_year(text: str) -> int | None:
    """Read a year written digit by digit ("二〇二三", "2023")."""
    if text.isdigit():
        return int(text)
    digits = [CHINESE_DIGITS.get(ch) for ch in text]
    if len(digits) != 4 or any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def unique(items: list[str]) -> list[str]:
    """Drop repeats, keeping the order of first appearance."""
    return list(dict.fromkeys(item for item in items if item))
