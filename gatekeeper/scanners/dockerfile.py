"""Dockerfile syntax Docker accepts and semgrep's parser does not, rewritten for semgrep's eyes.

Docker still accepts the legacy one-pair forms `LABEL key value ...` and `ENV key value ...` (no
`=`: the first word is the key, the rest of the instruction its value). semgrep's parser stops at
them and passes over the rest of the file (PartialParsing): one old `LABEL maintainer "Jane"` hid
every later instruction. semgrep is handed a copy with each such instruction in the `key="value"`
form, on the same line (its continuation lines left blank), so that every finding keeps its line.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import PurePosixPath

_LEGACY_PAIR = re.compile(
    r"^(?P<indent>\s*)(?P<keyword>LABEL|ENV)\s+(?P<key>[^\s=]+)\s+(?P<value>\S.*?)\s*$", re.IGNORECASE | re.DOTALL
)
_QUOTED = re.compile(r'^"[^"\\]*"$|^\'[^\']*\'$')


# The names semgrep reads as Dockerfiles, and those it does not know by itself (it is handed a
# `N.Dockerfile` copy of those: gatekeeper/scanners/semgrep.py).
SEMGREP_NAMES = ("Dockerfile", "*.Dockerfile")
OTHER_NAMES = ("Dockerfile.*", "*.dockerfile", "Containerfile", "Containerfile.*", "*.containerfile")


def is_dockerfile(path: str, names: tuple[str, ...] = SEMGREP_NAMES + OTHER_NAMES) -> bool:
    name = PurePosixPath(path).name
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in names)


def normalise(text: str) -> str | None:
    """`text` with its legacy LABEL/ENV instructions in the `key="value"` form, line for line;
    None when it has none."""
    lines = text.split("\n")
    changed = False
    for first, last in _instructions(lines):
        rewritten = _rewrite(_joined(lines[first : last + 1]))
        if rewritten is not None:
            lines[first : last + 1] = [rewritten] + [""] * (last - first)
            changed = True
    return "\n".join(lines) if changed else None


def instruction_at(text: str, line: int) -> str:
    """The instruction keyword (`LABEL`, `FOO`) on `line` (1-based), or "" when there is none."""
    lines = text.split("\n")
    words = lines[line - 1].split() if 0 < line <= len(lines) else []
    return words[0].upper() if words and words[0].isalpha() else ""


def _instructions(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last) line index of each instruction: a line ending in `\\` continues on the next
    (a comment line never does)."""
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(lines):
        first = index
        while _continues(lines[index]) and index + 1 < len(lines):
            index += 1
        spans.append((first, index))
        index += 1
    return spans


def _joined(lines: list[str]) -> str:
    """One instruction's lines as one: each continuation's backslash dropped, the next line's indent too."""
    parts = [line.rstrip().removesuffix("\\").rstrip() for line in lines[:-1]] + [lines[-1].rstrip()]
    return " ".join([parts[0], *(part.lstrip() for part in parts[1:])])


def _continues(line: str) -> bool:
    stripped = line.strip()
    return stripped.endswith("\\") and not stripped.startswith("#")


def _rewrite(instruction: str) -> str | None:
    match = _LEGACY_PAIR.match(instruction)
    if match is None:
        return None
    value = match["value"]
    if not _QUOTED.match(value):
        value = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{match['indent']}{match['keyword']} {match['key']}={value}"
