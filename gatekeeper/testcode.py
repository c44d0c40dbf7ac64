"""Test code is test code: what only matters in production code is not reported in test paths.

An `assert` in a test, a literal password a fixture logs in with, MD5 in a test of an ETag: these
are how tests are written, not weaknesses of the product. A rule says so in its metadata
(`metadata.production-only: true`; bandit's tests in rules/bandit/production-only.yaml), and its
findings in files matching the policy's `paths.tests` are left out, counted in the evidence
(`scan.coverage.test_code`). The secrets scanner and the dependency audit are never production-only:
a real key committed in a fixture is still a leaked key. A finding merged from several scanners
(gatekeeper/dedup.py) is left out only when every rule that reported it is production-only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import yaml

from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Finding
from gatekeeper.settings.policy import compile_patterns

METADATA_KEY = "production-only"
"""Semgrep rule metadata: true when the rule's findings do not matter in test code."""

BANDIT_TABLE = Path("bandit") / "production-only.yaml"

DEFAULT_PATTERNS: tuple[str, ...] = (
    # directories, at any depth (gitignore syntax: a trailing slash is a directory)
    "test/",
    "tests/",
    "__tests__/",
    "spec/",
    "testdata/",
    "**/src/test/",
    # Python
    "test_*.py",
    "*_test.py",
    "*_tests.py",
    "tests.py",
    "conftest.py",
    # Go
    "*_test.go",
    # JavaScript / TypeScript
    "*.test.js",
    "*.test.jsx",
    "*.test.mjs",
    "*.test.ts",
    "*.test.tsx",
    "*.spec.js",
    "*.spec.jsx",
    "*.spec.mjs",
    "*.spec.ts",
    "*.spec.tsx",
)
"""`paths.tests` when the policy does not say: the usual places of test code, by convention."""

REASON = "production-only rule in test code (paths.tests)"


@dataclass(frozen=True)
class TestCodeSummary:
    """What the test-code policy left out of this scan: the evidence says what and why."""

    __test__ = False  # not a pytest test class, whatever its name

    patterns: tuple[str, ...]
    """The `paths.tests` patterns in force (empty: the policy turned it off)."""
    files: int = 0
    """Files in scope that the patterns match."""
    by_rule: tuple[tuple[str, int], ...] = ()
    """Findings left out, per rule id, sorted by rule id."""

    @property
    def findings(self) -> int:
        return sum(count for _, count in self.by_rule)

    def to_dict(self) -> dict[str, Any]:
        return {
            "patterns": list(self.patterns),
            "files": self.files,
            "findings": self.findings,
            "by_rule": dict(self.by_rule),
            "reason": REASON,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TestCodeSummary:
        return cls(
            tuple(str(p) for p in data["patterns"]),
            int(data["files"]),
            tuple(sorted((str(rule), int(n)) for rule, n in dict(data["by_rule"]).items())),
        )


def production_only_rules(rules_root: Path, semgrep_rules: Iterable[Mapping[str, Any]]) -> frozenset[tuple[str, str]]:
    """(scanner, rule id) of every production-only rule: semgrep rules by their metadata, bandit
    tests by the rule pack's table."""
    semgrep = {
        ("semgrep", str(rule["id"])) for rule in semgrep_rules if (rule.get("metadata") or {}).get(METADATA_KEY) is True
    }
    return frozenset(semgrep | {("bandit", test) for test in load_bandit_table(rules_root)})


def load_bandit_table(rules_root: Path) -> tuple[str, ...]:
    """The bandit test ids listed as production-only (none when the pack has no table)."""
    path = rules_root / BANDIT_TABLE
    if not path.exists():
        return ()
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GatekeeperError(f"{path}: cannot read the production-only table: {' '.join(str(exc).split())}") from None
    tests = data.get("tests") if isinstance(data, dict) else None
    if not isinstance(tests, list) or not all(isinstance(t, str) and t.strip() for t in tests):
        raise GatekeeperError(f"{path}: expected 'tests:' with a list of bandit test ids like [B101]")
    return tuple(str(t).strip() for t in tests)


def apply(
    findings: Sequence[Finding],
    patterns: Sequence[str],
    production_only: frozenset[tuple[str, str]],
    files: Iterable[str],
) -> tuple[list[Finding], TestCodeSummary]:
    """The findings to report, and what was left out: those in test paths whose every rule is
    production-only."""
    if not patterns:
        return list(findings), TestCodeSummary(())
    spec = compile_patterns(patterns)
    in_tests = {path for path in files if spec.match_file(path)}
    kept: list[Finding] = []
    dropped: Counter[str] = Counter()
    for finding in findings:
        path = finding.location.path
        if (path in in_tests or spec.match_file(path)) and _production_only(finding, production_only):
            dropped[finding.rule_id] += 1
        else:
            kept.append(finding)
    return kept, TestCodeSummary(tuple(patterns), len(in_tests), tuple(sorted(dropped.items())))


def _production_only(finding: Finding, production_only: frozenset[tuple[str, str]]) -> bool:
    rules = finding.source_rules or tuple((scanner, finding.rule_id) for scanner in finding.scanners)
    return bool(rules) and all(rule in production_only for rule in rules)
