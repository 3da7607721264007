"""Metadata lines → record fields: dates, source, author, views, keywords, summary, titles.

Pages print their metadata as short labelled lines around the headline (发布时间：… 来源：…); those
lines leave the body and fill fields. Values are kept as precise as the page gives them and never
invented: a field the page does not state stays None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from services.parse.patterns import (
    AUTHOR_RES,
    BARE_INT_RE,
    DATE_RE,
    INFO_FIELD_RES,
    INFO_LABEL_RE,
    KEYWORD_SPLIT_RE,
    LEADING_AUTHOR_RE,
    TRUNCATION_RE,
    URL_DATE_RES,
    US_DATE_RE,
)

_MAX_VALUE = {"source_name": 40, "author": 40, "views": 20, "published_at": 40, "keywords": 80}
# Fields a labelled line may set anywhere in the text; the others only in the header block.
_ANYWHERE = frozenset({"source_name", "keywords", "summary", "original_title", "drop"})
_TERMINAL = tuple("。！？!?；;，,：:")
_MAX_TITLE = 60
_MAX_RUN_KEYWORD = 16  # run-together keyword lines are a few short terms


@dataclass
class Metadata:
    """Record fields read from the text around the article."""

    title: str | None = None
    original_title: str | None = None
    published_at: str | None = None
    source_name: str | None = None
    author: str | None = None
    views: int | None = None
    keywords: list[str] = field(default_factory=list)
    summary: str | None = None
    truncated: bool = False
    hidden_chars: int | None = None

    def merge(self, other: Metadata) -> None:
        """Fill the fields still unknown here from ``other``."""
        for name, value in vars(other).items():
            if getattr(self, name) in (None, [], False) and value not in (None, [], False):
                setattr(self, name, value)


def format_date(match: re.Match[str]) -> str | None:
    """ISO 8601 from a date match, as precise as the text gives it ("2023-07", "…T10:30:45")."""
    year, month, day, hour, minute, second = match.groups()
    if not 1 <= int(month) <= 12 or (day and not 1 <= int(day) <= 31):
        return None
    out = f"{year}-{int(month):02d}"
    if not day:
        return out
    out += f"-{int(day):02d}"
    if hour is None or minute is None or int(hour) > 23 or int(minute) > 59:
        return out
    out += f"T{int(hour):02d}:{int(minute):02d}"
    return out + (f":{int(second):02d}" if second and int(second) < 60 else "")


def _format_us(match: re.Match[str]) -> str | None:
    """ISO 8601 from an American month/day/year match."""
    month, day, year, hour, minute, second, half = match.groups()
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    out = f"{year}-{int(month):02d}-{int(day):02d}"
    if hour is None or minute is None:
        return out
    hours = int(hour) % 12 + (12 if (half or "").upper() == "PM" else 0) if half else int(hour)
    out += f"T{hours:02d}:{int(minute):02d}"
    return out + (f":{int(second):02d}" if second else "")


def parse_date(text: str, *, need_day: bool = False) -> str | None:
    """The first date in ``text`` as ISO 8601, or None."""
    for match in DATE_RE.finditer(text):
        if need_day and not match.group(3):
            continue
        if (value := format_date(match)) is not None:
            return value
    us = US_DATE_RE.search(text)
    return _format_us(us) if us else None


def date_from_url(url: str | None) -> str | None:
    """A publish date from URL patterns such as /t20230202_… or /2023-02/02/."""
    for pattern in URL_DATE_RES:
        if url and (m := pattern.search(url)):
            year, month, day = (int(g) for g in m.groups())
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year}-{month:02d}-{day:02d}"
    return None


def split_info_line(line: str) -> list[tuple[str, str]] | None:
    """``[(field, value)…]`` when a line is made only of labelled values, else None."""
    if ":" not in line and "：" not in line:  # every label ends with a colon
        return None
    matches = list(INFO_LABEL_RE.finditer(line))
    if not matches or line[: matches[0].start()].strip(" |｜丨【[("):
        return None
    pairs = []
    for match, nxt in zip(matches, [*matches[1:], None], strict=True):
        value = line[match.end() : nxt.start() if nxt else len(line)].strip(" |｜丨】]）)")
        name = next(f for pattern, f in INFO_FIELD_RES if pattern.match(match.group(1)))
        if len(value) > _MAX_VALUE.get(name, 300):
            return None
        pairs.append((name, value))
    return pairs


def _set_field(meta: Metadata, name: str, value: str) -> bool:
    """Store one labelled value; False when it does not fit the field (the line stays)."""
    if name == "published_at":
        meta.published_at = meta.published_at or parse_date(value)
        return parse_date(value) is not None
    if name == "views":
        digits = re.match(r"\d+", value)
        meta.views = int(digits.group(0)) if digits and meta.views is None else meta.views
        return digits is not None or not value
    if name == "keywords":
        meta.keywords = meta.keywords or [k for k in KEYWORD_SPLIT_RE.split(value) if k]
    elif name in ("source_name", "author", "summary", "original_title") and value:
        setattr(meta, name, getattr(meta, name) or value)
    return True


def read_info_line(line: str, meta: Metadata, *, in_header: bool) -> bool:
    """Move a labelled metadata line into ``meta``; True when the line leaves the body."""
    pairs = split_info_line(line)
    if pairs is None or (not in_header and any(n not in _ANYWHERE for n, _ in pairs)):
        return False
    probe = Metadata()
    if not all(_set_field(probe, name, value) for name, value in pairs):
        return False
    meta.merge(probe)
    return True


def read_author_line(line: str) -> str | None:
    """The reporter of a sign-off line such as ``记者 方舟 报道`` or ``(本报记者 X)``."""
    if "记者" not in line and "文" not in line and "作者" not in line and "撰稿" not in line:
        return None  # the words every sign-off pattern starts with
    for pattern in AUTHOR_RES:
        if m := pattern.match(line.strip()):
            return re.sub(r"[\s、,，]+", " ", m.group(1)).strip()
    return None


def strip_leading_author(line: str) -> tuple[str, str | None]:
    """Remove a ``本报讯(记者 X)`` opening from a paragraph and return the reporter."""
    if m := LEADING_AUTHOR_RE.match(line):
        return line[m.end() :], re.sub(r"[\s、,，]+", " ", m.group(2)).strip()
    return line, None


def read_truncation(text: str) -> tuple[str, int | None]:
    """Remove a ``此处隐藏N字`` paywall marker; return the text and N (None if no marker)."""
    match = TRUNCATION_RE.search(text) if "此处隐藏" in text else None
    if match is None:
        return text, None
    return TRUNCATION_RE.sub("", text), int(match.group(1))


def looks_like_title(line: str) -> bool:
    """A headline is short, has no sentence punctuation at its end and no full stop inside."""
    text = line.strip()
    return (
        2 <= len(text) <= _MAX_TITLE
        and not text.endswith(_TERMINAL)
        and "。" not in text
        and split_info_line(text) is None
        and parse_date(text) != text
    )


def header_value(line: str, meta: Metadata) -> bool:
    """Bare values of a header block: a lone date line or a lone number (the view counter)."""
    text = line.strip()
    match = DATE_RE.fullmatch(text)
    if match and (value := format_date(match)):
        meta.published_at = meta.published_at or value
        return True
    if BARE_INT_RE.match(text) and meta.views is None:
        meta.views = int(text)
        return True
    return False


def split_keywords(keywords: list[str], context: str) -> list[str]:
    """Split a run-together keyword line (污染防治生态治理) into terms the text itself uses."""
    out: list[str] = []
    for word in keywords:
        out.extend(_segment(word, context) or [word])
    return out


def _segment(word: str, context: str) -> list[str] | None:
    """Cut ``word`` into pieces of at least two characters that each occur in ``context``."""
    if not 4 <= len(word) <= _MAX_RUN_KEYWORD or word in context:
        return None
    for cut in range(len(word) - 2, 1, -1):
        head, tail = word[:cut], word[cut:]
        if head in context:
            rest = [tail] if tail in context else _segment(tail, context)
            if rest:
                return [head, *rest]
    return None
