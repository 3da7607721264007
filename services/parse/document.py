"""From raw input to a ``CleanDocument``: decode, extract, normalize, metadata, strip chrome.

The steps run in this order so that every rule sees one punctuation style: text is normalized
(pinyin glosses, script, widths) before chrome and metadata lines are recognised, and metadata
lines are read before chrome is dropped so that 来源 / 原标题 lines become fields, not losses.
"""

from __future__ import annotations

import hashlib

from services.parse.chrome import cut_tail_lists, is_chrome_line
from services.parse.decode import Decoded, decode_bytes, looks_binary
from services.parse.html import HtmlArticle, extract_html, has_cjk, looks_like_html
from services.parse.metadata import (
    Metadata,
    date_from_url,
    header_value,
    looks_like_title,
    parse_date,
    read_author_line,
    read_info_line,
    read_truncation,
    split_info_line,
    split_keywords,
    strip_leading_author,
)
from services.parse.models import CleanDocument
from services.parse.normalize import Normalized, normalize_line, normalize_text, normalize_value

_HEADER_LINES = 10  # metadata sits within a few lines of the headline
_MIN_TITLE_PART = 4
_TITLE_AFFIX = 12  # "正在阅读：" and the like before a repeated headline


def _decode_input(data: bytes | str, content_type: str | None) -> tuple[Decoded | None, str | None]:
    """(decoded text, unusable flag): the flag is set when there is nothing to parse."""
    if isinstance(data, str):  # isspace() instead of strip(): no copy of the page
        usable = data and not data.isspace()
        return (Decoded(data, None), None) if usable else (None, "empty_input")
    if not data or data.isspace():
        return None, "empty_input"
    decoded = decode_bytes(data, content_type)
    text = decoded.text
    if text is None or looks_binary(text):
        return None, "binary_input"
    return (decoded, None) if text and not text.isspace() else (None, "empty_input")


def _title_line(lines: list[str]) -> int | None:
    """Index of the headline of a plain text: a short first line that a body follows."""
    first = next((i for i, ln in enumerate(lines) if ln and not is_chrome_line(ln)), None)
    if first is None or not looks_like_title(lines[first]):
        return None
    rest = [ln for ln in lines[first + 1 :] if ln]
    return first if len(rest) >= 2 else None


def _read_header(lines: list[str], start: int, meta: Metadata) -> int:
    """Consume the metadata block below the headline; return where the body begins."""
    index = start
    while index < len(lines) and index < start + _HEADER_LINES:
        line = lines[index]
        if line and not (
            is_chrome_line(line)
            or read_info_line(line, meta, in_header=True)
            or header_value(line, meta)
        ):
            break
        index += 1
    return index


def _read_body(lines: list[str], meta: Metadata) -> list[str]:
    """Body lines without metadata lines, sign-offs and chrome."""
    body: list[str] = []
    for line in cut_tail_lists([ln for ln in lines if ln]):
        if is_chrome_line(line) or read_info_line(line, meta, in_header=False):
            continue
        if (author := read_author_line(line)) is not None:
            meta.author = meta.author or author
            continue
        body.append(line)
    if body:
        body[0], author = strip_leading_author(body[0])
        meta.author = meta.author or author
    return [ln for ln in body if ln.strip()]


def split_text(lines: list[str], meta: Metadata, *, find_title: bool) -> list[str]:
    """Move the headline and metadata of ``lines`` into ``meta``; return the body lines."""
    start = 0
    title_at = _title_line(lines) if find_title else None
    if title_at is not None:
        meta.title = lines[title_at]
        start = title_at + 1
    elif meta.title:
        start = _past_known_title(lines, normalize_line(meta.title))
    body_start = _read_header(lines, start, meta)
    head = [ln for ln in lines[:start] if not _is_title_part(ln, meta.title or "")]
    head = [ln for ln in head if not is_chrome_line(ln) and split_info_line(ln) is None]
    return _read_body(head + lines[body_start:], meta)


def _is_title_part(line: str, title: str) -> bool:
    """True for the headline, a piece of it (two-line headlines) or a line quoting it."""
    if len(line) < _MIN_TITLE_PART or not title:
        return False
    return line in title or (title in line and len(line) <= len(title) + _TITLE_AFFIX)


def _past_known_title(lines: list[str], title: str) -> int:
    """Index after the last headline line among the first lines of a page's article block."""
    hits = [i for i, ln in enumerate(lines[:_HEADER_LINES]) if _is_title_part(ln, title)]
    return hits[-1] + 1 if hits else 0


def _html_metadata(article: HtmlArticle, url: str | None) -> Metadata:
    """Fields from meta tags, the date line near the title and the URL, in that order."""
    tags = article.meta
    meta = Metadata(
        title=normalize_line(article.title) if article.title else None,
        source_name=tags.get("source_name"),
        author=tags.get("author"),
        summary=tags.get("summary"),
        keywords=[k for k in tags.get("keywords", "").replace("，", ",").split(",") if k.strip()],
    )
    meta.published_at = parse_date(tags.get("published_at", ""), need_day=True)
    if meta.published_at is None and article.date_text:
        meta.published_at = parse_date(article.date_text, need_day=True)
    meta.published_at = meta.published_at or date_from_url(url) or date_from_url(article.page_url)
    return meta


def _keywords(keywords: list[str], context: str) -> list[str]:
    """Keywords as listed; a single run-together value is split on terms the text uses."""
    words = [k.strip() for k in keywords if k.strip()]
    return split_keywords(words, context) if len(words) == 1 else words


def _finish(url: str | None, lines: list[str], meta: Metadata, info: Normalized) -> CleanDocument:
    body = "\n".join(lines)
    context = "\n".join(filter(None, [meta.title, meta.summary, body]))
    flags = list(info.flags)
    if meta.truncated:
        flags.append(f"truncated: the source hides {meta.hidden_chars} characters")
    if not has_cjk(body):
        flags.append("no_chinese_text")
    return CleanDocument(
        url=url,
        title=normalize_value(meta.title),
        original_title=normalize_value(meta.original_title),
        published_at=meta.published_at,
        source_name=normalize_value(meta.source_name),
        author=normalize_value(meta.author),
        views=meta.views,
        keywords=_keywords(meta.keywords, context),
        summary=normalize_value(meta.summary),
        truncated=meta.truncated,
        hidden_chars=meta.hidden_chars,
        body=body,
        quality_flags=flags,
        content_hash=hashlib.sha256(body.encode("utf-8")).hexdigest(),
        original_script=info.script,
        pinyin_glosses_removed=info.glosses_removed,
    )


def clean_document(
    data: bytes | str, *, url: str | None = None, content_type: str | None = None
) -> CleanDocument:
    """Reduce a page or text to its article text and metadata. Never raises."""
    decoded, unusable = _decode_input(data, content_type)
    if decoded is None or decoded.text is None:
        return CleanDocument(url=url, quality_flags=[unusable or "empty_input"])
    text = decoded.text
    is_html = looks_like_html(text)
    if is_html:
        article = extract_html(text, utf8=decoded.utf8)
        meta, raw_lines = _html_metadata(article, url), article.lines
    else:
        meta, raw_lines = Metadata(), text.splitlines()
    joined, hidden = read_truncation("\n".join(raw_lines))
    meta.truncated, meta.hidden_chars = hidden is not None, hidden
    lines, info = normalize_text(joined.split("\n"))
    body = split_text(lines, meta, find_title=not is_html)
    return _finish(url, body, meta, info)
