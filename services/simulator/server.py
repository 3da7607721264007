"""The HTTP side of one simulated site: a threaded server on 127.0.0.1 and its request handler.

HTTP/1.1 with keep-alive and a Content-Length on every page, so a crawler's connection pool is
reused and a 2,000-article crawl is bound by the crawler, not by the simulator.
"""

from __future__ import annotations

import json
import sys
import time
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from services.simulator.faults import Reply, fault_reply
from services.simulator.pages import render_article, render_list, render_message
from services.simulator.site import Column, Route, Site

ADMIN_PREFIX = "/_admin/"


class SiteServer(ThreadingHTTPServer):
    """One site on its own port, so robots.txt and rate limits are per host as on the web."""

    daemon_threads = True
    request_queue_size = 256

    def __init__(self, site: Site, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), SiteHandler)
        self.site = site
        site.origin = f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients that hang up mid-body (as crawlers capping a page do) are not errors."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class SiteHandler(BaseHTTPRequestHandler):
    """Routes a request to robots.txt, a list page, an article, a fault or the admin endpoints."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; without TCP_NODELAY, Nagle's algorithm and the
    # client's delayed ACK add 40 ms to every keep-alive response.
    disable_nagle_algorithm = True
    server: SiteServer

    def do_GET(self) -> None:
        site = self.server.site
        path, query = _split(self.path)
        if not path.startswith(ADMIN_PREFIX):
            site.count(self.path)
        if path == "/robots.txt":
            self._send(Reply(200, _robots(site).encode(), "text/plain; charset=utf-8"))
        elif path.startswith("/_faults/"):
            self._send(fault_reply(path, query))
        elif path == ADMIN_PREFIX + "counters":
            self._send(Reply(200, json.dumps(site.requests).encode(), "application/json"))
        else:
            self._send(self._page(site, path, query))

    def do_POST(self) -> None:
        site = self.server.site
        if urlsplit(self.path).path != ADMIN_PREFIX + "publish":
            self._send(Reply(404, b"not found", "text/plain"))
            return
        length = int(self.headers.get("Content-Length") or 0)
        try:
            payload = json.loads(self.rfile.read(length) or b"{}")
            title, body = str(payload["title"]), str(payload.get("body") or payload["title"])
        except (ValueError, KeyError) as exc:
            self._send(
                Reply(400, f"expected JSON with title and body: {exc}".encode(), "text/plain")
            )
            return
        path = site.publish(title, tuple(body.split("\n")), None)
        self._send(Reply(201, json.dumps({"url": site.origin + path}).encode(), "application/json"))

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests and benchmarks read counters, not access logs."""

    def _page(self, site: Site, path: str, query: dict[str, str]) -> Reply:
        column = site.column
        route = column.routes.get(path)
        if route is None:
            return self._html(
                site, 404, render_message(site.look, "页面不存在", "您访问的页面不存在")
            )
        if route.kind == "list":
            return self._list(site, column, route, query)
        entries = column.entries if route.kind == "article" else column.private
        entry = entries[route.index]
        neighbours = (
            site.listed(entries[route.index - 1]) if route.index > 0 else None,
            site.listed(entries[route.index + 1]) if route.index + 1 < len(entries) else None,
        )
        return self._html(
            site, 200, render_article(site.look, site.story(entry), entry.when, neighbours)
        )

    def _list(self, site: Site, column: Column, route: Route, query: dict[str, str]) -> Reply:
        page = route.page
        if page is None:
            number = query.get(site.shape.page_param or "", "1")
            page = int(number) - 1 if number.isdigit() and int(number) > 0 else 0
        etag = f'"{site.spec.name}-{column.version}-{page}"'
        last_modified = formatdate(column.modified_at.timestamp(), usegmt=True)
        validators = {"ETag": etag, "Last-Modified": last_modified}
        if self._unchanged(etag, column):
            return Reply(304, headers=validators)
        items = site.page_items(column, page)
        reply = self._html(site, 200, render_list(site.look, page, site.total_pages(column), items))
        reply.headers.update(validators)
        return reply

    def _unchanged(self, etag: str, column: Column) -> bool:
        """If-None-Match wins over If-Modified-Since, as RFC 9110 says."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return etag in [tag.strip() for tag in if_none_match.split(",")]
        since = self.headers.get("If-Modified-Since")
        try:
            return since is not None and parsedate_to_datetime(since).timestamp() >= int(
                column.modified_at.timestamp()
            )
        except (TypeError, ValueError):
            return False

    def _html(self, site: Site, status: int, text: str) -> Reply:
        charset = site.spec.header_charset
        content_type = f"text/html; charset={charset}" if charset else "text/html"
        return Reply(status, text.encode(site.spec.encoding, "xmlcharrefreplace"), content_type)

    def _send(self, reply: Reply) -> None:
        if reply.delay:
            time.sleep(reply.delay)
        self.send_response(reply.status)
        if reply.status != 304:
            self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.stream is not None:
            self._send_stream(reply)
            return
        if reply.status == 304:
            self.end_headers()
            return
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def _send_stream(self, reply: Reply) -> None:
        """An endless body: no length, the connection closes when the reader gives up."""
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()
        try:
            for chunk in reply.stream or ():
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass


def _split(raw_path: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(raw_path)
    return parts.path, dict(parse_qsl(parts.query))


def _robots(site: Site) -> str:
    return (
        "User-agent: *\n"
        f"Disallow: {site.shape.private_prefix}\n"
        f"Disallow: {ADMIN_PREFIX}\n"
        "Disallow: /search\n"
        f"\nSitemap: {site.origin}/sitemap.xml\n"
    )
