"""From raw input to a ``CleanDocument``: decode, extract, strip chrome, normalize, metadata."""

from __future__ import annotations

import hashlib
import re

from selectolax.lexbor import LexborHTMLParser

from services.parse.models import CleanDocument

_CJK = re.compile(r"[\u3400-\u9fff]")


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def clean_document(
    data: bytes | str, *, url: str | None = None, content_type: str | None = None
) -> CleanDocument:
    """Reduce a page to its article text and metadata. Never raises."""
    if isinstance(data, bytes):
        if not data.strip():
            return CleanDocument(url=url, quality_flags=["empty_input"])
        text = _decode(data)
        if text is None or "\x00" in text:
            return CleanDocument(url=url, quality_flags=["binary_input"])
    else:
        text = data
    if not text.strip():
        return CleanDocument(url=url, quality_flags=["empty_input"])
    if "<html" in text[:2000].lower() or "<body" in text[:4000].lower():
        text = LexborHTMLParser(text).body.text(separator="\n") if LexborHTMLParser(text).body else ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    body = "\n".join(lines)
    flags = [] if _CJK.search(body) else ["no_chinese_text"]
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return CleanDocument(url=url, body=body, quality_flags=flags, content_hash=digest)
