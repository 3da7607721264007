"""Link discovery on list pages: article links, titles, next pages, keyword filtering."""

from __future__ import annotations

import httpx
import pytest

from services.ingest.discover import (
    ArticleLink,
    discover_links,
    filter_by_keywords,
    list_page_url,
    normalize_url,
    title_matches,
)
from services.ingest.sources import ArticleLinks, Paging, Region, Source
from services.simulator import start_simulator

COLUMN = "http://www.jingzhou.gov.cn/xwzx/gzdt/"


def make_source(**fields: object) -> Source:
    values: dict[str, object] = {
        "name": "jingzhou",
        "level": "city",
        "region": Region(province="湖北省", city="荆州市"),
        "start_urls": [COLUMN],
    }
    values.update(fields)
    return Source.model_validate(values)


def page(*anchors: str, extra: str = "") -> str:
    return f"<html><body><ul>{''.join(f'<li>{a}</li>' for a in anchors)}</ul>{extra}</body></html>"


def urls(html: str, base: str = COLUMN, **fields: object) -> list[str]:
    return [link.url for link in discover_links(html, base, make_source(**fields)).articles]


@pytest.mark.parametrize(
    "href",
    [
        "./202404/t20240430_123.html",
        "/art/2024/4/30/art_1229_123.html",
        "/zwgk/2024-04/30/content_123.html",
        "/xwzx/content_123.shtml",
        "/info/1011/12345.htm",
        "/news/2024/0430/abc123.html",
        "/doc/2024/04/30/123456.shtml",
    ],
)
def test_default_rule_finds_dated_article_links_of_each_cms(href: str) -> None:
    assert len(urls(page(f'<a href="{href}">会议</a>'))) == 1


@pytest.mark.parametrize("href", ["/", "/zwgk/", "/xwzx/gzdt/index_1.html", "/lxwm/index.html"])
def test_navigation_links_are_not_articles(href: str) -> None:
    assert urls(page(f'<a href="{href}">首页</a>')) == []


def test_relative_link_resolves_against_page_url() -> None:
    found = urls(page('<a href="./202404/t20240430_1.html">x</a>'))
    assert found == ["http://www.jingzhou.gov.cn/xwzx/gzdt/202404/t20240430_1.html"]


def test_base_href_overrides_page_url_for_relative_links() -> None:
    html = '<head><base href="http://www.jingzhou.gov.cn/other/"></head>' + page(
        '<a href="202404/t20240430_1.html">x</a>'
    )
    assert urls(html) == ["http://www.jingzhou.gov.cn/other/202404/t20240430_1.html"]


def test_fragment_is_dropped_and_duplicates_merge() -> None:
    html = page(
        '<a href="/a/202404/t20240430_1.html#top">x</a>',
        '<a href="/a/202404/t20240430_1.html">x</a>',
    )
    assert urls(html) == ["http://www.jingzhou.gov.cn/a/202404/t20240430_1.html"]


def test_title_attribute_wins_over_truncated_anchor_text() -> None:
    html = page(
        '<a href="/a/t20240430_1.html" title="荆州市召开生态环境保护委员会全体会议">荆州市召开…</a>'
    )
    [link] = discover_links(html, COLUMN, make_source()).articles
    assert link.title == "荆州市召开生态环境保护委员会全体会议"


def test_anchor_text_whitespace_collapses_into_title() -> None:
    html = page('<a href="/a/t20240430_1.html">  荆州市召开\n   推进会 </a>')
    assert discover_links(html, COLUMN, make_source()).articles[0].title == "荆州市召开 推进会"


def test_links_to_other_sites_are_ignored_by_default() -> None:
    assert urls(page('<a href="http://www.gov.cn/xinwen/2024-04/30/content_1.htm">x</a>')) == []


def test_links_to_a_subdomain_of_the_site_are_kept() -> None:
    found = urls(page('<a href="http://sthjj.jingzhou.gov.cn/a/t20240430_1.html">x</a>'))
    assert len(found) == 1


def test_javascript_and_mailto_links_are_ignored() -> None:
    html = page(
        "<a href=\"javascript:open('/a/t20240430_1.html')\">x</a>", '<a href="mailto:a@b">m</a>'
    )
    assert urls(html, links=ArticleLinks(selector="a")) == []


def test_css_selector_limits_articles_to_the_matched_region() -> None:
    html = page('<a href="/a/t20240430_1.html">side</a>') + (
        '<div class="list"><a href="/b/t20240430_2.html">main</a></div>'
    )
    found = urls(html, links=ArticleLinks(selector="div.list"))
    assert found == ["http://www.jingzhou.gov.cn/b/t20240430_2.html"]


def test_url_pattern_replaces_the_default_rule() -> None:
    html = page('<a href="/news/show.asp?id=77">x</a>', '<a href="/a/t20240430_1.html">y</a>')
    found = urls(html, links=ArticleLinks(pattern=r"show\.asp\?id=\d+"))
    assert found == ["http://www.jingzhou.gov.cn/news/show.asp?id=77"]


def next_pages(html: str, base: str, paging: Paging) -> list[str]:
    return discover_links(html, base, make_source(paging=paging)).next_pages


ARTICLE = '<a href="/a/t20240430_1.html">会议</a>'


def test_index_paging_goes_from_column_directory_to_index_1() -> None:
    assert next_pages(page(ARTICLE), COLUMN, Paging()) == [COLUMN + "index_1.html"]


def test_index_paging_increments_and_keeps_the_extension() -> None:
    assert next_pages(page(ARTICLE), COLUMN + "index_4.shtml", Paging()) == [
        COLUMN + "index_5.shtml"
    ]


def test_index_paging_stops_at_the_count_the_trs_pager_declares() -> None:
    pager = '<script>createPageHTML(5, 4, "index", "html");</script>'
    assert next_pages(page(ARTICLE, extra=pager), COLUMN + "index_4.html", Paging()) == []


def test_numbered_paging_stops_on_a_page_without_articles() -> None:
    assert next_pages(page('<a href="/">首页</a>'), COLUMN + "index_9.html", Paging()) == []


def test_query_paging_increments_its_parameter_and_keeps_the_others() -> None:
    base = "http://x.gov.cn/col/col1229/index.html?uid=7&page=2"
    found = next_pages(page(ARTICLE), base, Paging(style="query"))
    assert found == ["http://x.gov.cn/col/col1229/index.html?uid=7&page=3"]


def test_query_paging_starts_after_the_first_page_number() -> None:
    base = "http://x.gov.cn/list.html"
    found = next_pages(page(ARTICLE), base, Paging(style="query", param="pageNum", first=0))
    assert found == ["http://x.gov.cn/list.html?pageNum=1"]


def test_next_link_paging_follows_the_xiayiye_link() -> None:
    pager = '<a href="list_1.html">上一页</a><a href="list_3.html">下一页</a>'
    found = next_pages(
        page(extra=pager), "http://x.gov.cn/news/list_2.html", Paging(style="next_link")
    )
    assert found == ["http://x.gov.cn/news/list_3.html"]


def test_next_link_paging_ends_at_a_javascript_next_link() -> None:
    pager = '<a href="javascript:;">下一页</a>'
    assert next_pages(page(extra=pager), COLUMN, Paging(style="next_link")) == []


def test_no_paging_offers_no_next_page() -> None:
    assert next_pages(page(ARTICLE), COLUMN, Paging(style="none")) == []


def test_list_page_url_numbers_index_and_query_pages() -> None:
    assert list_page_url(COLUMN, Paging(), 3) == COLUMN + "index_3.html"
    assert (
        list_page_url("http://x.gov.cn/l", Paging(style="query"), 3) == "http://x.gov.cn/l?page=4"
    )


def test_gbk_bytes_declared_utf8_still_give_chinese_titles() -> None:
    html = (
        '<meta charset="utf-8">' + page('<a href="/a/t20240430_1.html">舞阳县召开会议</a>')
    ).encode("gbk")
    assert discover_links(html, COLUMN, make_source()).articles[0].title == "舞阳县召开会议"


def test_encoding_override_decides_how_bytes_are_read() -> None:
    html = page('<a href="/a/t20240430_1.html">會議</a>').encode("big5")
    found = discover_links(html, COLUMN, make_source(encoding="big5")).articles
    assert found[0].title == "會議"


def test_normalize_url_lowercases_host_and_drops_fragment() -> None:
    assert (
        normalize_url(" ../B.html#p2 ", "HTTP://WWW.X.GOV.CN/a/c.html")
        == "http://www.x.gov.cn/B.html"
    )


@pytest.mark.parametrize(
    ("title", "include", "exclude", "expected"),
    [
        ("荆州市召开生态环境保护委员会全体会议", ["会议"], [], True),
        ("荆州市举办全民健身运动会", ["会议", "环保"], [], False),
        ("荆州市举办全民健身运动会", [], [], True),
        ("荆州市环保局招聘公告", ["环保"], ["招聘"], False),
    ],
)
def test_title_matches_includes_unless_excluded(
    title: str, include: list[str], exclude: list[str], expected: bool
) -> None:
    assert title_matches(title, include, exclude) is expected


def test_filter_by_keywords_uses_the_source_lists() -> None:
    links = [
        ArticleLink("http://a/1", "污染防治攻坚战调度会"),
        ArticleLink("http://a/2", "植树活动"),
    ]
    assert filter_by_keywords(links, make_source()) == links[:1]


SIMULATED_PAGING = {
    "jingzhou": "index_n",
    "qionglai": "query",
    "wuyang": "next_link",
    "binhu": "next_link",
}


@pytest.mark.parametrize("site", sorted(SIMULATED_PAGING))
def test_paging_through_a_simulated_column_finds_every_article(site: str) -> None:
    with start_simulator(column_size=45, per_page=20) as sim, httpx.Client() as client:
        source = make_source(
            start_urls=[sim.column_url(site)], paging=Paging(style=SIMULATED_PAGING[site])
        )
        found: set[str] = set()
        pending = [sim.column_url(site)]
        while pending:
            url = pending.pop()
            discovered = discover_links(client.get(url).content, url, source)
            found.update(link.url for link in discovered.articles)
            pending.extend(discovered.next_pages)
        assert found == set(sim.article_urls(site)) | set(sim.private_urls(site))
