"""Whether a file's bytes are text or binary: decided by content, never by the file's name.

A name is chosen by whoever writes the file: `creds.pdf` or `deploy.bin` can hold text (and a
secret), and a `.png` can hold a password. So the targets (the minified check) and the secrets
scanner both look at the first block of bytes instead.
"""

from __future__ import annotations

import codecs

SNIFF_BYTES = 8192
"""How much of a file's start decides whether it is binary (as git and grep do)."""


def is_binary(head: bytes) -> bool:
    """Binary: a NUL byte in the first block (no text encoding but UTF-16/32 has one, and those
    start with a byte-order mark), or a UTF-16 byte-order mark followed by invalid UTF-16."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            # Not final: a block cut in the middle of a character is not invalid text.
            codecs.getincrementaldecoder("utf-16")().decode(head, final=False)
        except UnicodeDecodeError:
            return True
        return False
    return b"\0" in head[:SNIFF_BYTES]


def decode(data: bytes) -> str | None:
    """The file's text, or None when its content is binary. Undecodable bytes become U+FFFD:
    secrets are ASCII, so a config file in a legacy encoding is still scanned."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if is_binary(data[:SNIFF_BYTES]):
        return None
    return data.decode("utf-8-sig", errors="replace")
