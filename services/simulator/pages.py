"""HTML of list and article pages, with the chrome real government pages put around an article.

Breadcrumbs, meta tags, the info line, font-size and print widgets, share buttons, 上一篇/下一篇,
相关新闻, a comment box and the site footer: everything the parse stage must strip or read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape

from services.simulator.content import Place, Story
from services.simulator.shapes import Shape

LIST_TITLE_CHARS = 22  # list pages cut long titles and keep them whole in title=""


@dataclass(frozen=True)
class Listed:
    """An article as a list or a neighbour link shows it."""

    path: str
    title: str
    when: datetime


@dataclass(frozen=True)
class SiteLook:
    """What every page of a site shares: names, shape, charset declaration and origin."""

    title: str
    place: Place
    shape: Shape
    origin: str
    meta_charset: str | None


def render_list(look: SiteLook, page: int, total: int, items: list[Listed]) -> str:
    """List page ``page`` of the column: nav links, the article list, the pager."""
    list_path = look.shape.list_path(page, total)
    rows = "\n".join(_list_row(look, item, list_path) for item in items)
    body = (
        f'<div class="location">{look.shape.breadcrumb}<a href="/">首页</a> &gt; '
        f'<a href="{look.shape.column_path}">新闻中心</a> &gt; 工作动态</div>\n'
        f'<div class="column"><h2>工作动态</h2>\n<ul class="list">\n{rows}\n</ul>\n'
        f'<div class="page">{look.shape.pager(page, total)}</div></div>'
    )
    return _document(look, f"工作动态_{look.title}", "", body)


def render_article(
    look: SiteLook, story: Story, when: datetime, neighbours: tuple[Listed | None, Listed | None]
) -> str:
    """An article page with meta tags, info line, body container and all the usual chrome."""
    shape = look.shape
    meta = (
        f'<meta name="ArticleTitle" content="{escape(story.title)}">\n'
        f'<meta name="PubDate" content="{when:%Y-%m-%d %H:%M}">\n'
        f'<meta name="ContentSource" content="{escape(story.source_name)}">\n'
        f'<meta name="ColumnName" content="工作动态">\n'
    )
    paragraphs = "".join(f"<p>{escape(text)}</p>" for text in story.paragraphs)
    body = (
        f'<div class="location">{shape.breadcrumb}<a href="/">首页</a> &gt; '
        f'<a href="{shape.column_path}">新闻中心</a> &gt; <a href="{shape.column_path}">工作动态'
        f'</a></div>\n<div class="article">\n<h1 class="title">{escape(story.title)}</h1>\n'
        f"{_info_line(shape, story, when)}\n"
        f"{shape.body_open}{paragraphs}{shape.body_close}\n"
        f'<div class="editor">责任编辑：{escape(story.editor)}</div>\n'
        f"{_widgets()}\n{_neighbour_links(neighbours)}\n{_related(neighbours)}\n{_comments()}\n"
        "</div>"
    )
    return _document(look, f"{escape(story.title)}_{look.title}", meta, body)


def render_message(look: SiteLook, title: str, message: str) -> str:
    """A plain page (errors, fault endpoints) in the site's look."""
    return _document(look, title, "", f"<h1>{escape(title)}</h1><p>{escape(message)}</p>")


def _document(look: SiteLook, title: str, meta: str, body: str) -> str:
    charset = f'<meta charset="{look.meta_charset}">\n' if look.meta_charset else ""
    return (
        f"<!DOCTYPE html>\n<html>\n<head>\n{charset}<title>{title}</title>\n"
        f'<meta name="SiteName" content="{escape(look.title)}">\n{meta}</head>\n<body>\n'
        f"{_header(look)}\n{body}\n{_footer(look)}\n</body>\n</html>\n"
    )


def _header(look: SiteLook) -> str:
    return (
        f'<div class="header"><div class="logo">{escape(look.title)}</div>'
        '<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>'
        '<li><a href="/hdjl/">互动交流</a></li><li><a href="/bsfw/">办事服务</a></li></ul>'
        '<form class="search" action="/search"><input name="q"><button>搜索</button></form></div>'
    )


def _footer(look: SiteLook) -> str:
    office = f"{look.place.name}人民政府"
    return (
        f'<div class="footer"><p>主办单位：{office}办公室　承办单位：{look.place.name}大数据中心</p>'
        "<p>网站标识码：4210000012　ICP备05003312号　公网安备 42100202000123号</p>"
        '<p>版权所有 · <a href="/lxwm/">联系我们</a> · <a href="/wzdt/">网站地图</a></p></div>'
    )


def _list_row(look: SiteLook, item: Listed, list_path: str) -> str:
    href = look.shape.href(item.path, list_path, look.origin)
    shown = (
        item.title if len(item.title) <= LIST_TITLE_CHARS else item.title[:LIST_TITLE_CHARS] + "…"
    )
    return (
        f'<li><a href="{escape(href)}" title="{escape(item.title)}" target="_blank">'
        f"{escape(shown)}</a><span>{item.when:%Y-%m-%d}</span></li>"
    )


def _info_line(shape: Shape, story: Story, when: datetime) -> str:
    return (
        f'<div class="info"><span>{shape.date_label}{when:%Y-%m-%d %H:%M}</span>　'
        f"<span>来源：{escape(story.source_name)}</span>　<span>作者：{escape(story.author)}</span>　"
        f"<span>浏览次数：{story.views}</span>　"
        '【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>'
    )


def _widgets() -> str:
    return (
        '<div class="tools"><a href="javascript:window.print()">【打印本页】</a> '
        '<a href="javascript:window.close()">【关闭窗口】</a> <a href="#top">返回顶部</a>'
        '<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a>'
        '</div><div class="qrcode">扫一扫在手机打开当前页</div></div>'
    )


def _neighbour_links(neighbours: tuple[Listed | None, Listed | None]) -> str:
    parts = []
    for label, item in zip(("上一篇：", "下一篇："), neighbours, strict=True):
        link = f'<a href="{item.path}">{escape(item.title)}</a>' if item else "没有了"
        parts.append(f"<p>{label}{link}</p>")
    return f'<div class="pager">{"".join(parts)}</div>'


def _related(neighbours: tuple[Listed | None, Listed | None]) -> str:
    items = "".join(
        f'<li><a href="{item.path}">{escape(item.title)}</a></li>' for item in neighbours if item
    )
    return f'<div class="related"><h3>相关新闻</h3><ul>{items}</ul></div>'


def _comments() -> str:
    return (
        '<div class="comments"><h3>网友评论</h3><p>0条评论</p>'
        '<textarea name="comment" placeholder="我要评论"></textarea><button>发表评论</button></div>'
    )
