from __future__ import annotations

import codecs

from gatekeeper.content import SNIFF_BYTES, decode, is_binary


def test_text_in_any_encoding_is_text_whatever_its_bytes() -> None:
    assert not is_binary("café, naïve".encode("latin-1"))
    assert not is_binary("πάσσγουορντ".encode())
    # A UTF-16 block cut in the middle of a character (or of a surrogate pair) is still text.
    utf16 = "x😀".encode("utf-16") * 100
    assert not is_binary(utf16[: SNIFF_BYTES - 1]) and not is_binary(utf16[:7])


def test_a_nul_byte_in_the_first_block_or_invalid_utf16_is_binary() -> None:
    assert is_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert is_binary(codecs.BOM_UTF16_LE + b"\x00\xdc\x00\xdc")  # two lone low surrogates
    assert not is_binary(b"x" * SNIFF_BYTES + b"\x00")  # past the sniffed block
    assert decode(b"\x00binary") is None and decode("password = s3cret\n".encode("utf-16")) == "password = s3cret\n"
