"""Merge what several scanners said about the same weakness at the same place into one finding."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Collection, Iterable, Mapping, Sequence

import yaml

from gatekeeper.autofix import AUTOFIX
from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Finding

FAMILIES = Path("dedup-families.yaml")
"""The rule pack's table of CWE families (rules/dedup-families.yaml)."""

SAME_AS = "same_as"
"""Finding property: the other scanners' rule ids this rule knows it duplicates (rule metadata)."""
CONTEXT_SEVERITY = "severity_in_context"
"""Finding property: the rule judged the severity by what the code does (rule metadata
`severity-in-context`); merged with the findings it names in `same_as`, its severity stands."""


def merge_duplicates(
    findings: Sequence[Finding],
    scanner_order: Sequence[str],
    distinct: Collection[frozenset[str]] = (),
    families: Families | None = None,
) -> list[Finding]:
    """Findings from different scanners on overlapping lines of one file, with overlapping CWE ids
    or CWE ids of one family (`families`: rules/dedup-families.yaml), or a rule that names the other
    as the same check, become one finding listing both sources. Two scanners paired in `distinct`
    (Scanner.distinct_from) merge only by a rule naming the other.

    The finding of the scanner earliest in `scanner_order` leads: its rule id, text and fix are kept.
    """
    family_of = families or Families()
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
            home = next(
                (i for i in candidates if all(_duplicates(finding, o, distinct, family_of) for o in clusters[i])), None
            )
            if home is None:
                clusters.append([finding])
                home = len(clusters) - 1
            else:
                clusters[home].append(finding)
            for line in lines:
                by_line[line].add(home)
        merged += [_combine(cluster) for cluster in clusters]
    return merged


def lead_order(scanners: Mapping[str, Collection[str]]) -> list[str]:
    """The scanners (name -> the names it leads over) in the order their findings lead a merge:
    as given, each moved before the first scanner it leads over."""
    order = list(scanners)
    for name, others in scanners.items():
        first = min((order.index(o) for o in others if o in order), default=None)
        if first is not None and order.index(name) > first:
            order.remove(name)
            order.insert(first, name)
    return order


def _duplicates(a: Finding, b: Finding, distinct: Collection[frozenset[str]], families: Families) -> bool:
    if set(a.scanners) & set(b.scanners):
        return False
    if a.location.start_line > b.location.end_line or b.location.start_line > a.location.end_line:
        return False
    if _names(a, b) or _names(b, a):
        return True
    related = bool(a.cwe_numbers & b.cwe_numbers) or bool(families.of(a.cwe_numbers) & families.of(b.cwe_numbers))
    return related and not any(frozenset((x, y)) in distinct for x in a.scanners for y in b.scanners)


@dataclass(frozen=True)
class Families:
    """CWE ids that name one weakness (a hard-coded credential: 259, 321, 547, 798), by family name."""

    families: tuple[tuple[str, frozenset[int]], ...] = ()

    @cached_property
    def _by_cwe(self) -> dict[int, frozenset[str]]:
        index: dict[int, set[str]] = defaultdict(set)
        for name, ids in self.families:
            for number in ids:
                index[number].add(name)
        return {number: frozenset(names) for number, names in index.items()}

    def of(self, cwe_numbers: Iterable[int]) -> frozenset[str]:
        """The families these CWE ids belong to."""
        return frozenset(name for number in cwe_numbers for name in self._by_cwe.get(number, ()))


def load_families(rules_root: Path) -> Families:
    """The rule pack's family table (none: ids merge only when equal)."""
    path = rules_root / FAMILIES
    if not path.exists():
        return Families()
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GatekeeperError(f"{path}: cannot read the CWE family table: {' '.join(str(exc).split())}") from None
    table = data.get("families") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise GatekeeperError(f"{path}: expected 'families:' mapping a family name to CWE numbers")
    families = []
    for name, ids in table.items():
        if not isinstance(ids, list) or not ids or not all(isinstance(n, int) and not isinstance(n, bool) for n in ids):
            raise GatekeeperError(f"{path}: families.{name}: expected a list of CWE numbers like [259, 798]")
        families.append((str(name), frozenset(ids)))
    return Families(tuple(families))


def _names(a: Finding, b: Finding) -> bool:
    same_as = set(dict(a.properties).get(SAME_AS, ()))
    return any(rule in same_as for _, rule in b.source_rules)


def _combine(cluster: list[Finding]) -> Finding:
    lead = cluster[0]
    properties = {k: v for k, v in lead.properties if k not in (SAME_AS, CONTEXT_SEVERITY)}
    # A rule's mechanical fix stays with the merged finding, whichever scanner leads it.
    fix = next((dict(f.properties)[AUTOFIX] for f in cluster if AUTOFIX in dict(f.properties)), None)
    if fix is not None:
        properties[AUTOFIX] = fix
    if len(cluster) == 1:
        return replace(lead, properties=tuple(sorted(properties.items())))
    # A rule that judged the context (an MD5 for an ETag: low) is not overruled by the scanner it
    # names matching the call's shape alone (bandit's B324: high); otherwise the gravest rating wins.
    judged = dict(lead.properties).get(CONTEXT_SEVERITY) is True and all(_names(lead, f) for f in cluster[1:])
    return replace(
        lead,
        severity=lead.severity if judged else max(f.severity for f in cluster),
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
