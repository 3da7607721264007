"""Decoding: declarations are trusted only when the bytes agree with them."""

from services.parse.decode import canonical_encoding, decode_bytes, looks_binary

TEXT = "市委书记主持会议并强调，要深入学习贯彻生态文明思想。"


def test_gbk_declared_utf8_decodes() -> None:
    html = f'<meta charset="utf-8"><p>{TEXT}</p>'.encode("gbk")
    assert TEXT in (decode_bytes(html).text or "")


def test_utf8_declared_gbk_decodes() -> None:
    html = f'<meta charset="gbk"><p>{TEXT}</p>'.encode()
    assert TEXT in (decode_bytes(html).text or "")


def test_http_charset_is_used() -> None:
    assert (
        decode_bytes(TEXT.encode("big5", "ignore"), "text/html; charset=big5").encoding
        == "big5hkscs"
    )


def test_gb2312_widens_to_gb18030() -> None:
    assert canonical_encoding("GB2312") == "gb18030"


def test_utf8_bom_is_dropped() -> None:
    assert decode_bytes(b"\xef\xbb\xbf" + TEXT.encode()).text == TEXT


def test_random_bytes_never_raise() -> None:
    assert decode_bytes(bytes(range(256)) * 4) is not None


def test_nul_bytes_look_binary() -> None:
    assert looks_binary("PK\x03\x04\x00\x00\x00")
