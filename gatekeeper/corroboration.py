"""Calibrated blocking: a pattern-level bandit finding that our taint rules did not confirm.

bandit flags a sink by its shape (any `shell=True`, any SQL built from strings, any `eval`); our
taint rules report the same sinks only when request data reaches them. Where a taint rule of the
same weakness ran on the file and did not confirm the bandit finding (dedup merges a confirmed one
into the taint finding), the finding is kept, its severity untouched, but marked *unconfirmed*
and lowered to low confidence: `fail_on.confidence` (default medium) decides whether it blocks.
The table of which bandit tests a taint category covers is data: rules/bandit/corroboration.yaml.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Confidence, Finding

TABLE = Path("bandit") / "corroboration.yaml"
UNCONFIRMED = "unconfirmed"
"""Finding property: the taint category that did not confirm this pattern-level finding."""


@dataclass(frozen=True)
class Corroboration:
    covered: Mapping[str, str]
    """bandit test id -> the taint category that models its weakness (only active categories)."""
    analysed: frozenset[str]
    """Files semgrep analysed completely: only there does a missing taint finding mean anything."""

    def judge(self, findings: Sequence[Finding]) -> list[Finding]:
        return [self._judged(f) for f in findings]

    def _judged(self, finding: Finding) -> Finding:
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
    rules_root: Path, rules: Iterable[Mapping[str, Any]], disabled: Iterable[str], semgrep_scanned: Iterable[str]
) -> Corroboration:
    active = taint_categories(rules, disabled)
    covered = {test: category for test, category in load_table(rules_root).items() if category in active}
    return Corroboration(covered, frozenset(semgrep_scanned))
