"""Bytes to text: BOM, HTTP charset, ``<meta>`` charset, then detection; never raises.

Declarations are often wrong on government sites (GBK pages served as UTF-8 and the reverse), so a
declared charset is only trusted when the bytes decode cleanly with it; otherwise the other usual
Chinese encodings are tried strictly, and charset-normalizer decides last.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from services.parse.patterns import (
    BINARY_CHAR_RE,
    BOM_ENCODINGS,
    HTTP_CHARSET_RE,
    META_CHARSET_RE,
    WIDER_ENCODING,
)

# Encodings tried, strictly, when the declared one fails: the ones Chinese pages actually use.
_FALLBACKS = ("utf-8", "gb18030", "big5hkscs")
# Share of undecodable bytes tolerated before a declared charset is considered wrong.
_MAX_ERROR_SHARE = 0.002


@dataclass(frozen=True)
class Decoded:
    """Text and the encoding that produced it (``None`` when the bytes are not text).

    ``utf8`` holds the input bytes when they are exactly the text's UTF-8 form (valid UTF-8,
    BOM removed), so that an HTML parser can take them without encoding the text again."""

    text: str | None
    encoding: str | None
    utf8: bytes | None = None


def canonical_encoding(name: str | None) -> str | None:
    """The codec to decode a declared charset with (gbk → gb18030…), or None if unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    label = WIDER_ENCODING.get(label, label)
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    return WIDER_ENCODING.get(codec, codec)


def declared_encodings(data: bytes, content_type: str | None) -> list[str]:
    """Charsets the input declares, in trust order: BOM, HTTP header, then ``<meta>``."""
    found: list[str | None] = []
    found += [enc for bom, enc in BOM_ENCODINGS if data.startswith(bom)]
    if content_type and (m := HTTP_CHARSET_RE.search(content_type)):
        found.append(canonical_encoding(m.group(1)))
    if m2 := META_CHARSET_RE.search(data[:8192]):
        found.append(canonical_encoding(m2.group(1).decode("ascii", "replace")))
    return list(dict.fromkeys(enc for enc in found if enc))


def _strict(data: bytes, encoding: str) -> str | None:
    """Decode allowing a tiny share of bad bytes (pages are often cut or hand-edited)."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        pass
    except LookupError:
        return None
    text = data.decode(encoding, errors="replace")
    if text.count("\ufffd") <= max(1, int(len(data) * _MAX_ERROR_SHARE)):
        return text
    return None


def _detect(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes  # costly import, only for undeclared odd bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        return Decoded(None, None)
    encoding = canonical_encoding(best.encoding) or best.encoding
    return Decoded(data.decode(encoding, errors="replace"), encoding)


def decode_bytes(data: bytes, content_type: str | None = None) -> Decoded:
    """Decode page bytes; ``text`` is None only for bytes that are not text at all."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc = "utf-16"
        return Decoded(data.decode(enc, errors="replace"), enc)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:  # valid UTF-8 with multibyte runs is almost never GBK or Big5 by chance
        return Decoded(data.decode("utf-8"), "utf-8", data)
    except UnicodeDecodeError:
        pass
    for enc in [*declared_encodings(data, content_type), *_FALLBACKS]:
        text = _strict(data, enc)
        if text is not None:
            return Decoded(text, enc)
    return _detect(data)


def looks_binary(text: str) -> bool:
    """True when decoded text is mostly control characters or NULs (images, archives…)."""
    sample = text[:4096]
    if "\x00" in sample:
        return True
    bad = len(BINARY_CHAR_RE.findall(sample))
    return bad > len(sample) * 0.1
