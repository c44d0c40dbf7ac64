"""Reuse earlier results for what has not changed: only changed files go to the scanners again.

Per-file scanners (a finding in a file depends only on that file) share one cache entry per file:
if any of them must look at the file again, all of them do. That keeps redaction sound: a
secret that one scanner repeats in its message is always found afresh by the secrets scanner
in the same run. Other scanners (a Terraform module, a requirements file that includes another)
get one entry per scanner, keyed by every file they read.

A key names everything that decides a result: gatekeeper's own code, the rule pack, each
scanner's identity (tool, version, data), the options, the path and the file's content.
Results with errors are never stored, nor whole-scanner results with lost coverage; entries hold
redacted findings only. Nor is a result for a file whose content changed while it was scanned: each
file is hashed again before its entry is stored, since the result may describe the new content
while the key names the old.

When nothing is scanned afresh, the finished findings (deduplicated, redacted, fingerprinted and
mapped) are reused too, keyed by every entry's key and the settings that shape them.

The engine calls one function, `cached_scan`, with its scan stage (`Stage`: scan these files,
complete the results, finish the findings); what is reused and what is stored is decided here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Protocol, Sequence

import gatekeeper
from gatekeeper.cache import ResultCache, digest, file_digest
from gatekeeper.findings import Finding
from gatekeeper.redact import Redactor
from gatekeeper.scanners.base import Scanner, ScannerResult, SkippedFile

Merge = Callable[[str, ScannerResult | None], ScannerResult]


class Stage(Protocol):
    """The scan stage, as the cache wraps it: the scanners, the files each reads, and three steps."""

    @property
    def scanners(self) -> Mapping[str, Scanner]: ...

    @property
    def root(self) -> Path: ...

    @property
    def handled(self) -> Mapping[str, Sequence[str]]:
        """The files each scanner reads (gatekeeper/engine.py `_handled`)."""

    def scan(self, todo: Mapping[str, list[str] | None], merge: Merge) -> Mapping[str, ScannerResult | None]:
        """Run each scanner on the files it must scan afresh (None: its whole result is reused, so it
        does not run); the results in name order. `merge` completes one scanner's fresh result with
        what is reused, for whoever wants it before all scanners are done (the event stream)."""

    def complete(self, merged: Mapping[str, ScannerResult]) -> list[ScannerResult]:
        """Each scanner's whole result (fresh and reused alike) with what depends on this run."""

    def finish(self, outcomes: Sequence[ScannerResult], redactor: Redactor) -> list[Finding]:
        """The findings, deduplicated, redacted, fingerprinted and mapped."""


@dataclass(frozen=True)
class Scanned:
    """What the scan stage hands on, whether computed or reused."""

    outcomes: list[ScannerResult]
    """Each scanner's complete result, in name order."""
    redactor: Redactor
    """Built from every outcome: what the reports (and the cache) may show."""
    findings: list[Finding]
    """Finished: merged, redacted, fingerprinted, mapped."""


def cached_scan(
    stage: Stage,
    cache: ResultCache | None,
    *,
    salt: Any,
    options: Mapping[str, Mapping[str, Any]],
    settings: Sequence[Any],
) -> Scanned:
    """Run `stage`, reusing from `cache` (None: nothing) what has not changed and storing what may
    be reused. `salt` and `settings` are what else decides the scanners' results and the finished
    findings respectively."""
    reuse = IncrementalRun(cache, stage.scanners, stage.root, stage.handled, salt=salt, options=options)
    fresh = stage.scan({name: reuse.to_scan(name) for name in stage.scanners}, reuse.merge)
    outcomes = stage.complete({name: reuse.merge(name, result) for name, result in fresh.items()})
    redactor = Redactor.for_outcomes(outcomes)
    # The cache is an output too: it only ever holds what the reports may show.
    reuse.store({name: redactor.outcome(r) for name, r in fresh.items() if r is not None}, redactor.findings)
    # With nothing changed, even dedup, redaction and mapping are reused (a warm pre-commit scan).
    key = reuse.finished_key(*settings)
    findings = reuse.finished(key)
    if findings is None:
        findings = stage.finish(outcomes, redactor)
        reuse.store_finished(key, findings, fresh)
    return Scanned(outcomes, redactor, findings)


class IncrementalRun:
    def __init__(
        self,
        cache: ResultCache | None,
        scanners: Mapping[str, Scanner],
        root: Path,
        handled: Mapping[str, Sequence[str]],
        salt: Any,
        options: Mapping[str, Mapping[str, Any]],
    ) -> None:
        self.cache = cache
        self.root = root
        self.handled = handled
        identities = {name: _identity(s, options.get(name, {}), root) for name, s in scanners.items()} if cache else {}
        self.cached = {name for name, identity in identities.items() if identity is not None}
        self.per_file = sorted(n for n in self.cached if scanners[n].per_file)
        self.whole = sorted(n for n in self.cached if not scanners[n].per_file)
        base = [code_digest(), salt, sorted(identities.items())]
        self._base = base
        self._contents: dict[str, str | None] = {}
        self._rehashed: dict[str, str | None] = {}
        self.file_keys = {path: self._key(base, "file", path) for path in self._per_file_paths()}
        self.whole_inputs = {name: sorted(set(scanners[name].inputs(root, handled[name]))) for name in self.whole}
        self.whole_keys = {name: self._key(base, name, *self.whole_inputs[name]) for name in self.whole}
        self.file_hits = {
            path: hit
            for path, key in self.file_keys.items()
            if (hit := self._get(key)) is not None and self._has(path, hit)
        }
        self.whole_hits = {name: hit for name, key in self.whole_keys.items() if (hit := self._get(key)) is not None}

    def to_scan(self, name: str) -> list[str] | None:
        """The files `name` must scan afresh; None when its whole result comes from the cache."""
        if name in self.whole_hits:
            return None
        files = list(self.handled[name])
        if name in self.per_file:
            files = [path for path in files if path not in self.file_hits]
        return files

    def merge(self, name: str, fresh: ScannerResult | None) -> ScannerResult:
        """The scanner's result for every file it handles: fresh results plus reused ones, sorted."""
        if fresh is None:
            return _sorted(_load_result(self.whole_hits[name]))
        if name not in self.per_file:
            return _sorted(fresh)
        reused = [self.file_hits[p][name] for p in self.handled[name] if p in self.file_hits]
        return _sorted(
            replace(
                fresh,
                version=fresh.version or (reused[0]["version"] if reused else ""),
                provenance=fresh.provenance or (tuple((k, v) for k, v in reused[0]["provenance"]) if reused else ()),
                findings=fresh.findings + tuple(Finding.from_dict(f) for r in reused for f in r["findings"]),
                scanned=fresh.scanned + tuple(r["path"] for r in reused if r["scanned"]),
                skipped=fresh.skipped + tuple(SkippedFile(r["path"], r["skipped"]) for r in reused if r["skipped"]),
                not_applicable=fresh.not_applicable
                + tuple(SkippedFile(r["path"], r["not_applicable"]) for r in reused if r["not_applicable"]),
            )
        )

    def store(self, fresh: Mapping[str, ScannerResult], scrub: Any) -> None:
        """Write what this run found out, redacted by `scrub` (Redactor.findings)."""
        if self.cache is None:
            return
        for name in self.whole:
            result = fresh.get(name)
            if (
                result is not None
                and self._complete(name, result)
                and name not in self.whole_hits
                and self._unchanged(self.whole_inputs[name])
            ):
                self.cache.put(
                    self.whole_keys[name], _dump_result(replace(result, findings=tuple(scrub(result.findings))))
                )
        failed = {name for name in self.per_file if name in fresh and not self._complete(name, fresh[name])}
        slices: dict[str, dict[str, Any]] = {}
        for name in self.per_file:
            result = fresh.get(name)
            if result is None:
                continue
            for path, entry in _per_file(result, self.handled[name], scrub).items():
                slices.setdefault(path, {})[name] = entry
        for path, key in self.file_keys.items():
            if path in self.file_hits or path not in slices:
                continue
            wanted = {n for n in self.per_file if path in self.handled[n]}
            if wanted & failed or set(slices[path]) != wanted or not self._unchanged([path]):
                continue
            self.cache.put(key, slices[path])

    def finished_key(self, *settings: Any) -> str | None:
        """Where the finished findings (merged, redacted, fingerprinted, mapped) are kept: a function
        of what every scanner's entry is keyed by and of `settings`. None when a scanner's results
        are not cached at all."""
        if self.cache is None or set(self.handled) - self.cached:
            return None
        return digest(
            [self._base, "finished", sorted(self.file_keys.values()), sorted(self.whole_keys.items()), settings]
        )

    def finished(self, key: str | None) -> list[Finding] | None:
        """The findings stored under `key`, when nothing was scanned afresh in this run."""
        if key is None or any(self.to_scan(name) for name in self.handled):
            return None
        data = self._get(key)
        return [Finding.from_dict(f) for f in data] if isinstance(data, list) else None

    def store_finished(
        self, key: str | None, findings: Sequence[Finding], fresh: Mapping[str, ScannerResult | None]
    ) -> None:
        """Only what a later run reusing every entry would compute itself: not after a result that
        `store` keeps out of the cache."""
        if key is None or self.cache is None:
            return
        if any(result is not None and not self._complete(name, result) for name, result in fresh.items()):
            return
        if not self._unchanged([*self.file_keys, *(p for paths in self.whole_inputs.values() for p in paths)]):
            return
        self.cache.put(key, [f.to_dict() for f in findings])

    def _complete(self, name: str, result: ScannerResult) -> bool:
        """Whether a fresh result may be kept. Never after an error; a whole-scanner result not
        with lost coverage either: a manifest's missing include, once created, changes the answer
        without changing any file the entry is keyed by."""
        return not result.errors and not (name in self.whole and result.skipped)

    def _has(self, path: str, hit: Any) -> bool:
        """Whether an entry holds every scanner that reads `path` in this run: another `--shard` of
        the same tree, sharing the cache, may have stored the file for its whole-tree scanners only."""
        return isinstance(hit, dict) and all(n in hit for n in self.per_file if path in self.handled[n])

    def _per_file_paths(self) -> list[str]:
        return sorted({path for name in self.per_file for path in self.handled[name]})

    def _key(self, base: list[Any], kind: str, *paths: str) -> str:
        return digest([base, kind, [(p, self._content(p)) for p in paths]])

    def _content(self, path: str) -> str | None:
        if path not in self._contents:
            self._contents[path] = file_digest(self.root / path)
        return self._contents[path]

    def _unchanged(self, paths: Iterable[str]) -> bool:
        """Whether each file still has the content its key was computed from (hashed once more,
        after scanning)."""
        for path in paths:
            if path not in self._rehashed:
                self._rehashed[path] = file_digest(self.root / path)
            if self._rehashed[path] != self._content(path):
                return False
        return True

    def _get(self, key: str) -> Any:
        assert self.cache is not None
        return self.cache.get(key)


def _identity(scanner: Scanner, options: Mapping[str, Any], root: Path) -> Any | None:
    """None (nothing reused) when the tool cannot be identified: its scan then says why it is
    unusable, as an error of that scanner alone, with the other scanners' results still reported."""
    try:
        return scanner.cache_identity(options, root)
    except Exception:  # whatever it is (a damaged cache, say), the scan itself meets it and reports it
        return None


def _per_file(result: ScannerResult, files: Iterable[str], scrub: Any) -> dict[str, dict[str, Any]]:
    by_path: dict[str, list[Finding]] = {}
    for finding in scrub(result.findings):
        by_path.setdefault(finding.location.path, []).append(finding)
    scanned = set(result.scanned)
    skipped = {s.path: s.reason for s in result.skipped}
    not_applicable = {s.path: s.reason for s in result.not_applicable}
    return {
        path: {
            "path": path,
            "version": result.version,
            "provenance": [list(p) for p in result.provenance],
            "findings": [f.to_dict() for f in by_path.get(path, [])],
            "scanned": path in scanned,
            "skipped": skipped.get(path),
            "not_applicable": not_applicable.get(path),
        }
        for path in files
    }


def _dump_result(result: ScannerResult) -> dict[str, Any]:
    return {**result.to_dict(), "findings": [f.to_dict() for f in result.findings]}


def _load_result(data: dict[str, Any]) -> ScannerResult:
    return replace(ScannerResult.from_dict(data), findings=tuple(Finding.from_dict(f) for f in data["findings"]))


def _sorted(result: ScannerResult) -> ScannerResult:
    """Cached and fresh results alike in one order, so reports are byte-identical either way."""
    by_path = lambda s: (s.path, s.reason)  # noqa: E731
    return replace(
        result,
        scanned=tuple(sorted(set(result.scanned))),
        skipped=tuple(sorted(set(result.skipped), key=by_path)),
        not_applicable=tuple(sorted(set(result.not_applicable), key=by_path)),
    )


def code_digest() -> str:
    """Identity of gatekeeper's own code: any edit to it invalidates every entry."""
    package = Path(gatekeeper.__file__).parent
    stats = []
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            info = path.stat()
            stats.append((path.relative_to(package).as_posix(), info.st_size, info.st_mtime_ns))
    return digest([gatekeeper.__version__, stats])
