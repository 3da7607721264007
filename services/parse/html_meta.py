"""Page metadata from HTML: ``<meta>`` tags, the headline and the publish date line.

Standard government meta tags (ArticleTitle, PubDate, ContentSource …) come first because CMSs
fill them from the article record; the visible page is only read when they are missing.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from services.parse.patterns import (
    DATE_LABEL_RE,
    FULL_DATE_RE,
    META_FIELDS,
    TIMED_DATE_RE,
    US_DATE_RE,
)

_TITLE_SPLIT = re.compile(r"\s+[-–—|｜_]\s+|\s*(?:[_|｜]|::|--|——)\s*")
_MIN_TITLE = 5  # "首页" or a two-character column name is not a headline
_NEAR_TITLE = 600  # characters after the headline where its date line sits
_NEAR_LABEL = 40
_DATE_SPAN = 40
_DATE_ORDER = (TIMED_DATE_RE, FULL_DATE_RE, US_DATE_RE)


def read_meta(tree: LexborHTMLParser) -> dict[str, str]:
    """Record fields from ``<meta name|property|itemprop=… content=…>`` tags."""
    found: dict[str, str] = {}
    for node in tree.css("meta[content]"):
        attrs = node.attributes
        key = attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or ""
        value = str(attrs.get("content") or "").strip()
        if key and value:
            found.setdefault(key.strip().lower(), value)
    meta: dict[str, str] = {}
    for name, keys in META_FIELDS.items():
        hit = next((found[k] for k in keys if k in found), None)
        if hit:
            meta[name] = hit
    return meta


def _node_text(node: LexborNode) -> str:
    return " ".join(node.text(deep=True, separator=" ", strip=True).split())


def pick_title(tree: LexborHTMLParser, meta: dict[str, str]) -> str | None:
    """ArticleTitle meta, else the page's h1, else ``<title>`` without the site's suffix."""
    if meta.get("title"):
        return meta["title"].strip()
    head = tree.css_first("title")
    page_title = _node_text(head) if head is not None else ""
    for tag in ("h1", "h2"):
        for node in tree.css(tag):
            text = _node_text(node)
            if len(text) >= 4 and (not page_title or text[:6] in page_title):
                return text
    if page_title:
        parts = [p for p in _TITLE_SPLIT.split(page_title) if p]
        return next((p for p in parts if len(p) >= _MIN_TITLE), page_title)
    return None


def _first(patterns: tuple[re.Pattern[str], ...], text: str, start: int, end: int) -> str | None:
    for pattern in patterns:
        if m := pattern.search(text, start, end):
            return text[m.start() : m.start() + _DATE_SPAN]  # the seconds after a minute match
    return None


def date_text(tree: LexborHTMLParser, title: str | None) -> str | None:
    """Text of the date under the headline, else of the first labelled date, else the first
    date with a time of day on the page (a timestamp is what CMSs print for publication).

    Works on the page's text as one string: regex scans in C beat a Python loop over lines."""
    body = tree.body
    if body is None:
        return None
    text = body.text(separator="\n")
    anchor = text.find(title[:12]) if title else -1
    if anchor >= 0 and (hit := _first(_DATE_ORDER, text, anchor, anchor + _NEAR_TITLE)):
        return hit
    for label in DATE_LABEL_RE.finditer(text):
        if hit := _first(_DATE_ORDER, text, label.end(), label.end() + _NEAR_LABEL):
            return hit
    return _first(_DATE_ORDER, text, 0, len(text))
