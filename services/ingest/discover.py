"""Link discovery on a column's list page: which links are articles, which page comes next.

Pure: HTML in, URLs out. Government CMSs give articles dated URLs (TRS ``/t20240430_123.html``,
Hanweb ``/art/2024/4/30/art_1_2.html``, ``/2024-04/30/content_3.html``…), so a column needs no
selector to be crawled; a source may still give a CSS selector or URL pattern when the default
picks up the wrong links.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from services.ingest.sources import Paging, Source

# Dated or numbered article paths of the CMSs Chinese local governments run.
DEFAULT_ARTICLE_PATTERN = re.compile(
    r"/t20\d{6}_\d+\.s?html?"  # TRS WCM: /202404/t20240430_123.html
    r"|/art/20\d{2}/\d{1,2}/\d{1,2}/"  # Hanweb: /art/2024/4/30/art_1229_123.html
    r"|/20\d{2}-\d{2}/\d{2}/"  # /2024-04/30/content_123.html
    r"|/content_\d+\.s?html?"  # content_123.html
    r"|/info/\d+/\d+\.s?html?"  # VSB: /info/1011/12345.htm
    r"|/20\d{2}/?[01]\d[0-3]\d/\w+\.s?html?"  # /2024/0430/abc.html, /20240430/123.html
    r"|/20\d{2}/[01]?\d/[0-3]?\d/\w+\.s?html?",  # /2024/4/30/123.html
)
NEXT_PAGE_TEXTS = ("下一页", "下页", "后一页")
# TRS list pages declare their page count to the pager script: createPageHTML(12, 0, "index", …)
TRS_PAGER = re.compile(r"createPage(?:HTML)?\(\s*(\d+)\s*,\s*(\d+)")
INDEX_PAGE = re.compile(r"^(?P<stem>index)(?:_(?P<n>\d+))?(?P<ext>\.s?html?)$")
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class ArticleLink:
    """An article found on a list page: its absolute URL and the anchor's title."""

    url: str
    title: str


@dataclass(frozen=True)
class DiscoveredPage:
    """What one list page offers: article links, in page order, and the list pages after it."""

    url: str
    articles: list[ArticleLink] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)


def discover_links(html: str | bytes, base_url: str, source: Source) -> DiscoveredPage:
    """Find the article links and the next list page(s) of the list page at ``base_url``."""
    tree = LexborHTMLParser(decode_html(html, source.encoding))
    base = _base_href(tree, base_url)
    articles = _article_links(tree, base, source)
    return DiscoveredPage(
        url=base_url,
        articles=articles,
        next_pages=_next_pages(tree, html, base_url, source.paging, has_articles=bool(articles)),
    )


def title_matches(title: str, include: list[str], exclude: list[str]) -> bool:
    """True when the title holds an included keyword (or none are given) and no excluded one."""
    if any(word in title for word in exclude):
        return False
    return not include or any(word in title for word in include)


def filter_by_keywords(links: list[ArticleLink], source: Source) -> list[ArticleLink]:
    """The links whose titles pass the source's include/exclude keywords."""
    return [
        link
        for link in links
        if title_matches(link.title, source.include_keywords, source.exclude_keywords)
    ]


def normalize_url(href: str, base_url: str) -> str:
    """``href`` resolved against ``base_url``, without fragment, with lower-case scheme and host."""
    parts = urlsplit(urljoin(base_url, href.strip()))
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def list_page_url(start_url: str, paging: Paging, number: int) -> str:
    """The URL of list page ``number`` (0 = the start page) for numbered paging styles."""
    if number == 0:
        return start_url
    if paging.style == "index_n":
        return _index_page(start_url, number)
    if paging.style == "query":
        return _with_query(start_url, paging.param, paging.first + number)
    raise ValueError(f"paging style {paging.style!r} has no numbered pages")


def decode_html(html: str | bytes, encoding: str | None = None) -> str:
    """Text of a page whose declared charset may be wrong: the override, else what decodes."""
    if isinstance(html, str):
        return html
    if encoding:
        return html.decode(encoding, errors="replace")
    for candidate in ("utf-8", "gb18030"):
        try:
            return html.decode(candidate)
        except UnicodeDecodeError:
            continue
    declared = META_CHARSET.search(html[:4096])
    return html.decode(_known_codec(declared.group(1).decode() if declared else "utf-8"), "replace")


def _known_codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


def _base_href(tree: LexborHTMLParser, page_url: str) -> str:
    node = tree.css_first("base[href]")
    href = node.attributes.get("href") if node is not None else None
    return urljoin(page_url, href) if href else page_url


def _article_links(tree: LexborHTMLParser, base: str, source: Source) -> list[ArticleLink]:
    pattern = re.compile(source.links.pattern) if source.links.pattern else None
    use_default = pattern is None and source.links.selector is None
    found: dict[str, ArticleLink] = {}
    for anchor in _candidate_anchors(tree, source.links.selector):
        url = _anchor_url(anchor, base)
        if url is None or (pattern is not None and not pattern.search(url)):
            continue
        if use_default and not _is_default_article(url, base):
            continue
        title = _anchor_title(anchor)
        if url not in found or (title and not found[url].title):
            found[url] = ArticleLink(url=url, title=title)
    return list(found.values())


def _candidate_anchors(tree: LexborHTMLParser, selector: str | None) -> list[LexborNode]:
    """Anchors matched by the selector (or inside what it matches); every anchor without one."""
    if selector is None:
        return list(tree.css("a[href]"))
    anchors: list[LexborNode] = []
    for node in tree.css(selector):
        anchors.extend([node] if node.tag == "a" else node.css("a[href]"))
    return anchors


def _anchor_url(anchor: LexborNode, base: str) -> str | None:
    """The anchor's absolute http(s) URL; ``None`` for javascript:, mailto: and empty hrefs."""
    href = (anchor.attributes.get("href") or "").strip()
    if not href or href.startswith("#"):
        return None
    url = normalize_url(href, base)
    return url if url.startswith(("http://", "https://")) else None


def _anchor_title(anchor: LexborNode) -> str:
    """List pages cut long titles short in the text but keep them whole in ``title``."""
    title = (anchor.attributes.get("title") or "").strip()
    return title or " ".join(anchor.text(separator=" ").split())


def _is_default_article(url: str, base: str) -> bool:
    return bool(DEFAULT_ARTICLE_PATTERN.search(urlsplit(url).path)) and _same_site(url, base)


def _same_site(url: str, base: str) -> bool:
    """Same host, or a subdomain of it, once ``www.`` is dropped (www.gov.cn is not a parent)."""
    host = urlsplit(url).netloc.removeprefix("www.")
    home = urlsplit(base).netloc.removeprefix("www.")
    return host == home or host.endswith("." + home)


def _next_pages(
    tree: LexborHTMLParser, html: str | bytes, url: str, paging: Paging, *, has_articles: bool
) -> list[str]:
    """Numbered styles go on while a page has articles (and the TRS pager says there are more)."""
    if paging.style == "next_link":
        return _next_link(tree, url)
    if paging.style == "none" or not has_articles:
        return []
    if paging.style == "index_n":
        current = _index_number(url)
        return [] if _is_last_trs_page(tree, current) else [_index_page(url, current + 1)]
    return [_with_query(url, paging.param, _query_number(url, paging) + 1)]


def _next_link(tree: LexborHTMLParser, url: str) -> list[str]:
    for anchor in tree.css("a[href]"):
        text = anchor.text(strip=True)
        if any(label in text for label in NEXT_PAGE_TEXTS):
            target = _anchor_url(anchor, url)
            if target is not None and target != normalize_url(url, url):
                return [target]
    return []


def _is_last_trs_page(tree: LexborHTMLParser, current: int) -> bool:
    for script in tree.css("script"):
        match = TRS_PAGER.search(script.text())
        if match:
            return current + 1 >= int(match.group(1))
    return False


def _index_number(url: str) -> int:
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    match = INDEX_PAGE.match(name)
    return int(match.group("n") or 0) if match else 0


def _index_page(url: str, number: int) -> str:
    """``index_N.html`` beside ``url`` (a column directory, ``index.html`` or ``index_K.html``)."""
    parts = urlsplit(url)
    directory, _, name = parts.path.rpartition("/")
    match = INDEX_PAGE.match(name)
    ext = match.group("ext") if match else ".html"
    new_name = f"index{ext}" if number == 0 else f"index_{number}{ext}"
    return urlunsplit((parts.scheme, parts.netloc, f"{directory}/{new_name}", "", ""))


def _query_number(url: str, paging: Paging) -> int:
    value = dict(parse_qsl(urlsplit(url).query)).get(paging.param, "")
    return int(value) if value.isdigit() else paging.first


def _with_query(url: str, param: str, number: int) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query[param] = str(number)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
