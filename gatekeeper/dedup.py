"""Merge what several scanners said about the same weakness at the same place into one finding."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Collection, Iterable, Sequence

from gatekeeper.autofix import AUTOFIX
from gatekeeper.findings import Finding

SAME_AS = "same_as"
"""Finding property: the other scanners' rule ids this rule knows it duplicates (rule metadata)."""


def merge_duplicates(
    findings: Sequence[Finding], scanner_order: Sequence[str], distinct: Collection[frozenset[str]] = ()
) -> list[Finding]:
    """Findings from different scanners on overlapping lines of one file, with overlapping CWE ids
    (or a rule that names the other as the same check), become one finding listing both sources.
    Two scanners paired in `distinct` (Scanner.distinct_from) merge only by a rule naming the other.

    The finding of the scanner earliest in `scanner_order` leads: its rule id, text and fix are kept.
    """
    rank = {name: i for i, name in enumerate(scanner_order)}
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_path[finding.location.path].append(finding)
    merged: list[Finding] = []
    for group in by_path.values():
        group.sort(key=lambda f: (rank.get(f.scanners[0], len(rank)), f.sort_key))
        clusters: list[list[Finding]] = []
        # Only clusters with a finding on one of this finding's lines can take it: index them by line.
        by_line: dict[int, set[int]] = defaultdict(set)
        for finding in group:
            lines = range(finding.location.start_line, finding.location.end_line + 1)
            candidates = sorted({i for line in lines for i in by_line.get(line, ())})
            home = next((i for i in candidates if all(_duplicates(finding, o, distinct) for o in clusters[i])), None)
            if home is None:
                clusters.append([finding])
                home = len(clusters) - 1
            else:
                clusters[home].append(finding)
            for line in lines:
                by_line[line].add(home)
        merged += [_combine(cluster) for cluster in clusters]
    return merged


def _duplicates(a: Finding, b: Finding, distinct: Collection[frozenset[str]]) -> bool:
    if set(a.scanners) & set(b.scanners):
        return False
    if a.location.start_line > b.location.end_line or b.location.start_line > a.location.end_line:
        return False
    if _names(a, b) or _names(b, a):
        return True
    return bool(a.cwe_numbers & b.cwe_numbers) and not any(
        frozenset((x, y)) in distinct for x in a.scanners for y in b.scanners
    )


def _names(a: Finding, b: Finding) -> bool:
    same_as = set(dict(a.properties).get(SAME_AS, ()))
    return any(rule in same_as for _, rule in b.source_rules)


def _combine(cluster: list[Finding]) -> Finding:
    lead = cluster[0]
    properties = {k: v for k, v in lead.properties if k != SAME_AS}
    # A rule's mechanical fix stays with the merged finding, whichever scanner leads it.
    fix = next((dict(f.properties)[AUTOFIX] for f in cluster if AUTOFIX in dict(f.properties)), None)
    if fix is not None:
        properties[AUTOFIX] = fix
    if len(cluster) == 1:
        return replace(lead, properties=tuple(sorted(properties.items())))
    return replace(
        lead,
        severity=max(f.severity for f in cluster),
        confidence=max(f.confidence for f in cluster),
        scanners=tuple(s for f in cluster for s in f.scanners),
        source_rules=tuple(r for f in cluster for r in f.source_rules),
        cwe=_union(f.cwe for f in cluster),
        owasp=_union(f.owasp for f in cluster),
        references=_union(f.references for f in cluster),
        remediation=next((f.remediation for f in cluster if f.remediation), ""),
        properties=tuple(sorted(properties.items())),
    )


def _union(groups: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for group in groups:
        for item in group:
            seen.setdefault(item, None)
    return tuple(seen)
