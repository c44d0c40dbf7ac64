"""`gatekeeper scan --fix`: apply the mechanical fixes of the rules that have one.

A semgrep rule with `fix:` or `fix-regex:` (rules/semgrep; `gatekeeper explain RULE` shows it)
reports, with each match, the text that replaces it; the finding carries the change as its AUTOFIX
property, narrowed to the bytes that differ (`narrow`: no other text of the file, so nothing a
redactor would mask). Fixes are applied here, never by a scanner: only to open findings (a waived
or suppressed one was accepted as it is), never two overlapping edits in one file, each file
written whole or not at all (gatekeeper/atomic.py), and each change shown as a diff.
"""

from __future__ import annotations

import difflib
import os
import stat
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from gatekeeper.atomic import write_atomically
from gatekeeper.findings import Finding

AUTOFIX = "autofix"
"""The finding property: {"start": byte offset, "end": byte offset, "text": the replacement}."""


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str
    rule_id: str


@dataclass(frozen=True)
class FileFix:
    path: str
    before: str
    after: str
    rules: tuple[str, ...]

    @property
    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True),
                self.after.splitlines(keepends=True),
                f"a/{self.path}",
                f"b/{self.path}",
            )
        )


def narrow(original: bytes, fixed: bytes, offset: int) -> dict[str, Any] | None:
    """The edit turning `original` (at byte `offset`) into `fixed`: only the part that differs.
    None when they are equal (the rule's fix-regex did not apply to this match)."""
    if original == fixed:
        return None
    prefix = 0
    while prefix < min(len(original), len(fixed)) and original[prefix] == fixed[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(original), len(fixed)) - prefix and original[-1 - suffix] == fixed[-1 - suffix]:
        suffix += 1
    try:
        text = fixed[prefix : len(fixed) - suffix].decode("utf-8")
        original[prefix : len(original) - suffix].decode("utf-8")  # a cut inside a character: no edit
    except UnicodeDecodeError:
        return None
    return {"start": offset + prefix, "end": offset + len(original) - suffix, "text": text}


def edits_of(findings: Iterable[Finding]) -> dict[str, list[Edit]]:
    """The fixes the open findings carry, per file, in file order."""
    edits: dict[str, list[Edit]] = defaultdict(list)
    for finding in findings:
        props = dict(finding.properties)
        fix = props.get(AUTOFIX)
        if not isinstance(fix, dict) or props.get("suppression"):
            continue
        edits[finding.location.path].append(Edit(int(fix["start"]), int(fix["end"]), str(fix["text"]), finding.rule_id))
    return {path: sorted(found, key=lambda e: (e.start, e.end)) for path, found in sorted(edits.items())}


def plan(root: Path, findings: Iterable[Finding]) -> list[FileFix]:
    """What the fixes change, file by file (nothing written yet)."""
    fixes = []
    for path, edits in edits_of(findings).items():
        try:
            before = (root / path).read_bytes()
        except OSError:
            continue
        after = _apply(before, edits)
        if after is not None and after != before:
            applied = tuple(dict.fromkeys(e.rule_id for e in edits))
            fixes.append(FileFix(path, before.decode("utf-8", "replace"), after.decode("utf-8", "replace"), applied))
    return fixes


def write(root: Path, fixes: Iterable[FileFix]) -> None:
    for fix in fixes:
        path = root / fix.path
        mode = stat.S_IMODE(path.stat().st_mode)
        write_atomically(path, fix.after.encode("utf-8"))
        # A source file keeps its mode (an executable script stays executable).
        os.chmod(path, mode)


def _apply(content: bytes, edits: list[Edit]) -> bytes | None:
    """`content` with the edits applied; an edit that overlaps an earlier one, or whose range
    no longer exists, is skipped (the scan again reports what is left). None: not UTF-8."""
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    out, position = [], 0
    for edit in edits:
        if edit.start < position or edit.end > len(content) or edit.start > edit.end:
            continue
        out += [content[position : edit.start], edit.text.encode("utf-8")]
        position = edit.end
    out.append(content[position:])
    return b"".join(out)
