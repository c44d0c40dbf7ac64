"""`scan --shard K/N`: one of N parts of a scan, planned alike by every worker (docs/sharding.md).

Every shard discovers the whole tree and plans the same partition from it: a pure function of the
paths, their sizes and N. Files that must be read together land on one shard whole: each scanner
names its groups (`Scanner.shard_groups`: a Terraform module's directory, a manifest with its lock
file, a Helm chart), and a group of one scanner pulls the same files along for every other scanner,
so per-file dedup, corroboration and fingerprints see on each shard exactly what one scan sees.

A scanner whose findings in one file may depend on files anywhere (`Scanner.shard_whole`: taint
through imports, a requirements include) reads every file it handles on every shard; `restrict`
keeps the part of its result on the shard's own files, and what lies outside the tree (an imported
SARIF file's strays, `--requirements` files) on shard 1. Its counted units are of the whole tree on
every shard, so the merge takes them once (gatekeeper/merge.py).
"""

from __future__ import annotations

import hashlib
import heapq
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from gatekeeper.errors import GatekeeperError
from gatekeeper.scanners.base import ScannerResult

_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
MAX_SHARDS = 256


@dataclass(frozen=True)
class Shard:
    k: int
    """1-based."""
    n: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        match = _SPEC.match(text)
        if not match:
            raise GatekeeperError(f"--shard {text!r}: expected K/N, e.g. 2/4")
        k, n = int(match[1]), int(match[2])
        if not 1 <= n <= MAX_SHARDS or not 1 <= k <= n:
            raise GatekeeperError(f"--shard {text}: K must be in 1..N and N in 1..{MAX_SHARDS}")
        return cls(k, n)

    @property
    def label(self) -> str:
        return f"{self.k}/{self.n}"


@dataclass(frozen=True)
class ShardInfo:
    """What a shard's result records, so that `gatekeeper merge` can tell which results belong together."""

    k: int
    n: int
    tree: str
    """sha256 over every path in the whole tree's scope (and those left out): the tree that was split."""
    files: int
    """Files in the whole tree's scope (this shard's are the result's `files`)."""
    whole: tuple[str, ...] = ()
    """The scanners that read the whole tree on every shard (their units are the tree's)."""
    today: str = ""
    """The date waivers were judged on: the merge judges them again on the same date."""

    @property
    def label(self) -> str:
        return f"{self.k}/{self.n}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "k": self.k,
            "n": self.n,
            "tree": self.tree,
            "files": self.files,
            "whole": list(self.whole),
            "today": self.today,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ShardInfo:
        return cls(
            int(data["k"]),
            int(data["n"]),
            str(data["tree"]),
            int(data["files"]),
            tuple(str(w) for w in data.get("whole", ())),
            str(data.get("today", "")),
        )


def tree_digest(files: Iterable[str], excluded: Iterable[str]) -> str:
    text = "\n".join(sorted(files)) + "\n\0\n" + "\n".join(sorted(excluded))
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def plan(root: Path, files: Sequence[str], groups: Iterable[Sequence[str]], n: int) -> list[frozenset[str]]:
    """`files` split into `n` parts, each group whole: groups that share a file are one unit; units
    go, largest first (ties by the hash of their first path), to the part with the fewest bytes so far."""
    parent = {path: path for path in files}

    def find(path: str) -> str:
        while parent[path] != path:
            parent[path] = parent[parent[path]]
            path = parent[path]
        return path

    for group in groups:
        members = [p for p in group if p in parent]
        for other in members[1:]:
            a, b = find(members[0]), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    units: dict[str, list[str]] = {}
    for path in files:
        units.setdefault(find(path), []).append(path)
    # One byte more per file: a tree of empty files still spreads over the parts.
    weight = {path: _size(root, path) + 1 for path in files}
    ordered = sorted(units.values(), key=lambda unit: (-sum(weight[p] for p in unit), _hash(min(unit))))
    loads = [(0, index) for index in range(n)]
    parts: list[list[str]] = [[] for _ in range(n)]
    for unit in ordered:
        load, index = heapq.heappop(loads)
        parts[index].extend(unit)
        heapq.heappush(loads, (load + sum(weight[p] for p in unit), index))
    return [frozenset(part) for part in parts]


def owner(path: str, n: int) -> int:
    """The 1-based shard that reports a file no scanner reads (a file left out, with its reason)."""
    return _hash(path) % n + 1


def restrict(result: ScannerResult, mine: frozenset[str], tree: frozenset[str], first: bool) -> ScannerResult:
    """A whole-tree scanner's result, kept to the shard's files: `mine`, and on the first shard
    whatever lies outside `tree` (an imported SARIF file's paths, `--requirements` files)."""

    from gatekeeper.redact import announced  # here: redact reaches the result model, which imports this

    def keep(path: str) -> bool:
        return path in mine or (first and path not in tree)

    dropped = [f for f in result.findings if not keep(f.location.path)]
    return replace(
        result,
        findings=tuple(f for f in result.findings if keep(f.location.path)),
        # A password one of the dropped findings quotes is still redacted from this shard's findings.
        sensitive=result.sensitive | announced(dropped),
        scanned=tuple(p for p in result.scanned if keep(p)),
        skipped=tuple(s for s in result.skipped if keep(s.path)),
        not_applicable=tuple(s for s in result.not_applicable if keep(s.path)),
        inventory=tuple(c for c in result.inventory if keep(c.path)),
        cleared=tuple(c for c in result.cleared if keep(c.path)),
    )


def _size(root: Path, path: str) -> int:
    try:
        return os.lstat(root / path).st_size
    except OSError:
        return 0


def _hash(path: str) -> int:
    return int.from_bytes(hashlib.sha256(path.encode("utf-8", "surrogateescape")).digest()[:8], "big")
