"""`gatekeeper merge`: the N results of `scan --shard K/N` back into the one result an unsharded scan gives.

The parts must belong together (one tree, commit, policy, rule pack, compliance data, gatekeeper and
scanner versions, the same N, every K exactly once): otherwise the merge names what is missing or
mixed and refuses. The parts hold disjoint files (gatekeeper/shard.py), so findings, coverage and
what each scanner examined are unions (findings deduplicated by fingerprint all the same); what a
whole-tree scanner counted is the tree's on every shard and is taken once. Waivers are judged
again on every shard's findings; the controls and the verdict are recomputed from the merged
result by the same code as a scan's (gate.verdict, compliance.status).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import Callable, Iterable, Sequence, TypeVar

from gatekeeper.compliance.status import compliance_of
from gatekeeper.config import Policy
from gatekeeper.coverage import Coverage, KindCoverage
from gatekeeper.errors import GatekeeperError
from gatekeeper.filekinds import BY_ID, EVIDENCE_KINDS
from gatekeeper.findings import Finding
from gatekeeper.policy import waivers
from gatekeeper.result import BaselineSummary, ChangeScope, ScanResult, WaiverState, WaiverStatus
from gatekeeper.scanners.base import ScannerResult, SkippedFile
from gatekeeper.shard import ShardInfo
from gatekeeper.testcode import TestCodeSummary

T = TypeVar("T")


@dataclass(frozen=True)
class Part:
    """One shard's result, as `json_report.load` read it, and the file it came from."""

    source: str
    result: ScanResult
    policy: Policy

    @property
    def shard(self) -> ShardInfo:
        if self.result.shard is None:
            raise GatekeeperError(f"{self.source}: not the result of a sharded scan (scan --shard K/N)")
        return self.result.shard


def merge(parts: Sequence[Part]) -> tuple[ScanResult, Policy]:
    """The merged result and the policy in force; GatekeeperError when the parts do not belong together."""
    ordered = check(parts)
    first = ordered[0].result
    results = [p.result for p in ordered]
    findings = {f.fingerprint: f for r in results for f in r.findings}
    merged = replace(
        first,
        metadata=replace(
            first.metadata,
            started_at=min(r.metadata.started_at for r in results),
            finished_at=max(r.metadata.finished_at for r in results),
        ),
        findings=tuple(sorted(findings.values(), key=lambda f: f.sort_key)),
        scanners=tuple(_scanner(name, results, name in ordered[0].shard.whole) for name in _names(first)),
        files=tuple(sorted({path for r in results for path in r.files})),
        excluded=tuple(sorted({s for r in results for s in r.excluded}, key=lambda s: (s.path, s.reason))),
        baseline=_baseline(results),
        changes=_changes(results),
        outside_changes=tuple(
            sorted({f.fingerprint: f for r in results for f in r.outside_changes}.values(), key=lambda f: f.sort_key)
        ),
        coverage=_coverage([r.coverage for r in results]),
        shard=None,
    )
    policy = ordered[0].policy
    return replace(merged, waivers=_waivers(ordered, merged.findings, policy)), policy


def check(parts: Sequence[Part]) -> list[Part]:
    """The parts in shard order, once each shard is known to belong with the others."""
    if not parts:
        raise GatekeeperError("nothing to merge: give the JSON result of every shard")
    first = parts[0]
    n = first.shard.n
    for part in parts[1:]:
        if part.shard.n != n:
            raise GatekeeperError(
                f"mixed shard counts: {first.source} is shard {first.shard.label}, {part.source} is {part.shard.label}"
            )
        for what, value in _identity(first).items():
            other = _identity(part)[what]
            if other != value:
                raise GatekeeperError(
                    f"{part.source} is not a shard of the same scan as {first.source}: "
                    f"{what} differs ({_short(other)} vs {_short(value)})"
                )
    by_k: dict[int, list[str]] = {}
    for part in parts:
        by_k.setdefault(part.shard.k, []).append(part.source)
    twice = [f"shard {k}/{n} given {len(s)} times ({', '.join(s)})" for k, s in sorted(by_k.items()) if len(s) > 1]
    if twice:
        raise GatekeeperError("; ".join(twice))
    missing = [f"{k}/{n}" for k in range(1, n + 1) if k not in by_k]
    if missing:
        raise GatekeeperError(f"missing shard{'s' if len(missing) > 1 else ''} {', '.join(missing)} of {n}")
    return sorted(parts, key=lambda p: p.shard.k)


def _identity(part: Part) -> dict[str, object]:
    """What every shard of one scan shares."""
    meta, shard = part.result.metadata, part.shard
    return {
        "the tree": shard.tree,
        "commit": meta.commit,
        "target": meta.target,
        "scan root in the repository": meta.root_in_repo,
        "policy digest": part.policy.digest,
        "rule pack digest": meta.rule_pack_digest,
        "compliance data": compliance_of(part.result).digest,
        "gatekeeper version": meta.gatekeeper_version,
        "scanners": tuple((s.scanner, s.version) for s in part.result.scanners),
        "whole-tree scanners": shard.whole,
        "diff base": part.result.changes.merge_base if part.result.changes else None,
        "baseline": part.result.baseline.path if part.result.baseline else None,
    }


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _names(result: ScanResult) -> list[str]:
    return [s.scanner for s in result.scanners]


def _scanner(name: str, results: Sequence[ScanResult], whole: bool) -> ScannerResult:
    own = [next(s for s in r.scanners if s.scanner == name) for r in results]
    first = own[0]
    units: dict[str, int] = {}
    for result in own[:1] if whole else own:  # a whole-tree scanner counted the tree on every shard
        for key, count in result.units:
            units[key] = units.get(key, 0) + count
    return ScannerResult(
        scanner=name,
        version=first.version,
        errors=tuple(_unique(e for r in own for e in r.errors)),
        scanned=tuple(sorted({p for r in own for p in r.scanned})),
        skipped=_files(s for r in own for s in r.skipped),
        duration=max(r.duration for r in own),
        inventory=tuple(sorted((c for r in own for c in r.inventory), key=lambda c: c.path)),
        provenance=first.provenance,
        units=tuple(units.items()),
        not_applicable=_files(s for r in own for s in r.not_applicable),
        cleared=tuple(sorted({c for r in own for c in r.cleared})),
    )


def _files(items: Iterable[SkippedFile]) -> tuple[SkippedFile, ...]:
    return tuple(sorted(set(items), key=lambda s: (s.path, s.reason)))


def _unique(items: Iterable[T], key: Callable[[T], object] = lambda x: x) -> list[T]:
    seen: set[object] = set()
    kept = []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            kept.append(item)
    return kept


def _coverage(parts: Sequence[Coverage]) -> Coverage:
    by_kind: dict[str, list[KindCoverage]] = {}
    for coverage in parts:
        for kind in coverage.kinds:
            by_kind.setdefault(kind.kind, []).append(kind)
    order = list(BY_ID)
    kinds = [
        KindCoverage(
            kind,
            sum(k.analysed for k in same),
            tuple(sorted({p for k in same for p in k.not_covered})),
            tuple(sorted({a for k in same for a in k.analysers})),
            tuple(sorted({p for k in same for p in k.unsupported})),
        )
        for kind, same in by_kind.items()
    ]
    # The order coverage.account gives: code, dependencies, infrastructure, configuration; the table's within.
    kinds.sort(key=lambda k: (EVIDENCE_KINDS.index(BY_ID[k.kind].evidence), order.index(k.kind)))
    return Coverage(tuple(kinds), sum(c.other for c in parts), _test_code([c.test_code for c in parts]))


def _test_code(parts: Sequence[TestCodeSummary | None]) -> TestCodeSummary | None:
    """What `paths.tests` left out, summed over the shards (each matched its own files)."""
    present = [p for p in parts if p is not None]
    if not present:
        return None
    counts: Counter[str] = Counter()
    for part in present:
        counts.update(dict(part.by_rule))
    return TestCodeSummary(present[0].patterns, sum(p.files for p in present), tuple(sorted(counts.items())))


def _baseline(results: Sequence[ScanResult]) -> BaselineSummary | None:
    summaries = [r.baseline for r in results if r.baseline is not None]
    if not summaries:
        return None
    # A recorded finding is fixed only when no shard found it (each shard misses the others' files).
    fixed = set.intersection(*({e.fingerprint for e in s.fixed} for s in summaries))
    return replace(
        summaries[0],
        matched=sum(s.matched for s in summaries),
        new=sum(s.new for s in summaries),
        fixed=tuple(e for e in summaries[0].fixed if e.fingerprint in fixed),
    )


def _changes(results: Sequence[ScanResult]) -> ChangeScope | None:
    scopes = [r.changes for r in results if r.changes is not None]
    if not scopes:
        return None
    return replace(scopes[0], outside=sum(s.outside for s in scopes))


def _waivers(parts: Sequence[Part], findings: Sequence[Finding], policy: Policy) -> tuple[WaiverState, ...]:
    """Each waiver judged again on the findings it matched on any shard. A shard applied its own
    judgement to its findings, so where that differs from the whole scan's (a waiver over its
    maximum only for another shard's finding) the merge refuses rather than report both."""
    states = {w.id: [s for p in parts for s in p.result.waivers if s.id == w.id] for w in policy.waivers}
    by_fingerprint = {f.fingerprint: f for f in findings}
    # Shards of one matrix may straddle midnight: judged on the last day, and refused below where
    # that changes what a shard already applied.
    today = max(date.fromisoformat(p.shard.today) for p in parts)
    merged = []
    for waiver in policy.waivers:
        fingerprints = {fp for s in states[waiver.id] for fp in s.findings}
        present = [f for f in findings if f.fingerprint in fingerprints]
        state = waivers.judge(waiver, present, policy, today)
        # A finding matched outside the changed lines (--diff-base) is in no shard's findings.
        gone = sorted(fingerprints - set(by_fingerprint))
        # The policy as reports record it does not say where each waiver is written; its states do.
        origin = next((s.origin for s in states[waiver.id]), state.origin)
        state = replace(state, findings=state.findings + tuple(gone), origin=origin)
        seen = {str(s.status) for s in states[waiver.id] if s.status is not WaiverStatus.STALE}
        if seen - {str(state.status)}:
            raise GatekeeperError(
                f"waiver {waiver.id} ({waiver.origin}) was judged {', '.join(sorted(seen))} on some shards and "
                f"{state.status} on the whole scan: its findings were judged differently, scan without --shard"
            )
        merged.append(state)
    return tuple(merged)
