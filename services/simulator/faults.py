"""Misbehaving pages under ``/_faults/`` on every simulated site.

/_faults/status/{code}[?retry_after=S]   that status (503 and 429 carry Retry-After)
/_faults/slow?seconds=S                  a page that answers after S seconds
/_faults/loop/a, /_faults/loop/b         redirects to each other, for ever
/_faults/redirect/{n}                    n redirects, then a page
/_faults/huge                            an HTML body that never ends
/_faults/report.pdf                      not HTML
/_faults/gzip, /_faults/brotli           a page sent compressed
/_faults/gzip-bomb                       64 KiB of gzip that inflates to 64 MiB
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import brotli

HTML = "text/html; charset=utf-8"
PAGE = "<!DOCTYPE html><html><head><title>测试页面</title></head><body><p>{}</p></body></html>"
HUGE_CHUNK = b"<p>" + "无穷无尽的正文。".encode() * 2000 + b"</p>\n"
HUGE_LIMIT = 2**30  # the server stops an endless body after 1 GiB, whoever is still reading
BOMB_SIZE = 64 * 2**20
MAX_SLOW_SECONDS = 60.0


@dataclass
class Reply:
    """A response to send: a body, or a stream of chunks sent without Content-Length."""

    status: int
    body: bytes = b""
    content_type: str = HTML
    headers: dict[str, str] = field(default_factory=dict)
    stream: Iterator[bytes] | None = None
    delay: float = 0.0


def fault_reply(path: str, query: dict[str, str]) -> Reply:
    """The misbehaviour ``path`` names; a 404 for an unknown one."""
    name, _, argument = path.removeprefix("/_faults/").partition("/")
    if name == "status" and argument.isdigit():
        return _status(int(argument), query.get("retry_after", "30"))
    if name == "redirect" and argument.isdigit():
        return _redirect_chain(int(argument))
    if name == "loop" and argument in ("a", "b"):
        return _redirect("/_faults/loop/" + ("b" if argument == "a" else "a"))
    return _FIXED.get(name, _unknown)(query)


def _page(text: str) -> bytes:
    return PAGE.format(text).encode()


def _status(code: int, retry_after: str) -> Reply:
    headers = {"Retry-After": retry_after} if code in (429, 503) else {}
    return Reply(code, _page(f"HTTP {code}"), headers=headers)


def _redirect(location: str) -> Reply:
    return Reply(302, b"", headers={"Location": location})


def _redirect_chain(remaining: int) -> Reply:
    if remaining == 0:
        return Reply(200, _page("重定向之后的页面"))
    return _redirect(f"/_faults/redirect/{remaining - 1}")


def _slow(query: dict[str, str]) -> Reply:
    seconds = min(float(query.get("seconds", "2")), MAX_SLOW_SECONDS)
    return Reply(200, _page("慢页面"), delay=seconds)


def _endless() -> Iterator[bytes]:
    yield b"<!DOCTYPE html><html><body>\n"
    for _ in range(HUGE_LIMIT // len(HUGE_CHUNK)):
        yield HUGE_CHUNK


def _huge(query: dict[str, str]) -> Reply:
    return Reply(200, stream=_endless())


def _pdf(query: dict[str, str]) -> Reply:
    return Reply(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", "application/pdf")


def _gzip(query: dict[str, str]) -> Reply:
    body = gzip.compress(_page("压缩传输的页面"))
    return Reply(200, body, headers={"Content-Encoding": "gzip"})


def _brotli(query: dict[str, str]) -> Reply:
    return Reply(200, brotli.compress(_page("压缩传输的页面")), headers={"Content-Encoding": "br"})


@lru_cache(maxsize=1)
def _bomb_bytes() -> bytes:
    return gzip.compress(b"<html><body>" + b" " * BOMB_SIZE, compresslevel=9)


def _bomb(query: dict[str, str]) -> Reply:
    return Reply(200, _bomb_bytes(), headers={"Content-Encoding": "gzip"})


def _unknown(query: dict[str, str]) -> Reply:
    return Reply(404, _page("没有这个故障页面"))


_FIXED = {
    "slow": _slow,
    "huge": _huge,
    "report.pdf": _pdf,
    "gzip": _gzip,
    "brotli": _brotli,
    "gzip-bomb": _bomb,
}
