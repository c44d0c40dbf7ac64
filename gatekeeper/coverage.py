"""Coverage accounting: every file in scope, by kind (gatekeeper/filekinds.py), and what analysed it.

A file of a known kind that no scanner analysed is *not covered*: listed, counted, and never taken
for a clean file. It is *unsupported* when no scanner gatekeeper has could analyse it at all (a Java
tree today, a Python script named without `.py`), as opposed to one whose scanner this scan did
not run (`--scanner`, the policy).
Files a scanner was handed and lost (a parse error, a timeout) are lost coverage, reported by that
scanner, and not counted here again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Mapping, Protocol, Sequence

from gatekeeper.filekinds import BY_ID, EVIDENCE_KINDS, FileKind, classify
from gatekeeper.scanners.base import ScannerResult
from gatekeeper.testcode import TestCodeSummary


@dataclass(frozen=True)
class KindCoverage:
    kind: str
    """A gatekeeper/filekinds.py kind id."""
    analysed: int
    """How many files of the kind some scanner analysed (or read through a sibling lock file)."""
    not_covered: tuple[str, ...]
    """Files of the kind nothing in this scan analysed."""
    analysers: tuple[str, ...]
    """The scanners that analysed files of this kind."""
    unsupported: tuple[str, ...] = ()
    """Of `not_covered`, the files no scanner gatekeeper has could analyse."""

    @property
    def file_kind(self) -> FileKind:
        return BY_ID[self.kind]

    def to_dict(self) -> dict[str, Any]:
        kind = self.file_kind
        return {
            "kind": self.kind,
            "label": kind.label,
            "evidence": kind.evidence,
            "analysed": self.analysed,
            "analysers": list(self.analysers),
            "not_covered": list(self.not_covered),
            "unsupported": list(self.unsupported),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> KindCoverage:
        return cls(
            str(data["kind"]),
            int(data["analysed"]),
            tuple(data["not_covered"]),
            tuple(data["analysers"]),
            tuple(data["unsupported"]),
        )


@dataclass(frozen=True)
class Coverage:
    kinds: tuple[KindCoverage, ...] = ()
    """One entry per kind found in scope, in the table's order."""
    other: int = 0
    """Files of no particular kind (documentation, images, data): evidence only for the secrets scan."""
    test_code: TestCodeSummary | None = None
    """What the `paths.tests` policy left out (gatekeeper/testcode.py); None: not recorded."""

    def matching(self, selectors: Sequence[str]) -> tuple[KindCoverage, ...]:
        return tuple(k for k in self.kinds if k.file_kind.matches(tuple(selectors)))

    @property
    def unsupported(self) -> str:
        """The files nothing gatekeeper has can analyse, counted by kind ("" for none)."""
        return ", ".join(k.file_kind.plural(len(k.unsupported)) for k in self.kinds if k.unsupported)

    @property
    def not_covered(self) -> tuple[KindCoverage, ...]:
        return tuple(k for k in self.kinds if k.not_covered)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kinds": [k.to_dict() for k in self.kinds],
            "other_files": self.other,
            "not_covered": sum(len(k.not_covered) for k in self.kinds),
            "unsupported": self.unsupported,
            **({"test_code": self.test_code.to_dict()} if self.test_code is not None else {}),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Coverage:
        test_code = TestCodeSummary.from_dict(data["test_code"]) if data.get("test_code") is not None else None
        return cls(tuple(KindCoverage.from_dict(k) for k in data["kinds"]), int(data["other_files"]), test_code)


def summary(kinds: Iterable[KindCoverage]) -> str:
    """`3 JavaScript/TypeScript files, 1 npm lock file` ("" for none)."""
    return ", ".join(k.file_kind.plural(len(k.not_covered)) for k in kinds if k.not_covered)


class Analyser(Protocol):
    """What coverage accounting asks of a scanner (gatekeeper.scanners.base.Scanner)."""

    def analysed_kinds(self) -> frozenset[str]: ...

    def handles(self, path: str) -> bool: ...


def account(
    root: Path,
    files: Sequence[str],
    results: Sequence[ScannerResult],
    available: Mapping[str, Analyser],
) -> Coverage:
    """Classify every file in scope and say what analysed it.

    `available`: every scanner gatekeeper has, run or not, by name."""
    scanned = {r.scanner: frozenset(r.scanned) for r in results}
    lost = {s.path for r in results for s in r.skipped}
    analysed_kinds = {name: scanner.analysed_kinds() for name, scanner in available.items()}
    by_kind: dict[str, dict[str, tuple[str, ...]]] = defaultdict(dict)
    other = 0
    for path in files:
        kind = classify(root, path)
        if kind is None:
            other += 1
            continue
        by_kind[kind.id][path] = tuple(
            name for name, seen in scanned.items() if path in seen and kind.id in analysed_kinds.get(name, frozenset())
        )
    kinds = []
    # Code first, then dependencies, infrastructure and configuration; the table's order within each.
    for kind_id in sorted((k for k in BY_ID if k in by_kind), key=lambda k: EVIDENCE_KINDS.index(BY_ID[k].evidence)):
        files_of = by_kind[kind_id]
        analysers: set[str] = set()
        analysed, not_covered, unsupported = 0, [], []
        for path, names in sorted(files_of.items()):
            names = names or _through_sibling(BY_ID[kind_id], path, by_kind)
            if names:
                analysed += 1
                analysers.update(names)
            elif path not in lost:
                not_covered.append(path)
                if not any(kind_id in analysed_kinds[n] and s.handles(path) for n, s in available.items()):
                    unsupported.append(path)
        kinds.append(KindCoverage(kind_id, analysed, tuple(not_covered), tuple(sorted(analysers)), tuple(unsupported)))
    return Coverage(tuple(kinds), other)


def _through_sibling(
    kind: FileKind, path: str, by_kind: Mapping[str, Mapping[str, tuple[str, ...]]]
) -> tuple[str, ...]:
    """A manifest (package.json, Pipfile) is read through the lock file beside it, when one was analysed."""
    if not kind.covered_by:
        return ()
    parent = PurePosixPath(path).parent
    for files_of in by_kind.values():
        for sibling in kind.covered_by:
            names = files_of.get((parent / sibling).as_posix() if parent.parts else sibling)
            if names:
                return names
    return ()


def sibling_groups(root: Path, files: Sequence[str]) -> list[list[str]]:
    """Each manifest with the lock files it is read through (`_through_sibling`): kept on one
    shard by `scan --shard`, so the manifest counts as analysed there as in one scan."""
    present = set(files)
    groups = []
    for path in files:
        kind = classify(root, path)
        if kind is None or not kind.covered_by:
            continue
        parent = PurePosixPath(path).parent
        siblings = [(parent / s).as_posix() if parent.parts else s for s in kind.covered_by]
        groups.append([path, *(s for s in siblings if s in present)])
    return groups
