"""Private keys (PEM, OpenSSH, PGP, PuTTY) and the GCP service-account files that embed them.

detect-secrets' PrivateKeyDetector flags the `BEGIN ... PRIVATE KEY` header alone. We read the
body too: a header followed by `...` or `<your key here>` is documentation, not a key, and the
body's lines are what must be redacted from every output.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import itertools
import re
from typing import Iterator

from gatekeeper.secrets import catalog
from gatekeeper.secrets.model import PRIORITY_KEY_MATERIAL, Hit

_BEGIN = re.compile(r"-----BEGIN ((?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?)-----")
_PUTTY = re.compile(r"PuTTY-User-Key-File-[23]: *\S+")
_PUTTY_PRIVATE_LINES = re.compile(r"Private-Lines: *(\d+)")
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/=]{8,}")
_ESCAPED_NEWLINE = re.compile(r"\\[rn]")
_PLACEHOLDER = re.compile(r"\.\.\.|\N{HORIZONTAL ELLIPSIS}|<[^>]*>|\{\{|\$\{|redacted|your[ _-]", re.IGNORECASE)
_MIN_BODY_CHARS = 100
_MAX_BODY_CHARS = 100_000
# PKCS#1, SEC1 and PKCS#8 bodies are DER: one SEQUENCE. OpenSSH's own format has a magic string.
_DER_LABELS = frozenset(
    {"PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY"}
)
_SERVICE_ACCOUNT = re.compile(r"\"type\"\s*:\s*\"service_account\"")
_PRIVATE_KEY_ID = re.compile(r"\"private_key_id\"\s*:\s*\"([0-9a-f]{40})\"")


def find_key_material(text: str, positions: LinePositions | None = None) -> Iterator[Hit]:
    if "PRIVATE KEY" not in text and "PuTTY-User-Key-File" not in text:
        return
    positions = positions or LinePositions(text)
    service_account = _SERVICE_ACCOUNT.search(text) is not None
    key_ids = [m.group(1) for m in _PRIVATE_KEY_ID.finditer(text)] if service_account else []
    for begin in _BEGIN.finditer(text):
        label = begin.group(1)
        end = text.find(f"-----END {label}-----", begin.end(), begin.end() + _MAX_BODY_CHARS)
        if end == -1:
            continue
        body = text[begin.end() : end]
        encrypted = "ENCRYPTED" in label or "Proc-Type: 4,ENCRYPTED" in body
        if not _is_real_key(label, body, legacy_encrypted="Proc-Type: 4,ENCRYPTED" in body):
            continue
        rule = catalog.ENCRYPTED_PRIVATE_KEY if encrypted else catalog.PRIVATE_KEY
        line = positions.line_of(begin.start())
        if service_account and '"private_key"' in positions.line_text(line):
            rule = catalog.GCP_SERVICE_ACCOUNT
        block_end = end + len(f"-----END {label}-----")
        # The whole block too: where it sits on one line (JSON, a string literal) it is masked as one.
        yield _hit(
            rule, label, body, begin.start(), block_end, positions, extra=[*key_ids, text[begin.start() : block_end]]
        )
    for header in _PUTTY.finditer(text):
        count = _PUTTY_PRIVATE_LINES.search(text, header.end(), header.end() + _MAX_BODY_CHARS)
        if not count:
            continue
        first = positions.line_of(count.start()) + 1
        body_lines = [positions.line_text(n) for n in range(first, first + int(count.group(1)))]
        body = "\n".join(body_lines)
        if len(_base64(body)) < _MIN_BODY_CHARS or _PLACEHOLDER.search(body):
            continue
        encrypted = re.search(r"Encryption: *(?!none)\S+", text[header.end() : count.start()]) is not None
        rule = catalog.ENCRYPTED_PRIVATE_KEY if encrypted else catalog.PRIVATE_KEY
        end_offset = (
            positions.offset_of(first + len(body_lines) - 1) + len(body_lines[-1]) if body_lines else count.end()
        )
        yield _hit(rule, "PuTTY private key", body, header.start(), end_offset, positions)


def _is_real_key(label: str, body: str, legacy_encrypted: bool) -> bool:
    if _PLACEHOLDER.search(_ESCAPED_NEWLINE.sub("\n", body)):
        return False
    data = _base64(body)
    if len(data) < _MIN_BODY_CHARS:
        return False
    if legacy_encrypted or (label not in _DER_LABELS and label != "OPENSSH PRIVATE KEY"):
        return True
    try:
        decoded = base64.b64decode(data + "=" * (-len(data) % 4))
    except (binascii.Error, ValueError):
        return False
    if label == "OPENSSH PRIVATE KEY":
        return decoded.startswith(b"openssh-key-v1\0")
    return decoded[:1] == b"\x30"


def _body_runs(body: str) -> list[str]:
    """The key's text as it appears line by line (headers such as `Proc-Type:` left out)."""
    lines = _ESCAPED_NEWLINE.sub("\n", body).splitlines()
    return [run for line in lines if ":" not in line for run in _BASE64_RUN.findall(line)]


def _base64(body: str) -> str:
    """The key's base64 text: escaped newlines, quotes and concatenation stripped, headers dropped."""
    lines = _ESCAPED_NEWLINE.sub("\n", body).splitlines()
    return "".join(re.sub(r"[^A-Za-z0-9+/=]", "", line) for line in lines if ":" not in line)


def _hit(
    rule: catalog.SecretRule,
    label: str,
    body: str,
    start: int,
    end: int,
    positions: LinePositions,
    extra: list[str] | None = None,
) -> Hit:
    line, column = positions.line_of(start), positions.column_of(start)
    end_line, end_column = positions.line_of(end), positions.column_of(end)
    return Hit(
        rule=rule,
        value=_base64(body),
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        priority=PRIORITY_KEY_MATERIAL,
        detail=label,
        reveals=tuple(dict.fromkeys([*_body_runs(body), *(extra or [])])),
    )


class LinePositions:
    """Offsets in a text to (line, column), with lines split exactly as str.splitlines() does."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines(keepends=True)
        self._starts = [0, *itertools.accumulate(map(len, self._lines))][: len(self._lines)]

    @property
    def count(self) -> int:
        return len(self._lines)

    def line_of(self, offset: int) -> int:
        return max(1, bisect.bisect_right(self._starts, offset))

    def column_of(self, offset: int) -> int:
        return offset - self._starts[self.line_of(offset) - 1] + 1 if self._starts else 1

    def offset_of(self, line: int) -> int:
        return self._starts[line - 1]

    def line_text(self, line: int) -> str:
        parts = self._lines[line - 1].splitlines() if 0 < line <= len(self._lines) else []
        return parts[0] if parts else ""
