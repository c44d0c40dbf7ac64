"""`--diff-base REF`: report only findings on lines changed since the merge-base of HEAD and REF.

The scan itself covers whole files (data flow still sees the whole file); this stage drops the
findings outside the changed lines afterwards. "Changed" is the working tree against the
merge-base: committed, staged and unstaged edits, and untracked (not ignored) files whole. A
finding counts when any line of its span changed; a finding about a file as a whole (line 0)
counts when the file changed at all.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Finding
from gatekeeper.policy import git

WHAT = "--diff-base"
_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


@dataclass(frozen=True)
class ChangedLines:
    base: str
    merge_base: str
    files: Mapping[str, frozenset[int] | None]
    """Changed files relative to the scan root -> their changed lines (None: the whole file is new)."""

    def covers(self, finding: Finding) -> bool:
        loc = finding.location
        if loc.path not in self.files:
            return False
        lines = self.files[loc.path]
        if lines is None or loc.start_line < 1:
            return True
        return any(n in lines for n in range(loc.start_line, max(loc.end_line, loc.start_line) + 1))


def changed_lines(root: Path, ref: str) -> ChangedLines:
    git.toplevel(root, WHAT)
    if ref.startswith("-"):
        raise GatekeeperError(f"{WHAT}: '{ref}' is not a git revision")
    try:
        git.run(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], root, what=WHAT)
    except GatekeeperError:
        raise GatekeeperError(
            f"{WHAT}: unknown revision '{ref}' (is it fetched? in CI, fetch the base branch)"
        ) from None
    try:
        merge_base = git.run(["merge-base", "--end-of-options", ref, "HEAD"], root, what=WHAT).decode().strip()
    except GatekeeperError:
        raise GatekeeperError(
            f"{WHAT}: HEAD and '{ref}' have no merge-base (a shallow clone? fetch more history, e.g. fetch-depth: 0)"
        ) from None
    patch = git.run(
        [
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "-U0",
            "--relative",
            "-M",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            merge_base,
            "--",
        ],
        root,
        what=WHAT,
    )
    files: dict[str, frozenset[int] | None] = dict(parse(patch))
    untracked = git.run(["ls-files", "-z", "--others", "--exclude-standard", "--", "."], root, what=WHAT)
    for raw in untracked.split(b"\0"):
        if raw:
            files[os.fsdecode(raw)] = None
    return ChangedLines(ref, merge_base, files)


def parse(patch: bytes) -> dict[str, frozenset[int]]:
    """Added or modified lines per file (new-side numbers) from a `git diff -U0` patch."""
    files: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in patch.split(b"\n"):
        if line.startswith(b"+++ "):
            target = line[4:].rstrip(b"\t")
            if target == b"/dev/null":
                current = None
                continue
            path = _unquote(target)
            path = path[2:] if path.startswith("b/") else path
            current = files.setdefault(path, set())
        elif line.startswith(b"@@") and current is not None:
            match = _HUNK.match(line)
            if match:
                start, count = int(match.group(1)), int(match.group(2) if match.group(2) is not None else 1)
                current.update(range(start, start + count))
        elif line.startswith(b"diff --git "):
            current = None
    return {path: frozenset(lines) for path, lines in files.items()}


def _unquote(raw: bytes) -> str:
    if raw.startswith(b'"') and raw.endswith(b'"'):
        raw = codecs.escape_decode(raw[1:-1])[0]
    return os.fsdecode(raw)


def keep_changed(findings: Sequence[Finding], changed: ChangedLines) -> tuple[list[Finding], int]:
    """The findings on changed lines, and how many were left out."""
    kept = [f for f in findings if changed.covers(f)]
    return kept, len(findings) - len(kept)
