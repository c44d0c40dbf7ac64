"""Calibrated blocking: findings that a more precise analysis of the same weakness did not confirm.

bandit flags a sink by its shape (any `shell=True`, any SQL built from strings, any `eval`); our
taint rules report the same sinks only when request data reaches them. Where a taint rule of the
same weakness ran on the file and did not confirm the bandit finding (dedup merges a confirmed one
into the taint finding), the finding is kept, its severity untouched, but marked *unconfirmed*
and lowered to low confidence: `fail_on.confidence` (default medium) decides whether it blocks.
The table of which bandit tests a taint category covers is data: rules/bandit/corroboration.yaml.

Likewise a semgrep taint finding (a flow inside one function) at a sink the taint scanner found
reached only through a sanitising project function (learnt from its code, or declared in
`scanners.taint.sanitizers`): semgrep cannot see into that function and assumes its result
carries its argument. The finding is kept, marked *validated* and lowered to low confidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Confidence, Finding
from gatekeeper.scanners.base import ClearedSink

TABLE = Path("bandit") / "corroboration.yaml"
UNCONFIRMED = "unconfirmed"
"""Finding property: the taint category that did not confirm this pattern-level finding."""
VALIDATED = "validated_by"
"""Finding property: the sanitiser request data passes through before this semgrep finding's sink."""


@dataclass(frozen=True)
class Corroboration:
    covered: Mapping[str, str]
    """bandit test id -> the taint category that models its weakness (only active categories)."""
    analysed: frozenset[str]
    """Files semgrep analysed completely: only there does a missing taint finding mean anything."""
    categories: Mapping[str, str] = field(default_factory=dict)
    """semgrep taint rule id -> its category."""
    cleared: Sequence[ClearedSink] = ()
    """Sinks the taint scanner found request data reaches only through a sanitiser."""

    def judge(self, findings: Sequence[Finding]) -> list[Finding]:
        return [self._judged(f) for f in findings]

    def _judged(self, finding: Finding) -> Finding:
        if "semgrep" in finding.scanners and "taint" not in finding.scanners:
            sanitised = self._cleared(finding)
            if sanitised is not None:
                return _validated(finding, sanitised)
        if finding.scanners != ("bandit",) or finding.location.path not in self.analysed:
            return finding
        category = self.covered.get(finding.rule_id)
        if category is None:
            return finding
        note = (
            f"unconfirmed: no {category} taint rule traced request data to this line; "
            "bandit matched the call's shape alone"
        )
        properties = dict(finding.properties)
        properties[UNCONFIRMED] = category
        return replace(
            finding,
            confidence=Confidence.LOW,
            message=f"{finding.message} ({note})",
            properties=tuple(sorted(properties.items())),
        )

    def _cleared(self, finding: Finding) -> ClearedSink | None:
        """The cleared sink of this semgrep finding's class its lines overlap, if any."""
        rules = [rule for scanner, rule in finding.source_rules if scanner == "semgrep"]
        classes = {self.categories[r] for r in rules if r in self.categories}
        location = finding.location
        return next(
            (
                c
                for c in self.cleared
                if c.path == location.path
                and c.category in classes
                and c.start_line <= location.end_line
                and location.start_line <= c.end_line
            ),
            None,
        )


def _validated(finding: Finding, sanitiser: ClearedSink) -> Finding:
    where = f" ({sanitiser.defined})" if sanitiser.defined else ""
    how = (
        "declared a sanitiser in scanners.taint.sanitizers"
        if sanitiser.declared
        else "which checks or replaces it (learnt from its code)"
    )
    note = (
        f"validated: request data reaches this line only through {sanitiser.sanitiser}(){where}, {how}; "
        "semgrep, which does not look into that function, matched the flow"
    )
    properties = dict(finding.properties)
    properties[VALIDATED] = f"{sanitiser.sanitiser}{where}"
    return replace(
        finding,
        confidence=Confidence.LOW,
        message=f"{finding.message} ({note})",
        properties=tuple(sorted(properties.items())),
    )


def load_table(rules_root: Path) -> dict[str, str]:
    """bandit test id -> taint category, from the rule pack's table (none: an empty table)."""
    path = rules_root / TABLE
    if not path.exists():
        return {}
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GatekeeperError(f"{path}: cannot read the bandit corroboration table: {exc}") from None
    if not isinstance(data, dict):
        raise GatekeeperError(f"{path}: expected a mapping of taint category to bandit test ids")
    table: dict[str, str] = {}
    for category, tests in data.items():
        if not isinstance(tests, list) or not all(isinstance(t, str) for t in tests):
            raise GatekeeperError(f"{path}: {category}: expected a list of bandit test ids like [B602]")
        for test in tests:
            if test in table:
                raise GatekeeperError(f"{path}: {test} is listed under both {table[test]} and {category}")
            table[test] = str(category)
    return table


def taint_categories(rules: Iterable[Mapping[str, Any]], disabled: Iterable[str] = ()) -> frozenset[str]:
    """The categories with at least one active taint rule."""
    off = set(disabled)
    return frozenset(
        str((rule.get("metadata") or {}).get("category"))
        for rule in rules
        if rule.get("mode") == "taint" and rule.get("id") not in off and (rule.get("metadata") or {}).get("category")
    )


def build(
    rules_root: Path,
    rules: Iterable[Mapping[str, Any]],
    disabled: Iterable[str],
    semgrep_scanned: Iterable[str],
    cleared: Sequence[ClearedSink] = (),
) -> Corroboration:
    rules = list(rules)
    active = taint_categories(rules, disabled)
    covered = {test: category for test, category in load_table(rules_root).items() if category in active}
    categories = {
        str(rule["id"]): str((rule.get("metadata") or {})["category"])
        for rule in rules
        if rule.get("mode") == "taint" and (rule.get("metadata") or {}).get("category")
    }
    return Corroboration(covered, frozenset(semgrep_scanned), categories, cleared)
