"""The CMS families local governments run, as URL schemes, pagers and body containers.

Each shape reproduces what a crawler meets on the real thing: how list pages are numbered, how
article links are written (relative, root-relative, absolute, ``../../``), how the pager says
there is a next page, and which container holds the article body.
"""

from __future__ import annotations

from datetime import datetime


class Shape:
    """One CMS family. ``page`` counts from 0 (the column's start page) to ``total - 1``."""

    name = ""
    column_path = ""
    aliases: tuple[str, ...] = ()  # other paths that serve list page 0
    private_prefix = ""  # robots.txt disallows it; its articles must never be fetched
    page_param: str | None = None  # list pages numbered by this query parameter (1-based)
    breadcrumb = "当前位置："
    date_label = "发布时间："
    body_open = '<div class="TRS_Editor">'
    body_close = "</div>"

    def list_path(self, page: int, total: int) -> str:
        raise NotImplementedError

    def article_path(self, article_id: int, when: datetime) -> str:
        raise NotImplementedError

    def private_path(self, article_id: int, when: datetime) -> str:
        raise NotImplementedError

    def href(self, path: str, list_path: str, origin: str) -> str:
        """How the list page at ``list_path`` writes its link to the article at ``path``."""
        return path

    def pager(self, page: int, total: int) -> str:
        raise NotImplementedError


class TrsShape(Shape):
    """TRS WCM: ``index.html``, ``index_1.html``…; pager drawn by ``createPageHTML`` script."""

    name = "trs"
    column_path = "/xwzx/gzdt/"
    aliases = ("/xwzx/gzdt/index.html",)
    private_prefix = "/xwzx/nbgw/"

    def list_path(self, page: int, total: int) -> str:
        return self.column_path if page == 0 else f"{self.column_path}index_{page}.html"

    def article_path(self, article_id: int, when: datetime) -> str:
        return f"{self.column_path}{when:%Y%m}/t{when:%Y%m%d}_{article_id}.html"

    def private_path(self, article_id: int, when: datetime) -> str:
        return f"{self.private_prefix}{when:%Y%m}/t{when:%Y%m%d}_{article_id}.html"

    def href(self, path: str, list_path: str, origin: str) -> str:
        if path.startswith(self.column_path):
            return "./" + path.removeprefix(self.column_path)
        return path

    def pager(self, page: int, total: int) -> str:
        return f'<script type="text/javascript">createPageHTML({total}, {page}, "index", "html");</script>'


class HanwebShape(Shape):
    """Hanweb (大汉): one list URL with ``?page=N``, articles under ``/art/2024/4/30/``."""

    name = "hanweb"
    column_path = "/col/col1229/index.html"
    private_prefix = "/nbzl/"
    page_param = "page"
    breadcrumb = "您现在所在的位置："
    date_label = "发布日期："
    body_open = '<div id="zoom" class="j-fontContent">'

    def list_path(self, page: int, total: int) -> str:
        return self.column_path if page == 0 else f"{self.column_path}?page={page + 1}"

    def article_path(self, article_id: int, when: datetime) -> str:
        return f"/art/{when.year}/{when.month}/{when.day}/art_1229_{article_id}.html"

    def private_path(self, article_id: int, when: datetime) -> str:
        return f"{self.private_prefix}art/{when.year}/{when.month}/{when.day}/art_9999_{article_id}.html"

    def pager(self, page: int, total: int) -> str:
        links = [f"<span>共{total}页</span>", f"<span>第{page + 1}页</span>"]
        if page > 0:
            links.append(f'<a href="?page={page}">上一页</a>')
        if page + 1 < total:
            links.append(f'<a href="?page={page + 2}">下一页</a>')
        return " ".join(links)


class NextLinkShape(Shape):
    """A home-grown CMS: ``list.html``, ``list_2.html``…, absolute links, a 下一页 link."""

    name = "nextlink"
    column_path = "/zwgk/gzdt/list.html"
    private_prefix = "/neibu/"
    date_label = "时间："
    body_open = '<div class="article-content" id="zoom">'

    def list_path(self, page: int, total: int) -> str:
        return self.column_path if page == 0 else f"/zwgk/gzdt/list_{page + 1}.html"

    def article_path(self, article_id: int, when: datetime) -> str:
        return f"/zwgk/gzdt/{when:%Y-%m}/{when:%d}/content_{article_id}.html"

    def private_path(self, article_id: int, when: datetime) -> str:
        return f"{self.private_prefix}{when:%Y-%m}/{when:%d}/content_{article_id}.html"

    def href(self, path: str, list_path: str, origin: str) -> str:
        return origin + path

    def pager(self, page: int, total: int) -> str:
        first = f'<a href="{self.list_path(0, total)}">首页</a>'
        last = f'<a href="{self.list_path(total - 1, total)}">尾页</a>'
        back = f'<a href="{self.list_path(page - 1, total)}">上一页</a>' if page > 0 else ""
        ahead = (
            f'<a href="{self.list_path(page + 1, total)}">下一页</a>'
            if page + 1 < total
            else '<a href="javascript:;">下一页</a>'
        )
        return f"{first} {back} {ahead} {last}"


class VsbShape(Shape):
    """VSB (博达): ``bmdt.htm`` then ``bmdt/98.htm`` counting down; ``../../info/1011/N.htm``."""

    name = "vsb"
    column_path = "/xwzx/bmdt.htm"
    private_prefix = "/info/9999/"
    breadcrumb = "当前位置: "
    date_label = "日期："
    body_open = '<div id="vsb_content"><div class="v_news_content">'
    body_close = "</div></div>"

    def list_path(self, page: int, total: int) -> str:
        return self.column_path if page == 0 else f"/xwzx/bmdt/{total - page}.htm"

    def article_path(self, article_id: int, when: datetime) -> str:
        return f"/info/1011/{article_id}.htm"

    def private_path(self, article_id: int, when: datetime) -> str:
        return f"{self.private_prefix}{article_id}.htm"

    def href(self, path: str, list_path: str, origin: str) -> str:
        return (".." if list_path == self.column_path else "../..") + path

    def pager(self, page: int, total: int) -> str:
        if page + 1 >= total:
            return "<span>下页</span>"
        target = self.list_path(page + 1, total)
        relative = target.removeprefix("/xwzx/") if page == 0 else target.rsplit("/", 1)[-1]
        return f'<a href="{relative}" class="Next">下页</a>'


SHAPES: dict[str, Shape] = {
    shape.name: shape for shape in (TrsShape(), HanwebShape(), NextLinkShape(), VsbShape())
}
