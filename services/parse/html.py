"""Main content of an HTML page: standard meta tags, CMS body containers, then text density.

Government CMSs mark their article with stable containers (TRS_Editor, vsb_content, zoom …) and
standard ``<meta>`` tags (ArticleTitle, PubDate, ContentSource …); those are read first. Other pages
fall back on a text-density score over the DOM: long unlinked text counts for a block, link text
and short fragments count against it, and the best-scoring block is the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from services.parse.html_meta import date_text, pick_title, read_meta
from services.parse.patterns import (
    BLOCK_TAGS,
    CJK_RE,
    COMMENT_ATTR_RE,
    CONTENT_SELECTORS,
    DROP_TAGS,
    LINE_BREAK_TAGS,
    NEGATIVE_ATTR_RE,
    SECTION_TAGS,
    TIMED_DATE_RE,
)

_SENTENCE_PUNCT = re.compile(r"[。，！？；：、,.!?;]")
_SHORT = 10  # unlinked text shorter than this, without punctuation, is menu-like
_SHORT_WEIGHT = 0.5
_MAX_STAMP = 24
_MIN_POST, _MIN_POSTS, _POST_HEAD = 100.0, 3, 80  # a post's text, how many, where its stamp is
_LINK_WEIGHT = 1.0
_MIN_SELECTOR_SHARE = 0.6  # a CMS container must hold this share of the best block's text
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_MAX_LINK_TEXT = 300
_SMALL_BLOCK = 200  # widgets and bars are smaller than this
_LARGE_SHARE = 0.3  # a block with this share of the page's text is not furniture
_HIDDEN_SHARE = 0.6  # a hidden block holding more than this is the article revealed by script
# Elements worth testing for furniture names: blocks, not links, images or inputs. Sections
# (SECTION_TAGS) hold furniture on most pages but wrap the whole page on some (ASP.NET forms):
# they go only when they hold a small share of the page's text, like class-matched blocks.
_BLOCKISH = frozenset(
    ("div", "section", "ul", "ol", "dl", "table", "tr", "td", "p", "span", "li", "h2", "h3")
)
# Every element any rule below looks at; one query in C instead of a Python loop over the DOM.
_MARK_SELECTOR = ",".join(["[class]", "[id]", "[style]", "[itemprop]", "h1", *SECTION_TAGS])
_HIDDEN, _COMMENTS, _NEGATIVE, _SECTION = 1, 2, 4, 8  # furniture kinds, OR-ed
_FURNITURE = _HIDDEN | _COMMENTS | _NEGATIVE | _SECTION
_HEAD, _CONTENT = 16, 32  # a headline, a CMS body container
_CONTENT_SELECTOR = ",".join(CONTENT_SELECTORS)
_HTML_TAG_RE = re.compile(r"<(?:html|head|body|div|p|br|table|meta|title|!doctype)\b[^>]*>", re.I)
_SKIP = frozenset({"-comment", "-doctype"})


@dataclass
class HtmlArticle:
    """What the HTML step found: metadata from tags, a title, and the article's text lines."""

    meta: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    lines: list[str] = field(default_factory=list)
    date_text: str | None = None
    page_url: str | None = None


@dataclass
class _Scores:
    """Per-block text tallies from one walk over the DOM, keyed by node identity."""

    good: dict[int, float] = field(default_factory=dict)
    bad: dict[int, float] = field(default_factory=dict)
    best: LexborNode | None = None
    best_score: float = 0.0


def _content_hints() -> tuple[frozenset[str], frozenset[str], tuple[str, ...], frozenset[str]]:
    """Lower-cased class names, ids, id prefixes and itemprops that CONTENT_SELECTORS name.

    They pre-filter elements in Python (a superset: lexbor compares class and id case-blind only
    in quirks mode); lexbor itself confirms the few candidates, so matching stays its own."""
    classes, ids, prefixes, props = set(), set(), [], set()
    for selector in CONTENT_SELECTORS:
        if selector.startswith("."):
            classes.add(selector[1:].lower())
        elif selector.startswith("#"):
            ids.add(selector[1:].lower())
        elif m := re.fullmatch(r"\[id\^=([\w-]+)\]", selector):
            prefixes.append(m.group(1).lower())
        elif m := re.fullmatch(r"\[itemprop=([\w-]+)\]", selector):
            props.add(m.group(1).lower())
        else:  # a selector of another form would escape the pre-filter
            raise ValueError(f"unsupported content selector: {selector}")
    return frozenset(classes), frozenset(ids), tuple(prefixes), frozenset(props)


_CONTENT_CLASSES, _CONTENT_IDS, _CONTENT_ID_PREFIXES, _CONTENT_PROPS = _content_hints()


@lru_cache(maxsize=16384)
def _classify(tag: str, cls: str, ident: str, prop: str, style: str) -> int:
    """What an element's tag and attributes say about it, as the OR of flags: _HEAD, _CONTENT
    (class, id or itemprop may name a CMS body container, see ``_content_hints``) and the
    furniture kinds _HIDDEN, _COMMENTS, _NEGATIVE, _SECTION. Pages of a site repeat the same
    names, so each combination is worked out once."""
    flags = _HEAD if tag == "h1" else 0
    low_id = ident.lower()
    if (
        not _CONTENT_CLASSES.isdisjoint(cls.lower().split())
        or low_id in _CONTENT_IDS
        or low_id.startswith(_CONTENT_ID_PREFIXES)
        or prop.lower() in _CONTENT_PROPS
    ):
        flags |= _CONTENT
    if tag in SECTION_TAGS:
        flags |= _SECTION
    elif tag not in _BLOCKISH:
        return flags
    if _HIDDEN_STYLE.search(style):
        flags |= _HIDDEN
    words = f"{cls} {ident}"
    if COMMENT_ATTR_RE.search(words):
        flags |= _COMMENTS
    if NEGATIVE_ATTR_RE.search(words):
        flags |= _NEGATIVE
    return flags


@dataclass
class _Marked:
    """Elements of interest, from one selector query over the page in document order."""

    heads: list[LexborNode] = field(default_factory=list)  # <h1>
    content: list[LexborNode] = field(default_factory=list)  # CMS body containers
    furniture: list[tuple[LexborNode, int]] = field(default_factory=list)  # (block, kind)


def _mark(tree: LexborHTMLParser) -> _Marked:
    """Headlines, CMS body containers and blocks named or styled like furniture."""
    marked = _Marked()
    last = None
    for node in tree.css(_MARK_SELECTOR):
        key = node.mem_id
        if key == last:  # lexbor lists an element once per selector it matches
            continue
        last = key
        attrs = node.attributes
        flags = _classify(
            node.tag,
            attrs.get("class") or "",
            attrs.get("id") or "",
            attrs.get("itemprop") or "",
            attrs.get("style") or "",
        )
        if not flags:
            continue
        if flags & _HEAD:
            marked.heads.append(node)
        if flags & _CONTENT and node.css_matches(_CONTENT_SELECTOR):
            marked.content.append(node)
        if flags & _FURNITURE:
            marked.furniture.append((node, flags & _FURNITURE))
    return marked


def _drop_furniture(tree: LexborHTMLParser, marked: _Marked) -> None:
    """Remove blocks that are never article text (widgets, nav, comments…), except the ones
    that wrap the article (see ``_holds_article``).

    Every block is judged on the page as parsed, then the chosen ones are removed last first, so
    that no removal can touch a block still to be judged or removed."""
    body = tree.body
    total = len(body.text(deep=True)) if body is not None else 0
    keep = _article_ancestors([*marked.heads, *marked.content])
    drop = []
    for node, kind in marked.furniture:
        if kind & _HIDDEN:  # duplicates for print or elders
            hidden_copy = len(node.text()) < total * _HIDDEN_SHARE
            if hidden_copy:
                drop.append(node)
        elif not _holds_article(node, total, bool(kind & _COMMENTS), keep):
            drop.append(node)
    for node in reversed(drop):
        node.decompose()


def _article_ancestors(marks: list[LexborNode]) -> set[int]:
    """Identities of every block that contains a headline or a CMS body container."""
    keep: set[int] = set()
    for node in marks:
        parent = node.parent
        while parent is not None and parent.mem_id not in keep:
            keep.add(parent.mem_id)
            parent = parent.parent
        keep.add(node.mem_id)
    return keep


def _holds_article(node: LexborNode, total: int, comments: bool, keep: set[int]) -> bool:
    """True when a block named like furniture still wraps the article: it holds the headline or
    a CMS body container, or (except comment areas) a large share of the page's text."""
    size = len(node.text())
    if size < _SMALL_BLOCK:
        return False
    return node.mem_id in keep or (not comments and size >= total * _LARGE_SHARE)


def _link_size(node: LexborNode) -> int | None:
    """Text size of a real link; None for anchors without href or wrapping whole sections
    (an unclosed ``<a name=…>`` swallows what follows it)."""
    if "href" not in node.attributes:
        return None
    size = len(node.text(deep=True, strip=True))
    return size if size < _MAX_LINK_TEXT else None


def _walk(node: LexborNode, scores: _Scores) -> tuple[float, float]:
    """Tally good and bad text of ``node``'s subtree; remember the best-scoring block."""
    good = bad = 0.0
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":  # unlinked text: a timestamp, a sentence or a menu-like fragment
            text = (child.text_content or "").strip()
            size = len(text)
            if not size:
                continue
            if size <= _MAX_STAMP and TIMED_DATE_RE.match(text):  # a list item's timestamp
                bad += size
            elif size >= _SHORT or _SENTENCE_PUNCT.search(text):
                good += size
            else:
                bad += size * _SHORT_WEIGHT
        elif tag == "a" and (link := _link_size(child)) is not None:
            bad += link * _LINK_WEIGHT
        elif tag not in _SKIP and tag is not None:
            g, b = _walk(child, scores)
            good += g
            bad += b
    key = node.mem_id
    scores.good[key], scores.bad[key] = good, bad
    if good - bad > scores.best_score:
        scores.best, scores.best_score = node, good - bad
    return good, bad


def _selector_block(content: list[LexborNode], scores: _Scores) -> LexborNode | None:
    """The first CMS body container holding most of the best block's text, if any.

    ``content`` lists the containers of the page as parsed; the ones removed as furniture have
    no score (the walk did not reach them) and are passed over before anything reads them."""
    best_good = scores.good.get(scores.best.mem_id, 0.0) if scores.best is not None else 0.0
    for selector in CONTENT_SELECTORS:  # priority order; one query found them all
        for node in content:
            good = scores.good.get(node.mem_id, 0.0)
            if good < best_good * _MIN_SELECTOR_SHARE or good <= scores.bad.get(node.mem_id, 0):
                continue
            if node.css_matches(selector):
                return node
    return None


def _first_post(block: LexborNode, scores: _Scores) -> LexborNode:
    """On a blog or column page showing several posts, each a headline and a timestamp over
    its text, the page's article is the first post; elsewhere the block itself."""
    posts = [
        child
        for child in block.iter()
        if scores.good.get(child.mem_id, 0.0) >= _MIN_POST
        and TIMED_DATE_RE.search(_head_text(child, _POST_HEAD))
    ]
    same = {(p.tag, p.attributes.get("class")) for p in posts}
    return posts[0] if len(posts) >= _MIN_POSTS and len(same) == 1 else block


def _head_text(node: LexborNode, limit: int) -> str:
    """``node.text(strip=True)[:limit]`` without serialising the rest of a large block."""
    parts: list[str] = []
    size = 0
    for child in node.traverse(include_text=True):
        if child.tag == "-text" and (text := (child.text_content or "").strip()):
            parts.append(text)
            size += len(text)
            if size >= limit:
                break
    return "".join(parts)[:limit]


def _emit(node: LexborNode, scores: _Scores, lines: list[str], current: list[str]) -> None:
    """Append the block's text to ``lines``, one line a block, skipping link lists."""
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            current.append(child.text_content or "")
        elif tag in LINE_BREAK_TAGS:
            _flush(lines, current)
        elif tag in BLOCK_TAGS:
            key = child.mem_id
            if scores.bad.get(key, 0.0) > scores.good.get(key, 0.0) * 1.5 + 4:
                continue  # a list of links or a menu inside the article block
            _flush(lines, current)
            _emit(child, scores, lines, current)
            _flush(lines, current)
        elif tag not in _SKIP and tag is not None:
            _emit(child, scores, lines, current)


def _flush(lines: list[str], current: list[str]) -> None:
    if not current:  # most block boundaries follow another one: nothing gathered since
        return
    text = " ".join("".join(current).split())
    if text:
        lines.append(text)
    current.clear()


def extract_html(html: str, *, utf8: bytes | None = None) -> HtmlArticle:
    """Read meta tags, title, date line and the article's text lines from a page.

    ``utf8``, when given, is ``html`` as UTF-8 bytes (the page as fetched): the parser takes
    them as they are instead of encoding the text once more."""
    tree = LexborHTMLParser(utf8 if utf8 is not None else html)
    meta = read_meta(tree)
    article = HtmlArticle(meta=meta, title=pick_title(tree, meta), page_url=meta.get("url"))
    canonical = tree.css_first("link[rel=canonical]")
    if article.page_url is None and canonical is not None:
        article.page_url = canonical.attributes.get("href")
    tree.strip_tags(DROP_TAGS)
    article.date_text = date_text(tree, article.title)
    marked = _mark(tree)
    _drop_furniture(tree, marked)
    root = tree.body
    if root is None:
        return article
    scores = _Scores()
    _walk(root, scores)
    block = _selector_block(marked.content, scores) or _first_post(scores.best or root, scores)
    current: list[str] = []
    _emit(block, scores, article.lines, current)
    _flush(article.lines, current)
    return article


def looks_like_html(text: str) -> bool:
    """True when text is an HTML page rather than plain text."""
    return _HTML_TAG_RE.search(text, 0, 20_000) is not None


def has_cjk(text: str) -> bool:
    """True when the text holds Chinese characters."""
    return CJK_RE.search(text) is not None
